//! Checking documents and delivering diagnostics: debounced, off the message loop, and never for
//! a stale version.

use super::config::Resolved;
use super::convert::{self, Converter, SOURCE};
use super::documents::{Checked, DocumentStore};
use super::output::{self, Body};
use super::{lock, Backend, Shared};
use crate::engine::names::{cross_article_findings, PeopleIndex};
use crate::engine::{Analyzer, Check, CheckFailure, Format, Span};
use crate::lines::{Encoding, LineIndex};
use ropey::Rope;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
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
    items: Vec<Diagnostic>,
) -> WorkspaceDocumentDiagnosticReport {
    WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
        uri,
        version,
        full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
    })
}

/// What `compute` needs of the workspace: the people index (updated with this article) and the
/// other documents' texts, to place findings that point into them.
pub(crate) struct Workspace<'a> {
    pub people: &'a Mutex<PeopleIndex>,
    pub docs: &'a Mutex<DocumentStore>,
}

impl<'a> Workspace<'a> {
    pub(crate) fn of(shared: &'a Shared) -> Self {
        Workspace {
            people: &shared.people,
            docs: &shared.docs,
        }
    }
}

impl Workspace<'_> {
    /// The diagnostics of a check (for a pull: a publish writes them as JSON directly).
    pub(crate) fn diagnostics(
        &self,
        uri: &Url,
        checked: &Checked,
        enc: Encoding,
    ) -> Vec<Diagnostic> {
        let conv = Converter::of(checked, enc);
        let locate = |label: &str, span: Span| self.locate(label, span, enc);
        let found = checked
            .findings()
            .iter()
            .map(|f| convert::diagnostic_in(f, &conv, uri, &locate));
        checked.notes.iter().cloned().chain(found).collect()
    }

    /// The `publishDiagnostics` message of a check, its diagnostics written as they are made
    /// from the findings. Blocking: run on the blocking pool.
    pub(crate) fn publish_body(&self, uri: &Url, checked: &Checked, enc: Encoding) -> Body {
        if checked.analysis.is_none() {
            return output::publish_body(uri, &checked.notes, checked.version).into();
        }
        let conv = Converter::of(checked, enc);
        let locate = |label: &str, span: Span| self.locate(label, span, enc);
        let diagnostics = convert::DiagnosticsJson {
            findings: checked.findings(),
            conv: &conv,
            uri,
            locate: &locate,
        };
        match diagnostics.pieces() {
            Ok(pieces) => output::publish_pieces(uri, pieces, checked.version),
            // Serializing strings and numbers into memory does not fail; should it ever, the
            // message is an empty array of diagnostics.
            Err(_) => output::publish_body::<[Diagnostic]>(uri, &[], checked.version).into(),
        }
    }

    /// Whether `generation` is still the document's.
    fn is_current(&self, uri: &Url, generation: u64) -> bool {
        lock(self.docs)
            .get(uri)
            .is_some_and(|d| d.generation == generation)
    }

    /// Where a span of another article is, from that article's last checked text.
    pub(crate) fn locate(&self, label: &str, span: Span, enc: Encoding) -> Option<Location> {
        let uri = Url::parse(label).ok()?;
        let checked = lock(self.docs).get(&uri)?.current_check()?;
        let range = Converter::of(&checked, enc).range(span);
        Some(Location::new(uri, range))
    }
}

