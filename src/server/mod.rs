//! `copydesk lsp`: the language server, a thin shell over the engine.
//!
//! - [`documents`]: the rope store; every open/change/close is applied synchronously, in
//!   arrival order, before a handler first awaits (tower-lsp runs handlers concurrently).
//! - [`convert`]: byte offsets ↔ LSP positions in the negotiated encoding, clamped.
//! - [`diagnostics`]: debounced checks off the message loop, published only for the current
//!   version; pull diagnostics for clients that ask.
//! - [`workspace`]: scanning folders for articles, watched files, live configuration.
//! - [`hover`], [`actions`]: hover cards and code actions.
//!
//! Entry points: [`run_stdio`] for the binary, [`serve`] for anything with a reader and a
//! writer (the in-process tests use `tokio::io::duplex`).

pub mod actions;
pub mod config;
pub mod convert;
pub mod diagnostics;
pub mod documents;
pub mod framing;
pub mod hover;
pub mod navigation;
mod output;
pub mod workspace;

use crate::engine::Format;
use crate::lines::Encoding;
use config::ConfigState;
use documents::{ChangeOutcome, DocumentStore};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Notify;
use tower_lsp::jsonrpc::{Request, Response, Result as RpcResult};
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer, LspService, Server};

/// The command behind "disable this rule for this file / workspace".
pub const DISABLE_RULE_COMMAND: &str = "copydesk.disableRule";

