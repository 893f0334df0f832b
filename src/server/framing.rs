//! A guard in front of tower-lsp's reader. tower-lsp 0.20 reads through tokio-util's
//! `FramedRead`, which ends the stream after the first decoding error: one malformed message
//! (bad JSON, a JSON value that is not a JSON-RPC message, a bad header) would end the session.
//! Here every frame is read and checked first; only well-formed messages go on, re-framed with
//! just their `Content-Length`, and the rest are dropped with a note in the client's log.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp::jsonrpc::{Request, Response};

/// Larger bodies are skipped without being held in memory.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// Large bodies are read and written this much at a time (see [`read_body`]).
pub const IO_PIECE: usize = 64 * 1024;

/// One frame from the input.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A well-formed JSON-RPC message (request, notification or response).
    Message(Vec<u8>),
    /// Something to drop, and why.
    Malformed(String),
    /// The input ended.
    End,
}

/// What tower-lsp decodes a body into: its own `Message` is crate-private, so this mirrors it
/// (the same untagged enum over the same types). Checking `Request` and `Response` one at a
/// time is not the same: an untagged enum first reads the whole body into serde's buffer,
/// decoding every string, even the values of unknown keys that a direct read skips unchecked.
#[derive(serde::Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // only whether it decodes matters
enum Message {
    Response(Response),
    Request(Request),
}

/// Whether tower-lsp will accept `body` as a message: decoded exactly as tower-lsp's codec
/// does, as `&str` first (the whole body must be UTF-8), then as its `Message`. Anything
/// looser lets through a body tower-lsp fails on, and a decoding error ends its session.
/// (Both differences were found by the `framing` fuzz target.)
pub fn is_message(body: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(body) else {
        return false;
    };
    serde_json::from_str::<Message>(text).is_ok()
}

/// Byte index of `needle` (ASCII, lowercase) in `haystack`, ignoring ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// A header line is held up to this long; of a longer one (garbage with no line break, or the
/// rest of a body whose Content-Length was too short) only the last [`LINE_TAIL`] bytes are
/// kept, which is where a header glued to it would be. Without a bound, input with no line
/// break would be buffered without end.
const MAX_LINE: usize = 8 * 1024;
const LINE_TAIL: usize = 1024;

/// Reads one line (up to and including `\n`, or to the end of input) into `line`, holding at
/// most [`MAX_LINE`] bytes of it. Returns `false` at the end of input (or on a read error).
async fn read_line_bounded<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
    line: &mut Vec<u8>,
) -> bool {
    line.clear();
    loop {
        let (used, done) = match reader.fill_buf().await {
            Err(_) => return false,
            Ok([]) => return !line.is_empty(),
            Ok(buf) => match buf.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    line.extend_from_slice(&buf[..=i]);
                    (i + 1, true)
                }
                None => {
                    line.extend_from_slice(buf);
                    (buf.len(), false)
                }
            },
        };
        reader.consume(used);
        if line.len() > MAX_LINE {
            line.drain(..line.len() - LINE_TAIL);
        }
        if done {
            return true;
        }
    }
}

/// Reads the next frame: header lines up to a blank line, then `Content-Length` bytes, checked
/// to be a message tower-lsp accepts.
pub async fn read_frame<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Frame {
    match read_body(reader).await {
        Frame::Message(body) if !is_message(&body) => {
            let preview: String = String::from_utf8_lossy(&body).chars().take(80).collect();
            Frame::Malformed(format!("not a JSON-RPC message: `{preview}`"))
        }
        frame => frame,
    }
}

/// Reads the next frame like [`read_frame`] without looking into the body: a
/// [`Frame::Message`] here is only `Content-Length` bytes. (The output multiplexer reads
/// tower-lsp's own frames with it: those need no checking.)
pub async fn read_body<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Frame {
    read_body_up_to(reader, MAX_MESSAGE_BYTES).await
}

