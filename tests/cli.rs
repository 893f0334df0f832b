//! The command line as a user and the accuracy scorer meet it: exit codes, the JSON contract,
//! and bad input that must be reported without losing the other files.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("copydesk runs")
}

fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn codes(file: &Value) -> Vec<String> {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn seed_article_has_a_correct_dateline() {
    let path = seed("rafah-virtual-meeting.txt");
    let out = run(&["check", "--format", "json", path.to_str().unwrap()]);
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1));
    let doc = stdout_json(&out);
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert!(
        !codes(&files[0]).iter().any(|c| c.starts_with("dateline.")),
        "{:?}",
        codes(&files[0])
    );

    let out = run(&["analyze", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let line = String::from_utf8(out.stdout).unwrap();
    let obj: Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(obj["dateline"]["city"], "WASHINGTON");
    assert_eq!(
        obj["headline"]["text"],
        "US, Israel hold second virtual meeting on Rafah"
    );
    for key in ["entities", "figures", "diagnostics"] {
        assert!(obj[key].is_array(), "{key} missing");
    }
}

#[test]
fn json_positions_are_bytes_and_unicode_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.txt");
    // `é` is two bytes but one column; the dateline dash finding sits after it.
    std::fs::write(&path, "Héadline\n\nSÃO PAULO - Story text here.\n").unwrap();
    let out = run(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let doc = stdout_json(&out);
    let d = doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "dateline.dash")
        .cloned()
        .expect("a dash finding");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = d["start"].as_u64().unwrap() as usize;
    assert_eq!(&text[start..d["end"].as_u64().unwrap() as usize], "-");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 11); // S Ã O ␠ P A U L O ␠ → the dash is the 11th character
    assert_eq!(d["severity"], "warning");
    // The fix rewrites the whole dateline in house form, from the city to the story.
    let fix = &d["fixes"][0];
    assert!(fix["title"].is_string());
    let edit = &fix["edits"][0];
    assert_eq!(edit["new_text"], "SÃO PAULO — ");
    assert_eq!(
        &text[edit["start"].as_u64().unwrap() as usize..edit["end"].as_u64().unwrap() as usize],
        "SÃO PAULO - "
    );
}

#[test]
fn missing_file_is_reported_and_the_others_still_checked() {
    let seed = seed("rafah-virtual-meeting.txt");
    let out = run(&[
        "check",
        "--format",
        "json",
        "/no/such/story.txt",
        seed.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/no/such/story.txt"), "{err}");
    assert_eq!(stdout_json(&out)["files"].as_array().unwrap().len(), 1);
}

#[test]
fn folder_without_articles_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.rs"), "fn main() {}").unwrap();
    let out = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("no article files"), "{err}");
}

#[test]
fn binary_and_non_utf8_files_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), b"\x00\x01\x02binary").unwrap();
    std::fs::write(dir.path().join("b.txt"), b"Caf\xe9 story\n").unwrap();
    std::fs::write(
        dir.path().join("c.txt"),
        "Headline\n\nCHICAGO — A fine story.\n",
    )
    .unwrap();
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("a.txt") && err.contains("NUL"), "{err}");
    assert!(err.contains("b.txt") && err.contains("UTF-8"), "{err}");
    let doc = stdout_json(&out);
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0]["path"].as_str().unwrap().ends_with("c.txt"));
}

#[test]
fn invalid_config_names_key_and_line_and_other_folders_still_check() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad");
    let good = dir.path().join("good");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::create_dir_all(&good).unwrap();
    std::fs::write(bad.join("copydesk.toml"), "style = \"ap\"\nhouse = 3\n").unwrap();
    std::fs::write(bad.join("s.txt"), "Head\n\nCHICAGO — Text.\n").unwrap();
    std::fs::write(good.join("s.txt"), "Head\n\nCHICAGO — Text.\n").unwrap();
    let out = run(&[
        "check",
        "--format",
        "json",
        bad.join("s.txt").to_str().unwrap(),
        good.join("s.txt").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("copydesk.toml"), "{err}");
    assert!(err.contains("line 2") && err.contains("house"), "{err}");
    let doc = stdout_json(&out);
    assert_eq!(doc["files"].as_array().unwrap().len(), 1);
}

