// Drives the real `copydesk lsp` process with Microsoft's own protocol libraries
// (vscode-languageserver-protocol over vscode-jsonrpc's stream reader and writer), the same code
// the VS Code client runs, so a mismatch in framing, message shapes or lifecycle shows up here.

import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  ConfigurationRequest,
  Diagnostic,
  DiagnosticRefreshRequest,
  InitializeParams,
  LogMessageNotification,
  MessageType,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationRequest,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  TextEdit,
  UnregistrationRequest,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  WorkspaceEdit,
  createProtocolConnection,
} from "vscode-languageserver-protocol/node";

export const repoRoot = path.resolve(__dirname, "..", "..", "..", "..", "..");

export interface Expectations {
  workspace: { "copydesk.toml": string; articles: string[] };
  settings: { copydesk: Record<string, unknown> };
  diagnostics: { file: string; code: string; line: number; severity?: string; pending?: string }[];
  absent: { file: string; code: string }[];
  hover: { file: string; line: number; at: string; contains?: string[]; none?: boolean; pending?: string }[];
  code_action: { file: string; line: number; edit: { from: string; to: string }; code: string; expect_line_prefix: string };
}

export function loadExpectations(): Expectations {
  const file = path.join(repoRoot, "editors", "test", "expectations.json");
  return JSON.parse(fs.readFileSync(file, "utf8")) as Expectations;
}

/**
 * The copydesk binary under test: $COPYDESK_BIN, else the workspace's target/debug or
 * target/release build, else `copydesk` on PATH. Undefined when there is none.
 */
export function findBinary(): string | undefined {
  const candidates = [
    process.env.COPYDESK_BIN,
    path.join(repoRoot, "target", "debug", "copydesk"),
    path.join(repoRoot, "target", "release", "copydesk"),
  ];
  for (const c of candidates) {
    if (c && fs.existsSync(c)) {
      return c;
    }
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const c = path.join(dir, "copydesk");
    if (dir && fs.existsSync(c)) {
      return c;
    }
  }
  return undefined;
}

let warned = false;

/** Says loudly that the binary is missing; in CI (CI=true) that is a failure, not a skip. */
export function missingBinary(skip: (why: string) => void): void {
  const msg =
    "\n" +
    "==================================================================================\n" +
    " copydesk binary NOT FOUND: set COPYDESK_BIN or run `cargo build` first.\n" +
    " The protocol tests did NOT run.\n" +
    "==================================================================================\n";
  if (!warned) {
    warned = true;
    process.stderr.write(msg);
  }
  if (process.env.CI === "true") {
    throw new Error("copydesk binary not found, and CI=true: failing instead of skipping");
  }
  skip("copydesk binary not found (set COPYDESK_BIN or cargo build)");
}

/** A temporary workspace holding copydesk.toml and copies of the seed articles. */
export function makeWorkspace(exp: Expectations): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-e2e-"));
  fs.writeFileSync(path.join(dir, "copydesk.toml"), exp.workspace["copydesk.toml"]);
  for (const a of exp.workspace.articles) {
    fs.copyFileSync(path.join(repoRoot, "seeds", a), path.join(dir, a));
  }
  return dir;
}

export function fileUri(p: string): string {
  return "file://" + p.split(path.sep).map(encodeURIComponent).join("/");
}

export function languageId(file: string): string {
  return /\.(md|markdown)$/.test(file) ? "markdown" : "plaintext";
}

export interface Session {
  proc: ChildProcess;
  conn: ProtocolConnection;
  exited: Promise<number | null>;
  stderr: string[];
  /** Every publishDiagnostics, in arrival order. */
  published: PublishDiagnosticsParams[];
  configurationRequests: unknown[];
  errors: string[];
  /** Every `$/progress` value, for tokens the server created. */
  progress: { token: string | number; kind: string; title?: string; message?: string; percentage?: number }[];
  /** How many workspace/diagnostic/refresh requests the server has sent. */
  refreshes(): number;
  waitForDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean, ms?: number): Promise<PublishDiagnosticsParams>;
}

