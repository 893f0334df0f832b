//! The workspace: finding article files (config globs, `.gitignore` honoured), following them
//! on disk through watched-file events, and live configuration from copydesk.toml and the
//! editor.

use super::config::{self, ConfigState, CONFIG_FILE};
use super::{lock, Backend};
use crate::engine::Config;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tower_lsp::lsp_types::notification::Progress;
use tower_lsp::lsp_types::request::WorkDoneProgressCreate;
use tower_lsp::lsp_types::*;

/// A workspace with more article files than this is scanned only this far (with a message).
pub const MAX_SCANNED_FILES: usize = 20_000;

fn glob_set(globs: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        // Globs were validated when the config was parsed; a bad one is skipped, not fatal.
        if let Ok(glob) = Glob::new(g) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Which files of a folder are articles, by its configuration.
pub struct ArticleFilter {
    include: GlobSet,
    exclude: GlobSet,
}

impl ArticleFilter {
    pub fn new(config: &Config) -> Self {
        ArticleFilter {
            include: glob_set(&config.include_globs()),
            exclude: glob_set(&config.exclude_globs()),
        }
    }

    /// `rel` is `/`-separated and relative to the folder.
    pub fn matches(&self, rel: &str) -> bool {
        !rel.ends_with(CONFIG_FILE) && self.include.is_match(rel) && !self.exclude.is_match(rel)
    }
}

/// Article files under `root`, `.gitignore` (and `.ignore`) honoured even outside a git
/// repository, hidden files skipped.
pub fn find_articles(root: &Path, filter: &ArticleFilter, limit: usize) -> (Vec<PathBuf>, bool) {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(root).require_git(false).build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.into_path();
        let Some(rel) = config::relative(&path, root) else {
            continue;
        };
        if filter.matches(&rel) {
            if found.len() >= limit {
                return (found, true);
            }
            found.push(path);
        }
    }
    (found, false)
}

/// How long the server waits for the client to answer one of its requests.
const CLIENT_ANSWER: Duration = Duration::from_secs(10);

/// A request to the client, given up after [`CLIENT_ANSWER`]: a client that never answers must
/// not stall the workspace scan behind it.
async fn answered<T>(
    request: impl std::future::Future<Output = tower_lsp::jsonrpc::Result<T>>,
) -> Result<T, String> {
    match tokio::time::timeout(CLIENT_ANSWER, request).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {CLIENT_ANSWER:?}")),
    }
}

/// What reading an article from disk gave.
enum DiskRead {
    Text(String),
    TooLarge(u64, u64),
    Gone,
}

fn read_article(path: &Path, limit_kb: u64) -> DiskRead {
    let Ok(meta) = std::fs::metadata(path) else {
        return DiskRead::Gone;
    };
    // Only regular files: a message naming /dev/zero or a FIFO must not make the server read
    // forever.
    if !meta.is_file() {
        return DiskRead::Gone;
    }
    let limit = limit_kb.saturating_mul(1024);
    if meta.len() > limit {
        return DiskRead::TooLarge(meta.len(), limit_kb);
    }
    let Ok(file) = std::fs::File::open(path) else {
        return DiskRead::Gone;
    };
    // The file may grow between the size check and the read: read no more than the limit.
    let mut bytes = Vec::new();
    if std::io::Read::read_to_end(&mut std::io::Read::take(file, limit + 1), &mut bytes).is_err() {
        return DiskRead::Gone;
    }
    if bytes.len() as u64 > limit {
        return DiskRead::TooLarge(bytes.len() as u64, limit_kb);
    }
    // Copy is text; a stray invalid byte must not hide the whole file.
    DiskRead::Text(String::from_utf8_lossy(&bytes).into_owned())
}

impl ConfigState {
    /// Whether `path` is an article of one of the workspace folders.
    pub fn is_workspace_article(&self, path: &Path) -> bool {
        let Some(root) = self.root_for(path) else {
            return false;
        };
        let Some(rel) = config::relative(path, root) else {
            return false;
        };
        ArticleFilter::new(&self.effective(Some(path))).matches(&rel)
    }
}

impl Backend {
    async fn progress(&self, token: &NumberOrString, value: WorkDoneProgress) {
        self.client
            .send_notification::<Progress>(ProgressParams {
                token: token.clone(),
                value: ProgressParamsValue::WorkDone(value),
            })
            .await;
    }