/// [`read_body`] with another limit on the body's size: tower-lsp's own output is trusted,
/// and a response dropped for its size would leave the client waiting for it.
pub async fn read_body_up_to<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
    max_bytes: usize,
) -> Frame {
    let mut length: Option<usize> = None;
    let mut bad_header = None;
    let mut line = Vec::new();
    loop {
        if !read_line_bounded(reader, &mut line).await {
            return Frame::End;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if text.is_empty() {
            if length.is_some() || bad_header.is_some() {
                break;
            }
            // Stray blank lines between messages.
            continue;
        }
        // After a message whose Content-Length was wrong, the rest of a body runs into the
        // next header on one line (`…"}Content-Length: 52`). Reading the header from where it
        // starts puts the stream back in step at the next message instead of losing every
        // message after it.
        let text = match find_ascii_ci(text, "content-length:") {
            Some(at) if at > 0 => &text[at..],
            _ => text,
        };
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad_header = Some(format!("bad Content-Length `{}`", value.trim())),
                }
            }
            // Content-Type and anything else: ignored (the body must be UTF-8 JSON anyway).
            Some(_) => {}
            None => bad_header = Some(format!("not a header: `{text}`")),
        }
    }
    let Some(length) = length else {
        return Frame::Malformed(bad_header.unwrap_or_else(|| "no Content-Length".to_string()));
    };
    if length > max_bytes {
        // Drain without allocating.
        let mut rest = (&mut *reader).take(length as u64);
        let _ = tokio::io::copy(&mut rest, &mut tokio::io::sink()).await;
        return Frame::Malformed(format!("a message of {length} bytes is over the limit"));
    }
    let mut body = vec![0; length];
    // In pieces: a read as large as the body goes past the BufReader straight to the input,
    // and tokio's stdin keeps a buffer as large as the largest read for the session's life.
    for piece in body.chunks_mut(IO_PIECE) {
        if reader.read_exact(piece).await.is_err() {
            return Frame::End;
        }
    }
    Frame::Message(body)
}

/// Writes one frame: its header, then the body, given in parts written one after another.
/// Short parts go out together with the header (each write to tokio's stdout waits for the
/// one before on a thread of its own); long ones in pieces (tokio's stdout copies each write
/// into a buffer of its own that it keeps, as large as the largest write, up to 2 MB). False
/// when the output is gone.
pub(crate) async fn write_frame<W: AsyncWrite + ?Sized>(
    output: &mut std::pin::Pin<&mut W>,
    body: &[Vec<u8>],
) -> bool {
    let length: usize = body.iter().map(Vec::len).sum();
    let mut gathered = format!("Content-Length: {length}\r\n\r\n").into_bytes();
    for part in body {
        if gathered.len() + part.len() <= IO_PIECE {
            gathered.extend_from_slice(part);
            continue;
        }
        if !gathered.is_empty() && output.write_all(&gathered).await.is_err() {
            return false;
        }
        gathered.clear();
        for piece in part.chunks(IO_PIECE) {
            if output.write_all(piece).await.is_err() {
                return false;
            }
        }
    }
    gathered.is_empty() || output.write_all(&gathered).await.is_ok()
}

/// Copies well-formed messages from `input` to `output` until either ends; calls `dropped` for
/// each malformed one.
pub async fn filter<R, W, F, Fut>(input: R, mut output: W, mut dropped: F)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
    F: FnMut(String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut reader = BufReader::new(input);
    loop {
        match read_frame(&mut reader).await {
            Frame::Message(body) => {
                let body = without_null_params(body);
                let mut out = std::pin::Pin::new(&mut output);
                let body = [body];
                if !write_frame(&mut out, &body).await || out.flush().await.is_err() {
                    return;
                }
            }
            Frame::Malformed(why) => dropped(why).await,
            Frame::End => return,
        }
    }
}

