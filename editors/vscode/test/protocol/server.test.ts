// End-to-end: the real `copydesk lsp`, driven over stdio with vscode-languageserver-protocol.
// initialize → didOpen of the seed articles → diagnostics (codes, lines, severity as the
// settings say) → hover → code action applied → shutdown/exit with the right exit codes.
//
// Twice: as VS Code connects (it offers pull diagnostics, so copydesk answers
// textDocument/diagnostic), and as a client without pull diagnostics does (Neovim before 0.10,
// Helix, eglot: copydesk pushes publishDiagnostics with the document version).
//
// Run: npm run compile && npm run test:protocol   (COPYDESK_BIN=path/to/copydesk to choose a build)

import { strict as assert } from "assert";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { after, before, describe, test } from "node:test";
import {
  CodeAction,
  CodeActionRequest,
  CodeActionResolveRequest,
  Command,
  Diagnostic,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializeResult,
  InitializedNotification,
  MarkupContent,
  PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from "vscode-languageserver-protocol/node";
import {
  SETTLE_MS,
  Session,
  applyEdits,
  codeMatches,
  editsFor,
  fileUri,
  findBinary,
  initializeParams,
  languageId,
  loadExpectations,
  makeWorkspace,
  missingBinary,
  severityName,
  startServer,
} from "./harness";

const exp = loadExpectations();
const bin = findBinary();

function pass(msg: string): void {
  process.stdout.write(`PASS ${msg}\n`);
}

/**
 * The exit code once the server has exited, which it must do on `exit` without waiting for its
 * input to close. If it has not within 3 s, says whether closing its input lets it go.
 */
async function exitWithin(proc: ChildProcess, exited: Promise<number | null>): Promise<number | null | string> {
  const timeout = (ms: number) => new Promise<string>((r) => setTimeout(() => r("timeout"), ms));
  const code = await Promise.race([exited, timeout(3000)]);
  if (code !== "timeout") {
    return code;
  }
  proc.stdin?.end();
  const after = await Promise.race([exited, timeout(2000)]);
  if (after === "timeout") {
    proc.kill();
    return "still running 5 s after exit";
  }
  return `still running 3 s after exit; it exited (code ${String(after)}) only once its stdin was closed`;
}

type Mode = "pull" | "push";

for (const mode of ["pull", "push"] as Mode[]) describe(`copydesk lsp over vscode-languageserver-protocol (${mode} diagnostics)`, () => {
  let s: Session;
  let ws: string;
  let init: InitializeResult;
  const texts = new Map<string, string>();
  const versions = new Map<string, number>();
  const first = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
  const uriOf = (file: string) => fileUri(path.join(ws, file));

  /** The diagnostics of `file` at `version`: pulled (as VS Code does) or waited for (pushed). */
  async function diagnosticsAt(file: string, version: number): Promise<{ version: number; diagnostics: Diagnostic[] }> {
    const uri = uriOf(file);
    if (mode === "push") {
      const p: PublishDiagnosticsParams = await s.waitForDiagnostics(uri, (p) => p.version === version);
      return { version: p.version ?? -1, diagnostics: p.diagnostics };
    }
    // Pull as VS Code does, and pull again when the server asks (workspace/diagnostic/refresh),
    // until it has been quiet for a moment.
    let diagnostics: Diagnostic[] = [];
    for (let round = 0; round < 10; round++) {
      const refreshes = s.refreshes();
      const report = await s.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, identifier: "copydesk" });
      assert.equal(report.kind, "full", "a pull without a previous result id answers with a full report");
      diagnostics = report.kind === "full" ? report.items : [];
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      if (s.refreshes() === refreshes) {
        break;
      }
    }
    return { version, diagnostics };
  }

  before(async () => {
    if (!bin) {
      return;
    }
    process.stdout.write(`copydesk under test: ${bin}\n`);
    ws = makeWorkspace(exp);
    s = startServer(bin, exp.settings, ws);
    init = await s.conn.sendRequest(InitializeRequest.type, initializeParams(ws, process.pid, mode === "pull"));
    await s.conn.sendNotification(InitializedNotification.type, {});
    for (const file of exp.workspace.articles) {
      const text = fs.readFileSync(path.join(ws, file), "utf8");
      texts.set(file, text);
      versions.set(file, 1);
      await s.conn.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: uriOf(file), languageId: languageId(file), version: 1, text },
      });
    }
    for (const file of exp.workspace.articles) {
      first.set(file, await diagnosticsAt(file, 1));
    }
  });

  after(() => {
    if (s && s.proc.exitCode === null) {
      s.proc.kill();
    }
    if (ws) {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  test("initialize: server info and the capabilities the editors rely on", (t) => {
    if (!bin) {
      return missingBinary((why) => t.skip(why));
    }
    assert.equal(init.serverInfo?.name, "copydesk");
    assert.ok(init.serverInfo?.version, "serverInfo.version is missing");
    const caps = init.capabilities;
    const enc = caps.positionEncoding ?? "utf-16";
    assert.equal(enc, "utf-16", "we offered only UTF-16, as VS Code does");
    const sync = caps.textDocumentSync;
    const change = typeof sync === "number" ? sync : sync?.change;
    assert.equal(change, 2, "textDocumentSync should be incremental (2)");
    assert.ok(caps.hoverProvider, "hoverProvider");
    assert.ok(caps.codeActionProvider, "codeActionProvider");
    pass(`${mode}: initialize: ${init.serverInfo?.name} ${init.serverInfo?.version}, incremental sync, hover, code actions`);
  });

  test(`diagnostics are ${mode === "pull" ? "pulled" : "pushed, with the document version"}`, (t) => {
    if (!bin) {
      return missingBinary((why) => t.skip(why));
    }
    if (mode === "pull") {
      assert.ok(init.capabilities.diagnosticProvider, "a client that pulls is offered diagnosticProvider");
    }
    pass(`${mode}: diagnostics for ${first.size} articles`);
  });

  if (mode === "pull") {
    test("pull: diagnostics are not also pushed (VS Code would show each twice)", (t) => {
      if (!bin) {
        return missingBinary((why) => t.skip(why));
      }
      const open = new Set(exp.workspace.articles.map(uriOf));
      const pushed = s.published.filter((p) => open.has(p.uri) && p.diagnostics.length > 0);
      assert.deepEqual(pushed.map((p) => p.uri), []);
      pass("pull: nothing pushed for open documents");
    });
  }

  test("every diagnostic carries source, code and a documentation link", (t) => {
    if (!bin) {
      return missingBinary((why) => t.skip(why));
    }
    for (const [file, p] of first) {
      for (const d of p.diagnostics) {
        assert.equal(d.source, "copydesk", `${file}: diagnostic without source copydesk`);
        assert.ok(d.code, `${file}: diagnostic without a code`);
        assert.ok(d.codeDescription?.href, `${file}: ${String(d.code)} has no codeDescription link`);
      }
    }
    pass(`${mode}: every diagnostic has source copydesk, a code and a codeDescription link`);
  });

  test("the workspace scan reports work-done progress, begin to end (the status bar item shows it)", (t) => {
    if (!bin) {
      return missingBinary((why) => t.skip(why));
    }
    const begin = s.progress.find((p) => p.kind === "begin");
    assert.ok(begin, `no $/progress begin; got: ${JSON.stringify(s.progress)}`);
    assert.ok(begin.title, "the begin has no title");
    assert.ok(
      s.progress.some((p) => p.kind === "end" && p.token === begin.token),
      `no $/progress end for ${String(begin.token)}`,
    );
    pass(`${mode}: scan progress "${begin.title}": ${s.progress.map((p) => p.kind + (p.message ? ` (${p.message})` : "")).join(" → ")}`);
  });

  test("the server asked for the copydesk settings section", (t) => {
    if (!bin) {
      return missingBinary((why) => t.skip(why));
    }
    const asked = JSON.stringify(s.configurationRequests);
    assert.match(asked, /"section":"copydesk"/, "no workspace/configuration request for section copydesk");
    pass(`${mode}: workspace/configuration requested for section copydesk`);
  });

  for (const e of exp.diagnostics) {
    const name = `${mode}: diagnostic ${e.code} at ${e.file}:${e.line}${e.severity ? ` (${e.severity})` : ""}`;
    test(name, { todo: e.pending }, (t) => {
      if (!bin) {
        return missingBinary((why) => t.skip(why));
      }
      const p = first.get(e.file);
      assert.ok(p, `no diagnostics for ${e.file}`);
      const found = p.diagnostics.filter((d) => codeMatches(d.code, e.code) && d.range.start.line + 1 === e.line);
      const seen = p.diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}`).join(", ") || "none";
      assert.ok(found.length > 0, `${name}: not reported; ${e.file} has: ${seen}`);
      if (e.severity) {
        assert.equal(severityName[found[0].severity ?? 0], e.severity, `${name}: severity`);
      }
      if (e.pending) {
        process.stdout.write(`NOW PASSES (remove "pending" from editors/test/expectations.json): ${name}\n`);
      }
      pass(name);
    });
  }

  for (const e of exp.absent) {
    test(`${mode}: no ${e.code} in ${e.file}`, (t) => {
      if (!bin) {
        return missingBinary((why) => t.skip(why));
      }
      const p = first.get(e.file);
      assert.ok(p, `no diagnostics for ${e.file}`);
      const found = p.diagnostics.filter((d) => codeMatches(d.code, e.code));
      assert.deepEqual(found.map((d) => `${String(d.code)}@${d.range.start.line + 1}`), []);
      pass(`${mode}: no ${e.code} in ${e.file}`);
    });
  }

  for (const h of exp.hover) {
    const name = `${mode}: hover on "${h.at}" at ${h.file}:${h.line}${h.none ? " shows nothing" : ""}`;
    test(name, { todo: h.pending }, async (t) => {
      if (!bin) {
        return missingBinary((why) => t.skip(why));
      }
      const lineText = texts.get(h.file)!.split("\n")[h.line - 1];
      const col = lineText.indexOf(h.at);
      assert.ok(col >= 0, `"${h.at}" is not on line ${h.line} of ${h.file}`);
      const result = await s.conn.sendRequest(HoverRequest.type, {
        textDocument: { uri: uriOf(h.file) },
        position: { line: h.line - 1, character: col + 1 },
      });
      if (h.none) {
        assert.equal(result, null, `${name}: expected no hover, got ${JSON.stringify(result)}`);
      } else {
        assert.ok(result, `${name}: no hover`);
        const contents = result.contents as MarkupContent;
        assert.equal(contents.kind, "markdown", "hover cards are Markdown");
        for (const c of h.contains ?? []) {
          assert.ok(contents.value.includes(c), `${name}: card lacks "${c}":\n${contents.value}`);
        }
      }
      if (h.pending) {
        process.stdout.write(`NOW PASSES (remove "pending" from editors/test/expectations.json): ${name}\n`);
      }
      pass(name);
    });
  }

  test(`code action: a ${exp.code_action.code} quick fix applied gives the fixed text`, async (t) => {
    if (!bin) {
      return missingBinary((why) => t.skip(why));
    }
    const ca = exp.code_action;
    const uri = uriOf(ca.file);
    const text = texts.get(ca.file)!;
    const line = ca.line - 1;
    const lineText = text.split("\n")[line];
    const col = lineText.indexOf(ca.edit.from);
    assert.ok(col >= 0, `"${ca.edit.from}" is not on line ${ca.line}`);

    // Type the mistake, as an incremental change.
    const range = { start: { line, character: col }, end: { line, character: col + ca.edit.from.length } };
    let version = versions.get(ca.file)! + 1;
    let current = applyEdits(text, [{ range, newText: ca.edit.to }]);
    await s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text: ca.edit.to }],
    });
    const broken = await diagnosticsAt(ca.file, version);
    const diag = broken.diagnostics.find((d) => d.code === ca.code && d.range.start.line === line);
    assert.ok(diag, `after the edit, no ${ca.code} on line ${ca.line}: ${broken.diagnostics.map((d) => String(d.code)).join(", ")}`);

    const actions = await s.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [diag], only: ["quickfix"] },
    });
    assert.ok(actions && actions.length > 0, "no code actions for the diagnostic");
    const literal = actions.filter((a): a is CodeAction => !Command.is(a));
    process.stdout.write(`  code actions offered: ${literal.map((a) => `${a.title}${a.isPreferred ? " (preferred)" : ""}`).join("; ")}\n`);
    let fix = literal.find((a) => a.isPreferred && a.diagnostics?.some((d) => d.code === ca.code)) ?? literal.find((a) => a.kind === "quickfix");
    assert.ok(fix, "no quick fix among the code actions");
    if (!fix.edit) {
      fix = await s.conn.sendRequest(CodeActionResolveRequest.type, fix);
    }
    assert.ok(fix.edit, `the quick fix "${fix.title}" has no edit, even resolved`);
    const edits = editsFor(fix.edit, uri);
    assert.ok(edits.length > 0, "the quick fix edits nothing in this document");
    current = applyEdits(current, edits);
    const fixedLine = current.split("\n")[line];
    assert.ok(fixedLine.startsWith(ca.expect_line_prefix), `after "${fix.title}", line ${ca.line} reads: ${fixedLine.slice(0, 60)}`);

    // Send the fixed text back: the finding goes away.
    version += 1;
    versions.set(ca.file, version);
    await s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text: current }],
    });
    const clean = await diagnosticsAt(ca.file, version);
    assert.ok(!clean.diagnostics.some((d) => d.code === ca.code && d.range.start.line === line), "the finding is still reported after the fix");
    pass(`${mode}: code action "${fix.title}" applied: line ${ca.line} reads "${fixedLine.slice(0, 30)}…", finding gone`);
  });

  test("no error messages shown to the user", (t) => {
    if (!bin) {
      return missingBinary((why) => t.skip(why));
    }
    assert.deepEqual(s.errors, []);
    pass(`${mode}: no window/showMessage errors`);
  });

  test("shutdown then exit: exit code 0", async (t) => {
    if (!bin) {
      return missingBinary((why) => t.skip(why));
    }
    for (const file of exp.workspace.articles) {
      await s.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uriOf(file) } });
    }
    const r = await s.conn.sendRequest(ShutdownRequest.type);
    assert.equal(r ?? null, null);
    await s.conn.sendNotification(ExitNotification.type);
    const code = await exitWithin(s.proc, s.exited);
    s.conn.dispose();
    assert.equal(code, 0, `exit code after shutdown: ${code}`);
    pass(`${mode}: shutdown + exit → exit code 0`);
  });
});

test("exit without shutdown: exit code 1", async (t) => {
  if (!bin) {
    return missingBinary((why) => t.skip(why));
  }
  const proc = spawn(bin, ["lsp"], { stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
  await conn.sendNotification(InitializedNotification.type, {});
  await conn.sendNotification(ExitNotification.type);
  const code = await exitWithin(proc, exited);
  conn.dispose();
  assert.equal(code, 1, `exit code without shutdown: ${code}`);
  pass("exit without shutdown → exit code 1");
});
