// The settings copydesk's server reads, and how the extension builds them from VS Code's.
//
// This module does not import `vscode`, so the unit tests run under plain Node.
//
// Only settings the user has actually set are sent. The defaults shown in the Settings UI are the
// server's own built-in defaults, and sending them would silently override whatever the project's
// copydesk.toml says (the server merges these settings *over* copydesk.toml).

import * as os from "os";
import * as path from "path";

/** Keys under `copydesk.` that only the extension reads; never sent to the server. */
export const CLIENT_ONLY_KEYS = ["enable", "path", "args", "filetypes", "trace"] as const;

/** Keys under `copydesk.` that the server reads (dotted paths, camelCase as in package.json). */
export const SERVER_KEYS = [
  "style",
  "rules",
  "dateline.policy",
  "dateline.homeCity",
  "dateline.credit",
  "dateline.standaloneUs",
  "dateline.standaloneForeign",
  "dateline.extraStandalone",
  "debounceMs",
  "maxFileSizeKb",
  "knowledgeBase",
] as const;

export type ServerKey = (typeof SERVER_KEYS)[number];

/** What `WorkspaceConfiguration.inspect` reports, reduced to the scopes a user can set. */
export interface Inspected {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value the user set, most specific scope first; objects (rules) merge across scopes. */
function userValue(key: ServerKey, inspected: Inspected | undefined): unknown {
  if (!inspected) {
    return undefined;
  }
  const layers = [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue];
  if (key === "rules") {
    const merged: Record<string, unknown> = {};
    let any = false;
    for (const layer of layers) {
      if (isPlainObject(layer)) {
        Object.assign(merged, layer);
        any = true;
      }
    }
    return any ? merged : undefined;
  }
  let value: unknown = undefined;
  for (const layer of layers) {
    if (layer !== undefined && layer !== null) {
      value = layer;
    }
  }
  // An empty text box means "not set" (the Settings UI cannot unset a string any other way).
  if (typeof value === "string" && value.trim() === "") {
    return undefined;
  }
  return value;
}

function expandPath(p: string, base: string | undefined): string {
  let out = p;
  if (out === "~" || out.startsWith("~/")) {
    out = path.join(os.homedir(), out.slice(1));
  }
  if (!path.isAbsolute(out) && base) {
    out = path.join(base, out);
  }
  return out;
}

/**
 * The `copydesk` section as the server should see it: only what the user set, nested the way the
 * server expects (`{style, rules, dateline: {policy, homeCity, ...}, debounceMs, ...}`).
 *
 * `inspect` returns the user's values for a key; `folder` is the workspace folder the settings
 * are for (relative knowledge-base paths resolve against it).
 */
export function serverSettings(
  inspect: (key: ServerKey) => Inspected | undefined,
  folder?: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    let value = userValue(key, inspect(key));
    if (value === undefined) {
      continue;
    }
    if (key === "knowledgeBase" && Array.isArray(value)) {
      value = (value as unknown[]).map((p: unknown) => (typeof p === "string" ? expandPath(p, folder) : p));
    }
    const parts = key.split(".");
    let target = out;
    for (const part of parts.slice(0, -1)) {
      if (!isPlainObject(target[part])) {
        target[part] = {};
      }
      target = target[part] as Record<string, unknown>;
    }
    target[parts[parts.length - 1]] = value;
  }
  return out;
}

/** Drop the extension's own keys from a `copydesk` section someone else built. */
export function withoutClientKeys(section: unknown): unknown {
  if (!isPlainObject(section)) {
    return section;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(section)) {
    if (!(CLIENT_ONLY_KEYS as readonly string[]).includes(k)) {
      out[k] = v;
    }
  }
  return out;
}

/** A `copydesk.filetypes` entry is a glob when it has glob or path characters. */
export function isGlob(entry: string): boolean {
  return /[*?[\]{}/\\.]/.test(entry);
}
