//! The language server, spoken to as an editor would: JSON-RPC over a pipe, in-process over
//! `tokio::io::duplex` or to the real `copydesk lsp` process.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::Duration;

const DASH: &str = "dateline.dash";
const SEED_URI: &str = "file:///tmp/copydesk-test/rafah-virtual-meeting.txt";

/// The seed with the dateline's em dash made a hyphen: an AP `dateline.dash` finding.
fn seed_with_hyphen() -> String {
    let seed = seed_text();
    assert!(
        seed.contains("WASHINGTON — "),
        "the seed opens with an AP dateline"
    );
    seed.replacen("WASHINGTON — ", "WASHINGTON - ", 1)
}

/// What a diagnostic says, without the version it came with.
/// An in-process server with the seed open, its dateline hyphen reported.
async fn seed_with_hyphen_open(capabilities: Value) -> TestClient {
    let mut c = TestClient::in_process();
    c.initialize(capabilities, None).await;
    c.open(SEED_URI, &seed_with_hyphen(), 1).await;
    assert!(has_code(&c.diagnostics(SEED_URI, json!(1)).await, DASH));
    c
}

fn essence(d: &Value) -> Value {
    json!([
        d["range"],
        d["code"],
        d["message"],
        d["severity"],
        d["source"]
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_initialize_open_seed_publish_with_version_then_exit_0() {
    let mut c = TestClient::process();
    let init = c.initialize(json!({}), None).await;
    assert_eq!(init["serverInfo"]["name"], "copydesk");
    assert_eq!(init["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
    assert_eq!(init["capabilities"]["hoverProvider"], true);
    assert!(init["capabilities"].get("diagnosticProvider").is_none());

    // The seed as published: `WASHINGTON — ` is a correct AP dateline.
    c.open(SEED_URI, &seed_text(), 1).await;
    let diags = c.diagnostics(SEED_URI, json!(1)).await;
    assert!(
        !codes(&diags).iter().any(|c| c.starts_with("dateline")),
        "{diags:#?}"
    );

    // An incremental edit makes the dash a hyphen (line 2, after `WASHINGTON `).
    let text = seed_text();
    let dash = text.find("—").expect("em dash");
    c.change(
        SEED_URI,
        2,
        json!([{"range": range_json(&text, dash, dash + "—".len(), Enc::Utf16), "text": "-"}]),
    )
    .await;
    let diags = c.diagnostics(SEED_URI, json!(2)).await;
    let d = diags
        .iter()
        .find(|d| d["code"] == "dateline.dash")
        .unwrap_or_else(|| panic!("dateline.dash in {diags:#?}"));
    assert_eq!(d["source"], "copydesk");
    assert_eq!(d["severity"], 2);
    assert_eq!(
        d["range"],
        json!({"start": {"line": 2, "character": 11}, "end": {"line": 2, "character": 12}})
    );
    let href = d["codeDescription"]["href"].as_str().expect("a docs link");
    assert!(href.ends_with("RULES.md#dateline-dash"), "{href}");
    assert_eq!(d["data"]["code"], "dateline.dash");

    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_exit_without_shutdown_is_1() {
    let mut c = TestClient::process();
    c.initialize(json!({}), None).await;
    c.notify("exit", Value::Null).await;
    assert_eq!(c.exit_code().await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_process_exit_codes() {
    let mut c = TestClient::in_process();
    c.initialize(json!({}), None).await;
    assert_eq!(c.shutdown_and_exit().await, 0);
    let mut c = TestClient::in_process();
    c.initialize(json!({}), None).await;
    c.notify("exit", Value::Null).await;
    assert_eq!(c.exit_code().await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn end_of_input_without_shutdown_is_1() {
    let code = tokio::time::timeout(
        TIMEOUT,
        copydesk::server::serve(tokio::io::empty(), tokio::io::sink()),
    )
    .await
    .expect("serve returns at the end of input");
    assert_eq!(code, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn position_encoding_is_negotiated() {
    for (offered, agreed) in [
        (json!(["utf-16", "utf-8"]), "utf-8"),
        (json!(["utf-16"]), "utf-16"),
        (json!(["utf-32"]), "utf-32"),
        (json!(["utf-32", "utf-16"]), "utf-16"),
    ] {
        let mut c = TestClient::in_process();
        let init = c
            .initialize(json!({"general": {"positionEncodings": offered}}), None)
            .await;
        assert_eq!(
            init["capabilities"]["positionEncoding"], agreed,
            "{offered}"
        );
        assert_eq!(c.shutdown_and_exit().await, 0);
    }
}

/// Findings of `text` as the client should see them in `enc`, computed here from the engine's
/// byte spans with the test's own position arithmetic.
fn expected_ranges(text: &str, enc: Enc) -> Vec<Value> {
    let settings = copydesk::engine::Settings::default();
    let analysis = copydesk::engine::analyze(text, copydesk::engine::Format::Plain, &settings);
    analysis
        .findings
        .iter()
        .map(|f| json!([f.code, range_json(text, f.span.start, f.span.end, enc)]))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_edits_with_emoji_combining_marks_and_crlf() {
    for enc in [Enc::Utf8, Enc::Utf16] {
        let mut c = TestClient::in_process();
        let init = c
            .initialize(
                json!({"general": {"positionEncodings": [enc.name()]}}),
                None,
            )
            .await;
        assert_eq!(init["capabilities"]["positionEncoding"], enc.name());
        let uri = "file:///tmp/copydesk-test/sao-paulo.txt";
        let mut text =
            "US, Brazil hold talks 😀\r\nSAO PAULO, Brazil – Officials met on Thursday.\r\nMore follows.\r\n"
                .to_string();
        c.open(uri, &text, 1).await;
        let mut version = 1;
        // Each edit: (byte range in the current text, new text). Sent back to back.
        let steps: Vec<Box<EditStep>> = vec![
            // After the emoji at the end of the headline: an e with a combining acute, and more.
            Box::new(|t: &str| {
                let at = t.find("😀").expect("emoji") + "😀".len();
                (at, at, " cafe\u{301} 🎉".to_string())
            }),
            // The city's A becomes Ã: one more byte in UTF-8, the same in UTF-16.
            Box::new(|t: &str| {
                let at = t.find("SAO").expect("city") + 1;
                (at, at + 1, "Ã".to_string())
            }),
            // A ZWJ family emoji in the last paragraph, and a CRLF to split it.
            Box::new(|t: &str| {
                let at = t.find("More").expect("last paragraph");
                (at, at, "👩‍👩‍👧 \r\n\r\nNow ".to_string())
            }),
            // Delete the emoji in the headline, as a whole (two UTF-16 units, four bytes).
            Box::new(|t: &str| {
                let at = t.find("😀").expect("emoji");
                (at, at + "😀".len(), String::new())
            }),
        ];
        for step in &steps {
            let (s, e, new) = step(&text);
            version += 1;
            c.change(
                uri,
                version,
                json!([{"range": range_json(&text, s, e, enc), "text": new}]),
            )
            .await;
            text.replace_range(s..e, &new);
        }
        let diags = c.diagnostics(uri, json!(version)).await;
        let got: Vec<Value> = diags
            .iter()
            .map(|d| json!([d["code"], d["range"]]))
            .collect();
        let want = expected_ranges(&text, enc);
        assert!(!want.is_empty(), "the en dash is an AP dateline finding");
        assert_eq!(got, want, "{enc:?}: {text:?}");
        // The dash follows `SÃO PAULO, Brazil `: columns differ by encoding.
        let dash = text.find('–').expect("en dash");
        let (line, col) = position(&text, dash, enc);
        assert_eq!(line, 1);
        assert_eq!(col, if enc == Enc::Utf8 { 19 } else { 18 });

        // A combining tilde inside the city: whatever the engine makes of it, the ranges the
        // client sees are the engine's byte spans in the client's units.
        let at = text.find("SÃO").expect("city") + 1;
        version += 1;
        c.change(
            uri,
            version,
            json!([{"range": range_json(&text, at, at + "Ã".len(), enc), "text": "A\u{303}"}]),
        )
        .await;
        text.replace_range(at..at + "Ã".len(), "A\u{303}");
        let diags = c.diagnostics(uri, json!(version)).await;
        let got: Vec<Value> = diags
            .iter()
            .map(|d| json!([d["code"], d["range"]]))
            .collect();
        assert_eq!(got, expected_ranges(&text, enc), "{enc:?}: {text:?}");
        assert_eq!(c.shutdown_and_exit().await, 0);
    }
}

/// One edit of a test: from the current text, the byte range to replace and the new text.
type EditStep = dyn Fn(&str) -> (usize, usize, String);

/// The diagnostics of `uri` at `version`, after its edits, equal those of `text` opened afresh
/// as `fresh_uri`: nothing was lost or applied twice on the way. Returns them (in essence).
async fn assert_edited_equals_fresh(
    c: &mut TestClient,
    uri: &str,
    version: i64,
    text: &str,
    fresh_uri: &str,
) -> Vec<Value> {
    let edited: Vec<Value> = c
        .diagnostics(uri, json!(version))
        .await
        .iter()
        .map(essence)
        .collect();
    c.open(fresh_uri, text, 1).await;
    let fresh: Vec<Value> = c
        .diagnostics(fresh_uri, json!(1))
        .await
        .iter()
        .map(essence)
        .collect();
    assert_eq!(edited, fresh);
    edited
}

/// A tiny deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_edits_back_to_back_end_where_a_fresh_open_does() {
    let mut c = TestClient::process();
    c.initialize(json!({}), None).await;
    let uri = "file:///tmp/copydesk-test/edited.txt";
    let mut text = seed_with_hyphen();
    c.open(uri, &text, 1).await;
    let mut rng = Lcg(7);
    let pieces = ["x", "😀", "e\u{301}", " ", "é", "\r\n", "—", "👩‍👩‍👧"];
    let dashes = ["—", "-", "–", "--"];
    let mut dash = "-";
    let dateline_at = text.find("WASHINGTON ").expect("dateline") + "WASHINGTON ".len();
    for version in 2..=1001 {
        let (s, e, new): (usize, usize, String) = if version % 10 == 0 {
            // Swap the dateline's dash: the finding comes and goes with it.
            let next = dashes[rng.next(dashes.len())];
            let span = (dateline_at, dateline_at + dash.len());
            dash = next;
            (span.0, span.1, next.to_string())
        } else {
            // Somewhere in the body after the dateline paragraph: insert or delete a character.
            let body = text[dateline_at..].find('\n').expect("lead ends") + dateline_at + 1;
            // LSP has no position between the `\r` and `\n` of a CRLF (both belong to the
            // line's end), so an editor never addresses one: neither does this test.
            let boundaries: Vec<usize> = text[body..]
                .char_indices()
                .map(|(i, _)| body + i)
                .chain([text.len()])
                .filter(|&i| !(text[..i].ends_with('\r') && text[i..].starts_with('\n')))
                .collect();
            let at = boundaries[rng.next(boundaries.len())];
            if rng.next(3) == 0 && at < text.len() {
                let len = if text[at..].starts_with("\r\n") {
                    2
                } else {
                    text[at..].chars().next().expect("a char").len_utf8()
                };
                (at, at + len, String::new())
            } else {
                (at, at, pieces[rng.next(pieces.len())].to_string())
            }
        };
        c.change(
            uri,
            version,
            json!([{"range": range_json(&text, s, e, Enc::Utf16), "text": new}]),
        )
        .await;
        text.replace_range(s..e, &new);
    }
    assert_edited_equals_fresh(
        &mut c,
        uri,
        1001,
        &text,
        "file:///tmp/copydesk-test/fresh.txt",
    )
    .await;

    // Never a stale version: what was published for the edited file only moves forward.
    let versions: Vec<i64> = c
        .log
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "{versions:?}");
    // The debounce coalesced the burst: far fewer checks than edits were published.
    assert!(versions.len() < 200, "{} publications", versions.len());
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_shows_the_dateline_card_and_nothing_elsewhere() {
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), None).await;
    c.open(SEED_URI, &seed_text(), 1).await;
    c.diagnostics(SEED_URI, json!(1)).await;
    let hover = c
        .result(
            "textDocument/hover",
            json!({"textDocument": {"uri": SEED_URI}, "position": {"line": 2, "character": 4}}),
        )
        .await;
    assert_eq!(hover["contents"]["kind"], "markdown");
    let card = hover["contents"]["value"].as_str().expect("markdown");
    assert!(card.contains("Filed from **Washington**"), "{card}");
    assert!(card.contains("Stands alone: yes"), "{card}");
    // In the body, in the headline, past the end: nothing, not an empty card.
    for (line, character) in [(2, 40), (0, 3), (3, 10), (999, 999)] {
        let hover = c
            .result(
                "textDocument/hover",
                json!({"textDocument": {"uri": SEED_URI}, "position": {"line": line, "character": character}}),
            )
            .await;
        assert_eq!(hover, Value::Null, "at {line}:{character}");
    }
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_people_and_places_shows_their_cards() {
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), None).await;
    let text = seed_text();
    c.open(SEED_URI, &text, 1).await;
    c.diagnostics(SEED_URI, json!(1)).await;
    // (line, UTF-16 column) of the middle of a phrase in the seed.
    let at = |needle: &str| {
        let (line, l) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .expect(needle);
        let col: usize = l[..l.find(needle).unwrap()].encode_utf16().count() + 2;
        json!({"line": line, "character": col})
    };
    for (needle, expect) in [
        (
            "Kirby said",
            "**John Kirby**, National Security Council spokesperson",
        ),
        ("Sinwar", "**Yahya Sinwar**, Hamas' military leader"),
        ("Rafah's", "city in the Gaza Strip, Palestinian territories"),
    ] {
        let hover = c
            .result(
                "textDocument/hover",
                json!({"textDocument": {"uri": SEED_URI}, "position": at(needle)}),
            )
            .await;
        let card = hover["contents"]["value"].as_str().unwrap_or_default();
        assert!(card.contains(expect), "{needle}: {card}");
    }
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_fix_and_fix_all_yield_the_fixed_text() {
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), None).await;
    let text = seed_with_hyphen();
    c.open(SEED_URI, &text, 1).await;
    let diags = c.diagnostics(SEED_URI, json!(1)).await;
    let d = diags
        .iter()
        .find(|d| d["code"] == DASH)
        .expect("the hyphen is flagged");
    let actions = c.actions_for(SEED_URI, d).await;
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    let quick = actions
        .iter()
        .find(|a| a["isPreferred"] == true)
        .unwrap_or_else(|| panic!("a preferred fix among {titles:?}"));
    assert_eq!(quick["kind"], "quickfix");
    assert_eq!(quick["diagnostics"][0]["code"], "dateline.dash");
    // A versioned edit: the client refuses it if the text moved on.
    let doc_edit = &quick["edit"]["documentChanges"][0];
    assert_eq!(doc_edit["textDocument"]["version"], 1);
    let fixed = apply_lsp_edits(
        &text,
        doc_edit["edits"].as_array().expect("edits"),
        Enc::Utf16,
    );
    assert_eq!(fixed, seed_text());

    // "Fix all" comes unresolved (the client can resolve) and resolves to the same text.
    let all = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Fix all `dateline.dash`"))
        })
        .unwrap_or_else(|| panic!("fix all among {titles:?}"))
        .clone();
    assert!(all.get("edit").is_none(), "resolved lazily");
    let resolved = c.result("codeAction/resolve", all).await;
    let edits = resolved["edit"]["documentChanges"][0]["edits"]
        .as_array()
        .expect("edits")
        .clone();
    assert_eq!(apply_lsp_edits(&text, &edits, Enc::Utf16), seed_text());
    assert!(
        titles
            .iter()
            .any(|t| t.contains("Disable `dateline.dash` for this file")),
        "{titles:?}"
    );
    assert!(
        titles
            .iter()
            .any(|t| t.contains("Disable `dateline.dash` in this workspace")),
        "{titles:?}"
    );

    // Applying the fix (as the editor sends it) clears the finding.
    c.change(
        SEED_URI,
        2,
        json!([{"range": edits[0]["range"], "text": edits[0]["newText"]}]),
    )
    .await;
    let diags = c.diagnostics(SEED_URI, json!(2)).await;
    assert!(!has_code(&diags, DASH), "{diags:#?}");

    // Elsewhere in the text: no actions.
    let none = c
        .result(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": SEED_URI}, "range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 3}}, "context": {"diagnostics": []}}),
        )
        .await;
    assert_eq!(none, json!([]));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_a_rule_writes_copydesk_toml_and_rechecks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("canonical");
    std::fs::write(
        root.join("copydesk.toml"),
        "# house style\nstyle = \"ap\"\n",
    )
    .expect("write");
    let a = root.join("a.txt");
    let b = root.join("b.txt");
    std::fs::write(&a, seed_with_hyphen()).expect("write");
    std::fs::write(&b, seed_with_hyphen()).expect("write");
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), Some(&root)).await;
    let (ua, ub) = (file_uri(&a), file_uri(&b));
    // b.txt is never opened: the scan checks it.
    let scanned = c.diagnostics(&ub, Value::Null).await;
    assert!(has_code(&scanned, DASH));
    c.open(&ua, &seed_with_hyphen(), 1).await;
    let diags = c.diagnostics(&ua, json!(1)).await;
    let d = diags.iter().find(|d| d["code"] == DASH).expect("flagged");
    let for_file = c
        .actions_for(&ua, d)
        .await
        .into_iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.contains("for this file"))
        })
        .expect("disable for this file")
        .clone();
    let command = &for_file["command"];
    c.result(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    )
    .await;
    let toml = std::fs::read_to_string(root.join("copydesk.toml")).expect("written");
    assert!(
        toml.starts_with("# house style\nstyle = \"ap\"\n"),
        "{toml}"
    );
    assert!(
        toml.contains("[file_rules.\"a.txt\"]\n\"dateline.dash\" = \"off\""),
        "{toml}"
    );
    // a.txt is checked again without the rule; b.txt still has it.
    c.diagnostics_until(&ua, |d| !has_code(d, DASH)).await;
    let b_again = c.diagnostics(&ub, Value::Null).await;
    assert!(has_code(&b_again, DASH));

    // For the workspace: `[rules]`, and b.txt loses it too.
    let mut args = command["arguments"].clone();
    args[0]["scope"] = json!("workspace");
    args[0]["uri"] = json!(ub);
    c.result(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": args}),
    )
    .await;
    let toml = std::fs::read_to_string(root.join("copydesk.toml")).expect("written");
    assert!(
        toml.contains("[rules]\n\"dateline.dash\" = \"off\""),
        "{toml}"
    );
    c.diagnostics_until(&ub, |d| !has_code(d, DASH)).await;
    // A rule that does not exist is refused, and said so.
    let mut bad = args.clone();
    bad[0]["code"] = json!("dateline.nonsense");
    let response = c
        .request(
            "workspace/executeCommand",
            json!({"command": command["command"], "arguments": bad}),
        )
        .await;
    assert!(response.get("error").is_some(), "{response}");
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watched_files_scan_progress_and_open_text_wins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("canonical");
    std::fs::write(root.join(".gitignore"), "ignored/\n").expect("write");
    std::fs::create_dir(root.join("ignored")).expect("mkdir");
    std::fs::write(root.join("ignored/x.txt"), seed_with_hyphen()).expect("write");
    std::fs::write(root.join("notes.rs"), "fn main() {}").expect("write");
    let b = root.join("b.txt");
    std::fs::write(&b, seed_text()).expect("write");
    let ub = file_uri(&b);
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), Some(&root)).await;

    // Watchers are registered dynamically, for the article globs, copydesk.toml and house
    // knowledge bases.
    let reg = c
        .wait_for(|m| m["method"] == "client/registerCapability")
        .await;
    let watchers = reg["params"]["registrations"][0]["registerOptions"]["watchers"].to_string();
    assert!(
        watchers.contains("**/*.txt") && watchers.contains("**/*.toml"),
        "{watchers}"
    );
    // The scan reports progress, and checks b.txt (clean) but not the ignored file.
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin")
        .await;
    let clean = c.diagnostics(&ub, Value::Null).await;
    assert!(!has_code(&clean, DASH));
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .await;
    let ignored = file_uri(&root.join("ignored/x.txt"));
    assert!(!c.log.iter().any(|m| m["params"]["uri"] == ignored.as_str()));
    assert!(!c.log.iter().any(|m| m["params"]["uri"]
        .as_str()
        .is_some_and(|u| u.ends_with(".rs"))));

    // Changed on disk: diagnostics follow.
    std::fs::write(&b, seed_with_hyphen()).expect("write");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ub, "type": 2}]}),
    )
    .await;
    let changed = c.diagnostics(&ub, Value::Null).await;
    assert!(has_code(&changed, DASH), "{changed:#?}");

    // Open: the editor's text wins over the disk, even when the disk changes again.
    c.open(&ub, &seed_text(), 1).await;
    assert!(!has_code(&c.diagnostics(&ub, json!(1)).await, DASH));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ub, "type": 2}]}),
    )
    .await;
    assert!(
        !c.arrives_within(Duration::from_millis(500), |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == ub.as_str()
        })
        .await,
        "no disk diagnostics while open"
    );
    // Closed: back to the disk's text.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": ub}}),
    )
    .await;
    assert!(has_code(&c.diagnostics(&ub, Value::Null).await, DASH));

    // Created, then deleted.
    let n = root.join("new.txt");
    std::fs::write(&n, seed_with_hyphen()).expect("write");
    let un = file_uri(&n);
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": un, "type": 1}]}),
    )
    .await;
    assert!(has_code(&c.diagnostics(&un, Value::Null).await, DASH));
    std::fs::remove_file(&n).expect("rm");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": un, "type": 3}]}),
    )
    .await;
    assert!(c.diagnostics(&un, Value::Null).await.is_empty());

    // copydesk.toml changing on disk re-checks: Reuters wants the hyphen.
    std::fs::write(root.join("copydesk.toml"), "style = \"reuters\"\n").expect("write");
    let toml_uri = file_uri(&root.join("copydesk.toml"));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 1}]}),
    )
    .await;
    c.diagnostics_until(&ub, |d| !has_code(d, DASH)).await;
    // A broken copydesk.toml is shown, and the last good one stays.
    std::fs::write(root.join("copydesk.toml"), "style = \"bbc\"\n").expect("write");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 2}]}),
    )
    .await;
    let shown = c.wait_for(|m| m["method"] == "window/showMessage").await;
    assert_eq!(shown["params"]["type"], 1);
    assert!(
        shown["params"]["message"]
            .as_str()
            .expect("text")
            .contains("bbc"),
        "{shown}"
    );
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_changes_recheck_and_bad_settings_are_shown() {
    let mut c = seed_with_hyphen_open(capabilities(&["utf-16"])).await;

    // Reuters: the hyphen is right. The server pulls `copydesk` settings and checks again.
    *c.settings.lock().expect("settings") = json!({"style": "reuters", "debounceMs": 0});
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    )
    .await;
    let again = c.diagnostics(SEED_URI, json!(1)).await;
    assert!(!has_code(&again, DASH), "{again:#?}");
    assert!(c
        .log
        .iter()
        .any(|m| m["method"] == "workspace/configuration"));

    // A bad value: shown, and the Reuters settings stay in force.
    *c.settings.lock().expect("settings") = json!({"style": "bbc"});
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    )
    .await;
    let shown = c.wait_for(|m| m["method"] == "window/showMessage").await;
    assert_eq!(shown["params"]["type"], 1, "{shown}");
    let text = seed_with_hyphen();
    c.change(
        SEED_URI,
        2,
        json!([{"text": format!("{text}\nOne more line.")}]),
    )
    .await;
    assert!(!has_code(&c.diagnostics(SEED_URI, json!(2)).await, DASH));

    // Rules off by configuration.
    *c.settings.lock().expect("settings") =
        json!({"rules": {"dateline": "off"}, "maxFileSizeKb": 1});
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    )
    .await;
    // The seed is over 1 KB now: a visible note instead of a silent skip.
    let limited = c.diagnostics(SEED_URI, json!(2)).await;
    assert_eq!(limited.len(), 1, "{limited:#?}");
    assert!(limited[0]["message"]
        .as_str()
        .expect("text")
        .contains("did not check"));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_without_workspace_configuration_come_with_the_notification() {
    let mut c = seed_with_hyphen_open(json!({})).await;
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"style": "reuters"}}}),
    )
    .await;
    assert!(!has_code(&c.diagnostics(SEED_URI, json!(1)).await, DASH));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_diagnostics_for_clients_that_pull() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("canonical");
    let b = root.join("b.txt");
    std::fs::write(&b, seed_with_hyphen()).expect("write");
    let mut caps = capabilities(&["utf-8"]);
    caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    let mut c = TestClient::in_process();
    let init = c.initialize(caps, Some(&root)).await;
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["workspaceDiagnostics"],
        true
    );
    c.open(SEED_URI, &seed_with_hyphen(), 1).await;
    let report = c
        .result(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": SEED_URI}}),
        )
        .await;
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().expect("items");
    let d = items
        .iter()
        .find(|d| d["code"] == "dateline.dash")
        .expect("flagged");
    // UTF-8 columns: `WASHINGTON ` is 11 bytes, the hyphen one.
    assert_eq!(d["range"]["start"], json!({"line": 2, "character": 11}));
    // The scan may still be running; the workspace report includes b.txt once it is read.
    let ub = file_uri(&b);
    let mut found = false;
    for _ in 0..50 {
        let ws = c
            .result("workspace/diagnostic", json!({"previousResultIds": []}))
            .await;
        if let Some(item) = ws["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["uri"] == ub.as_str())
        {
            assert!(item["items"].to_string().contains("dateline.dash"));
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(found, "b.txt in the workspace report");
    // Asked again with the result ids it has, the server holds the request until news.
    let ws = c
        .result("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    let ids: Vec<Value> = ws["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| json!({"uri": i["uri"], "value": i["resultId"]}))
        .collect();
    c.send(json!({"jsonrpc": "2.0", "id": 500, "method": "workspace/diagnostic", "params": {"previousResultIds": ids}}))
        .await;
    assert!(
        !c.arrives_within(Duration::from_millis(400), |m| m["id"] == 500)
            .await,
        "no news, no answer yet"
    );
    c.change(SEED_URI, 2, json!([{"text": seed_text()}])).await;
    let news = c.wait_for(|m| m["id"] == 500).await;
    let items = news["result"]["items"].as_array().expect("items");
    let seed = items
        .iter()
        .find(|i| i["uri"] == SEED_URI)
        .expect("the edited file");
    assert_eq!(seed["kind"], "full");
    assert_eq!(seed["version"], 2);
    assert!(!has_code(seed["items"].as_array().expect("items"), DASH));
    let b_item = items
        .iter()
        .find(|i| i["uri"] == ub.as_str())
        .expect("b.txt");
    assert_eq!(b_item["kind"], "unchanged");
    // The document report: unchanged when the client has the current result.
    let report = c
        .result(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": SEED_URI}}),
        )
        .await;
    let again = c
        .result(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": SEED_URI}, "previousResultId": report["resultId"]}),
        )
        .await;
    assert_eq!(again["kind"], "unchanged");
    // Pulling clients get nothing pushed.
    assert!(!c
        .log
        .iter()
        .any(|m| m["method"] == "textDocument/publishDiagnostics"));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_does_not_take_the_server_down() {
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), None).await;
    c.send_raw(b"Content-Length: 9\r\n\r\n{\"bad\": }").await;
    c.send_raw(b"Content-Length: 12\r\n\r\n[1, 2, 3, 4]").await;
    let unknown = c.request("copydesk/nothing", json!({})).await;
    assert!(unknown.get("error").is_some());
    let bad_params = c
        .request("textDocument/hover", json!({"nonsense": true}))
        .await;
    assert!(bad_params.get("error").is_some());
    // Changes to documents never opened, out-of-range and backwards ranges, half a surrogate
    // pair, a version going backwards.
    c.change("file:///nowhere.txt", 2, json!([{"text": "x"}]))
        .await;
    c.open(SEED_URI, "Headline\n😀😀\nWASHINGTON - x", 1).await;
    c.change(SEED_URI, 2, json!([{"range": {"start": {"line": 99, "character": 99}, "end": {"line": 0, "character": 0}}, "text": "A"}]))
        .await;
    c.change(SEED_URI, 3, json!([{"range": {"start": {"line": 1, "character": 1}, "end": {"line": 1, "character": 3}}, "text": "b"}]))
        .await;
    c.change(SEED_URI, 1, json!([{"range": {"start": {"line": 0, "character": 4000000000u32}, "end": {"line": 4000000000u32, "character": 0}}, "text": ""}]))
        .await;
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": [1, 2]}),
    )
    .await;
    let diags = c.diagnostics(SEED_URI, json!(1)).await;
    assert!(diags.iter().all(|d| d["source"] == "copydesk"));
    // A request cancelled at once: answered with its result or as cancelled, never lost.
    c.send(json!({"jsonrpc": "2.0", "id": 999, "method": "workspace/diagnostic", "params": {"previousResultIds": []}}))
        .await;
    c.notify("$/cancelRequest", json!({"id": 999})).await;
    let answer = c.wait_for(|m| m["id"] == 999).await;
    assert!(
        answer.get("result").is_some() || answer["error"]["code"] == -32800,
        "{answer}"
    );
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": SEED_URI}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert!(hover.get("error").is_none(), "{hover}");
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// eglot sends `shutdown` with `"params": null`; tower-lsp alone would answer with an error and
/// the server would exit with 1 instead of 0.
#[tokio::test]
async fn shutdown_with_null_params_is_a_clean_shutdown() {
    let mut c = TestClient::process();
    c.initialize(capabilities(&["utf-16"]), None).await;
    c.send(json!({"jsonrpc": "2.0", "id": 9001, "method": "shutdown", "params": null}))
        .await;
    let response = c
        .wait_for(|m| m.get("id") == Some(&json!(9001)) && m.get("method").is_none())
        .await;
    assert!(response.get("error").is_none(), "{response}");
    c.send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}))
        .await;
    assert_eq!(c.exit_code().await, 0);
}

