// The status bar item, and the client feature that feeds it the server's work-done progress
// (copydesk reports its workspace scan with `window/workDoneProgress/create` + `$/progress`).

import * as vscode from "vscode";
import {
  ClientCapabilities,
  FeatureState,
  LanguageClient,
  StaticFeature,
  WorkDoneProgress,
  WorkDoneProgressBegin,
  WorkDoneProgressCreateRequest,
  WorkDoneProgressReport,
} from "vscode-languageclient/node";

type Token = string | number;

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly active = new Map<Token, { title: string; message?: string; percentage?: number }>();
  private idleText = "$(check) copydesk";
  private idleTooltip = "copydesk is running. Click to show its output.";

  constructor() {
    this.item = vscode.window.createStatusBarItem("copydesk.status", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "copydesk";
    this.item.command = "copydesk.showOutput";
  }

  starting(): void {
    this.active.clear();
    this.set("$(sync~spin) copydesk", "copydesk is starting…", "copydesk.showOutput");
  }

  running(version: string | undefined): void {
    this.idleText = "$(check) copydesk";
    this.idleTooltip = `copydesk${version ? " " + version : ""} is checking your articles. Click to show its output.`;
    this.render();
  }

  stopped(): void {
    this.active.clear();
    this.set("$(circle-slash) copydesk", "copydesk is stopped. Click to restart it.", "copydesk.restartServer");
  }

  disabled(): void {
    this.active.clear();
    this.item.hide();
  }

  missing(reason: string): void {
    this.active.clear();
    this.set("$(error) copydesk", `copydesk is not running: ${reason}. Click to try again.`, "copydesk.restartServer");
  }

  failed(reason: string): void {
    this.active.clear();
    this.set("$(error) copydesk", `copydesk failed to start: ${reason}. Click to show its output.`, "copydesk.showOutput");
  }

  begin(token: Token, value: WorkDoneProgressBegin): void {
    this.active.set(token, { title: value.title, message: value.message, percentage: value.percentage });
    this.render();
  }

  report(token: Token, value: WorkDoneProgressReport): void {
    const entry = this.active.get(token);
    if (!entry) {
      return;
    }
    if (value.message !== undefined) {
      entry.message = value.message;
    }
    if (value.percentage !== undefined) {
      entry.percentage = value.percentage;
    }
    this.render();
  }

  end(token: Token): void {
    this.active.delete(token);
    this.render();
  }

  clearProgress(): void {
    this.active.clear();
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    const first = this.active.values().next();
    if (first.done) {
      this.set(this.idleText, this.idleTooltip, "copydesk.showOutput");
      return;
    }
    const p = first.value;
    // The server titles its scan "copydesk" and says what it is doing in the message
    // ("finding articles", "checking 12 of 40"): show the message, and the title only when it
    // adds something.
    const pct = p.percentage !== undefined ? ` ${Math.round(p.percentage)}%` : "";
    const what = p.message ?? (p.title.toLowerCase() === "copydesk" ? "working" : p.title);
    this.set(`$(sync~spin) copydesk: ${what}${pct}`, `${p.title}: ${p.message ?? "working"}. Click to show the output.`, "copydesk.showOutput");
  }

  private set(text: string, tooltip: string, command: string): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = command;
    this.item.show();
  }
}

/**
 * Takes over `window/workDoneProgress/create` so the server's progress (the workspace scan) shows
 * in copydesk's own status bar item. Registered after the client's built-in features, so its
 * handler is the one in force.
 */
export class ScanProgressFeature implements StaticFeature {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly status: StatusItem,
  ) {}

  fillClientCapabilities(capabilities: ClientCapabilities): void {
    capabilities.window = capabilities.window ?? {};
    capabilities.window.workDoneProgress = true;
  }

  getState(): FeatureState {
    return { kind: "static" };
  }

  initialize(): void {
    this.client.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
      const sub = this.client.onProgress(WorkDoneProgress.type, token, (value) => {
        switch (value.kind) {
          case "begin":
            this.status.begin(token, value);
            break;
          case "report":
            this.status.report(token, value);
            break;
          case "end":
            this.status.end(token);
            sub.dispose();
            break;
        }
      });
      this.disposables.push(sub);
    });
  }

  clear(): void {
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
    this.status.clearProgress();
  }
}
