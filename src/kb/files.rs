//! Reading house knowledge-base files from disk, for the shells (the CLI and the server); the
//! engine itself never reads a file.

use super::{HouseKb, MAX_HOUSE_KB_BYTES};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The house knowledge base made of `paths` (merged in order), and one line per file that could
/// not be read. `None` when no file loaded: the articles are then checked with the built-in data.
pub fn load_house_kb(paths: &[PathBuf]) -> (Option<Arc<HouseKb>>, Vec<String>) {
    let mut parts = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match read_house_kb(path) {
            Ok(kb) => parts.push(kb),
            Err(e) => errors.push(e),
        }
    }
    let kb = (!parts.is_empty()).then(|| Arc::new(HouseKb::merge(parts)));
    (kb, errors)
}

/// `names` as written in a copydesk.toml, resolved against the folder holding it.
pub fn house_kb_paths(names: &[String], base: &Path) -> Vec<PathBuf> {
    names.iter().map(|n| base.join(n)).collect()
}

/// Reads and parses one house knowledge-base file; the error is one line naming file and line.
pub fn read_house_kb(path: &Path) -> Result<HouseKb, String> {
    // The limit `HouseKb::parse` enforces too, checked here before reading.
    let limit = MAX_HOUSE_KB_BYTES as u64;
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{shown}: not a regular file"));
    }
    if meta.len() > limit {
        return Err(format!(
            "{shown}: {} bytes is too large for a knowledge base (16 MiB at most)",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{shown}: not UTF-8 text"))?;
    HouseKb::parse(&text).map_err(|e| {
        // One line, whatever the TOML parser's message holds.
        let line = e
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        format!("{shown}: {line}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_what_it_can_and_names_what_it_cannot() {
        let dir = tempfile::tempdir().expect("tempdir");
        let good = dir.path().join("good.toml");
        std::fs::write(
            &good,
            "[[organization]]\nname = \"Zyxquor\"\nkind = \"company\"\n",
        )
        .expect("write");
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "[[place]]\nname = \"Q\"\nkind = \"planet\"\n").expect("write");
        let paths = house_kb_paths(
            &["good.toml".into(), "bad.toml".into(), "gone.toml".into()],
            dir.path(),
        );
        let (kb, errors) = load_house_kb(&paths);
        assert!(kb.is_some());
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("bad.toml") && errors[0].contains("line 3"));
        assert!(errors[1].contains("gone.toml"));
        assert!(!errors.iter().any(|e| e.contains('\n')));
        let (none, errors) = load_house_kb(&paths[1..]);
        assert!(none.is_none());
        assert_eq!(errors.len(), 2);
        // A folder is not a knowledge base.
        assert!(read_house_kb(dir.path()).is_err());
    }
}