/// Neovim asks for code actions at the cursor and sends every diagnostic of the cursor's line:
/// the fix is offered wherever the cursor is on that line.
#[tokio::test]
async fn code_actions_follow_the_diagnostics_the_client_sends() {
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), None).await;
    let text = seed_with_hyphen();
    c.open(SEED_URI, &text, 1).await;
    let diags = c.diagnostics(SEED_URI, json!(1)).await;
    let d = diags
        .iter()
        .find(|d| d["code"] == DASH)
        .expect("the hyphen is flagged")
        .clone();
    let line = d["range"]["start"]["line"].clone();
    let far =
        json!({"start": {"line": line, "character": 40}, "end": {"line": line, "character": 40}});
    let with = c
        .result(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": SEED_URI}, "range": far, "context": {"diagnostics": [d]}}),
        )
        .await;
    assert!(
        with.as_array()
            .expect("actions")
            .iter()
            .any(|a| a["isPreferred"] == true && a["kind"] == "quickfix"),
        "{with}"
    );
    let without = c
        .result(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": SEED_URI}, "range": far, "context": {"diagnostics": []}}),
        )
        .await;
    assert!(
        !without
            .as_array()
            .map(|a| a.iter().any(|a| a["isPreferred"] == true))
            .unwrap_or(false),
        "{without}"
    );
}