/// Locks a std mutex, recovering the data if a panicking thread poisoned it: the store's
/// invariants hold between statements, so the data is still good, and the server must not die.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the client told us it can do, and what we agreed on.
#[derive(Debug, Clone)]
pub(crate) struct Caps {
    pub encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`): we do not push.
    pub pull: bool,
    pub pull_refresh: bool,
    pub progress: bool,
    pub watch_dynamic: bool,
    pub configuration: bool,
    pub resolve_edit: bool,
    pub document_changes: bool,
    /// The client shows hover as plain text only (eglot asks for this): no Markdown markup.
    pub hover_plain: bool,
}

impl Default for Caps {
    fn default() -> Self {
        Caps {
            encoding: Encoding::Utf16,
            pull: false,
            pull_refresh: false,
            progress: false,
            watch_dynamic: false,
            configuration: false,
            resolve_edit: false,
            document_changes: false,
            hover_plain: false,
        }
    }
}

#[derive(Default)]
pub(crate) struct Shared {
    pub docs: Mutex<DocumentStore>,
    pub config: Mutex<ConfigState>,
    pub caps: Mutex<Caps>,
    /// Serializes "is this still current? then publish", so an older check can never be
    /// published after a newer one.
    pub publish: tokio::sync::Mutex<()>,
    pub shutdown: AtomicBool,
    /// Messages found before the client could be told (during `initialize`).
    pub pending_messages: Mutex<Vec<(MessageType, String)>>,
    /// Woken whenever a check is stored or a document goes away (for the workspace long poll).
    pub changed: Notify,
    /// The client handle, for the input guard's notes about dropped messages.
    pub client: std::sync::OnceLock<Client>,
    /// The checks documents are checked with: the registry's, or a test's own list. (The
    /// derived default is no checks at all; `serve` always sets them.)
    pub checks: &'static [&'static dyn crate::engine::Check],
    /// The people of every checked article, for spellings that differ across the workspace.
    pub people: Mutex<crate::engine::names::PeopleIndex>,
    /// Where published diagnostics go, serialized, to be written between tower-lsp's frames
    /// (see [`output`]). `serve` always sets it; without it they go through tower-lsp.
    pub outbox: Option<output::Outbox>,
}

#[derive(Clone)]
pub struct Backend {
    pub(crate) client: Client,
    pub(crate) shared: Arc<Shared>,
}

impl Backend {
    pub(crate) fn caps(&self) -> Caps {
        lock(&self.shared.caps).clone()
    }

    pub(crate) async fn log(&self, typ: MessageType, message: impl Into<String>) {
        self.client.log_message(typ, message.into()).await;
    }

    /// Whether the server checks a document the editor opened: articles only, never
    /// copydesk.toml or source code a generic client may also send.
    fn is_article(uri: &Url, language_id: &str) -> bool {
        let path = uri.path().to_ascii_lowercase();
        if path.ends_with(config::CONFIG_FILE) {
            return false;
        }
        matches!(
            language_id,
            "plaintext" | "text" | "txt" | "markdown" | "mdx"
        ) || [".txt", ".md", ".markdown", ".mdx"]
            .iter()
            .any(|ext| path.ends_with(ext))
    }

    pub(crate) fn format_for(uri: &Url, language_id: &str) -> Format {
        if language_id == "markdown" || language_id == "mdx" {
            Format::Markdown
        } else {
            Format::from_path(uri.path())
        }
    }

    fn debounce_for(&self, uri: &Url) -> u64 {
        let path = uri.to_file_path().ok();
        lock(&self.shared.config).debounce_ms(path.as_deref())
    }
}

fn roots_of(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().ok())
        .collect();
    #[allow(deprecated)] // root_uri is deprecated but older clients (Neovim 0.7) send only it.
    if roots.is_empty() {
        if let Some(root) = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()) {
            roots.push(root);
        }
    }
    roots
}

fn caps_of(params: &InitializeParams) -> Caps {
    let c = &params.capabilities;
    let offered = c
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_deref());
    let td = c.text_document.as_ref();
    let ws = c.workspace.as_ref();
    Caps {
        encoding: convert::negotiate(offered),
        pull: td.and_then(|t| t.diagnostic.as_ref()).is_some(),
        pull_refresh: ws
            .and_then(|w| w.diagnostic.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        progress: c
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        watch_dynamic: ws
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
        resolve_edit: td
            .and_then(|t| t.code_action.as_ref())
            .and_then(|a| a.resolve_support.as_ref())
            .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
        document_changes: ws
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false),
        // Markdown unless the client lists formats and Markdown is not first among them.
        hover_plain: td
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .and_then(|f| f.first())
            .is_some_and(|k| *k == MarkupKind::PlainText),
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> RpcResult<InitializeResult> {
        let caps = caps_of(&params);
        let roots = roots_of(&params);
        let mut messages = Vec::new();
        {
            let mut config = lock(&self.shared.config);
            config.roots = roots.clone();
            for root in &roots {
                match config::read_config_file(root) {
                    Ok(Some(c)) => {
                        config.files.insert(root.clone(), c);
                    }
                    Ok(None) => {}
                    Err(e) => messages.push((MessageType::ERROR, format!("copydesk: {e}"))),
                }
            }
            if let Some(options) = &params.initialization_options {
                match config::parse_client_settings(options) {
                    Ok(c) => config.client = c,
                    Err(e) => messages.push((
                        MessageType::ERROR,
                        format!("copydesk: bad initializationOptions: {e}"),
                    )),
                }
            }
        }
        messages.push((
            MessageType::INFO,
            format!(
                "copydesk {} ready: positions in {:?}, diagnostics {}, workspace folders: {}",
                env!("CARGO_PKG_VERSION"),
                caps.encoding,
                if caps.pull { "pulled" } else { "pushed" },
                roots.len()
            ),
        ));
        lock(&self.shared.pending_messages).extend(messages);
        let pull = caps.pull;
        let encoding = caps.encoding;
        *lock(&self.shared.caps) = caps;
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "copydesk".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: capabilities(encoding, pull),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let pending = std::mem::take(&mut *lock(&self.shared.pending_messages));
        for (typ, message) in pending {
            if typ == MessageType::ERROR || typ == MessageType::WARNING {
                self.client.show_message(typ, &message).await;
            }
            self.log(typ, message).await;
        }
        // Documents opened meanwhile were checked without the house knowledge base.
        if self.load_house_kbs().await {
            self.recheck_all().await;
        }
        let caps = self.caps();
        if caps.configuration {
            // A document opened while the answer was on its way was checked with the old
            // settings: check again if they changed.
            self.pull_configuration(true).await;
        }
        if caps.watch_dynamic {
            self.register_watchers().await;
        }
        // The scan runs in the background: requests are answered meanwhile.
        let this = self.clone();
        tokio::spawn(async move { this.scan_workspace().await });
    }

    async fn shutdown(&self) -> RpcResult<()> {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        if !Self::is_article(&doc.uri, &doc.language_id) {
            return;
        }
        let generation =
            lock(&self.shared.docs).open(doc.uri.clone(), &doc.text, doc.version, doc.language_id);
        // Opening is checked at once: there is no burst to coalesce.
        self.schedule(doc.uri, generation, 0);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let enc = self.caps().encoding;
        // The check this edit made stale is freed by the next check, before it analyzes: freed
        // here, off the loop, it ran beside that check and held up its allocations.
        let outcome = lock(&self.shared.docs).change(&uri, version, &params.content_changes, enc);
        match outcome {
            ChangeOutcome::Applied { generation } => {
                let delay = self.debounce_for(&uri);
                self.schedule(uri, generation, delay);
            }
            ChangeOutcome::AppliedOutOfOrder {
                generation,
                previous,
            } => {
                let delay = self.debounce_for(&uri);
                self.schedule(uri.clone(), generation, delay);
                self.log(
                    MessageType::WARNING,
                    format!("{uri}: version {version} after version {previous}; applied in arrival order"),
                )
                .await;
            }
            ChangeOutcome::NotOpen => {
                self.log(
                    MessageType::LOG,
                    format!("ignoring a change to {uri}, which is not open as an article"),
                )
                .await;
            }
        }
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {
        // The editor's text is already what we check; the watched-file event that follows a
        // save is ignored while the document is open.
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let known = lock(&self.shared.docs).get(&uri).is_some();
        let retired = {
            let mut docs = lock(&self.shared.docs);
            docs.close(&uri, None);
            // Checks that edits made stale wait for the next check to free them; there may be
            // none for this document now.
            docs.take_retired()
        };
        diagnostics::free_off_loop(retired);
        if known {
            // The disk state takes over: re-read it if it is an article of the workspace,
            // otherwise clear what the editor showed.
            let this = self.clone();
            tokio::spawn(async move { this.revert_to_disk(uri).await });
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self.caps().configuration {
            self.pull_configuration(true).await;
        } else {
            self.apply_client_settings(&params.settings, true).await;
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.watched_files_changed(params.changes).await;
    }

    async fn hover(&self, params: HoverParams) -> RpcResult<Option<Hover>> {
        Ok(self.hover_at(params).await)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> RpcResult<Option<DocumentSymbolResponse>> {
        Ok(self.document_symbols(params).await)
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> RpcResult<Option<Vec<DocumentHighlight>>> {
        Ok(self.highlights(params).await)
    }

    async fn references(&self, params: ReferenceParams) -> RpcResult<Option<Vec<Location>>> {
        Ok(self.references_of(params).await)
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> RpcResult<Option<PrepareRenameResponse>> {
        self.prepare_rename_at(params).await
    }

    async fn rename(&self, params: RenameParams) -> RpcResult<Option<WorkspaceEdit>> {
        self.rename_at(params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> RpcResult<Option<Vec<SymbolInformation>>> {
        Ok(Some(self.workspace_symbols(&params.query)))
    }

    async fn code_action(&self, params: CodeActionParams) -> RpcResult<Option<CodeActionResponse>> {
        Ok(self.code_actions(params).await)
    }

    async fn code_action_resolve(&self, action: CodeAction) -> RpcResult<CodeAction> {
        Ok(self.resolve_code_action(action).await)
    }

    async fn execute_command(
        &self,
        params: ExecuteCommandParams,
    ) -> RpcResult<Option<serde_json::Value>> {
        self.run_command(params).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> RpcResult<DocumentDiagnosticReportResult> {
        Ok(self
            .pull_document(params.text_document.uri, params.previous_result_id)
            .await)
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> RpcResult<WorkspaceDiagnosticReportResult> {
        Ok(self.pull_workspace(params.previous_result_ids).await)
    }
}

/// Exactly what works: advertising more makes clients send requests we would answer badly.
fn capabilities(encoding: Encoding, pull: bool) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(convert::encoding_kind(encoding)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            resolve_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![DISABLE_RULE_COMMAND.to_string()],
            work_done_progress_options: Default::default(),
        }),
        // Pull diagnostics only for clients that pull; the others get them pushed. Offering
        // both to a client that does both shows every diagnostic twice.
        diagnostic_provider: pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("copydesk".to_string()),
                inter_file_dependencies: false,
                workspace_diagnostics: true,
                work_done_progress_options: Default::default(),
            })
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: None,
            }),
            file_operations: None,
        }),
        ..Default::default()
    }
}

/// Passes every message to tower-lsp and notices `exit`, which tower-lsp handles without
/// telling the backend: `serve` must stop then, not wait for the client to close the pipe.
/// It also stands between tower-lsp and every handler's future: tower-lsp polls those inside
/// its own message loop, so a panic in a handler would end the session. Here a panic answers
/// the request with InternalError (a notification has nothing to answer) and is logged.
struct ExitWatch<S> {
    inner: S,
    exit: Arc<Notify>,
}

impl<S> tower::Service<Request> for ExitWatch<S>
where
    S: tower::Service<Request, Response = Option<Response>>,
    S::Future: Unpin,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = CatchPanic<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let is_exit = req.method() == "exit";
        let id = req.id().cloned();
        let method = req.method().to_string();
        let fut = self.inner.call(req);
        if is_exit {
            self.exit.notify_one();
        }
        CatchPanic {
            inner: Some(fut),
            id,
            method,
        }
    }
}

/// A handler's future with a panic turned into an InternalError answer. (The shared state a
/// panicking handler may leave behind is behind [`lock`], which recovers from poisoning.)
struct CatchPanic<F> {
    /// `None` once it panicked: a panicked future is never polled again.
    inner: Option<F>,
    id: Option<tower_lsp::jsonrpc::Id>,
    method: String,
}

impl<F, E> std::future::Future for CatchPanic<F>
where
    F: std::future::Future<Output = Result<Option<Response>, E>> + Unpin,
{
    type Output = F::Output;

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(Ok(None));
        };
        let polled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            std::pin::Pin::new(inner).poll(cx)
        }));
        match polled {
            Ok(poll) => poll,
            Err(payload) => {
                this.inner = None;
                let what = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".to_string());
                eprintln!(
                    "copydesk: internal error handling `{}`: {what}; the session goes on",
                    this.method
                );
                Poll::Ready(Ok(this.id.take().map(|id| {
                    let mut error = tower_lsp::jsonrpc::Error::internal_error();
                    error.message = format!("copydesk: internal error: {what}").into();
                    Response::from_error(id, error)
                })))
            }
        }
    }
}

/// Serves the protocol over `input`/`output` until `exit` or the end of input. Returns the
/// process exit code the protocol asks for: 0 if `shutdown` came first, 1 otherwise.
pub async fn serve<I, O>(input: I, output: O) -> i32
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    serve_with_checks(input, output, crate::engine::checks_registry::all_checks()).await
}

/// [`serve`] with the given checks instead of the registry's: the fault-isolation tests add
/// one that panics, without a panicking check in the product.
pub async fn serve_with_checks<I, O>(
    input: I,
    output: O,
    checks: &'static [&'static dyn crate::engine::Check],
) -> i32
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    // tower-lsp writes into a pipe; the writer owns `output` and writes whole frames from the
    // pipe and from the outbox (see `output`).
    let (outbox, bodies) = output::channel();
    let (tower_out, from_tower) = tokio::io::duplex(1 << 16);
    let (done, all_sent) = tokio::sync::oneshot::channel();
    let shared = Arc::new(Shared {
        checks,
        outbox: Some(outbox.clone()),
        ..Shared::default()
    });
    let exit = Arc::new(Notify::new());
    let backend_shared = shared.clone();
    let (service, socket) = LspService::new(move |client| {
        let _ = backend_shared.client.set(client.clone());
        Backend {
            client,
            shared: backend_shared,
        }
    });
    let service = ExitWatch {
        inner: service,
        exit: exit.clone(),
    };
    // tower-lsp reads from the guard, never from the client directly (see `framing`).
    let (guarded_in, to_server) = tokio::io::duplex(1 << 16);
    let guard_shared = shared.clone();
    let guard = async move {
        framing::filter(input, to_server, |why| {
            let client = guard_shared.client.get().cloned();
            async move {
                eprintln!("copydesk: dropped a malformed message: {why}");
                if let Some(client) = client {
                    client
                        .log_message(
                            MessageType::ERROR,
                            format!("dropped a malformed message: {why}"),
                        )
                        .await;
                }
            }
        })
        .await;
        // The input ended and `to_server` is dropped: tower-lsp sees the end and stops.
        std::future::pending::<()>().await
    };
    let serving = async move {
        tokio::select! {
            _ = Server::new(guarded_in, tower_out, socket).serve(service) => {}
            _ = exit.notified() => {}
            _ = guard => {}
        }
        // tower-lsp is dropped here, and with it its end of the pipe.
    };
    let producing = async move {
        tokio::join!(serving, output::forward(from_tower, outbox));
        // Everything tower-lsp wrote, and every publish queued before, goes out before `serve`
        // returns (a publish still being serialized at `exit` is dropped, as tower-lsp's
        // own queue would have been).
        let _ = done.send(());
    };
    tokio::join!(producing, output::write(output, bodies, all_sent));
    if shared.shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// `copydesk lsp` / `copydesk --stdio`: serves over stdin/stdout; returns the exit code.
pub async fn run_stdio() -> i32 {
    serve(tokio::io::stdin(), tokio::io::stdout()).await
}

/// Runs [`run_stdio`] on a fresh multi-threaded runtime, for a synchronous `main`.
pub fn run_stdio_blocking() -> i32 {
    one_malloc_arena();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => {
            let code = runtime.block_on(run_stdio());
            // tokio's stdin reader is a blocking thread stuck in read(2); waiting for it (as
            // dropping the runtime does) would keep the process alive after `exit`.
            runtime.shutdown_background();
            code
        }
        Err(e) => {
            eprintln!("copydesk: cannot start the async runtime: {e}");
            1
        }
    }
}

/// glibc gives threads that allocate their own heap arenas (up to eight per core) and does not
/// hand memory freed in one to another: each blocking thread that checked a large document kept
/// its own peak, and the server held several checks' worth of memory (320 MB with a 1 MB
/// article open, 110 MB with one arena). Set before any other thread starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn one_malloc_arena() {
    use std::os::raw::c_int;
    extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    const M_ARENA_MAX: c_int = -8;
    // SAFETY: mallopt only sets a parameter of the C allocator, and no other thread exists yet.
    unsafe {
        mallopt(M_ARENA_MAX, 1);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn one_malloc_arena() {}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::Service;

    /// A handler that panics: its request is answered with InternalError, and the next
    /// request still goes through.
    #[tokio::test]
    async fn a_panicking_handler_answers_internal_error() {
        let inner = tower::service_fn(|req: Request| {
            Box::pin(async move {
                assert!(req.method() != "boom", "handler blew up");
                Ok::<_, std::convert::Infallible>(
                    req.id()
                        .cloned()
                        .map(|id| Response::from_ok(id, serde_json::Value::Null)),
                )
            })
        });
        let mut svc = ExitWatch {
            inner,
            exit: Arc::new(Notify::new()),
        };
        let request = |method: &str| Request::build(method.to_string()).id(7).finish();
        let answer = svc.call(request("boom")).await.expect("infallible");
        let answer = answer.expect("a request is answered");
        assert_eq!(
            answer.error().map(|e| e.code),
            Some(tower_lsp::jsonrpc::ErrorCode::InternalError)
        );
        let note = Request::build("boom").finish();
        assert!(svc.call(note).await.expect("infallible").is_none());
        let fine = svc.call(request("fine")).await.expect("infallible");
        assert!(fine.expect("answered").is_ok());
    }
}