/// Checks one snapshot of a text with the document's analyzer and `checks`. Blocking: runs on
/// the blocking pool, so the copy out of the rope happens there too, not on the message loop.
#[allow(clippy::too_many_arguments)] // one snapshot's worth of inputs, named at the call site
pub(crate) fn compute(
    uri: &Url,
    rope: Rope,
    analyzer: &Mutex<Analyzer>,
    version: Option<i32>,
    generation: u64,
    format: Format,
    resolved: Resolved,
    checks: &[&dyn Check],
    workspace: &Workspace<'_>,
) -> Option<Checked> {
    let limit = resolved.max_file_size_kb.saturating_mul(1024);
    if rope.len_bytes() as u64 > limit {
        let notes = vec![too_large(
            rope.len_bytes() as u64,
            resolved.max_file_size_kb,
        )];
        let text = String::from(&rope);
        return Some(Checked {
            generation,
            version,
            lines: LineIndex::new(&text),
            unchecked_text: text,
            analysis: None,
            settings: resolved.settings,
            notes,
        });
    }
    // A panic inside the analyzer is caught there; a poisoned lock still holds a usable
    // analyzer (it clears its cache after a panic), so take it rather than fail the check.
    let mut analysis = {
        let mut analyzer = analyzer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Checks of one document wait here for each other. One that an edit overtook
        // meanwhile would only be thrown away: it is not run, and its copy of the text is not
        // made (checks waiting their turn held one each).
        if !workspace.is_current(uri, generation) {
            return None;
        }
        let text = String::from(&rope);
        drop(rope);
        // Moved in: the analysis keeps this copy as its text rather than making another.
        analyzer.analyze_owned_with_checks(text, format, &resolved.settings, checks)
    };
    // A person spelled here unlike in the workspace's other articles. The index is keyed by
    // URI, the label `Related.path` carries back. This is the names check's, across articles:
    // left out with it when it failed on this document, and guarded like it.
    if checks.iter().any(|c| c.name() == "names") {
        let cross = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut people = lock(workspace.people);
            people.insert(uri.as_str(), &analysis);
            cross_article_findings(uri.as_str(), &analysis, &people, &resolved.settings)
        }));
        match cross {
            Ok(cross) if !cross.is_empty() => {
                analysis.findings.extend(cross);
                analysis.findings.sort_by(|a, b| {
                    (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
                });
            }
            Ok(_) => {}
            Err(payload) => analysis.failures.push(CheckFailure {
                check: "names".into(),
                message: payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".to_string()),
            }),
        }
    }
    // Kept until the next keystroke for hovers, code actions and the outline, none of which
    // reads tokens: free them now, so two analyses' tokens are never held at once.
    analysis.article.release_tokens();
    let lines = LineIndex::new(&analysis.article.text);
    Some(Checked {
        generation,
        version,
        unchecked_text: String::new(),
        lines,
        analysis: Some(analysis),
        settings: resolved.settings,
        notes: Vec::new(),
    })
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

/// Frees checks on the blocking pool: the analysis of a large article is hundreds of thousands
/// of allocations, milliseconds of `free` that would otherwise hold up the message loop (when
/// an edit retires the last check) or an async worker. A check still shared is only released.
pub(crate) fn free_off_loop(checks: Vec<Arc<Checked>>) {
    let last: Vec<Arc<Checked>> = checks
        .into_iter()
        .filter(|c| Arc::strong_count(c) == 1)
        .collect();
    if !last.is_empty() {
        drop(tokio::task::spawn_blocking(move || drop(last)));
    }
}