/// A client that shows hover as plain text (eglot) gets plain text, not Markdown markup.
#[tokio::test]
async fn hover_is_plain_text_for_clients_that_ask() {
    let mut c = TestClient::in_process();
    let mut caps = capabilities(&["utf-16"]);
    caps["textDocument"]["hover"]["contentFormat"] = json!(["plaintext"]);
    c.initialize(caps, None).await;
    c.open(SEED_URI, &seed_text(), 1).await;
    c.diagnostics(SEED_URI, json!(1)).await;
    let hover = c
        .result(
            "textDocument/hover",
            json!({"textDocument": {"uri": SEED_URI}, "position": {"line": 2, "character": 4}}),
        )
        .await;
    assert_eq!(hover["contents"]["kind"], "plaintext");
    let card = hover["contents"]["value"].as_str().expect("text");
    assert!(
        card.contains("Washington") && !card.contains("**"),
        "{card}"
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile and broken input (RELIABILITY.md lists which test covers which case).

/// A check that panics on any text containing `BOOM` and otherwise reports `tick`: the
/// fault-isolation test's stand-in for a buggy rule, handed to the server in place of the
/// registry so the product ships no such thing.
struct Boom;

static BOOM_RULES: &[copydesk::engine::Rule] = &[copydesk::engine::Rule {
    code: "boom.seen",
    severity: copydesk::engine::Severity::Warning,
    summary: "test only",
}];

impl copydesk::engine::Check for Boom {
    fn name(&self) -> &'static str {
        "boom"
    }

    fn rules(&self) -> &'static [copydesk::engine::Rule] {
        BOOM_RULES
    }

    fn run(&self, cx: &copydesk::engine::Context<'_>, out: &mut Vec<copydesk::engine::Finding>) {
        let text = &cx.article.text;
        assert!(!text.contains("BOOM"), "the boom check blew up");
        if let Some(at) = text.find("tick") {
            out.push(copydesk::engine::Finding::new(
                "boom.seen",
                copydesk::engine::Severity::Warning,
                copydesk::engine::Span::new(at, at + 4),
                "tick",
            ));
        }
    }
}

