//! A small LSP client for the tests: speaks framed JSON-RPC to the server, either in-process
//! over `tokio::io::duplex` or to the real `copydesk lsp` process over its pipes. It answers
//! the server's own requests (configuration, registrations, progress) the way an editor would,
//! and keeps every message it receives so tests can wait for the one they want.
#![allow(dead_code)] // each test file uses a different part of the harness

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

pub const TIMEOUT: Duration = Duration::from_secs(20);

type Writer = Arc<tokio::sync::Mutex<Box<dyn AsyncWrite + Send + Unpin>>>;

pub struct TestClient {
    writer: Writer,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Received and not yet consumed, in arrival order.
    pub seen: VecDeque<Value>,
    /// Everything received, for assertions over the whole conversation.
    pub log: Vec<Value>,
    next_id: i64,
    /// What the client answers to `workspace/configuration` for the `copydesk` section.
    pub settings: Arc<Mutex<Value>>,
    server: Option<JoinHandle<i32>>,
    child: Option<Child>,
}

pub fn seed_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/rafah-virtual-meeting.txt"
    );
    std::fs::read_to_string(path).expect("the seed article is in seeds/")
}

async fn write_message(writer: &Writer, msg: &Value) {
    let body = msg.to_string();
    let mut w = writer.lock().await;
    let frame = format!("Content-Length: {}\r\n\r\n{}", body.len(), body);
    // The server may be gone (exit tests): a failed write is not the test's failure.
    let _ = w.write_all(frame.as_bytes()).await;
    let _ = w.flush().await;
}

async fn read_message<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).await.ok()?;
    serde_json::from_slice(&body).ok()
}