impl Backend {
    pub(crate) fn is_current(&self, uri: &Url, generation: u64) -> bool {
        Workspace::of(&self.shared).is_current(uri, generation)
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
        // A rope clone shares its nodes: the lock is held for a pointer copy, not a text copy.
        let (rope, analyzer, version, language_id, checks, retired) = {
            let mut docs = lock(&self.shared.docs);
            let doc = docs.get(uri).filter(|d| d.generation == generation)?;
            if let Some(checked) = doc.current_check() {
                return Some(checked);
            }
            let checks: Vec<&'static dyn Check> = self
                .shared
                .checks
                .iter()
                .copied()
                .filter(|c| !doc.failed_checks.iter().any(|f| f == c.name()))
                .collect();
            let rope = doc.rope.clone();
            let (analyzer, version, language_id) =
                (doc.analyzer.clone(), doc.version, doc.language_id.clone());
            // Checks the edits since made stale go with this one, which frees them first.
            (
                rope,
                analyzer,
                version,
                language_id,
                checks,
                docs.take_retired(),
            )
        };
        let path = uri.to_file_path().ok();
        let resolved = lock(&self.shared.config).resolve(path.as_deref());
        let format = Self::format_for(uri, &language_id);
        let for_task = uri.clone();
        let shared = self.shared.clone();
        let checked = tokio::task::spawn_blocking(move || {
            // Checks the edits since made stale, of a long article, are freed on the
            // analysis's other core while this one parses and walks the paragraphs, which
            // allocate little (freeing the analysis of a 10 MB article takes 20 ms; freeing it
            // beside the whole analysis, on a thread of its own, contended with it for the
            // allocator). A short article's are freed here: waking a thread costs more.
            let long = retired.iter().any(|c| {
                c.analysis
                    .as_ref()
                    .is_some_and(|a| crate::engine::side_by_side(&a.article))
            });
            if long {
                rayon::spawn(move || drop(retired));
            } else {
                drop(retired);
            }
            let workspace = Workspace::of(&shared);
            compute(
                &for_task, rope, &analyzer, version, generation, format, resolved, &checks,
                &workspace,
            )
        })
        .await;
        let checked = match checked {
            Ok(Some(checked)) => checked,
            // Overtaken by an edit before it ran.
            Ok(None) => return None,
            Err(e) => {
                // A panic outside the engine's own guards (converting positions, say): this
                // check is lost, the server is not.
                let message = format!("{uri}: checking failed: {e}");
                eprintln!("copydesk: {message}");
                self.log(MessageType::ERROR, message).await;
                return None;
            }
        };
        for failure in checked.analysis.iter().flat_map(|a| a.failures.iter()) {
            // A check (rule prefix) is turned off for this document only; the parser and the
            // entity recognizer under every check cannot be, and are reported each time.
            let is_check = self.shared.checks.iter().any(|c| c.name() == failure.check);
            let newly_off = is_check && lock(&self.shared.docs).turn_off_check(uri, &failure.check);
            let message = if newly_off {
                format!(
                    "{uri}: internal error in the `{}` check ({}); it is turned off for this document until it is opened again, and the other checks still report",
                    failure.check, failure.message
                )
            } else {
                format!(
                    "{uri}: internal error in `{}` ({}); its findings are left out",
                    failure.check, failure.message
                )
            };
            eprintln!("copydesk: {message}");
            self.log(MessageType::ERROR, message).await;
        }
        let checked = Arc::new(checked);
        let stored = lock(&self.shared.docs).store_check(uri, checked.clone());
        if !stored {
            // The document moved on while this was checked.
            free_off_loop(vec![checked]);
            return None;
        }
        self.shared.changed.notify_waiters();
        Some(checked)
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
        if self.caps().pull || !self.is_current(&uri, generation) {
            free_off_loop(vec![checked]);
            return;
        }
        let Some(outbox) = self.shared.outbox.clone() else {
            let _guard = self.shared.publish.lock().await;
            if self.is_current(&uri, generation) {
                let enc = self.caps().encoding;
                let diagnostics = Workspace::of(&self.shared).diagnostics(&uri, &checked, enc);
                self.client
                    .publish_diagnostics(uri, diagnostics, checked.version)
                    .await;
            }
            return;
        };
        // Serialized on the blocking pool, outside the lock: a newer check need not wait for
        // it, and the message loop never sees the megabyte of JSON of a large article.
        let for_task = uri.clone();
        let shared = self.shared.clone();
        let enc = self.caps().encoding;
        let body = tokio::task::spawn_blocking(move || {
            Workspace::of(&shared).publish_body(&for_task, &checked, enc)
        })
        .await;
        let Ok(body) = body else {
            return;
        };
        let _guard = self.shared.publish.lock().await;
        if self.is_current(&uri, generation) {
            let _ = outbox.send(body).await;
        }
    }

    /// Publishes `diagnostics` (small: a cleared list or one note) under the publish lock
    /// already held by the caller.
    async fn publish_now(&self, uri: Url, diagnostics: Vec<Diagnostic>) {
        match &self.shared.outbox {
            Some(outbox) => {
                let _ = outbox
                    .send(output::publish_body(&uri, &diagnostics, None).into())
                    .await;
            }
            None => {
                self.client
                    .publish_diagnostics(uri, diagnostics, None)
                    .await
            }
        }
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
        self.publish_now(uri, Vec::new()).await;
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
        self.publish_now(uri, vec![too_large(bytes, limit_kb)])
            .await;
    }

    pub(crate) async fn pull_document(
        &self,
        uri: Url,
        previous: Option<String>,
    ) -> DocumentDiagnosticReportResult {
        let enc = self.caps().encoding;
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
                    items: checked
                        .map(|c| Workspace::of(&self.shared).diagnostics(&uri, &c, enc))
                        .unwrap_or_default(),
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
                    let enc = self.caps().encoding;
                    items.push(full_report(
                        uri.clone(),
                        version,
                        Some(id),
                        Workspace::of(&self.shared).diagnostics(uri, &checked, enc),
                    ));
                }
            }
            // Documents gone since the client's last report: an empty report clears them.
            for uri in previous.keys().filter(|u| !uris.contains(u)) {
                news = true;
                items.push(full_report(uri.clone(), None, None, Vec::new()));
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
