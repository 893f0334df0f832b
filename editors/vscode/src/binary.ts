// Finding the `copydesk` program: the `copydesk.path` setting, then PATH, then the folder
// `cargo install` puts programs in (an editor started from a desktop launcher often has a PATH
// without ~/.cargo/bin, which is the most common reason a freshly installed copydesk "isn't found").
//
// This module does not import `vscode`, so the unit tests run under plain Node.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export type Found = { ok: true; path: string; how: "setting" | "PATH" | "cargo" };
export type NotFound = { ok: false; reason: string; tried: string[] };

export interface Environment {
  platform: NodeJS.Platform;
  pathVar: string | undefined;
  home: string;
  isExecutable: (file: string) => boolean;
}

export function defaultEnvironment(): Environment {
  return {
    platform: process.platform,
    pathVar: process.env.PATH,
    home: os.homedir(),
    isExecutable,
  };
}

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform === "win32") {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function programNames(env: Environment): string[] {
  return env.platform === "win32" ? ["copydesk.exe", "copydesk.cmd", "copydesk"] : ["copydesk"];
}

/** `~`, `~/x` and `${userHome}` expanded; everything else as written. */
export function expandHome(p: string, home: string): string {
  let out = p.replace(/\$\{userHome\}/g, home);
  if (out === "~" || out.startsWith("~/") || out.startsWith("~\\")) {
    out = path.join(home, out.slice(1));
  }
  return out;
}

/**
 * Where copydesk is, or why it could not be found.
 *
 * A `configured` path that does not work is an error, not a reason to fall back to PATH: the
 * user asked for that program, and silently running another one would hide their mistake.
 */
export function findCopydesk(configured: string | undefined, env: Environment = defaultEnvironment()): Found | NotFound {
  const setting = (configured ?? "").trim();
  if (setting !== "") {
    const file = expandHome(setting, env.home);
    if (env.isExecutable(file)) {
      return { ok: true, path: file, how: "setting" };
    }
    return {
      ok: false,
      reason: `the copydesk.path setting points at "${file}", which is not an executable file`,
      tried: [file],
    };
  }
  const tried: string[] = [];
  const sep = env.platform === "win32" ? ";" : ":";
  for (const dir of (env.pathVar ?? "").split(sep)) {
    if (dir === "") {
      continue;
    }
    for (const name of programNames(env)) {
      const file = path.join(dir, name);
      tried.push(file);
      if (env.isExecutable(file)) {
        return { ok: true, path: file, how: "PATH" };
      }
    }
  }
  for (const name of programNames(env)) {
    const file = path.join(env.home, ".cargo", "bin", name);
    tried.push(file);
    if (env.isExecutable(file)) {
      return { ok: true, path: file, how: "cargo" };
    }
  }
  return { ok: false, reason: "no `copydesk` program on PATH or in ~/.cargo/bin", tried };
}