static WITH_BOOM: &[&dyn copydesk::engine::Check] =
    &[&copydesk::checks::dateline::DatelineCheck, &Boom];

fn is_boom_log(m: &Value, uri: &str) -> bool {
    m["method"] == "window/logMessage"
        && m["params"]["message"]
            .as_str()
            .is_some_and(|s| s.contains("`boom`") && s.contains(uri))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_check_is_logged_and_turned_off_for_that_document_only() {
    let mut c = TestClient::in_process_with_checks(WITH_BOOM);
    c.initialize(capabilities(&["utf-16"]), None).await;
    let a = "file:///tmp/copydesk-test/a.txt";
    let b = "file:///tmp/copydesk-test/b.txt";
    c.open(a, &format!("{}\nBOOM tick\n", seed_with_hyphen()), 1)
        .await;
    // The other checks still report on the document the boom check failed on.
    let first = c.diagnostics(a, json!(1)).await;
    assert!(
        has_code(&first, DASH) && !has_code(&first, "boom.seen"),
        "{first:#?}"
    );
    let logged = c.wait_for(|m| is_boom_log(m, a)).await;
    assert_eq!(logged["params"]["type"], 1, "{logged}");
    assert!(logged["params"]["message"]
        .as_str()
        .is_some_and(|s| s.contains("blew up") && s.contains("turned off")));

    // Another document: the boom check is still on there.
    c.open(b, &format!("{}\ntick\n", seed_text()), 1).await;
    assert!(has_code(&c.diagnostics(b, json!(1)).await, "boom.seen"));

    // Without the trigger, the check stays off for `a` (and is not logged again).
    c.change(
        a,
        2,
        json!([{"text": format!("{}\ntick\n", seed_with_hyphen())}]),
    )
    .await;
    let later = c.diagnostics(a, json!(2)).await;
    assert!(
        has_code(&later, DASH) && !has_code(&later, "boom.seen"),
        "{later:#?}"
    );
    assert_eq!(c.log.iter().filter(|m| is_boom_log(m, a)).count(), 1);
    // Opening it afresh gives the check another chance.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": a}}))
        .await;
    c.open(a, &format!("{}\ntick\n", seed_text()), 3).await;
    assert!(has_code(&c.diagnostics(a, json!(3)).await, "boom.seen"));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_before_initialize_are_refused_and_the_session_goes_on() {
    let mut c = TestClient::in_process();
    let early = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": SEED_URI}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    // JSON-RPC's ServerNotInitialized.
    assert_eq!(early["error"]["code"], -32002, "{early}");
    // A notification before initialize is dropped, not applied.
    c.open(SEED_URI, &seed_with_hyphen(), 1).await;
    c.initialize(capabilities(&["utf-16"]), None).await;
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": SEED_URI}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert_eq!(hover["result"], Value::Null, "{hover}");
    c.open(SEED_URI, &seed_with_hyphen(), 1).await;
    assert!(has_code(&c.diagnostics(SEED_URI, json!(1)).await, DASH));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_content_length_and_wrong_types_cost_at_most_one_message() {
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), None).await;
    let body = |id: i64| {
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {"textDocument": {"uri": SEED_URI}, "position": {"line": 0, "character": 0}}}).to_string()
    };
    // Too short, then a message that must still arrive.
    let b1 = body(101);
    c.send_raw(format!("Content-Length: {}\r\n\r\n{b1}", b1.len() - 7).as_bytes())
        .await;
    let b2 = body(102);
    c.send_raw(format!("Content-Length: {}\r\n\r\n{b2}", b2.len()).as_bytes())
        .await;
    assert!(c.wait_for(|m| m["id"] == 102).await.get("result").is_some());
    // Too long: it swallows the start of the next message (lost), and the one after arrives.
    let b3 = body(103);
    c.send_raw(format!("Content-Length: {}\r\n\r\n{b3}", b3.len() + 20).as_bytes())
        .await;
    let b4 = body(104);
    c.send_raw(format!("Content-Length: {}\r\n\r\n{b4}", b4.len()).as_bytes())
        .await;
    let b5 = body(105);
    c.send_raw(format!("Content-Length: {}\r\n\r\n{b5}", b5.len()).as_bytes())
        .await;
    assert!(c.wait_for(|m| m["id"] == 105).await.get("result").is_some());
    // Not a number, and no Content-Length at all: dropped with a note in the client's log.
    c.send_raw(b"Content-Length: lots\r\n\r\n").await;
    c.send_raw(b"Content-Type: application/json\r\n\r\n").await;
    let note = c
        .wait_for(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("Content-Length"))
        })
        .await;
    assert_eq!(note["params"]["type"], 1);
    // A notification with parameters of the wrong types: ignored; the document is untouched.
    c.open(SEED_URI, &seed_with_hyphen(), 1).await;
    assert!(has_code(&c.diagnostics(SEED_URI, json!(1)).await, DASH));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": SEED_URI, "version": "two"}, "contentChanges": "x"}),
    )
    .await;
    // A request with them: InvalidParams.
    let bad = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": 7}, "range": "all", "context": {}}),
        )
        .await;
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    c.change(SEED_URI, 2, json!([{"text": seed_text()}])).await;
    assert!(!has_code(&c.diagnostics(SEED_URI, json!(2)).await, DASH));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_to_closed_documents_and_positions_past_the_end() {
    let mut c = seed_with_hyphen_open(capabilities(&["utf-16"])).await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": SEED_URI}}),
    )
    .await;
    // Not a workspace file: closing clears what the editor showed.
    assert!(c.diagnostics(SEED_URI, Value::Null).await.is_empty());
    c.change(SEED_URI, 2, json!([{"text": "x"}])).await;
    let ignored = c
        .wait_for(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("ignoring a change"))
        })
        .await;
    assert!(ignored["params"]["message"]
        .as_str()
        .is_some_and(|s| s.contains(SEED_URI)));
    // Requests about it, and far past the end of an open one: answered, empty, no error.
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": SEED_URI}, "position": {"line": 5, "character": 5}}),
        )
        .await;
    assert_eq!(hover["result"], Value::Null, "{hover}");
    let other = "file:///tmp/copydesk-test/other.txt";
    c.open(other, &seed_with_hyphen(), 1).await;
    c.diagnostics(other, json!(1)).await;
    let far = json!({"line": u32::MAX, "character": u32::MAX});
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": other}, "position": far}),
        )
        .await;
    assert!(hover.get("error").is_none(), "{hover}");
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": other}, "range": {"start": far, "end": far}, "context": {"diagnostics": []}}),
        )
        .await;
    assert!(actions.get("error").is_none(), "{actions}");
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_edits_in_a_burst() {
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), None).await;
    let uri = "file:///tmp/copydesk-test/burst.txt";
    let mut text = seed_with_hyphen();
    c.open(uri, &text, 1).await;
    let pieces = ["x", "😀", "e\u{301}", " ", "\r\n", "—"];
    for version in 2..=10_001i64 {
        // Always at the end: appending keeps the arithmetic trivial, and the edits still go
        // through every position encoding path (surrogates, CRLF) in the server.
        let new = pieces[version as usize % pieces.len()];
        let end = text.len();
        c.change(
            uri,
            version,
            json!([{"range": range_json(&text, end, end, Enc::Utf16), "text": new}]),
        )
        .await;
        text.push_str(new);
    }
    let burst = assert_edited_equals_fresh(
        &mut c,
        uri,
        10_001,
        &text,
        "file:///tmp/copydesk-test/burst-fresh.txt",
    )
    .await;
    assert!(burst.iter().any(|d| d[1] == DASH), "{burst:#?}");
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// A hundred megabytes of copy: a dateline, then one sentence over and over.
fn hundred_megabytes() -> String {
    let mut text = seed_with_hyphen();
    let line = "The council met again on Tuesday and adjourned without a vote.\n";
    while text.len() < 100 * 1024 * 1024 {
        text.push_str(line);
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_megabyte_document_is_not_checked_and_says_so() {
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), None).await;
    let uri = "file:///tmp/copydesk-test/huge.txt";
    let text = hundred_megabytes();
    c.open(uri, &text, 1).await;
    drop(text);
    let diags = c.diagnostics(uri, json!(1)).await;
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(diags[0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("did not check")));
    // Still editable, still answered.
    c.change(
        uri,
        2,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "Updated: "}]),
    )
    .await;
    assert_eq!(c.diagnostics(uri, json!(2)).await.len(), 1);
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 3}}),
        )
        .await;
    assert!(hover.get("error").is_none(), "{hover}");
    assert_eq!(c.shutdown_and_exit().await, 0);
}

