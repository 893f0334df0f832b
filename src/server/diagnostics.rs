//! Checking documents and delivering diagnostics: debounced, off the message loop, and never for
//! a stale version.

use super::config::Resolved;
use super::convert::{self, Converter, SOURCE};
use super::documents::{Checked, DocumentStore};
use super::{lock, Backend};
use crate::engine::names::{cross_article_findings, PeopleIndex};
use crate::engine::{analyze, Format, Span};
use crate::lines::Encoding;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;
use tower_lsp::lsp_types::*;

/// How long a `workspace/diagnostic` request waits for news before answering anyway.
const LONG_POLL: Duration = Duration::from_secs(120);

/// A check's result id for pull diagnostics: its generation, unique for the server's life.
fn result_id(checked: &Checked) -> String {
    checked.generation.to_string()
}

fn full_report(
    uri: Url,
    version: Option<i64>,
    result_id: Option<String>,
    items: &[Diagnostic],
) -> WorkspaceDocumentDiagnosticReport {
    WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
        uri,
        version,
        full_document_diagnostic_report: FullDocumentDiagnosticReport {
            result_id,
            items: items.to_vec(),
        },
    })
}

/// What `compute` needs of the workspace: the people index (updated with this article) and the
/// other documents' texts, to place findings that point into them.
pub(crate) struct Workspace<'a> {
    pub people: &'a Mutex<PeopleIndex>,
    pub docs: &'a Mutex<DocumentStore>,
}

impl Workspace<'_> {
    /// Where a span of another article is, from that article's last checked text.
    fn locate(&self, label: &str, span: Span, enc: Encoding) -> Option<Location> {
        let uri = Url::parse(label).ok()?;
        let checked = lock(self.docs).get(&uri)?.current_check()?;
        let range = Converter::new(&checked.text, enc).range(span);
        Some(Location::new(uri, range))
    }
}

/// Checks one snapshot of a text. Blocking: runs on the blocking pool.
#[allow(clippy::too_many_arguments)]
pub(crate) fn compute(
    uri: &Url,
    text: String,
    version: Option<i32>,
    generation: u64,
    format: Format,
    resolved: Resolved,
    enc: Encoding,
    workspace: &Workspace<'_>,
) -> Checked {
    let limit = resolved.max_file_size_kb.saturating_mul(1024);
    if text.len() as u64 > limit {
        let diagnostics = vec![too_large(text.len() as u64, resolved.max_file_size_kb)];
        return Checked {
            generation,
            version,
            text,
            analysis: None,
            settings: resolved.settings,
            diagnostics,
        };
    }
    let mut analysis = analyze(&text, format, &resolved.settings);
    // A person spelled here unlike in the workspace's other articles. The index is keyed by
    // URI, the label `Related.path` carries back.
    let cross = {
        let mut people = lock(workspace.people);
        people.insert(uri.as_str(), &analysis);
        cross_article_findings(uri.as_str(), &analysis, &people, &resolved.settings)
    };
    if !cross.is_empty() {
        analysis.findings.extend(cross);
        analysis.findings.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
        });
    }
    let conv = Converter::new(&text, enc);
    let locate = |label: &str, span: Span| workspace.locate(label, span, enc);
    let diagnostics = analysis
        .findings
        .iter()
        .map(|f| convert::diagnostic_in(f, &conv, uri, &locate))
        .collect();
    Checked {
        generation,
        version,
        text,
        analysis: Some(analysis),
        settings: resolved.settings,
        diagnostics,
    }
}

/// The visible note on a file too large to check (rather than silence).
pub(crate) fn too_large(bytes: u64, limit_kb: u64) -> Diagnostic {
    Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::INFORMATION),
        source: Some(SOURCE.to_string()),
        message: format!(
            "copydesk did not check this file: it is {} KB, over the limit of {limit_kb} KB \
             (raise `copydesk.maxFileSizeKb` or `[files] max_file_size_kb` in copydesk.toml)",
            bytes.div_ceil(1024)
        ),
        ..Default::default()
    }
}

impl Backend {
    pub(crate) fn is_current(&self, uri: &Url, generation: u64) -> bool {
        lock(&self.shared.docs)
            .get(uri)
            .is_some_and(|d| d.generation == generation)
    }

    /// Checks `uri` at `generation` after `delay_ms` (unless a newer change comes first) and
    /// publishes the result.
    pub(crate) fn schedule(&self, uri: Url, generation: u64, delay_ms: u64) {
        let this = self.clone();
        tokio::spawn(async move {
            if delay_ms > 0 {
                tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            }
            // A newer change scheduled its own check: this one would only be thrown away.
            if this.is_current(&uri, generation) {
                this.check_and_publish(uri, generation).await;
            }
        });
    }

    /// Checks the document as it is at `generation`; `None` if it has moved on meanwhile.
    pub(crate) async fn check(&self, uri: &Url, generation: u64) -> Option<Arc<Checked>> {
        let (text, version, language_id) = {
            let docs = lock(&self.shared.docs);
            let doc = docs.get(uri).filter(|d| d.generation == generation)?;
            if let Some(checked) = doc.current_check() {
                return Some(checked);
            }
            (doc.text(), doc.version, doc.language_id.clone())
        };
        let path = uri.to_file_path().ok();
        let resolved = lock(&self.shared.config).resolve(path.as_deref());
        let enc = self.caps().encoding;
        let format = Self::format_for(uri, &language_id);
        let for_task = uri.clone();
        let shared = self.shared.clone();
        let checked = tokio::task::spawn_blocking(move || {
            let workspace = Workspace {
                people: &shared.people,
                docs: &shared.docs,
            };
            compute(
                &for_task, text, version, generation, format, resolved, enc, &workspace,
            )
        })
        .await
        .ok()?;
        for failure in checked.analysis.iter().flat_map(|a| a.failures.iter()) {
            self.log(
                MessageType::WARNING,
                format!(
                    "{uri}: the `{}` check failed on this text and was skipped: {}",
                    failure.check, failure.message
                ),
            )
            .await;
        }
        let checked = Arc::new(checked);
        let stored = lock(&self.shared.docs).store_check(uri, checked.clone());
        if stored {
            self.shared.changed.notify_waiters();
        }
        stored.then_some(checked)
    }

