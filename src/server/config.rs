//! Configuration as the server sees it: `copydesk.toml` in each workspace folder (the base)
//! with the editor's `copydesk.*` settings merged over it, then narrowed to one file's
//! `[file_rules]`. Each layer keeps its last good value: a bad file or setting is reported and
//! ignored, never half-applied.

use crate::engine::{Config, ConfigError, Settings};
use crate::kb::files::house_kb_paths;
use crate::kb::HouseKb;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const CONFIG_FILE: &str = "copydesk.toml";
/// Long enough to coalesce a burst of typing, short enough to feel live.
pub const DEFAULT_DEBOUNCE_MS: u64 = 150;
/// Larger files are not checked (news copy runs to a few tens of kilobytes).
pub use crate::engine::settings::DEFAULT_MAX_FILE_SIZE_KB;

/// What one document is checked with.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub settings: Settings,
    pub max_file_size_kb: u64,
    pub debounce_ms: u64,
}

#[derive(Debug, Default)]
pub struct ConfigState {
    /// The editor's settings (last good).
    pub client: Config,
    /// Each workspace folder's copydesk.toml (last good), by folder.
    pub files: BTreeMap<PathBuf, Config>,
    /// The workspace folders, as paths.
    pub roots: Vec<PathBuf>,
    /// House knowledge bases by the files they are made of (`None`: none of them loaded).
    /// Loaded off the keystroke path whenever the configuration changes; see
    /// [`ConfigState::missing_house_kbs`].
    pub house_kbs: HashMap<Vec<PathBuf>, Option<Arc<HouseKb>>>,
}

impl ConfigState {
    /// The workspace folder holding `path` (the deepest, when folders nest).
    pub fn root_for(&self, path: &Path) -> Option<&PathBuf> {
        self.roots
            .iter()
            .filter(|r| path.starts_with(r))
            .max_by_key(|r| r.components().count())
    }

    /// The merged configuration for a file (or, without a path, the workspace-wide one of the
    /// first folder).
    pub fn effective(&self, path: Option<&Path>) -> Config {
        let root = self.root_of(path);
        let merged = self.folder_config(root);
        match (path, root) {
            (Some(p), Some(r)) => match relative(p, r) {
                Some(rel) => merged.for_file(&rel),
                None => merged,
            },
            _ => merged,
        }
    }

    /// The folder a file belongs to; without a path, the first folder.
    fn root_of(&self, path: Option<&Path>) -> Option<&PathBuf> {
        match path {
            Some(p) => self.root_for(p),
            None => self.roots.first(),
        }
    }

    /// A folder's copydesk.toml with the editor's settings over it (no `[file_rules]`).
    fn folder_config(&self, root: Option<&PathBuf>) -> Config {
        let base = root
            .and_then(|r| self.files.get(r))
            .cloned()
            .unwrap_or_default();
        base.merged(&self.client)
    }

    /// The house knowledge-base files `names` (a `knowledge_base` setting) stand for, for files
    /// of `root`: relative names are relative to the workspace folder; outside any folder only
    /// absolute ones count.
    fn house_kb_files(root: Option<&PathBuf>, names: Option<&[String]>) -> Option<Vec<PathBuf>> {
        let names = names?;
        let paths = match root {
            Some(r) => house_kb_paths(names, r),
            None => names
                .iter()
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .collect(),
        };
        (!paths.is_empty()).then_some(paths)
    }

    /// Sets of knowledge-base files the configuration names that are not loaded yet.
    pub fn missing_house_kbs(&self) -> Vec<Vec<PathBuf>> {
        let mut missing: Vec<Vec<PathBuf>> = Vec::new();
        let folders = self.roots.iter().map(Some).chain([None]);
        let files = folders.filter_map(|r| {
            Self::house_kb_files(r, self.folder_config(r).knowledge_base.as_deref())
        });
        for paths in files {
            if !self.house_kbs.contains_key(&paths) && !missing.contains(&paths) {
                missing.push(paths);
            }
        }
        missing
    }

    /// A file changed on disk: forgets every knowledge base made with it, so that it is read
    /// again. Returns whether it was one.
    pub fn forget_house_kb_file(&mut self, path: &Path) -> bool {
        let before = self.house_kbs.len();
        self.house_kbs
            .retain(|files, _| !files.iter().any(|f| f == path));
        self.house_kbs.len() != before
    }