fn log_says(m: &Value, needle: &str) -> bool {
    (m["method"] == "window/logMessage" || m["method"] == "window/showMessage")
        && m["params"]["message"]
            .as_str()
            .is_some_and(|s| s.contains(needle))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_workspace_huge_file_not_utf8_symlink_loops_and_a_junk_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("canonical");
    let good = root.join("good.txt");
    std::fs::write(&good, seed_with_hyphen()).expect("write");
    let mut latin1 = seed_with_hyphen().into_bytes();
    latin1.extend_from_slice(b"\nA caf\xe9 on the corner.\n");
    let latin1_path = root.join("latin1.txt");
    std::fs::write(&latin1_path, latin1).expect("write");
    // 100 MB on disk without writing 100 MB: the size is what the server looks at first.
    let huge = root.join("huge.txt");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(100 * 1024 * 1024))
        .expect("a sparse file");
    std::os::unix::fs::symlink(&root, root.join("loop")).expect("symlink");
    std::os::unix::fs::symlink(root.join("b"), root.join("a")).expect("symlink");
    std::os::unix::fs::symlink(root.join("a"), root.join("b")).expect("symlink");
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), Some(&root)).await;
    let (ugood, ulatin1, uhuge) = (file_uri(&good), file_uri(&latin1_path), file_uri(&huge));
    assert!(has_code(&c.diagnostics(&ugood, Value::Null).await, DASH));
    // Not UTF-8: checked all the same, the bad byte read as U+FFFD.
    assert!(has_code(&c.diagnostics(&ulatin1, Value::Null).await, DASH));
    let too_large = c.diagnostics(&uhuge, Value::Null).await;
    assert!(too_large[0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("did not check")));
    // The loops are not followed: the scan ends, with the three real files.
    c.wait_for(|m| log_says(m, "workspace scan: 3 article files"))
        .await;

    // A good copydesk.toml, then 10 MB of junk in its place: shown, and the last good
    // settings stay in force.
    let toml = root.join("copydesk.toml");
    let toml_uri = file_uri(&toml);
    std::fs::write(&toml, "style = \"reuters\"\n").expect("write");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 1}]}),
    )
    .await;
    c.diagnostics_until(&ugood, |d| !has_code(d, DASH)).await;
    let junk: Vec<u8> = (0..10 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(&toml, junk).expect("write");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 2}]}),
    )
    .await;
    let shown = c
        .wait_for(|m| m["method"] == "window/showMessage" && log_says(m, "too large"))
        .await;
    assert_eq!(shown["params"]["type"], 1, "{shown}");
    assert!(log_says(&shown, "last good settings"), "{shown}");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ugood, "type": 2}]}),
    )
    .await;
    assert!(!has_code(&c.diagnostics(&ugood, Value::Null).await, DASH));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_deleted_while_open_keeps_its_text_until_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("canonical");
    let a = root.join("a.txt");
    std::fs::write(&a, seed_with_hyphen()).expect("write");
    let ua = file_uri(&a);
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), Some(&root)).await;
    assert!(has_code(&c.diagnostics(&ua, Value::Null).await, DASH));
    c.open(&ua, &seed_with_hyphen(), 1).await;
    assert!(has_code(&c.diagnostics(&ua, json!(1)).await, DASH));
    std::fs::remove_file(&a).expect("rm");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ua, "type": 3}]}),
    )
    .await;
    // The editor's text is what the user sees: it is still checked.
    c.change(
        &ua,
        2,
        json!([{"text": format!("{}\nMore.\n", seed_with_hyphen())}]),
    )
    .await;
    assert!(has_code(&c.diagnostics(&ua, json!(2)).await, DASH));
    // Closed with no file behind it: its diagnostics go.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": ua}}),
    )
    .await;
    assert!(c.diagnostics(&ua, Value::Null).await.is_empty());
    assert_eq!(c.shutdown_and_exit().await, 0);
}