    /// Reads one article from disk into the store (unless open) and checks it.
    async fn load_from_disk(&self, uri: Url, path: PathBuf) {
        let limit_kb = lock(&self.shared.config)
            .resolve(Some(&path))
            .max_file_size_kb;
        let read = tokio::task::spawn_blocking(move || read_article(&path, limit_kb)).await;
        match read {
            Ok(DiskRead::Text(text)) => {
                let generation = lock(&self.shared.docs).set_disk(uri.clone(), &text);
                if let Some(generation) = generation {
                    self.check_and_publish(uri, generation).await;
                }
            }
            Ok(DiskRead::TooLarge(bytes, limit)) => {
                lock(&self.shared.docs).remove_disk(&uri);
                self.publish_too_large(uri, bytes, limit).await;
            }
            Ok(DiskRead::Gone) | Err(_) => {
                // Cleared even when the store no longer had it: a document closed after its
                // file was deleted is gone from the store already, and its diagnostics must
                // not stay on screen. (`publish_cleared` leaves a document still open alone.)
                lock(&self.shared.docs).remove_disk(&uri);
                self.publish_cleared(uri).await;
            }
        }
    }

    /// On `initialized`: every article of every folder is read and checked, with progress.
    pub(crate) async fn scan_workspace(&self) {
        let roots = lock(&self.shared.config).roots.clone();
        if roots.is_empty() {
            return;
        }
        let token = NumberOrString::String("copydesk/scan".to_string());
        let progress = self.caps().progress
            && answered(self.client.send_request::<WorkDoneProgressCreate>(
                WorkDoneProgressCreateParams {
                    token: token.clone(),
                },
            ))
            .await
            .is_ok();
        if progress {
            self.progress(
                &token,
                WorkDoneProgress::Begin(WorkDoneProgressBegin {
                    title: "copydesk".to_string(),
                    cancellable: Some(false),
                    message: Some("finding articles".to_string()),
                    percentage: Some(0),
                }),
            )
            .await;
        }
        let mut files = Vec::new();
        for root in roots {
            let filter = ArticleFilter::new(&lock(&self.shared.config).effective(Some(&root)));
            let for_task = root.clone();
            let found = tokio::task::spawn_blocking(move || {
                find_articles(&for_task, &filter, MAX_SCANNED_FILES)
            })
            .await;
            if let Ok((found, truncated)) = found {
                if truncated {
                    let message = format!(
                        "copydesk: {} has more than {MAX_SCANNED_FILES} article files; only the first {MAX_SCANNED_FILES} are checked (narrow `[files] include` in copydesk.toml)",
                        root.display()
                    );
                    self.client
                        .show_message(MessageType::WARNING, &message)
                        .await;
                }
                files.extend(found);
            }
        }
        let total = files.len();
        for (i, path) in files.into_iter().enumerate() {
            let Ok(uri) = Url::from_file_path(&path) else {
                continue;
            };
            if lock(&self.shared.docs).get(&uri).is_some() {
                continue;
            }
            self.load_from_disk(uri, path).await;
            if progress && (i % 10 == 9 || i + 1 == total) {
                let done = i + 1;
                self.progress(
                    &token,
                    WorkDoneProgress::Report(WorkDoneProgressReport {
                        cancellable: Some(false),
                        message: Some(format!("{done}/{total} articles")),
                        percentage: u32::try_from(done * 100 / total.max(1)).ok(),
                    }),
                )
                .await;
            }
        }
        if progress {
            self.progress(
                &token,
                WorkDoneProgress::End(WorkDoneProgressEnd {
                    message: Some(format!("checked {total} articles")),
                }),
            )
            .await;
        }
        self.log(
            MessageType::INFO,
            format!("workspace scan: {total} article files"),
        )
        .await;
    }

