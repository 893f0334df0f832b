import { strict as assert } from "assert";
import * as path from "path";
import { test } from "node:test";
import { Inspected, SERVER_KEYS, ServerKey, isGlob, serverSettings, withoutClientKeys } from "../../src/settings";

function inspector(values: Partial<Record<ServerKey, Inspected>>) {
  return (key: ServerKey) => values[key];
}

test("nothing set: nothing sent, so copydesk.toml governs", () => {
  assert.deepEqual(serverSettings(inspector({})), {});
});

test("set values nest the way the server reads them", () => {
  const out = serverSettings(
    inspector({
      style: { globalValue: "reuters" },
      "dateline.policy": { workspaceValue: "optional" },
      "dateline.homeCity": { globalValue: "WASHINGTON" },
      debounceMs: { globalValue: 300 },
    }),
  );
  assert.deepEqual(out, {
    style: "reuters",
    dateline: { policy: "optional", homeCity: "WASHINGTON" },
    debounceMs: 300,
  });
});

test("the most specific scope wins; rules merge across scopes", () => {
  const out = serverSettings(
    inspector({
      style: { globalValue: "ap", workspaceValue: "nyt", workspaceFolderValue: "guardian" },
      rules: {
        globalValue: { dateline: "off", "dateline.dash": "hint" },
        workspaceValue: { "dateline.dash": "error" },
      },
    }),
  );
  assert.equal(out.style, "guardian");
  assert.deepEqual(out.rules, { dateline: "off", "dateline.dash": "error" });
});

test("an empty text box is unset", () => {
  assert.deepEqual(serverSettings(inspector({ "dateline.homeCity": { globalValue: "  " } })), {});
});

test("an explicitly empty list is sent (it replaces the built-in list)", () => {
  assert.deepEqual(serverSettings(inspector({ "dateline.standaloneUs": { globalValue: [] } })), {
    dateline: { standaloneUs: [] },
  });
});

test("relative knowledge-base paths resolve against the workspace folder", () => {
  const folder = path.resolve("/news/desk");
  const out = serverSettings(inspector({ knowledgeBase: { workspaceValue: ["kb/house.toml", "/abs/people.toml"] } }), folder);
  assert.deepEqual(out.knowledgeBase, [path.join(folder, "kb/house.toml"), "/abs/people.toml"]);
});

test("client-only keys are stripped from a section built elsewhere", () => {
  assert.deepEqual(withoutClientKeys({ path: "/x", trace: { server: "off" }, style: "ap", filetypes: [] }), { style: "ap" });
  assert.equal(withoutClientKeys(null), null);
});

test("filetypes entries: globs versus language IDs", () => {
  assert.equal(isGlob("**/*.story"), true);
  assert.equal(isGlob("*.wire"), true);
  assert.equal(isGlob("restructuredtext"), false);
  assert.equal(isGlob("latex"), false);
});

test("the server keys are the ones the brief lists", () => {
  assert.equal(SERVER_KEYS.length, 11);
});