    /// Just the debounce, for the keystroke path (no settings to build).
    pub fn debounce_ms(&self, path: Option<&Path>) -> u64 {
        self.effective(path)
            .debounce_ms()
            .unwrap_or(DEFAULT_DEBOUNCE_MS)
    }

    pub fn resolve(&self, path: Option<&Path>) -> Resolved {
        let config = self.effective(path);
        let mut settings = Settings::from_config(&config);
        // The merged configuration names them: no second merge on the keystroke path.
        settings.house_kb =
            Self::house_kb_files(self.root_of(path), config.knowledge_base.as_deref())
                .and_then(|files| self.house_kbs.get(&files).cloned().flatten());
        Resolved {
            settings,
            max_file_size_kb: config
                .max_file_size_kb()
                .unwrap_or(DEFAULT_MAX_FILE_SIZE_KB),
            debounce_ms: config.debounce_ms().unwrap_or(DEFAULT_DEBOUNCE_MS),
        }
    }
}

/// `path` relative to `root`, `/`-separated (the form `[file_rules]` keys and globs use).
pub fn relative(path: &Path, root: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Reads `root/copydesk.toml`: `Ok(None)` when there is none.
pub fn read_config_file(root: &Path) -> Result<Option<Config>, String> {
    let path = root.join(CONFIG_FILE);
    let meta = match std::fs::metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    // The same limit as the CLI's: junk is refused with a reason, not parsed.
    let limit = crate::engine::settings::MAX_CONFIG_BYTES;
    if meta.len() > limit {
        return Err(format!(
            "{}: {} bytes is too large for a configuration file ({} MiB at most)",
            path.display(),
            meta.len(),
            limit / (1024 * 1024)
        ));
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            return Err(format!("{}: not UTF-8 text", path.display()))
        }
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    Config::from_toml(&text)
        .map(Some)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The `copydesk` section of what an editor sends: either the section itself
/// (`workspace/configuration`) or all settings with the section inside
/// (`didChangeConfiguration` from most clients).
pub fn client_section(value: &Value) -> Value {
    match value.get("copydesk") {
        Some(section) => section.clone(),
        None => value.clone(),
    }
}

/// Parses the editor's settings. Keys editors add on their own (`trace`, which VS Code sends as
/// `copydesk.trace.server`) are not copydesk's and are dropped rather than reported.
pub fn parse_client_settings(value: &Value) -> Result<Config, ConfigError> {
    let mut section = client_section(value);
    if let Some(map) = section.as_object_mut() {
        map.remove("trace");
        // Clients send unset settings as null; they mean "not set".
        map.retain(|_, v| !v.is_null());
    }
    Config::from_json(&section)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::RuleLevel;
    use serde_json::json;

    #[test]
    fn client_settings_merge_over_the_file_and_file_rules_narrow() {
        let mut state = ConfigState {
            roots: vec![PathBuf::from("/ws")],
            ..ConfigState::default()
        };
        let file = Config::from_toml(
            "style = \"reuters\"\n[file_rules.\"a/b.txt\"]\n\"dateline.dash\" = \"off\"\n",
        )
        .expect("valid");
        state.files.insert(PathBuf::from("/ws"), file);
        state.client = parse_client_settings(
            &json!({"copydesk": {"debounceMs": 0, "trace": {"server": "verbose"}, "style": null}}),
        )
        .expect("valid");
        let r = state.resolve(Some(Path::new("/ws/a/b.txt")));
        assert_eq!(r.debounce_ms, 0);
        assert_eq!(r.settings.style, crate::engine::Style::Reuters);
        assert_eq!(r.settings.rule_level("dateline.dash"), Some(RuleLevel::Off));
        let other = state.resolve(Some(Path::new("/ws/c.txt")));
        assert_eq!(other.settings.rule_level("dateline.dash"), None);
        assert_eq!(other.max_file_size_kb, DEFAULT_MAX_FILE_SIZE_KB);
        assert!(parse_client_settings(&json!({"colour": 1})).is_err());
    }
}
