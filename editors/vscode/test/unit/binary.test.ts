import { strict as assert } from "assert";
import * as path from "path";
import { test } from "node:test";
import { Environment, expandHome, findCopydesk } from "../../src/binary";

function env(executables: string[], pathVar = "/usr/bin:/opt/news/bin"): Environment {
  return {
    platform: "linux",
    pathVar,
    home: "/home/ed",
    isExecutable: (f) => executables.includes(f),
  };
}

test("the setting wins", () => {
  const r = findCopydesk("/opt/copydesk", env(["/opt/copydesk", "/usr/bin/copydesk"]));
  assert.deepEqual(r, { ok: true, path: "/opt/copydesk", how: "setting" });
});

test("a setting that points nowhere is an error, not a silent fallback", () => {
  const r = findCopydesk("/nope/copydesk", env(["/usr/bin/copydesk"]));
  assert.equal(r.ok, false);
  assert.match(r.ok ? "" : r.reason, /copydesk\.path.*\/nope\/copydesk/);
});

test("then PATH, in order", () => {
  const r = findCopydesk("", env(["/opt/news/bin/copydesk"]));
  assert.deepEqual(r, { ok: true, path: "/opt/news/bin/copydesk", how: "PATH" });
});

test("then ~/.cargo/bin, where cargo install puts it", () => {
  const r = findCopydesk(undefined, env([path.join("/home/ed", ".cargo", "bin", "copydesk")]));
  assert.deepEqual(r, { ok: true, path: "/home/ed/.cargo/bin/copydesk", how: "cargo" });
});

test("missing: says where it looked", () => {
  const r = findCopydesk("", env([]));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.ok(r.tried.includes("/usr/bin/copydesk"));
    assert.ok(r.tried.includes("/home/ed/.cargo/bin/copydesk"));
  }
});

test("~ expands", () => {
  assert.equal(expandHome("~/bin/copydesk", "/home/ed"), "/home/ed/bin/copydesk");
  assert.equal(expandHome("${userHome}/bin/copydesk", "/home/ed"), "/home/ed/bin/copydesk");
  assert.equal(expandHome("/usr/bin/copydesk", "/home/ed"), "/usr/bin/copydesk");
});