// ---------------------------------------------------------------------------------------------
// Inputs that crashed a fuzz target, kept as tests (fuzz/artifacts is not committed).

/// Sends a `framing` crash input as it was, after `initialize`, and asks what the fuzz
/// target's probe asked: the session must still answer.
async fn replays_and_keeps_serving(bytes: &[u8]) {
    let mut c = TestClient::in_process();
    c.initialize(json!({}), None).await;
    c.send_raw(bytes).await;
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///fuzz/a.txt"}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert!(hover.get("error").is_none(), "{hover}");
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// `framing`: a didOpen whose unknown key `pa,ams` holds invalid UTF-8. serde_json skipped it
/// and the input guard let the message through; tower-lsp, which takes the body as `&str`,
/// failed to decode it and ended the session, so the request after it went unanswered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fuzz_framing_not_utf8_in_a_skipped_key() {
    replays_and_keeps_serving(include_bytes!(
        "fuzz-regressions/framing-not-utf8-in-skipped-key.bin"
    ))
    .await;
}

/// A person spelled one way in one article and another way in a second: the second is told,
/// with a link to the first.
#[tokio::test]
async fn spelling_that_differs_across_the_workspace_is_flagged_with_the_other_file() {
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), None).await;
    let a = "file:///tmp/copydesk-test/a.txt";
    let b = "file:///tmp/copydesk-test/b.txt";
    let story = |name: &str, surname: &str| {
        format!(
            "Talks resume\n\nWASHINGTON — Israeli Prime Minister {name} met aides on Monday, officials said.\n\n{surname} said the talks would go on.\n"
        )
    };
    c.open(a, &story("Benjamin Netanyahu", "Netanyahu"), 1)
        .await;
    let first = c.diagnostics(a, json!(1)).await;
    assert!(
        !has_code(&first, "names.cross-article-variant"),
        "{first:?}"
    );
    c.open(b, &story("Benjamin Netanyau", "Netanyau"), 1).await;
    let second = c.diagnostics(b, json!(1)).await;
    let d = second
        .iter()
        .find(|d| d["code"] == "names.cross-article-variant")
        .unwrap_or_else(|| panic!("a cross-article finding in {:?}", codes(&second)));
    let related = d["relatedInformation"].as_array().expect("related");
    assert!(related.iter().any(|r| r["location"]["uri"] == a), "{d}");
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// `framing`: a didOpen whose unknown key `par;ms` holds a lone low surrogate (`\ude00`). A
/// direct read of `Request` skipped it and the input guard let the message through; tower-lsp
/// reads an untagged enum, which decodes every string, failed, and ended the session.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fuzz_framing_bad_escape_in_a_skipped_key() {
    replays_and_keeps_serving(include_bytes!(
        "fuzz-regressions/framing-bad-escape-in-skipped-key.bin"
    ))
    .await;
}