#[test]
fn style_flag_changes_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wire.txt");
    std::fs::write(&path, "Head\n\nWASHINGTON - Story text.\n").unwrap();
    let p = path.to_str().unwrap();
    let ap = stdout_json(&run(&["check", "--format", "json", p]));
    assert!(codes(&ap["files"][0]).contains(&"dateline.dash".to_string()));
    let reuters = stdout_json(&run(&[
        "check", "--format", "json", "--style", "reuters", p,
    ]));
    assert!(!codes(&reuters["files"][0]).contains(&"dateline.dash".to_string()));
    let out = run(&["check", "--style", "bbc", p]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr.clone())
        .unwrap()
        .contains("bbc"));
}

#[test]
fn fix_applies_safe_fixes_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.txt");
    std::fs::write(&path, "Head\n\nWASHINGTON - Story text.\n").unwrap();
    let out = run(&["check", "--fix", "--format", "json", path.to_str().unwrap()]);
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("applied"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Head\n\nWASHINGTON — Story text.\n"
    );
    let doc = stdout_json(&out);
    assert!(!codes(&doc["files"][0]).contains(&"dateline.dash".to_string()));
}

#[test]
fn fail_on_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.txt");
    std::fs::write(&path, "Head\n\nWASHINGTON - Story text.\n").unwrap();
    let p = path.to_str().unwrap();
    assert_eq!(run(&["check", p]).status.code(), Some(1));
    assert_eq!(
        run(&["check", "--fail-on", "error", p]).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["check", "--fail-on", "never", p]).status.code(),
        Some(0)
    );
}

#[test]
fn human_output_shows_the_line_and_a_caret() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.txt");
    std::fs::write(&path, "Head\n\nWASHINGTON - Story text.\n").unwrap();
    let out = run(&["check", "--color", "never", path.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("WASHINGTON - Story text."), "{text}");
    assert!(text.contains("^") || text.contains("-"), "{text}");
    assert!(text.contains("dateline.dash"), "{text}");
    assert!(text.contains("1 file checked"), "{text}");
}

#[test]
fn sarif_is_2_1_0_with_rules_and_results() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.txt");
    std::fs::write(&path, "Head\n\nWASHINGTON - Story text.\n").unwrap();
    let doc = stdout_json(&run(&[
        "check",
        "--format",
        "sarif",
        path.to_str().unwrap(),
    ]));
    assert_eq!(doc["version"], "2.1.0");
    let run0 = &doc["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "copydesk");
    assert!(!run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .is_empty());
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "dateline.dash");
    assert_eq!(result["level"], "warning");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 3);
    let idx = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(run0["tool"]["driver"]["rules"][idx]["id"], result["ruleId"]);
}