/** Starts `copydesk lsp` and wires the client side of the protocol the way VS Code does. */
export function startServer(bin: string, settings: Record<string, unknown>, cwd: string): Session {
  const proc = spawn(bin, ["lsp"], { cwd, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, RUST_BACKTRACE: "1" } });
  const stderr: string[] = [];
  proc.stderr.setEncoding("utf8");
  proc.stderr.on("data", (d: string) => {
    stderr.push(d);
    if (process.env.COPYDESK_TEST_VERBOSE) {
      process.stderr.write(`[server stderr] ${d}`);
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const configurationRequests: unknown[] = [];
  const errors: string[] = [];

  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  conn.onRequest(ConfigurationRequest.type, (params) => {
    configurationRequests.push(params);
    return params.items.map((item) => {
      if (item.section === "copydesk") {
        return settings.copydesk ?? null;
      }
      return null;
    });
  });
  conn.onRequest(RegistrationRequest.type, () => null);
  conn.onRequest(UnregistrationRequest.type, () => null);
  const progress: { token: string | number; kind: string; title?: string; message?: string; percentage?: number }[] = [];
  conn.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
    // As the VS Code extension's status bar item does: follow the server's work-done progress.
    conn.onProgress(WorkDoneProgress.type, token, (value) => {
      progress.push({ token, ...value });
    });
    return null;
  });
  let refreshes = 0;
  conn.onRequest(DiagnosticRefreshRequest.type, () => {
    refreshes += 1;
    return null;
  });
  conn.onNotification(ShowMessageNotification.type, (p) => {
    if (p.type === MessageType.Error) {
      errors.push(p.message);
    }
    process.stderr.write(`[server showMessage ${p.type}] ${p.message}\n`);
  });
  conn.onNotification(LogMessageNotification.type, (p) => {
    if (process.env.COPYDESK_TEST_VERBOSE) {
      process.stderr.write(`[server log ${p.type}] ${p.message}\n`);
    }
  });
  conn.onUnhandledNotification(() => undefined);
  conn.listen();

  return {
    proc,
    conn,
    exited,
    stderr,
    published,
    configurationRequests,
    errors,
    progress,
    refreshes: () => refreshes,
    async waitForDiagnostics(uri, accept, ms = 15000) {
      await waitFirst(uri, accept, ms);
      // A server may publish again for the same version (say, once the editor's settings are
      // in): wait until it has been quiet for a moment, and take the latest, as an editor shows.
      let count = -1;
      while (count !== published.length) {
        count = published.length;
        await new Promise((r) => setTimeout(r, SETTLE_MS));
      }
      return [...published].reverse().find((p) => p.uri === uri && accept(p))!;
    },
  };

  function waitFirst(uri: string, accept: (p: PublishDiagnosticsParams) => boolean, ms: number): Promise<PublishDiagnosticsParams> {
    const already = [...published].reverse().find((p) => p.uri === uri && accept(p));
    if (already) {
      return Promise.resolve(already);
    }
    return new Promise((resolve, reject) => {
      const w = { uri, accept, resolve };
      waiters.push(w);
      setTimeout(() => {
        const i = waiters.indexOf(w);
        if (i >= 0) {
          waiters.splice(i, 1);
          const seen = published.filter((p) => p.uri === uri).map((p) => `v${p.version}: ${p.diagnostics.map((d) => String(d.code)).join(",") || "(none)"}`);
          reject(new Error(`no matching publishDiagnostics for ${uri} within ${ms} ms; seen: ${seen.join(" | ") || "nothing"}`));
        }
      }, ms);
    });
  }
}

/** How long the server must stay quiet before the diagnostics count as settled. */
export const SETTLE_MS = 300;

/**
 * VS Code's client capabilities, reduced to what these tests exercise. `pull: false` drops
 * `textDocument.diagnostic`, as clients without pull diagnostics (Neovim before 0.10, Helix,
 * eglot) send them.
 */
export function initializeParams(root: string, pid: number, pull = true): InitializeParams {
  const params: InitializeParams = {
    processId: pid,
    clientInfo: { name: "copydesk-protocol-test", version: "1" },
    locale: "en",
    rootUri: fileUri(root),
    workspaceFolders: [{ uri: fileUri(root), name: path.basename(root) }],
    capabilities: {
      general: { positionEncodings: ["utf-16"] },
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
        applyEdit: true,
        workspaceEdit: { documentChanges: true },
        diagnostics: { refreshSupport: true },
      },
      window: { workDoneProgress: true, showMessage: {} },
      textDocument: {
        synchronization: { dynamicRegistration: true, didSave: true, willSave: false },
        publishDiagnostics: {
          relatedInformation: true,
          versionSupport: true,
          codeDescriptionSupport: true,
          dataSupport: true,
          tagSupport: { valueSet: [1, 2] },
        },
        hover: { dynamicRegistration: true, contentFormat: ["markdown", "plaintext"] },
        codeAction: {
          dynamicRegistration: true,
          isPreferredSupport: true,
          dataSupport: true,
          resolveSupport: { properties: ["edit"] },
          codeActionLiteralSupport: {
            codeActionKind: { valueSet: ["", "quickfix", "refactor", "source", "source.fixAll"] },
          },
        },
        diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
      },
    },
    initializationOptions: undefined,
  };
  if (!pull) {
    delete params.capabilities.textDocument!.diagnostic;
    delete params.capabilities.workspace!.diagnostics;
  }
  return params;
}

/** Offset of an LSP position (UTF-16 code units) in `text`. */
export function offsetAt(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) {
      return text.length;
    }
    offset = nl + 1;
  }
  return Math.min(offset + character, text.length);
}

/** Applies text edits (non-overlapping, as LSP requires) to `text`. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const withOffsets = edits.map((e) => ({
    start: offsetAt(text, e.range.start.line, e.range.start.character),
    end: offsetAt(text, e.range.end.line, e.range.end.character),
    newText: e.newText,
  }));
  withOffsets.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of withOffsets) {
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  }
  return out;
}

/** The edits a WorkspaceEdit makes to one document, in either of its two shapes. */
export function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const out: TextEdit[] = [];
  if (edit.changes?.[uri]) {
    out.push(...edit.changes[uri]);
  }
  for (const dc of edit.documentChanges ?? []) {
    if ("textDocument" in dc && dc.textDocument.uri === uri) {
      out.push(...dc.edits.filter((e): e is TextEdit => "range" in e));
    }
  }
  return out;
}

export function codeMatches(code: Diagnostic["code"], pattern: string): boolean {
  const c = String(code ?? "");
  return pattern.endsWith(".*") ? c.startsWith(pattern.slice(0, -1)) : c === pattern;
}

export const severityName: Record<number, string> = { 1: "error", 2: "warning", 3: "information", 4: "hint" };
