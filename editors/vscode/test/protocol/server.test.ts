// End-to-end: the real `copydesk lsp`, driven over stdio with vscode-languageserver-protocol.
// initialize → didOpen of the seed articles → publishDiagnostics (codes, lines, severity as the
// settings say) → hover → code action applied → shutdown/exit with the right exit codes.
//
// Run: npm run compile && npm run test:protocol   (COPYDESK_BIN=path/to/copydesk to choose a build)

import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { after, before, describe, test } from "node:test";
import {
  CodeAction,
  CodeActionRequest,
  CodeActionResolveRequest,
  Command,
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

describe("copydesk lsp over vscode-languageserver-protocol", () => {
  let s: Session;
  let ws: string;
  let init: InitializeResult;
  const texts = new Map<string, string>();
  const versions = new Map<string, number>();
  const first = new Map<string, PublishDiagnosticsParams>();
  const uriOf = (file: string) => fileUri(path.join(ws, file));

  before(async () => {
    if (!bin) {
      return;
    }
    process.stdout.write(`copydesk under test: ${bin}\n`);
    ws = makeWorkspace(exp);
    s = startServer(bin, exp.settings, ws);
    init = await s.conn.sendRequest(InitializeRequest.type, initializeParams(ws, process.pid));
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
      first.set(file, await s.waitForDiagnostics(uriOf(file), (p) => p.version === 1));
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
    pass(`initialize: ${init.serverInfo?.name} ${init.serverInfo?.version}, incremental sync, hover, code actions`);
  });

  test("every published diagnostic is versioned and carries source, code and a documentation link", (t) => {
    if (!bin) {
      return missingBinary((why) => t.skip(why));
    }
    for (const [file, p] of first) {
      assert.equal(p.version, 1, `${file}: publishDiagnostics without the document version`);
      for (const d of p.diagnostics) {
        assert.equal(d.source, "copydesk", `${file}: diagnostic without source copydesk`);
        assert.ok(d.code, `${file}: diagnostic without a code`);
        assert.ok(d.codeDescription?.href, `${file}: ${String(d.code)} has no codeDescription link`);
      }
    }
    pass(`publishDiagnostics for ${first.size} articles, each with version, source, code and codeDescription`);
  });

  test("the server asked for the copydesk settings section", (t) => {
    if (!bin) {
      return missingBinary((why) => t.skip(why));
    }
    const asked = JSON.stringify(s.configurationRequests);
    assert.match(asked, /"section":"copydesk"/, "no workspace/configuration request for section copydesk");
    pass("workspace/configuration requested for section copydesk");
  });

  for (const e of exp.diagnostics) {
    const name = `diagnostic ${e.code} at ${e.file}:${e.line}${e.severity ? ` (${e.severity})` : ""}`;
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
    test(`no ${e.code} in ${e.file}`, (t) => {
      if (!bin) {
        return missingBinary((why) => t.skip(why));
      }
      const p = first.get(e.file);
      assert.ok(p, `no diagnostics for ${e.file}`);
      const found = p.diagnostics.filter((d) => codeMatches(d.code, e.code));
      assert.deepEqual(found.map((d) => `${String(d.code)}@${d.range.start.line + 1}`), []);
      pass(`no ${e.code} in ${e.file}`);
    });
  }

  for (const h of exp.hover) {
    const name = `hover on "${h.at}" at ${h.file}:${h.line}${h.none ? " shows nothing" : ""}`;
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
    const v = version;
    const broken = await s.waitForDiagnostics(uri, (p) => p.version === v);
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
    const v2 = version;
    const clean = await s.waitForDiagnostics(uri, (p) => p.version === v2);
    assert.ok(!clean.diagnostics.some((d) => d.code === ca.code && d.range.start.line === line), "the finding is still reported after the fix");
    pass(`code action "${fix.title}" applied: line ${ca.line} reads "${fixedLine.slice(0, 30)}…", finding gone`);
  });

  test("pull diagnostics agree with pushed ones (when the server offers them)", async (t) => {
    if (!bin) {
      return missingBinary((why) => t.skip(why));
    }
    if (!init.capabilities.diagnosticProvider) {
      t.skip("the server does not advertise diagnosticProvider");
      return;
    }
    const file = exp.workspace.articles[exp.workspace.articles.length - 1];
    const report = await s.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: uriOf(file) } });
    assert.equal(report.kind, "full");
    if (report.kind === "full") {
      const pulled = report.items.map((d) => `${String(d.code)}@${d.range.start.line}`).sort();
      const pushed = first.get(file)!.diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`).sort();
      assert.deepEqual(pulled, pushed);
    }
    pass(`textDocument/diagnostic for ${file} matches publishDiagnostics`);
  });

  test("no error messages shown to the user", (t) => {
    if (!bin) {
      return missingBinary((why) => t.skip(why));
    }
    assert.deepEqual(s.errors, []);
    pass("no window/showMessage errors");
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
    const code = await Promise.race([s.exited, new Promise<string>((r) => setTimeout(() => r("timeout"), 5000))]);
    assert.equal(code, 0, `exit code after shutdown: ${code}`);
    s.conn.dispose();
    pass("shutdown + exit → exit code 0");
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
  const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r("timeout"), 5000))]);
  conn.dispose();
  if (code === "timeout") {
    proc.kill();
  }
  assert.equal(code, 1, `exit code without shutdown: ${code}`);
  pass("exit without shutdown → exit code 1");
});
