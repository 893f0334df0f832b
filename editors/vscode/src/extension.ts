// The copydesk extension: starts `copydesk lsp` for plain-text and Markdown articles (and any
// language or glob the user adds), passes the user's settings through, shows the workspace scan
// in the status bar, and offers "Restart Server" and "Show Output".

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  DocumentSelector,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";
import { findCopydesk } from "./binary";
import { ScanProgressFeature, StatusItem } from "./status";
import { CLIENT_ONLY_KEYS, ServerKey, isGlob, serverSettings, withoutClientKeys } from "./settings";

const SECTION = "copydesk";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: StatusItem;
let extensionUri: vscode.Uri;
/** Serializes start/stop so a burst of setting changes cannot start two servers. */
let lifecycle: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  extensionUri = context.extensionUri;
  output = vscode.window.createOutputChannel("copydesk");
  status = new StatusItem();
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("copydesk.restartServer", () => queue(restart)),
    vscode.commands.registerCommand("copydesk.showOutput", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The program, its arguments and which documents it sees are fixed when the client starts:
      // changing them means starting again. Server settings travel live (see middleware below).
      const restartKeys = CLIENT_ONLY_KEYS.filter((k) => k !== "trace").map((k) => `${SECTION}.${k}`);
      if (restartKeys.some((k) => event.affectsConfiguration(k))) {
        output.appendLine("[copydesk] Settings for the program or its documents changed: restarting.");
        void queue(restart);
      }
    }),
  );
  void queue(start);
}

export function deactivate(): Thenable<void> | undefined {
  return queue(stop);
}

function queue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step).catch((err: unknown) => {
    output.appendLine(`[copydesk] ${String(err)}`);
  });
  return lifecycle;
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(2000);
    } catch (err) {
      output.appendLine(`[copydesk] Stopping the server: ${String(err)}`);
    }
  }
  status.stopped();
}

function documentSelector(): DocumentSelector {
  const selector: DocumentSelector = [];
  for (const scheme of ["file", "untitled"]) {
    selector.push({ scheme, language: "plaintext" }, { scheme, language: "markdown" });
  }
  const extra = vscode.workspace.getConfiguration(SECTION).get<string[]>("filetypes", []);
  for (const entry of extra) {
    if (typeof entry !== "string" || entry.trim() === "") {
      continue;
    }
    if (isGlob(entry)) {
      selector.push({ scheme: "file", pattern: entry.trim() });
    } else {
      selector.push({ scheme: "file", language: entry.trim() }, { scheme: "untitled", language: entry.trim() });
    }
  }
  return selector;
}

/** The `copydesk` section for the server: what the user set, for this folder (or the window). */
function settingsFor(scopeUri?: string): Record<string, unknown> {
  const scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
  return serverSettings(
    (key: ServerKey) => config.inspect(key),
    folder?.uri.scheme === "file" ? folder.uri.fsPath : undefined,
  );
}

async function showMissing(reason: string, tried: string[]): Promise<void> {
  output.appendLine(`[copydesk] Could not start copydesk: ${reason}.`);
  if (tried.length > 0) {
    output.appendLine(`[copydesk] Looked for: ${tried.join(", ")}`);
  }
  status.missing(reason);
  const install = "Install instructions";
  const settings = "Set copydesk.path";
  const choice = await vscode.window.showErrorMessage(
    `copydesk: can't find the copydesk program (${reason}). Install it with \`cargo install --path .\` ` +
      "in a copy of the copydesk repository, or point the copydesk.path setting at it.",
    install,
    settings,
  );
  if (choice === install) {
    // The README shipped inside the extension has the install instructions; it opens offline.
    const readme = vscode.Uri.joinPath(extensionUri, "README.md");
    await vscode.commands.executeCommand("markdown.showPreview", readme);
  } else if (choice === settings) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "copydesk.path");
  }
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  if (!config.get<boolean>("enable", true)) {
    output.appendLine("[copydesk] Disabled by the copydesk.enable setting.");
    status.disabled();
    return;
  }
  const found = findCopydesk(config.get<string>("path"));
  if (!found.ok) {
    void showMissing(found.reason, found.tried);
    return;
  }
  const args = config.get<string[]>("args", ["lsp"]);
  output.appendLine(`[copydesk] Starting ${found.path} ${args.join(" ")} (found via ${found.how}).`);

  const run = { command: found.path, args, options: { env: { ...process.env, RUST_BACKTRACE: "1" } } };
  const serverOptions: ServerOptions = { run, debug: run };
  let self: LanguageClient | undefined = undefined;
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    traceOutputChannel: output,
    synchronize: { configurationSection: SECTION },
    middleware: {
      workspace: {
        // The server asks for `copydesk`: answer with only what the user set, so copydesk.toml
        // keeps governing everything else.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) {
            return answers;
          }
          return params.items.map((item, i) => {
            if (item.section === SECTION) {
              return settingsFor(item.scopeUri);
            }
            return withoutClientKeys(answers[i]);
          });
        },
        // The stock notification would carry the client-only keys and every default; send the
        // same filtered section the configuration request gets.
        didChangeConfiguration: async () => {
          await self?.sendNotification(DidChangeConfigurationNotification.type, {
            settings: { [SECTION]: settingsFor() },
          });
        },
      },
    },
  };

  const c = new LanguageClient("copydesk", "copydesk", serverOptions, clientOptions);
  self = c;
  c.registerFeature(new ScanProgressFeature(c, status));
  c.onDidChangeState((e) => {
    if (e.newState === State.Running) {
      status.running(c.initializeResult?.serverInfo?.version);
    } else if (e.newState === State.Stopped && client === c) {
      status.stopped();
    }
  });
  client = c;
  status.starting();
  try {
    await c.start();
  } catch (err) {
    output.appendLine(`[copydesk] The server did not start: ${String(err)}`);
    status.failed(String(err));
    void vscode.window
      .showErrorMessage(`copydesk: the server did not start (${String(err)}).`, "Show Output")
      .then((choice) => {
        if (choice) {
          output.show(true);
        }
      });
  }
}

