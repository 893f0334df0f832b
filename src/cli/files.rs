//! Finding article files and the configuration that governs each, and reading them safely.

use crate::engine::settings::Config;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "copydesk.toml";
pub use crate::engine::settings::DEFAULT_INCLUDE;
pub use crate::engine::settings::DEFAULT_MAX_FILE_SIZE_KB;

/// A configuration file that was read and parsed, with where it lives.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub path: Option<PathBuf>,
    pub config: Config,
}

impl LoadedConfig {
    /// Relative paths in the config (knowledge-base files, globs) are relative to its folder.
    pub fn base_dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }
}

/// Reads and parses a config file; the error is one line naming the file, key and line.
pub fn load_config(path: &Path) -> Result<Config, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.len() > crate::engine::settings::MAX_CONFIG_BYTES {
        return Err(format!(
            "{}: {} bytes is too large for a configuration file (1 MiB at most)",
            path.display(),
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))?;
    Config::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Finds the copydesk.toml that governs a file by walking up from its folder, caching folders.
#[derive(Default)]
pub struct ConfigResolver {
    fixed: Option<Result<LoadedConfig, String>>,
    cache: HashMap<PathBuf, Result<LoadedConfig, String>>,
}

impl ConfigResolver {
    /// With `--config FILE`, that file governs every article.
    pub fn new(explicit: Option<&Path>) -> ConfigResolver {
        ConfigResolver {
            fixed: explicit.map(|p| {
                load_config(p).map(|config| LoadedConfig {
                    path: Some(p.to_path_buf()),
                    config,
                })
            }),
            cache: HashMap::new(),
        }
    }

    pub fn for_file(&mut self, file: &Path) -> Result<LoadedConfig, String> {
        if let Some(fixed) = &self.fixed {
            return fixed.clone();
        }
        let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        self.for_dir(&dir)
    }

    fn for_dir(&mut self, dir: &Path) -> Result<LoadedConfig, String> {
        if let Some(hit) = self.cache.get(dir) {
            return hit.clone();
        }
        let candidate = dir.join(CONFIG_FILE);
        let result = if candidate.is_file() {
            load_config(&candidate).map(|config| LoadedConfig {
                path: Some(candidate),
                config,
            })
        } else if let Some(parent) = dir.parent() {
            self.for_dir(parent)
        } else {
            Ok(LoadedConfig {
                path: None,
                config: Config::default(),
            })
        };
        self.cache.insert(dir.to_path_buf(), result.clone());
        result
    }
}

/// Which files in a walked folder are articles.
pub fn include_set(config: &Config) -> Result<(GlobSet, GlobSet), String> {
    let build = |globs: &[String]| -> Result<GlobSet, String> {
        let mut b = GlobSetBuilder::new();
        for g in globs {
            // A bare pattern like `*.txt` matches in any folder.
            let pattern = if g.contains('/') {
                g.clone()
            } else {
                format!("**/{g}")
            };
            b.add(Glob::new(&pattern).map_err(|e| format!("bad glob `{g}`: {e}"))?);
        }
        b.build().map_err(|e| e.to_string())
    };
    Ok((
        build(&config.include_globs())?,
        build(&config.exclude_globs())?,
    ))
}

/// The article files under `root` (a file is returned as itself), honouring .gitignore.
pub fn walk(root: &Path, config: &Config) -> Result<Vec<PathBuf>, String> {
    if root.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    if !root.exists() {
        return Err(format!("{}: no such file or directory", root.display()));
    }
    let (include, exclude) = include_set(config)?;
    let mut out = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let rel = path.strip_prefix(root).unwrap_or(path);
        if include.is_match(rel) && !exclude.is_match(rel) {
            out.push(path.to_path_buf());
        }
    }
    out.sort();
    Ok(out)
}

/// Why a file could not be read as an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Io(String),
    NotText(String),
    TooLarge { bytes: u64, limit_kb: u64 },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => f.write_str(e),
            ReadError::NotText(e) => f.write_str(e),
            ReadError::TooLarge { bytes, limit_kb } => write!(
                f,
                "skipped: {:.1} MB is over the {} KB limit (files.max_file_size_kb in copydesk.toml)",
                *bytes as f64 / 1e6,
                limit_kb
            ),
        }
    }
}

/// Reads an article: UTF-8 text only (a BOM is fine), within the size limit.
pub fn read_article(path: &Path, limit_kb: u64) -> Result<String, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    if meta.len() > limit_kb.saturating_mul(1024) {
        return Err(ReadError::TooLarge {
            bytes: meta.len(),
            limit_kb,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io(e.to_string()))?;
    decode_article(bytes)
}

/// Accepts UTF-8 text; rejects binary files and other encodings with a reason.
pub fn decode_article(bytes: Vec<u8>) -> Result<String, ReadError> {
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Err(ReadError::NotText(
            "not a text file (it contains NUL bytes)".into(),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        ReadError::NotText(format!(
            "not UTF-8 text (invalid byte at offset {}); convert it to UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_latin1_are_rejected_with_reasons() {
        assert!(matches!(
            decode_article(vec![0, 1, 2]),
            Err(ReadError::NotText(m)) if m.contains("NUL")
        ));
        assert!(matches!(
            decode_article(b"caf\xe9".to_vec()),
            Err(ReadError::NotText(m)) if m.contains("offset 3")
        ));
        assert_eq!(decode_article("é".into()).unwrap(), "é");
    }

    #[test]
    fn walk_honours_globs_and_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.txt"), "x").unwrap();
        std::fs::write(root.join("b.md"), "x").unwrap();
        std::fs::write(root.join("c.rs"), "x").unwrap();
        std::fs::create_dir(root.join("drafts")).unwrap();
        std::fs::write(root.join("drafts/d.txt"), "x").unwrap();
        std::fs::write(root.join(".gitignore"), "drafts/\n").unwrap();
        let found = walk(root, &Config::default()).unwrap();
        let names: Vec<_> = found
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
            .collect();
        assert_eq!(names, vec!["a.txt", "b.md"]);
    }

    #[test]
    fn config_is_found_by_walking_up() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join(CONFIG_FILE), "style = \"reuters\"\n").unwrap();
        std::fs::create_dir_all(root.join("x/y")).unwrap();
        let mut r = ConfigResolver::new(None);
        let c = r.for_file(&root.join("x/y/story.txt")).unwrap();
        assert_eq!(c.config.style, Some(crate::engine::Style::Reuters));
        assert_eq!(c.path.unwrap(), root.join(CONFIG_FILE));
    }
}