/// Drops `"params": null` from a message. JSON-RPC allows it and some clients send it (eglot's
/// `shutdown`), but tower-lsp rejects a null `params` for methods without parameters with
/// "Unexpected params: null" — which would turn a clean shutdown into an error.
pub fn without_null_params(body: Vec<u8>) -> Vec<u8> {
    if !body.windows(8).any(|w| w == b"\"params\"") {
        return body;
    }
    match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(serde_json::Value::Object(mut map))
            if map.get("params") == Some(&serde_json::Value::Null) =>
        {
            map.remove("params");
            serde_json::to_vec(&map).unwrap_or(body)
        }
        _ => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = BufReader::new(input);
        let mut out = Vec::new();
        loop {
            let f = read_frame(&mut reader).await;
            if f == Frame::End {
                return out;
            }
            out.push(f);
        }
    }

    #[test]
    fn null_params_are_dropped_and_others_kept() {
        let out = without_null_params(
            br#"{"jsonrpc":"2.0","id":3,"method":"shutdown","params":null}"#.to_vec(),
        );
        let v: serde_json::Value = serde_json::from_slice(&out).expect("the message stays JSON");
        assert!(v.get("params").is_none());
        assert_eq!(v["method"], "shutdown");
        let keep = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#.to_vec();
        assert_eq!(without_null_params(keep.clone()), keep);
    }

    #[tokio::test]
    async fn good_frames_pass_and_bad_ones_are_named() {
        let good = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = Vec::new();
        input.extend_from_slice(format!("Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n", good.len()).as_bytes());
        input.extend_from_slice(good);
        input.extend_from_slice(b"Content-Length: 9\r\n\r\n{\"bad\": }");
        input.extend_from_slice(b"Content-Length: 7\r\n\r\n[1,2,3]");
        input.extend_from_slice(b"Content-Length: x\r\n\r\n");
        input.extend_from_slice(b"garbage\r\n\r\n");
        input.extend_from_slice(b"Content-Length: 99999999999\r\n\r\nshort");
        let got = frames(&input).await;
        assert_eq!(got[0], Frame::Message(good.to_vec()));
        assert!(matches!(&got[1], Frame::Malformed(w) if w.contains("not a JSON-RPC")));
        assert!(matches!(&got[2], Frame::Malformed(_)));
        assert!(matches!(&got[3], Frame::Malformed(w) if w.contains("Content-Length")));
        assert!(matches!(&got[4], Frame::Malformed(w) if w.contains("garbage")));
        assert!(matches!(&got[5], Frame::Malformed(w) if w.contains("over the limit")));
        assert_eq!(got.len(), 6);
    }

    #[test]
    fn a_body_that_is_not_utf8_is_no_message_even_where_serde_skips_it() {
        let body = b"{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"pa,ams\":\"x\xc9y\"}";
        assert!(
            serde_json::from_slice::<Request>(body).is_ok(),
            "serde skips it"
        );
        assert!(!is_message(body));
    }

    #[test]
    fn a_bad_escape_in_a_skipped_key_is_no_message() {
        // A low surrogate alone, in the value of a key nobody reads.
        let body = br#"{"jsonrpc":"2.0","method":"initialized","par;ms":"\ude00"}"#;
        assert!(
            serde_json::from_slice::<Request>(body).is_ok(),
            "a direct read skips it"
        );
        assert!(!is_message(body));
    }

    #[tokio::test]
    async fn a_frame_in_parts_is_one_frame_whatever_the_parts_sizes() {
        let long = vec![b'x'; IO_PIECE * 2 + 7];
        let bodies: Vec<Vec<Vec<u8>>> = vec![
            vec![b"{\"a\":".to_vec(), b"1}".to_vec()],
            vec![
                b"{\"b\":\"".to_vec(),
                long.clone(),
                Vec::new(),
                b"\"}".to_vec(),
            ],
            vec![Vec::new()],
            vec![
                b"{\"c\":\"".to_vec(),
                long[..IO_PIECE - 20].to_vec(),
                b"\"}".to_vec(),
            ],
        ];
        let mut written = Vec::new();
        for body in &bodies {
            let mut out = std::pin::Pin::new(&mut written);
            assert!(write_frame(&mut out, body).await);
        }
        let mut reader = BufReader::new(&written[..]);
        for body in &bodies {
            assert_eq!(read_body(&mut reader).await, Frame::Message(body.concat()));
        }
        assert_eq!(read_body(&mut reader).await, Frame::End);
    }

    #[tokio::test]
    async fn a_line_without_end_is_not_held_and_the_next_message_arrives() {
        let good = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = vec![b'x'; 1 << 20];
        input.extend_from_slice(format!("Content-Length: {}\r\n\r\n", good.len()).as_bytes());
        input.extend_from_slice(good);
        input.extend_from_slice(&[b'y'; 100_000]);
        let mut reader = BufReader::new(input.as_slice());
        let mut line = Vec::new();
        assert!(read_line_bounded(&mut reader, &mut line).await);
        assert!(
            line.len() <= MAX_LINE && line.ends_with(b"\r\n"),
            "{}",
            line.len()
        );
        // The header at the end of the long line is found; the trailing line without a break
        // is read (bounded) and the input ends.
        assert_eq!(frames(&input).await, [Frame::Message(good.to_vec())]);
    }

    #[tokio::test]
    async fn a_wrong_content_length_costs_at_most_the_next_message() {
        let msg = |id: u32| {
            let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"shutdown"}}"#);
            (body.len(), body)
        };
        let (n1, b1) = msg(1);
        let (n2, b2) = msg(2);
        let (n3, b3) = msg(3);
        let (_, b4) = msg(4);
        let mut input = String::new();
        // Too short: the rest of the body is left in front of the next header.
        input += &format!("Content-Length: {}\r\n\r\n{b1}", n1 - 5);
        input += &format!("Content-Length: {n2}\r\n\r\n{b2}");
        // Too long: the body takes in the start of the next message, which is lost.
        input += &format!("Content-Length: {}\r\n\r\n{b3}", n3 + 30);
        input += &format!("Content-Length: {}\r\n\r\n{b4}", b4.len());
        input += &format!("Content-Length: {n1}\r\n\r\n{b1}");
        let got = frames(input.as_bytes()).await;
        let messages: Vec<&[u8]> = got
            .iter()
            .filter_map(|f| match f {
                Frame::Message(b) => Some(b.as_slice()),
                _ => None,
            })
            .collect();
        assert_eq!(messages, [b2.as_bytes(), b1.as_bytes()], "{got:?}");
    }
}
