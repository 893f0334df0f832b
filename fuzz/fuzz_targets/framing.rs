//! Arbitrary bytes as the client's side of an LSP session: the input guard must split them into
//! frames without panicking, and the server behind it must survive whatever gets through.
//!
//! Each input is sent to `copydesk::server::serve` over an in-memory pipe, after a fixed
//! `initialize`/`initialized` handshake (no workspace folders, so nothing on disk is touched)
//! and followed by a probe request. When the bytes end on a frame boundary (the guard itself
//! reads the probe as the last frame) the probe must be answered: a server that stopped
//! reading or lost its framing would leave it unanswered.
#![no_main]

use copydesk::server::framing::{read_frame, Frame};
use libfuzzer_sys::fuzz_target;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader};

const PROBE_ID: &str = "copydesk-fuzz-probe";

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{}", body.len(), body).into_bytes()
}

/// Methods the harness keeps out, so that every input finishes quickly and touches nothing
/// outside the process: `exit` ends the session (the probe would rightly go unanswered),
/// `workspace/diagnostic` may be held for two minutes by design, `executeCommand` writes
/// copydesk.toml next to a file the message names, and watched-file events read files the
/// message names.
const KEPT_OUT: &[&str] = &[
    "exit",
    "workspace/diagnostic",
    "workspace/executeCommand",
    "workspace/didChangeWatchedFiles",
    "initialize",
];

/// The frames the guard reads from `bytes`, with the probe appended.
async fn frames_of(bytes: &[u8]) -> Vec<Frame> {
    let mut reader = BufReader::new(bytes);
    let mut out = Vec::new();
    loop {
        match read_frame(&mut reader).await {
            Frame::End => return out,
            f => out.push(f),
        }
    }
}

fn method_of(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    v.get("method")?.as_str().map(str::to_string)
}

fuzz_target!(|data: &[u8]| {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let probe = frame(&format!(
            r#"{{"jsonrpc":"2.0","id":"{PROBE_ID}","method":"textDocument/hover","params":{{"textDocument":{{"uri":"file:///fuzz/a.txt"}},"position":{{"line":0,"character":0}}}}}}"#
        ));
        let mut with_probe = data.to_vec();
        with_probe.extend_from_slice(&probe);
        let frames = frames_of(&with_probe).await;
        for f in &frames {
            if let Frame::Message(body) = f {
                if method_of(body).is_some_and(|m| KEPT_OUT.contains(&m.as_str())) {
                    return;
                }
            }
        }
        // The probe survives as its own frame only if the fuzz bytes ended on a boundary.
        let aligned = matches!(frames.last(), Some(Frame::Message(b)) if probe.ends_with(b));

        let (client, server) = tokio::io::duplex(1 << 16);
        let (server_read, server_write) = tokio::io::split(server);
        let server = tokio::spawn(copydesk::server::serve(server_read, server_write));
        let (mut from_server, mut to_server) = tokio::io::split(client);
        let mut input = frame(
            r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}"#,
        );
        input.extend(frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#));
        input.extend_from_slice(&with_probe);
        // Everything is written, then the input closes: tower-lsp answers what it has read
        // before it stops, so the probe's answer is in the output if the session survived.
        let writer = tokio::spawn(async move {
            let _ = to_server.write_all(&input).await;
            let _ = to_server.shutdown().await;
            to_server
        });
        let mut output = Vec::new();
        let read = tokio::time::timeout(
            Duration::from_secs(20),
            from_server.read_to_end(&mut output),
        )
        .await;
        assert!(read.is_ok(), "the session did not end after the input did");
        let answered = String::from_utf8_lossy(&output).contains(&format!(r#""id":"{PROBE_ID}""#));
        if aligned {
            assert!(answered, "the probe after well-framed input went unanswered");
        }
        drop(writer.await.expect("the writer task"));
        let _ = server.await;
    });
});
