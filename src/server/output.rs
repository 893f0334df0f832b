//! The server's output: one writer owns the real output and writes whole frames, from two
//! sources. tower-lsp writes its own messages (responses, requests to the client, log
//! messages) into a pipe, where [`forward`] reads them back frame by frame; the server's
//! `publishDiagnostics` notifications come as bodies already serialized, straight from the
//! typed diagnostics (see [`publish_body`]), through an [`Outbox`]. tower-lsp's
//! `Client::publish_diagnostics` would build a `serde_json::Value` tree of every diagnostic,
//! serialize it and free it on the message loop: about 15 ms a keystroke with a 1 MB article.
//!
//! Frames are never split: the writer takes whole bodies off one channel, in the order they
//! were sent, and frames each with its `Content-Length`.

use super::framing::{self, Frame};
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::{mpsc, oneshot};
use tower_lsp::lsp_types::{Diagnostic, Url};

/// Whole message bodies (JSON, without the header) on their way to the output.
pub(crate) type Outbox = mpsc::Sender<Body>;

/// One message's body, in pieces written one after another: a large publish is serialized a
/// piece a thread (see [`publish_pieces`]), and the pieces are not copied into one buffer.
pub(crate) struct Body(pub Vec<Vec<u8>>);

impl From<Vec<u8>> for Body {
    fn from(body: Vec<u8>) -> Body {
        Body(vec![body])
    }
}

/// How many whole messages may wait for the output before senders wait in turn.
const QUEUE: usize = 64;

pub(crate) fn channel() -> (Outbox, mpsc::Receiver<Body>) {
    mpsc::channel(QUEUE)
}

#[derive(Serialize)]
struct Notification<P> {
    jsonrpc: &'static str,
    method: &'static str,
    params: P,
}

/// `PublishDiagnosticsParams`, borrowed: the diagnostics are serialized where they are kept.
#[derive(Serialize)]
struct PublishParams<'a, D> {
    uri: &'a Url,
    diagnostics: D,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
}

/// The body of a `textDocument/publishDiagnostics` notification, written straight from typed
/// diagnostics (no `serde_json::Value` in between): a `[Diagnostic]`, or
/// [`super::convert::DiagnosticsJson`].
pub(crate) fn publish_body<D: Serialize + ?Sized>(
    uri: &Url,
    diagnostics: &D,
    version: Option<i32>,
) -> Vec<u8> {
    let message = Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params: PublishParams {
            uri,
            diagnostics,
            version,
        },
    };
    // Diagnostics are plain data with string keys: serializing them cannot fail, and writing
    // into a Vec does not either. Should it ever, the message is an empty array of them.
    serde_json::to_vec(&message).unwrap_or_else(|_| publish_body::<[Diagnostic]>(uri, &[], version))
}

/// [`publish_body`] with the diagnostics array's elements already written, comma-separated, in
/// `pieces`: the same bytes, around them.
pub(crate) fn publish_pieces(uri: &Url, pieces: Vec<Vec<u8>>, version: Option<i32>) -> Body {
    // The message as `publish_body` writes it with no diagnostics, opened where they go: one
    // definition of the message. The field is the last string in it (only the version follows),
    // and a quotation mark inside the URI's string is escaped, so the last match is the field.
    const FIELD: &[u8] = br#""diagnostics":[]"#;
    let mut head = publish_body::<[Diagnostic]>(uri, &[], version);
    let Some(at) = head.windows(FIELD.len()).rposition(|w| w == FIELD) else {
        return head.into();
    };
    let tail = head.split_off(at + FIELD.len() - 1);
    let mut all = Vec::with_capacity(pieces.len() + 2);
    all.push(head);
    all.extend(pieces);
    all.push(tail);
    Body(all)
}

/// Reads tower-lsp's frames from its end of the pipe and passes each body on, until the pipe
/// ends (tower-lsp stopped). A frame cut short by the end is dropped, never written in part.
pub(crate) async fn forward<R: AsyncRead + Unpin>(from_tower: R, outbox: Outbox) {
    let mut reader = BufReader::with_capacity(1 << 16, from_tower);
    loop {
        match framing::read_body_up_to(&mut reader, usize::MAX).await {
            Frame::Message(body) => {
                if outbox.send(body.into()).await.is_err() {
                    return;
                }
            }
            // tower-lsp frames what it writes itself: this does not happen.
            Frame::Malformed(why) => eprintln!("copydesk: dropped an outgoing message: {why}"),
            Frame::End => return,
        }
    }
}

