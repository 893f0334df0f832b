// activate() with a stand-in for the `vscode` module (VS Code itself cannot run here): when the
// copydesk program cannot be found, the user gets an error message that says so, with the two
// ways out, and the status bar item shows the error.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { test } from "node:test";
// eslint-disable-next-line @typescript-eslint/no-require-imports
import Module = require("module");

interface Shown {
  message: string;
  items: string[];
}

function fakeVscode(settings: Record<string, unknown>) {
  const shown: Shown[] = [];
  const commands: string[] = [];
  const status = { text: "", tooltip: "", command: "", visible: false };
  const disposable = { dispose: () => undefined };
  const vscode = {
    window: {
      createOutputChannel: () => ({ appendLine: () => undefined, append: () => undefined, show: () => undefined, dispose: () => undefined }),
      createStatusBarItem: () => ({
        set text(v: string) { status.text = v; },
        set tooltip(v: string) { status.tooltip = v; },
        set command(v: string) { status.command = v; },
        name: "",
        show: () => { status.visible = true; },
        hide: () => { status.visible = false; },
        dispose: () => undefined,
      }),
      showErrorMessage: (message: string, ...items: string[]) => {
        shown.push({ message, items });
        return Promise.resolve(undefined);
      },
    },
    commands: {
      registerCommand: (id: string) => {
        commands.push(id);
        return disposable;
      },
      executeCommand: () => Promise.resolve(undefined),
    },
    workspace: {
      onDidChangeConfiguration: () => disposable,
      getConfiguration: () => ({
        get: <T>(key: string, fallback?: T): T | undefined => (key in settings ? (settings[key] as T) : fallback),
        inspect: () => undefined,
      }),
    },
    StatusBarAlignment: { Left: 1, Right: 2 },
    Uri: { joinPath: () => ({}) },
  };
  // vscode-languageclient extends some of vscode's classes when it loads: anything not stubbed
  // above is an empty class.
  const known: Record<string, unknown> = vscode;
  const proxy = new Proxy(known, {
    get: (target, key: string): unknown => (key in target ? target[key] : class Stub {}),
  });
  return { vscode: proxy, shown, commands, status };
}

// The compiled sources, and the esbuild bundle that goes into the .vsix when it has been built.
const bundle = path.resolve(__dirname, "..", "..", "..", "dist", "extension.js");
const builds = [["tsc output", "../../src/extension"], ...(fs.existsSync(bundle) ? [["bundle", bundle]] : [])];

for (const [label, modulePath] of builds) test(`activate (${label}): a missing copydesk program is reported, with install instructions and the setting`, async () => {
  const fake = fakeVscode({ path: "/nowhere/copydesk" });
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    return request === "vscode" ? fake.vscode : original.call(this, request, ...rest);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require(modulePath) as { activate: (ctx: unknown) => void; deactivate: () => Thenable<void> | undefined };
    ext.activate({ subscriptions: [], extensionUri: {} });
    for (let i = 0; i < 50 && fake.shown.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.deepEqual(fake.commands.sort(), ["copydesk.restartServer", "copydesk.showOutput"]);
    assert.equal(fake.shown.length, 1, "one error message");
    assert.match(fake.shown[0].message, /can't find the copydesk program/);
    assert.match(fake.shown[0].message, /\/nowhere\/copydesk/);
    assert.match(fake.shown[0].message, /cargo install --path \./);
    assert.deepEqual(fake.shown[0].items, ["Install instructions", "Set copydesk.path"]);
    assert.equal(fake.status.text, "$(error) copydesk");
    assert.equal(fake.status.command, "copydesk.restartServer");
    assert.ok(fake.status.visible);
    await ext.deactivate();
  } finally {
    mod._load = original;
  }
});

test("the status bar item follows the scan's progress", () => {
  const fake = fakeVscode({});
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    return request === "vscode" ? fake.vscode : original.call(this, request, ...rest);
  };
  try {
    // A fresh copy of the module, bound to this test's stand-in.
    delete require.cache[require.resolve("../../src/status")];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { StatusItem } = require("../../src/status") as typeof import("../../src/status");
    const item = new StatusItem();
    item.running("0.1.0");
    assert.equal(fake.status.text, "$(check) copydesk");
    item.begin("scan", { kind: "begin", title: "copydesk", message: "finding articles" });
    assert.equal(fake.status.text, "$(sync~spin) copydesk: finding articles");
    item.report("scan", { kind: "report", message: "checking 12 of 40", percentage: 30 });
    assert.equal(fake.status.text, "$(sync~spin) copydesk: checking 12 of 40 30%");
    item.end("scan");
    assert.equal(fake.status.text, "$(check) copydesk");
    assert.equal(fake.status.command, "copydesk.showOutput");
    item.stopped();
    assert.equal(fake.status.command, "copydesk.restartServer");
  } finally {
    mod._load = original;
  }
});
