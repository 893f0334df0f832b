//! Placeholder entry point on the `server` branch: only `copydesk lsp` / `copydesk --stdio`,
//! so the integration tests can start the real process. The lead's CLI replaces this file;
//! it needs only to call `copydesk::server::run_stdio_blocking()` (or `.await`
//! `copydesk::server::run_stdio()`) and exit with the code it returns.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("lsp") | Some("--stdio") => {
            std::process::exit(copydesk::server::run_stdio_blocking());
        }
        _ => {
            eprintln!("usage: copydesk lsp | copydesk --stdio");
            std::process::exit(2);
        }
    }
}
