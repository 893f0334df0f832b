// The manifest contributes every setting the server reads and every command the extension
// registers, each with a description.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { test } from "node:test";
import { CLIENT_ONLY_KEYS, SERVER_KEYS } from "../../src/settings";

const root = path.resolve(__dirname, "..", "..", "..");
interface Manifest {
  main: string;
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    configuration: { properties: Record<string, { markdownDescription?: string; description?: string }> };
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as Manifest;
const props = manifest.contributes.configuration.properties;

test("every server setting is in the Settings UI, described", () => {
  for (const key of SERVER_KEYS) {
    const p = props[`copydesk.${key}`];
    assert.ok(p, `copydesk.${key} is not contributed`);
    assert.ok((p.markdownDescription ?? p.description ?? "").length > 20, `copydesk.${key} has no description`);
  }
});

test("every client setting is contributed, and nothing else", () => {
  const known = new Set<string>([
    ...SERVER_KEYS.map((k) => `copydesk.${k}`),
    ...CLIENT_ONLY_KEYS.filter((k) => k !== "trace").map((k) => `copydesk.${k}`),
    "copydesk.trace.server",
  ]);
  assert.deepEqual(new Set(Object.keys(props)), known);
});

test("the two commands, titled for the palette", () => {
  const titles = manifest.contributes.commands.map((c) => `${c.category}: ${c.title}`).sort();
  assert.deepEqual(titles, ["copydesk: Restart Server", "copydesk: Show Output"]);
});

test("activates on plain text and Markdown", () => {
  assert.ok(manifest.activationEvents.includes("onLanguage:plaintext"));
  assert.ok(manifest.activationEvents.includes("onLanguage:markdown"));
  assert.equal(manifest.main, "./dist/extension.js");
});

test("an untrusted folder cannot choose the program that runs", () => {
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.sort(), ["copydesk.args", "copydesk.path"]);
});
