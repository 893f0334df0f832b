// The extension itself (activate → vscode-languageclient → the real `copydesk lsp`), with a
// stand-in for VS Code's API: settings flow through the extension's middleware, the scan shows in
// the status bar, diagnostics and hover come back through the client library's converters.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { test } from "node:test";
// eslint-disable-next-line @typescript-eslint/no-require-imports
import Module = require("module");
import { findBinary, loadExpectations, makeWorkspace, missingBinary } from "./harness";
import { Hover, MarkdownString, Position, makeDocument, standIn } from "./stand-in-vscode";

function until(pred: () => boolean, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = () => {
      if (pred()) {
        resolve(true);
      } else if (Date.now() - started > ms) {
        resolve(false);
      } else {
        setTimeout(tick, 25);
      }
    };
    tick();
  });
}

test("the extension starts copydesk lsp through vscode-languageclient: settings, scan status, diagnostics, hover", async (t) => {
  const bin = findBinary();
  if (!bin) {
    return missingBinary((why) => t.skip(why));
  }
  const exp = loadExpectations();
  const ws = makeWorkspace(exp);
  const london = path.join(ws, "london-wire-hardwrapped.txt");
  const doc = makeDocument(london, "plaintext", fs.readFileSync(london, "utf8"));
  const fake = standIn(
    // What a user might have in settings.json. `path` and `trace` are the extension's own.
    { path: bin, "trace.server": "verbose", rules: { "dateline.dash": "error" }, "dateline.homeCity": "" },
    ws,
    [doc],
  );
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    return request === "vscode" ? fake.module : original.call(this, request, ...rest);
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ext = require("../../src/extension") as { activate: (ctx: unknown) => void; deactivate: () => Thenable<void> | undefined };
  try {
    ext.activate({ subscriptions: [], extensionUri: { scheme: "file", path: ws } });

    // The status bar: a spinner while the workspace is scanned, then the check mark.
    const settled = await until(() => fake.statusTexts.some((s) => s.includes("sync~spin") && s.includes(":")) && fake.statusTexts[fake.statusTexts.length - 1] === "$(check) copydesk", 20000);
    assert.ok(settled, `status bar texts: ${JSON.stringify(fake.statusTexts)}; errors: ${JSON.stringify(fake.errors)}\n${fake.output.join("")}`);
    process.stdout.write(`PASS status bar: ${[...new Set(fake.statusTexts)].join(" → ")}\n`);

    // Settings: the server asked for `copydesk` and got only what the user set, client keys out.
    const trace = fake.output.join("\n");
    const answer = /Sending response 'workspace\/configuration[^]*?Result: (\[[^]*?\n\])/.exec(trace);
    assert.ok(answer, `no workspace/configuration answer in the trace:\n${trace.slice(0, 3000)}`);
    const sent = JSON.parse(answer[1]) as Record<string, unknown>[];
    assert.deepEqual(sent, [{ rules: { "dateline.dash": "error" } }], "the copydesk section as the server got it");
    process.stdout.write(`PASS settings sent: ${JSON.stringify(sent)} (no path, trace or empty homeCity)\n`);

    // Diagnostics, converted by the client library, with the severity the settings asked for.
    const got = await until(() => (fake.diagnostics.get(doc.uri.toString()) ?? []).some((d) => (d.code as { value?: string })?.value === "dateline.dash" || d.code === "dateline.dash"), 15000);
    const diags = fake.diagnostics.get(doc.uri.toString()) ?? [];
    assert.ok(got, `no dateline.dash diagnostic for the open article; got ${JSON.stringify(diags)}`);
    const dash = diags.find((d) => (d.code as { value?: string })?.value === "dateline.dash" || d.code === "dateline.dash")!;
    assert.equal(dash.severity, 0, "dateline.dash is an Error, as the settings say");
    assert.equal(dash.range.start.line, 2);
    process.stdout.write(`PASS diagnostics: ${diags.map((d) => `${JSON.stringify(d.code)}@${d.range.start.line + 1}/sev${d.severity}`).join(", ")}\n`);

    // Hover through the provider the client registered.
    const hover = fake.providers.get("hover");
    assert.ok(hover, `no hover provider registered; providers: ${[...fake.providers.keys()].join(", ")}`);
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
    const card = (await hover.provider.provideHover(doc, new Position(2, 2), token)) as Hover | undefined;
    assert.ok(card, "no hover on the dateline");
    const contents: MarkdownString[] = Array.isArray(card.contents) ? card.contents : [card.contents];
    const text = contents.map((c) => c.value).join("\n");
    assert.match(text, /Dateline/);
    process.stdout.write(`PASS hover: ${text.split("\n")[0]}\n`);
    // A setting changed in VS Code reaches the server live (no restart): dateline.dash off.
    fake.changeSettings({ rules: { "dateline.dash": "off" } });
    const gone = await until(() => {
      const now = fake.diagnostics.get(doc.uri.toString()) ?? [];
      return now.length > 0 && !now.some((d) => (d.code as { value?: string })?.value === "dateline.dash");
    }, 15000);
    assert.ok(gone, `dateline.dash still reported after turning it off: ${JSON.stringify(fake.diagnostics.get(doc.uri.toString()))}`);
    const notes = [...fake.output.join("\n").matchAll(/Sending notification 'workspace\/didChangeConfiguration'[^]*?Params: (\{[^]*?\n\})/g)];
    assert.ok(notes.length > 0, "no didChangeConfiguration in the trace");
    for (const n of notes) {
      assert.deepEqual(Object.keys((JSON.parse(n[1]) as { settings: { copydesk: object } }).settings.copydesk).filter((k) => ["path", "trace", "args", "enable", "filetypes"].includes(k)), []);
    }
    process.stdout.write(`PASS didChangeConfiguration x${notes.length}: ${notes.map((n) => JSON.stringify(JSON.parse(n[1]))).join(" ")}\n`);
    process.stdout.write("PASS settings changed live: dateline.dash off, the finding is gone without a restart\n");

    assert.deepEqual(fake.errors, [], "no error messages shown");
  } finally {
    await ext.deactivate();
    mod._load = original;
    fs.rmSync(ws, { recursive: true, force: true });
  }
});
