// The Settings UI offers every rule the binary knows: package.json's `copydesk.rules` list
// matches `copydesk rules --format json`. When a check lands, regenerate it with
//   cd editors/vscode && COPYDESK_BIN=../../target/debug/copydesk npm run sync-rules
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { test } from "node:test";
import { findBinary, missingBinary } from "./harness";

test("package.json lists every rule of `copydesk rules --format json`", (t) => {
  const bin = findBinary();
  if (!bin) {
    return missingBinary((why) => t.skip(why));
  }
  const script = path.resolve(__dirname, "..", "..", "..", "scripts", "sync-rules.mjs");
  try {
    const out = execFileSync(process.execPath, [script, "--check", bin], { encoding: "utf8", stdio: "pipe" });
    process.stdout.write(`PASS ${out}`);
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string };
    assert.fail(`${e.stderr ?? ""}${e.stdout ?? ""}`);
  }
});