impl TestClient {
    fn start<R, W>(
        reader: R,
        writer: W,
        server: Option<JoinHandle<i32>>,
        child: Option<Child>,
    ) -> Self
    where
        R: AsyncRead + Send + Unpin + 'static,
        W: AsyncWrite + Send + Unpin + 'static,
    {
        let writer: Writer = Arc::new(tokio::sync::Mutex::new(Box::new(writer)));
        let settings = Arc::new(Mutex::new(json!({})));
        let (tx, rx) = mpsc::unbounded_channel();
        let answer_with = writer.clone();
        let answer_settings = settings.clone();
        tokio::spawn(async move {
            let mut reader = BufReader::new(reader);
            while let Some(msg) = read_message(&mut reader).await {
                if let (Some(id), Some(method)) = (msg.get("id"), msg.get("method")) {
                    let result = match method.as_str() {
                        Some("workspace/configuration") => {
                            let s = answer_settings
                                .lock()
                                .map(|s| s.clone())
                                .unwrap_or_default();
                            json!([s])
                        }
                        _ => Value::Null,
                    };
                    write_message(
                        &answer_with,
                        &json!({"jsonrpc": "2.0", "id": id, "result": result}),
                    )
                    .await;
                }
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        TestClient {
            writer,
            incoming: rx,
            seen: VecDeque::new(),
            log: Vec::new(),
            next_id: 1,
            settings,
            server,
            child,
        }
    }

    /// The server in this process, over an in-memory duplex pipe.
    pub fn in_process() -> Self {
        Self::in_process_with_checks(copydesk::engine::checks_registry::all_checks())
    }

    /// The server in this process, checking with `checks` instead of the registry's.
    pub fn in_process_with_checks(checks: &'static [&'static dyn copydesk::engine::Check]) -> Self {
        let (client_end, server_end) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_end);
        let server = tokio::spawn(copydesk::server::serve_with_checks(
            server_read,
            server_write,
            checks,
        ));
        let (read, write) = tokio::io::split(client_end);
        Self::start(read, write, Some(server), None)
    }

    /// The real binary, `copydesk lsp`, bridged to async pipes by two threads.
    pub fn process() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("copydesk starts");
        let mut stdin = child.stdin.take().expect("piped stdin");
        let mut stdout = child.stdout.take().expect("piped stdout");
        let (client_end, bridge_end) = tokio::io::duplex(1 << 20);
        let (mut bridge_read, mut bridge_write) = tokio::io::split(bridge_end);
        let handle = tokio::runtime::Handle::current();
        let h = handle.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 || h.block_on(bridge_write.write_all(&buf[..n])).is_err() {
                    break;
                }
            }
            let _ = h.block_on(bridge_write.shutdown());
        });
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = handle.block_on(bridge_read.read(&mut buf)) {
                if n == 0 || stdin.write_all(&buf[..n]).is_err() || stdin.flush().is_err() {
                    break;
                }
            }
        });
        let (read, write) = tokio::io::split(client_end);
        Self::start(read, write, None, Some(child))
    }

    pub async fn send(&mut self, msg: Value) {
        write_message(&self.writer, &msg).await;
    }

    /// Bytes as they are, for malformed-message tests.
    pub async fn send_raw(&mut self, bytes: &[u8]) {
        let mut w = self.writer.lock().await;
        let _ = w.write_all(bytes).await;
        let _ = w.flush().await;
    }

    /// `params: null` is left out, as editors do (tower-lsp refuses it for `shutdown`).
    fn message(method: &str, params: Value, id: Option<i64>) -> Value {
        let mut msg = json!({"jsonrpc": "2.0", "method": method});
        if !params.is_null() {
            msg["params"] = params;
        }
        if let Some(id) = id {
            msg["id"] = json!(id);
        }
        msg
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(Self::message(method, params, None)).await;
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(Self::message(method, params, Some(id))).await;
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
            .await
    }

    pub async fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params).await;
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    async fn next(&mut self) -> Option<Value> {
        let msg = tokio::time::timeout(TIMEOUT, self.incoming.recv())
            .await
            .ok()??;
        self.log.push(msg.clone());
        Some(msg)
    }

    /// The first message (already seen or still to come) that `pred` accepts; it is consumed.
    pub async fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&pred) {
            return self.seen.remove(i).expect("index from position");
        }
        loop {
            let Some(msg) = self.next().await else {
                panic!(
                    "no matching message within {TIMEOUT:?}; unconsumed: {:#?}",
                    self.seen
                );
            };
            if pred(&msg) {
                return msg;
            }
            self.seen.push_back(msg);
        }
    }

    /// Whether a message `pred` accepts arrives within `wait`.
    pub async fn arrives_within(&mut self, wait: Duration, pred: impl Fn(&Value) -> bool) -> bool {
        if self.seen.iter().any(&pred) {
            return true;
        }
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.incoming.recv()).await {
                Ok(Some(msg)) => {
                    self.log.push(msg.clone());
                    let hit = pred(&msg);
                    self.seen.push_back(msg);
                    if hit {
                        return true;
                    }
                }
                _ => return false,
            }
        }
    }

    /// `publishDiagnostics` for `uri` at `version` (`Value::Null` for files not open).
    pub async fn diagnostics(&mut self, uri: &str, version: Value) -> Vec<Value> {
        let msg = self
            .wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"].get("version").cloned().unwrap_or(Value::Null) == version
            })
            .await;
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The first `publishDiagnostics` for `uri` (any version) whose diagnostics `pred` accepts.
    pub async fn diagnostics_until(
        &mut self,
        uri: &str,
        pred: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let msg = self
            .wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && pred(
                        m["params"]["diagnostics"]
                            .as_array()
                            .map(Vec::as_slice)
                            .unwrap_or(&[]),
                    )
            })
            .await;
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The code actions offered for diagnostic `d` of `uri`, at its range.
    pub async fn actions_for(&mut self, uri: &str, d: &Value) -> Vec<Value> {
        let actions = self
            .result(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
            )
            .await;
        actions.as_array().cloned().unwrap_or_default()
    }

    /// `initialize` with the given client capabilities and root, then `initialized`.
    pub async fn initialize(
        &mut self,
        capabilities: Value,
        root: Option<&std::path::Path>,
    ) -> Value {
        let root_uri = root.map(|r| format!("file://{}", r.display()));
        let folders = root_uri
            .as_ref()
            .map(|u| json!([{"uri": u, "name": "ws"}]))
            .unwrap_or(Value::Null);
        let result = self
            .result(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root_uri,
                    "workspaceFolders": folders,
                    "capabilities": capabilities,
                }),
            )
            .await;
        self.notify("initialized", json!({})).await;
        result
    }

    pub async fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}}),
        )
        .await;
    }

    pub async fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
    }

    /// The exit code of the server (in-process: `serve`'s return; process: its status).
    pub async fn exit_code(&mut self) -> i32 {
        if let Some(server) = self.server.take() {
            return tokio::time::timeout(TIMEOUT, server)
                .await
                .expect("the server stops after exit")
                .expect("the server task does not panic");
        }
        let mut child = self.child.take().expect("a server to wait for");
        let status = tokio::task::spawn_blocking(move || {
            for _ in 0..200 {
                if let Ok(Some(status)) = child.try_wait() {
                    return Some(status);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            None
        })
        .await
        .expect("waiting does not panic")
        .expect("the process exits by itself after exit");
        status.code().expect("an exit code, not a signal")
    }

    pub async fn shutdown_and_exit(&mut self) -> i32 {
        self.result("shutdown", Value::Null).await;
        self.notify("exit", Value::Null).await;
        self.exit_code().await
    }
}

impl Drop for TestClient {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Which column unit a test works in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

impl Enc {
    pub fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
        }
    }
}