/// Writes every body from `bodies` to `output` as a frame, in order, until `done` fires;
/// then writes what is still queued and flushes. `done` is sent once nothing more will be
/// sent that must go out: tower-lsp stopped and [`forward`] read its last frame.
pub(crate) async fn write<W: AsyncWrite>(
    output: W,
    mut bodies: mpsc::Receiver<Body>,
    mut done: oneshot::Receiver<()>,
) {
    tokio::pin!(output);
    let mut ok = true;
    loop {
        tokio::select! {
            biased;
            body = bodies.recv() => match body {
                Some(body) => {
                    ok = ok && framing::write_frame(&mut output, &body.0).await;
                    // Flush once the queue is empty, not after every frame of a burst.
                    if ok && bodies.is_empty() {
                        ok = output.flush().await.is_ok();
                    }
                }
                None => break,
            },
            _ = &mut done => break,
        }
    }
    while let Ok(body) = bodies.try_recv() {
        ok = ok && framing::write_frame(&mut output, &body.0).await;
    }
    if ok {
        let _ = output.flush().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp::lsp_types::{NumberOrString, PublishDiagnosticsParams, Range};

    #[test]
    fn the_body_is_what_tower_lsp_would_send() {
        let uri = Url::parse("file:///tmp/a.txt").expect("a URI");
        let diagnostics: Vec<Diagnostic> = (0..3)
            .map(|i| Diagnostic {
                range: Range::default(),
                code: Some(NumberOrString::String(format!("rule-{i}"))),
                message: format!("message \"{i}\" \u{2014} é"),
                ..Default::default()
            })
            .collect();
        for version in [Some(7), None] {
            let ours: serde_json::Value =
                serde_json::from_slice(&publish_body(&uri, &diagnostics, version)).expect("JSON");
            let params = PublishDiagnosticsParams::new(uri.clone(), diagnostics.clone(), version);
            let theirs = serde_json::json!({
                "jsonrpc": "2.0",
                "method": "textDocument/publishDiagnostics",
                "params": params,
            });
            assert_eq!(ours, theirs);
        }
    }

    #[tokio::test]
    async fn frames_from_both_sources_stay_whole_and_in_order() {
        let (tx, rx) = channel();
        let (done_tx, done_rx) = oneshot::channel();
        let (mut tower_in, tower_out) = tokio::io::duplex(64);
        let (out_w, out_r) = tokio::io::duplex(4096);
        let reader = tokio::spawn(async move {
            let mut reader = BufReader::new(out_r);
            let mut got = Vec::new();
            while let Frame::Message(body) = framing::read_body(&mut reader).await {
                got.push(serde_json::from_slice::<serde_json::Value>(&body).expect("whole JSON"));
            }
            got
        });
        let writer = tokio::spawn(write(out_w, rx, done_rx));
        let fwd = tokio::spawn(forward(tower_out, tx.clone()));
        let ours = tokio::spawn(async move {
            for i in 0..200 {
                let body = format!("{{\"ours\":{i},\"pad\":\"{}\"}}", "y".repeat(i * 37));
                // Every other body comes in parts (one empty), as a large publish does.
                let bytes = body.into_bytes();
                let body = if i % 2 == 1 {
                    let (a, b) = bytes.split_at(i.min(bytes.len()));
                    Body(vec![a.to_vec(), Vec::new(), b.to_vec()])
                } else {
                    bytes.into()
                };
                tx.send(body).await.expect("open");
            }
        });
        // tower-lsp's side is written in small pieces that split frames.
        let mut bytes = Vec::new();
        for i in 0..200 {
            let body = format!("{{\"theirs\":{i},\"pad\":\"{}\"}}", "x".repeat(i * 53));
            bytes.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
            bytes.extend_from_slice(body.as_bytes());
        }
        // And a frame cut short by the end, which must not come out at all.
        bytes.extend_from_slice(b"Content-Length: 100\r\n\r\n{\"cut\":");
        for piece in bytes.chunks(7) {
            tower_in.write_all(piece).await.expect("open");
        }
        drop(tower_in);
        ours.await.expect("sent");
        fwd.await.expect("forwarded");
        let _ = done_tx.send(());
        writer.await.expect("written");
        let got = reader.await.expect("read");
        assert_eq!(got.len(), 400);
        for key in ["ours", "theirs"] {
            let order: Vec<u64> = got.iter().filter_map(|m| m[key].as_u64()).collect();
            assert_eq!(order, (0..200).collect::<Vec<u64>>(), "{key}");
        }
    }

    #[tokio::test]
    async fn what_is_queued_when_the_server_stops_is_written() {
        let (tx, rx) = channel();
        for i in 0..10 {
            tx.send(format!("{{\"n\":{i}}}").into_bytes().into())
                .await
                .expect("open");
        }
        let (done_tx, done_rx) = oneshot::channel();
        done_tx.send(()).expect("open");
        let mut out = Vec::new();
        write(&mut out, rx, done_rx).await;
        let mut reader = BufReader::new(out.as_slice());
        let mut n = 0;
        while let Frame::Message(body) = framing::read_body(&mut reader).await {
            assert_eq!(body, format!("{{\"n\":{n}}}").into_bytes());
            n += 1;
        }
        assert_eq!(n, 10);
        drop(tx);
    }
}