fn pos_json(text: &str, offset: usize) -> Value {
    let (line, character) = position(text, offset, Enc::Utf16);
    json!({"line": line, "character": character})
}

/// The outline, highlights, references, rename and workspace symbols on the seed article.
#[tokio::test]
async fn navigation_over_people_places_and_organizations() {
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), None).await;
    let text = seed_text();
    c.open(SEED_URI, &text, 1).await;
    c.diagnostics(SEED_URI, json!(1)).await;
    let doc = json!({"uri": SEED_URI});

    let symbols = c
        .result("textDocument/documentSymbol", json!({"textDocument": doc}))
        .await;
    let symbols = symbols.as_array().expect("symbols");
    let named = |name: &str| symbols.iter().find(|s| s["name"] == name).cloned();
    let kirby = named("John Kirby").expect("John Kirby in the outline");
    assert_eq!(kirby["kind"], 5); // Class: people
    assert!(
        kirby["detail"]
            .as_str()
            .unwrap_or("")
            .contains("spokesperson"),
        "{kirby}"
    );
    assert!(named("Rafah").is_some(), "Rafah in the outline");
    assert!(
        symbols.iter().any(|s| s["kind"] == 24), // Event: the dateline
        "the dateline in the outline"
    );

    let at_kirby = text.find("Kirby said").expect("Kirby said") + 2;
    let here = json!({"textDocument": doc, "position": pos_json(&text, at_kirby)});
    let highlights = c
        .result("textDocument/documentHighlight", here.clone())
        .await;
    let highlights = highlights.as_array().expect("highlights").len();
    assert!(highlights >= 2, "John Kirby and Kirby");

    let mut refs_params = here.clone();
    refs_params["context"] = json!({"includeDeclaration": true});
    let all = c
        .result("textDocument/references", refs_params.clone())
        .await;
    assert_eq!(all.as_array().expect("references").len(), highlights);
    refs_params["context"] = json!({"includeDeclaration": false});
    let later = c.result("textDocument/references", refs_params).await;
    assert_eq!(later.as_array().expect("references").len(), highlights - 1);

    let prepared = c.result("textDocument/prepareRename", here.clone()).await;
    assert_eq!(prepared["placeholder"], "John Kirby");
    let mut rename = here.clone();
    rename["newName"] = json!("Jane Smith");
    let edit = c.result("textDocument/rename", rename).await;
    let edits = edit["documentChanges"][0]["edits"]
        .as_array()
        .expect("a versioned edit")
        .clone();
    let renamed = apply_lsp_edits(&text, &edits, Enc::Utf16);
    assert!(renamed.contains("spokesperson Jane Smith"), "{renamed}");
    assert!(renamed.contains("Smith said") && !renamed.contains("Kirby"));

    // Places are named by the world, not the story.
    let at_rafah = text.find("Rafah ").expect("Rafah");
    let refused = c
        .request(
            "textDocument/prepareRename",
            json!({"textDocument": doc, "position": pos_json(&text, at_rafah + 1)}),
        )
        .await;
    assert!(refused.get("error").is_some(), "{refused}");

    let found = c
        .result("workspace/symbol", json!({"query": "kirby"}))
        .await;
    let found = found.as_array().expect("symbols");
    assert!(found
        .iter()
        .any(|s| s["name"] == "John Kirby" && s["location"]["uri"] == SEED_URI));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// The hover card at the first `needle` of `text` (UTF-16 positions).