#[test]
fn help_and_version_are_there_for_newcomers() {
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("check") && help.contains("analyze"));
    let out = run(&["check", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("--format"));
    let out = run(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains(env!("CARGO_PKG_VERSION")));
    assert_eq!(run(&["check"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn rules_doc_is_current() {
    let out = run(&["rules", "--format", "markdown"]);
    let generated = String::from_utf8(out.stdout).unwrap();
    let committed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("RULES.md"))
        .unwrap_or_default();
    assert_eq!(
        committed, generated,
        "RULES.md is stale: run `cargo run -- rules --format markdown > RULES.md`"
    );
}

/// The entities `analyze` lists for one file, as (kind, name).
fn entities_of(out: &Output) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(&out.stdout);
    let obj: Value = serde_json::from_str(text.lines().next().expect("one line")).unwrap();
    obj["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A folder with a copydesk.toml naming `kb_files`, those files (name, text), and a story that
/// mentions `Zyxquor`, which only a house list makes an organization.
fn kb_project(kb_files: &[&str], files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let list: Vec<String> = kb_files.iter().map(|f| format!("{f:?}")).collect();
    let config = format!("knowledge_base = [{}]\n", list.join(", "));
    std::fs::write(dir.path().join("copydesk.toml"), config).unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let story = dir.path().join("story.txt");
    std::fs::write(
        &story,
        "Headline\n\nLONDON (AP) — Zyxquor announced a merger.\n",
    )
    .unwrap();
    (dir, story)
}

const ZYXQUOR: &str = "[[organization]]\nname = \"Zyxquor\"\nkind = \"company\"\n";

#[test]
fn house_knowledge_base_files_are_read_relative_to_the_config() {
    let (_dir, story) = kb_project(&["kb/house.toml"], &[("kb/house.toml", ZYXQUOR)]);
    // Run from elsewhere: the path in copydesk.toml is relative to its own folder.
    let out = bin()
        .current_dir(std::env::temp_dir())
        .args(["analyze", "--format", "json", story.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Without the house list, `Zyxquor announced` reads as a person.
    assert!(
        entities_of(&out).contains(&("organization".into(), "Zyxquor".into())),
        "{:?}",
        entities_of(&out)
    );
}

#[test]
fn bad_or_missing_knowledge_base_is_one_line_naming_file_and_line() {
    let bad = "[[place]]\nname = \"Qwertown\"\nkind = \"planet\"\n";
    let (_dir, story) = kb_project(
        &["bad.toml", "missing.toml", "good.toml"],
        &[("bad.toml", bad), ("good.toml", ZYXQUOR)],
    );
    let out = run(&["analyze", "--format", "json", story.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].contains("bad.toml") && lines[0].contains("line 3"),
        "{stderr}"
    );
    assert!(lines[1].contains("missing.toml"), "{stderr}");
    // The article is still analyzed, with the file that did load.
    assert!(entities_of(&out).contains(&("organization".into(), "Zyxquor".into())));
}

#[test]
fn file_rules_turn_a_rule_off_for_matching_files_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("roundups")).unwrap();
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[file_rules.\"roundups/**\"]\ndateline = \"off\"\n",
    )
    .unwrap();
    let story = "Head\n\nWASHINGTON - Story text.\n";
    std::fs::write(dir.path().join("roundups/r.txt"), story).unwrap();
    std::fs::write(dir.path().join("s.txt"), story).unwrap();
    let doc = stdout_json(&run(&[
        "check",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]));
    for file in doc["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let has_dash = codes(file).contains(&"dateline.dash".to_string());
        assert_eq!(has_dash, !path.contains("roundups"), "{path}");
    }
}

/// The configuration reference in README.md is a real, complete copydesk.toml.
#[test]
fn readme_configuration_example_parses() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme
        .find("## Configuration")
        .expect("a Configuration section")..];
    let start = section.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = start + section[start..].find("```").expect("the block ends");
    let config = copydesk::engine::Config::from_toml(&section[start..end]);
    assert!(config.is_ok(), "README's copydesk.toml: {:?}", config.err());
}

#[test]
fn a_hundred_megabyte_file_is_skipped_with_a_message_and_the_others_checked() {
    let dir = tempfile::tempdir().unwrap();
    // Sparse: the size is what the CLI looks at before reading.
    std::fs::File::create(dir.path().join("huge.txt"))
        .and_then(|f| f.set_len(100 * 1024 * 1024))
        .unwrap();
    std::fs::write(
        dir.path().join("ok.txt"),
        "Headline\n\nCHICAGO — A fine story.\n",
    )
    .unwrap();
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        err.contains("huge.txt") && err.contains("skipped") && err.contains("limit"),
        "{err}"
    );
    let doc = stdout_json(&out);
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0]["path"].as_str().unwrap().ends_with("ok.txt"));
    // A file over the limit is the user's choice of limit, not an error.
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn ten_megabytes_of_junk_as_config_exits_2_and_other_folders_still_check() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk");
    let good = dir.path().join("good");
    std::fs::create_dir_all(&junk).unwrap();
    std::fs::create_dir_all(&good).unwrap();
    let bytes: Vec<u8> = (0..10 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(junk.join("copydesk.toml"), bytes).unwrap();
    std::fs::write(junk.join("s.txt"), "Head\n\nCHICAGO — Text.\n").unwrap();
    std::fs::write(good.join("s.txt"), "Head\n\nCHICAGO — Text.\n").unwrap();
    let out = run(&[
        "check",
        "--format",
        "json",
        junk.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        err.contains("copydesk.toml") && err.contains("too large"),
        "{err}"
    );
    let doc = stdout_json(&out);
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0]["path"].as_str().unwrap().contains("good"));
}

#[test]
fn symlink_loops_in_a_folder_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("s.txt"), "Head\n\nCHICAGO — Text.\n").unwrap();
    std::os::unix::fs::symlink(root, root.join("loop")).unwrap();
    std::os::unix::fs::symlink(root.join("b"), root.join("a")).unwrap();
    std::os::unix::fs::symlink(root.join("a"), root.join("b")).unwrap();
    let out = run(&["check", "--format", "json", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(stdout_json(&out)["files"].as_array().unwrap().len(), 1);
}