/// (line, column) of a byte offset, computed independently of the server: lines end at `\n`
/// (the `\r` of CRLF counts as part of the line's end, never of a column the tests use).
pub fn position(text: &str, offset: usize, enc: Enc) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col_text = &text[line_start..offset];
    let col = match enc {
        Enc::Utf8 => col_text.len(),
        Enc::Utf16 => col_text.encode_utf16().count(),
    };
    (line as u32, col as u32)
}

/// Byte offset of (line, column), the inverse of [`position`] for positions on characters.
pub fn offset(text: &str, line: u32, col: u32, enc: Enc) -> usize {
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').expect("line exists") + 1;
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= col as usize {
            return start + i;
        }
        units += match enc {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
        };
    }
    text.len()
}

pub fn range_json(text: &str, start: usize, end: usize, enc: Enc) -> Value {
    let (l1, c1) = position(text, start, enc);
    let (l2, c2) = position(text, end, enc);
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

/// Applies LSP text edits (as JSON) to a text, the way an editor would.
pub fn apply_lsp_edits(text: &str, edits: &[Value], enc: Enc) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let at = |p: &Value| {
                offset(
                    text,
                    p["line"].as_u64().expect("line") as u32,
                    p["character"].as_u64().expect("character") as u32,
                    enc,
                )
            };
            (
                at(&r["start"]),
                at(&r["end"]),
                e["newText"].as_str().expect("newText").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

/// Client capabilities of a modern editor, with the given position encodings offered.
pub fn capabilities(encodings: &[&str]) -> Value {
    json!({
        "general": {"positionEncodings": encodings},
        "textDocument": {
            "codeAction": {
                "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}},
                "resolveSupport": {"properties": ["edit"]}
            },
            "hover": {"contentFormat": ["markdown", "plaintext"]}
        },
        "workspace": {
            "configuration": true,
            "didChangeConfiguration": {"dynamicRegistration": false},
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "workspaceEdit": {"documentChanges": true}
        },
        "window": {"workDoneProgress": true}
    })
}

pub fn has_code(diags: &[Value], code: &str) -> bool {
    diags.iter().any(|d| d["code"] == code)
}

pub fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}
