fn main() {
    // `copydesk lsp` / `copydesk --stdio` start the language server (from the `server` branch);
    // everything else is the command line.
    match std::env::args().nth(1).as_deref() {
        Some("lsp") | Some("--stdio") => std::process::exit(copydesk::server::run_stdio_blocking()),
        _ => std::process::exit(copydesk::cli::main()),
    }
}