async fn card_at(c: &mut TestClient, uri: &str, text: &str, needle: &str) -> String {
    let offset = text.find(needle).expect(needle) + 1;
    let hover = c
        .result(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": pos_json(text, offset)}),
        )
        .await;
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The hover card at `needle` once it satisfies `pred`: a knowledge base is read again in the
/// background after a watched-file event, so the card is asked for until it changes (10 s at
/// most).
async fn card_when(
    c: &mut TestClient,
    uri: &str,
    text: &str,
    needle: &str,
    pred: impl Fn(&str) -> bool,
) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let card = card_at(c, uri, text, needle).await;
        if pred(&card) || tokio::time::Instant::now() > deadline {
            return card;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn house_knowledge_base_reaches_hover_and_follows_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("canonical");
    std::fs::write(
        root.join("copydesk.toml"),
        "knowledge_base = [\"desk/house.toml\"]\n",
    )
    .expect("write");
    std::fs::create_dir(root.join("desk")).expect("mkdir");
    let house = root.join("desk/house.toml");
    let entry = |description: &str| {
        format!(
            "[[organization]]\nname = \"Zyxquor Holdings\"\nkind = \"company\"\ndescription = \"{description}\"\n"
        )
    };
    std::fs::write(&house, entry("maker of quiet pumps")).expect("write");
    let story = root.join("story.txt");
    let text = "Merger talks\n\nLONDON (AP) — Zyxquor Holdings announced a merger on Tuesday.\n";
    std::fs::write(&story, text).expect("write");
    let uri = file_uri(&story);
    let mut c = TestClient::in_process();
    c.initialize(capabilities(&["utf-16"]), Some(&root)).await;
    c.open(&uri, text, 1).await;
    c.diagnostics(&uri, json!(1)).await;
    // The files are read after `initialized`; an article opened before is checked again then.
    let card = card_when(&mut c, &uri, text, "Zyxquor", |c| c.contains("quiet")).await;
    assert!(card.contains("maker of quiet pumps"), "{card}");

    // The file changes on disk: the next card says what it says now.
    std::fs::write(&house, entry("maker of loud pumps")).expect("write");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&house), "type": 2}]}),
    )
    .await;
    let card = card_when(&mut c, &uri, text, "Zyxquor", |c| c.contains("loud")).await;
    assert!(card.contains("maker of loud pumps"), "{card}");

    // A broken file is shown, and the article is still checked (without it).
    std::fs::write(&house, "[[organization]\nname = 1").expect("write");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&house), "type": 2}]}),
    )
    .await;
    let shown = c
        .wait_for(|m| {
            m["method"] == "window/showMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|t| t.contains("house.toml"))
        })
        .await;
    assert_eq!(shown["params"]["type"], 1, "{shown}");
    let card = card_when(&mut c, &uri, text, "Zyxquor", |c| !c.contains("pumps")).await;
    assert!(!card.contains("pumps"), "{card}");
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// `copies` of the seed with its hyphened dateline, one after another: many findings.
fn many_seeds(copies: usize) -> String {
    let one = seed_with_hyphen();
    let mut text = String::with_capacity(one.len() * copies + copies);
    for _ in 0..copies {
        text.push_str(&one);
        text.push('\n');
    }
    text
}

/// Published diagnostics are written by the server's own output multiplexer, between tower-lsp's
/// frames (responses, log messages): every frame must arrive whole (the harness stops reading
/// at the first body that is not JSON), every request be answered, every log line arrive, and
/// the publishes for a document only move forward to its last version.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishes_interleaved_with_responses_and_logs_stay_well_framed() {
    let mut c = TestClient::in_process();
    *c.settings.lock().expect("settings") = json!({"debounceMs": 0});
    c.initialize(capabilities(&["utf-16"]), None).await;
    let uri = "file:///tmp/copydesk-test/interleaved.txt";
    // Larger than the pipes between tower-lsp, the multiplexer and the client: each publish
    // is written in several pieces while responses queue up behind it.
    let mut text = many_seeds(40);
    c.open(uri, &text, 1).await;
    c.diagnostics(uri, json!(1)).await;
    let probe = text.find("WASHINGTON").expect("a dateline");
    let mut ids = Vec::new();
    let last = 41i64;
    for version in 2..=last {
        let end = text.len();
        c.change(
            uri,
            version,
            json!([{"range": range_json(&text, end, end, Enc::Utf16), "text": "x"}]),
        )
        .await;
        text.push('x');
        // A request tower-lsp answers, and a notification that makes the server log a line.
        let id = 10_000 + version;
        c.send(
            json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": uri}, "position": pos_json(&text, probe)}}),
        )
        .await;
        ids.push(id);
        c.change("file:///tmp/copydesk-test/not-open.txt", version, json!([]))
            .await;
    }
    for id in ids {
        let response = c
            .wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
            .await;
        assert!(response.get("error").is_none(), "{response}");
    }
    for _ in 2..=last {
        c.wait_for(|m| log_says(m, "not-open.txt")).await;
    }
    let diags = c.diagnostics(uri, json!(last)).await;
    assert!(has_code(&diags, DASH));
    let versions: Vec<i64> = c
        .log
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "{versions:?}");
    assert_eq!(versions.last(), Some(&last));
    // Nothing for an older version comes after the last one. (The older publishes received
    // before it, while the test waited for other messages, are already checked in order.)
    c.seen
        .retain(|m| m["method"] != "textDocument/publishDiagnostics" || m["params"]["uri"] != uri);
    assert!(
        !c.arrives_within(Duration::from_millis(300), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] != json!(last)
        })
        .await
    );
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// A publish of thousands of diagnostics (a megabyte of JSON, serialized in pieces side by
/// side) arrives whole and says what the engine found, in the real process (tokio's stdout)
/// and in process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_diagnostics_list_arrives_intact() {
    let text = many_seeds(300);
    let expected = expected_ranges(&text, Enc::Utf16);
    // Over 2,048: more than one piece (see `DiagnosticsJson::pieces`).
    assert!(expected.len() > 2048, "{} findings", expected.len());
    for mut c in [TestClient::process(), TestClient::in_process()] {
        c.initialize(json!({}), None).await;
        let uri = "file:///tmp/copydesk-test/huge.txt";
        c.open(uri, &text, 1).await;
        let got: Vec<Value> = c
            .diagnostics(uri, json!(1))
            .await
            .iter()
            .map(|d| json!([d["code"], d["range"]]))
            .collect();
        assert_eq!(got.len(), expected.len());
        assert!(
            got == expected,
            "the published diagnostics differ from the engine's"
        );
        // The session goes on after it.
        assert_eq!(c.shutdown_and_exit().await, 0);
    }
}