    /// The current check of a document, computing it if needed (for hover, actions, pulls).
    pub(crate) async fn current_check(&self, uri: &Url) -> Option<Arc<Checked>> {
        // A burst of edits can overtake a check; a few tries settle on the newest text.
        for _ in 0..5 {
            let generation = {
                let docs = lock(&self.shared.docs);
                let doc = docs.get(uri)?;
                if let Some(checked) = doc.current_check() {
                    return Some(checked);
                }
                doc.generation
            };
            if let Some(checked) = self.check(uri, generation).await {
                return Some(checked);
            }
        }
        None
    }

    pub(crate) async fn check_and_publish(&self, uri: Url, generation: u64) {
        let Some(checked) = self.check(&uri, generation).await else {
            return;
        };
        if self.caps().pull {
            return;
        }
        let _guard = self.shared.publish.lock().await;
        if !self.is_current(&uri, generation) {
            return;
        }
        self.client
            .publish_diagnostics(uri, checked.diagnostics.clone(), checked.version)
            .await;
    }

    /// Clears a document's diagnostics, unless it came back meanwhile.
    pub(crate) async fn publish_cleared(&self, uri: Url) {
        lock(&self.shared.people).remove(uri.as_str());
        self.shared.changed.notify_waiters();
        if self.caps().pull {
            return;
        }
        let _guard = self.shared.publish.lock().await;
        if lock(&self.shared.docs).get(&uri).is_some() {
            return;
        }
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    /// A file on disk too large to read: say so where the user will see it.
    pub(crate) async fn publish_too_large(&self, uri: Url, bytes: u64, limit_kb: u64) {
        self.log(
            MessageType::INFO,
            format!("{uri}: not checked, {bytes} bytes is over the limit of {limit_kb} KB"),
        )
        .await;
        if self.caps().pull {
            return;
        }
        let _guard = self.shared.publish.lock().await;
        if lock(&self.shared.docs).is_open(&uri) {
            return;
        }
        self.client
            .publish_diagnostics(uri, vec![too_large(bytes, limit_kb)], None)
            .await;
    }

    pub(crate) async fn pull_document(
        &self,
        uri: Url,
        previous: Option<String>,
    ) -> DocumentDiagnosticReportResult {
        let report = match self.current_check(&uri).await {
            Some(checked) if previous.as_deref() == Some(&result_id(&checked)) => {
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id: result_id(&checked),
                    },
                })
            }
            checked => DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: checked.as_deref().map(result_id),
                    items: checked.map(|c| c.diagnostics.clone()).unwrap_or_default(),
                },
            }),
        };
        DocumentDiagnosticReportResult::Report(report)
    }

    /// `workspace/diagnostic`. With result ids from the client and nothing new since, the
    /// request is held until something changes (a long poll, as the spec suggests), so a
    /// client that asks again at once does not spin.
    pub(crate) async fn pull_workspace(
        &self,
        previous: Vec<PreviousResultId>,
    ) -> WorkspaceDiagnosticReportResult {
        let previous: HashMap<Url, String> =
            previous.into_iter().map(|p| (p.uri, p.value)).collect();
        loop {
            let changed = self.shared.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let uris = lock(&self.shared.docs).uris();
            let mut news = previous.is_empty();
            let mut items = Vec::new();
            for uri in &uris {
                let Some(checked) = self.current_check(uri).await else {
                    continue;
                };
                let id = result_id(&checked);
                let version = checked.version.map(i64::from);
                if previous.get(uri) == Some(&id) {
                    items.push(WorkspaceDocumentDiagnosticReport::Unchanged(
                        WorkspaceUnchangedDocumentDiagnosticReport {
                            uri: uri.clone(),
                            version,
                            unchanged_document_diagnostic_report:
                                UnchangedDocumentDiagnosticReport { result_id: id },
                        },
                    ));
                } else {
                    news = true;
                    items.push(full_report(
                        uri.clone(),
                        version,
                        Some(id),
                        &checked.diagnostics,
                    ));
                }
            }
            // Documents gone since the client's last report: an empty report clears them.
            for uri in previous.keys().filter(|u| !uris.contains(u)) {
                news = true;
                items.push(full_report(uri.clone(), None, None, &[]));
            }
            if news {
                return WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport {
                    items,
                });
            }
            let _ = tokio::time::timeout(LONG_POLL, changed).await;
        }
    }

    /// Settings changed: every document is checked again (pushed, or the client told to pull).
    pub(crate) async fn recheck_all(&self) {
        let bumped = lock(&self.shared.docs).bump_all();
        for (uri, generation) in bumped {
            self.schedule(uri, generation, 0);
        }
        self.refresh_pulled().await;
    }

    /// Tells a pulling client that diagnostics changed without an edit of its own.
    pub(crate) async fn refresh_pulled(&self) {
        let caps = self.caps();
        if caps.pull && caps.pull_refresh {
            if let Err(e) = self.client.workspace_diagnostic_refresh().await {
                self.log(MessageType::LOG, format!("diagnostic refresh failed: {e}"))
                    .await;
            }
        }
    }
}
