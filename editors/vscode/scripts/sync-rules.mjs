// Writes the rule list of `copydesk rules --format json` into package.json, so the Settings UI
// and settings.json completion offer every rule code and check name under `copydesk.rules`.
//
//   node scripts/sync-rules.mjs [path/to/copydesk]      (default: $COPYDESK_BIN, then copydesk)
//   node scripts/sync-rules.mjs --check [path/to/copydesk]  exit 1 if package.json is out of date
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const check = args[0] === "--check";
if (check) {
  args.shift();
}
const bin = args[0] ?? process.env.COPYDESK_BIN ?? "copydesk";
const rules = JSON.parse(execFileSync(bin, ["rules", "--format", "json"], { encoding: "utf8" }));

const properties = {};
const checks = [...new Set(rules.map((r) => r.code.split(".")[0]))].sort();
const levels = ["off", "hint", "information", "warning", "error", "default"];
for (const name of checks) {
  properties[name] = {
    type: "string",
    enum: levels,
    markdownDescription: `Every rule of the \`${name}\` check (a rule's own entry wins).`,
  };
}
for (const r of [...rules].sort((a, b) => a.code.localeCompare(b.code))) {
  properties[r.code] = {
    type: "string",
    enum: levels,
    markdownDescription: `${r.summary} Default: \`${r.severity}\`.`,
  };
}

const file = fileURLToPath(new URL("../package.json", import.meta.url));
const text = readFileSync(file, "utf8");
const manifest = JSON.parse(text);
manifest.contributes.configuration.properties["copydesk.rules"].properties = properties;
const updated = JSON.stringify(manifest, null, 2) + "\n";
if (check) {
  if (updated !== text) {
    console.error(
      "package.json's copydesk.rules list differs from `copydesk rules --format json`.\n" +
        "Run: cd editors/vscode && COPYDESK_BIN=../../target/debug/copydesk npm run sync-rules",
    );
    process.exit(1);
  }
  console.log(`package.json lists all ${rules.length} rules of ${checks.length} checks.`);
} else {
  writeFileSync(file, updated);
  console.log(`package.json: ${rules.length} rules of ${checks.length} checks.`);
}