    /// Asks the client to tell us about article files and copydesk.toml changing on disk.
    pub(crate) async fn register_watchers(&self) {
        let mut globs = lock(&self.shared.config).effective(None).include_globs();
        // copydesk.toml and house knowledge bases (TOML too) inside the workspace.
        globs.push("**/*.toml".to_string());
        let watchers = globs
            .into_iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "copydesk-watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = answered(self.client.register_capability(vec![registration])).await {
            self.log(
                MessageType::WARNING,
                format!("could not watch files ({e}); changes on disk need a restart"),
            )
            .await;
        }
    }

    pub(crate) async fn watched_files_changed(&self, changes: Vec<FileEvent>) {
        let mut config_changed = false;
        for change in changes {
            let Ok(path) = change.uri.to_file_path() else {
                continue;
            };
            if path.file_name().is_some_and(|n| n == CONFIG_FILE) {
                config_changed |= self.reload_config_file(&path).await;
                continue;
            }
            if lock(&self.shared.config).forget_house_kb_file(&path) {
                config_changed = true;
                continue;
            }
            let is_article = lock(&self.shared.config).is_workspace_article(&path);
            let known = lock(&self.shared.docs).get(&change.uri).is_some();
            if !is_article && !known {
                continue;
            }
            // The editor's text wins while the file is open; `load_from_disk` leaves it alone.
            if change.typ == FileChangeType::DELETED {
                if lock(&self.shared.docs).remove_disk(&change.uri) {
                    self.publish_cleared(change.uri).await;
                }
            } else {
                self.load_from_disk(change.uri, path).await;
            }
        }
        if config_changed {
            self.load_house_kbs().await;
            self.recheck_all().await;
        } else {
            self.refresh_pulled().await;
        }
    }

    /// Reads the house knowledge bases the configuration names and has not loaded yet (off the
    /// async threads). A file that cannot be read is shown; the articles are then checked with
    /// the files that did load. Returns whether anything was loaded.
    pub(crate) async fn load_house_kbs(&self) -> bool {
        let wanted = lock(&self.shared.config).missing_house_kbs();
        if wanted.is_empty() {
            return false;
        }
        let read = tokio::task::spawn_blocking(move || {
            wanted
                .into_iter()
                .map(|files| {
                    let (kb, errors) = crate::kb::files::load_house_kb(&files);
                    (files, kb, errors)
                })
                .collect::<Vec<_>>()
        })
        .await;
        let Ok(read) = read else {
            return false;
        };
        for (files, kb, errors) in read {
            for e in errors {
                self.client
                    .show_message(
                        MessageType::ERROR,
                        format!("copydesk: knowledge base {e} (checking without it)"),
                    )
                    .await;
            }
            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            self.log(
                MessageType::INFO,
                format!("knowledge base: {}", names.join(", ")),
            )
            .await;
            lock(&self.shared.config).house_kbs.insert(files, kb);
        }
        true
    }

    /// Re-reads a copydesk.toml of a workspace folder. Returns whether the configuration
    /// changed; a bad file is shown and the last good one stays in force.
    async fn reload_config_file(&self, path: &Path) -> bool {
        let Some(root) = path.parent().map(Path::to_path_buf) else {
            return false;
        };
        if !lock(&self.shared.config).roots.contains(&root) {
            return false;
        }
        let for_task = root.clone();
        let read = tokio::task::spawn_blocking(move || config::read_config_file(&for_task)).await;
        match read {
            Ok(Ok(new)) => {
                let changed = {
                    let mut state = lock(&self.shared.config);
                    let changed = state.files.get(&root) != new.as_ref();
                    match new {
                        Some(c) => state.files.insert(root, c),
                        None => state.files.remove(&root),
                    };
                    changed
                };
                self.log(MessageType::INFO, format!("reloaded {}", path.display()))
                    .await;
                changed
            }
            Ok(Err(message)) => {
                self.client
                    .show_message(
                        MessageType::ERROR,
                        format!("copydesk: {message} (the last good settings stay in force)"),
                    )
                    .await;
                false
            }
            Err(_) => false,
        }
    }

    /// Asks the client for the `copydesk` settings section.
    pub(crate) async fn pull_configuration(&self, recheck: bool) {
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("copydesk".to_string()),
        }];
        match answered(self.client.configuration(items)).await {
            Ok(values) => {
                let value = values.into_iter().next().unwrap_or_default();
                self.apply_client_settings(&value, recheck).await;
            }
            Err(e) => {
                self.log(
                    MessageType::WARNING,
                    format!("workspace/configuration failed: {e}"),
                )
                .await;
            }
        }
    }

    /// New editor settings: parsed whole, applied whole, or reported and ignored.
    pub(crate) async fn apply_client_settings(&self, value: &serde_json::Value, recheck: bool) {
        match config::parse_client_settings(value) {
            Ok(new) => {
                let changed = {
                    let mut state = lock(&self.shared.config);
                    let changed = state.client != new;
                    state.client = new;
                    changed
                };
                if changed && recheck {
                    self.load_house_kbs().await;
                    self.log(MessageType::INFO, "settings changed: checking again")
                        .await;
                    self.recheck_all().await;
                }
            }
            Err(e) => {
                self.client
                    .show_message(
                        MessageType::ERROR,
                        format!(
                            "copydesk: bad setting: {e} (the last good settings stay in force)"
                        ),
                    )
                    .await;
            }
        }
    }

    /// After `didClose`: the disk takes over for a workspace article; otherwise its
    /// diagnostics go away with it.
    pub(crate) async fn revert_to_disk(&self, uri: Url) {
        let path = uri.to_file_path().ok();
        let is_article = path
            .as_deref()
            .is_some_and(|p| lock(&self.shared.config).is_workspace_article(p));
        match path {
            Some(path) if is_article => self.load_from_disk(uri, path).await,
            _ => self.publish_cleared(uri).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read_and_never_past_the_limit() {
        // A device reports no size and never ends: it must not be read at all.
        assert!(matches!(
            read_article(Path::new("/dev/zero"), 1),
            DiskRead::Gone
        ));
        let dir = tempfile::tempdir().expect("tempdir");
        let big = dir.path().join("big.txt");
        std::fs::write(&big, vec![b'a'; 3000]).expect("write");
        assert!(matches!(read_article(&big, 2), DiskRead::TooLarge(3000, 2)));
        assert!(matches!(read_article(&big, 3), DiskRead::Text(t) if t.len() == 3000));
        assert!(matches!(
            read_article(&dir.path().join("gone.txt"), 3),
            DiskRead::Gone
        ));
    }
}
