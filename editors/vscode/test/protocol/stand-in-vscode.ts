// A stand-in for the `vscode` module, complete enough for the extension and
// vscode-languageclient to start the real `copydesk lsp`, exchange settings and progress, and
// answer hover and diagnostics. VS Code itself cannot run on the build machine; this checks the
// extension's own code (settings middleware, status bar feed, binary discovery) against the real
// server through the real client library. What it does not check is VS Code's UI.

import * as path from "path";

type Fn = (...args: unknown[]) => unknown;

/** A value that is callable, constructible and has every property: for APIs not modelled here. */
function deepStub(name: string): unknown {
  const target = function () {
    return undefined;
  };
  return new Proxy(target, {
    get: (_t, key) => {
      if (key === "then") {
        return undefined; // not a promise
      }
      if (key === Symbol.toPrimitive) {
        return () => name;
      }
      return deepStub(`${name}.${String(key)}`);
    },
    apply: () => deepStub(`${name}()`),
    construct: () => deepStub(`new ${name}`) as object,
  });
}

export class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.fn();
  }
}
const disposable = () => new Disposable();

class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  event = (listener: (e: T) => void) => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(e: T): void {
    [...this.listeners].forEach((l) => l(e));
  }
  dispose(): void {
    this.listeners = [];
  }
}

class CancellationTokenSource {
  private emitter = new EventEmitter<void>();
  token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

export class Uri {
  constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  get fsPath(): string {
    return this.path;
  }
  static file(p: string): Uri {
    return new Uri("file", p);
  }
  static parse(s: string): Uri {
    const m = /^([a-z]+):(?:\/\/)?(.*)$/.exec(s);
    return m ? new Uri(m[1], decodeURIComponent(m[2])) : new Uri("file", s);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, path.join(base.path, ...parts));
  }
  toString(): string {
    return this.scheme === "file" ? `file://${this.path.split("/").map(encodeURIComponent).join("/")}` : `${this.scheme}:${this.path}`;
  }
  with(change: { scheme?: string; path?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path);
  }
  toJSON(): unknown {
    return { scheme: this.scheme, path: this.path };
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    if (typeof a === "number") {
      this.start = new Position(a, b as number);
      this.end = new Position(c!, d!);
    } else {
      this.start = a;
      this.end = b as Position;
    }
  }
}

export class MarkdownString {
  isTrusted?: boolean;
  supportHtml?: boolean;
  constructor(public value = "") {}
  appendMarkdown(v: string): this {
    this.value += v;
    return this;
  }
  appendText(v: string): this {
    this.value += v;
    return this;
  }
  appendCodeblock(v: string): this {
    this.value += "\n```\n" + v + "\n```\n";
    return this;
  }
}

export class Hover {
  constructor(
    readonly contents: MarkdownString[] | MarkdownString,
    readonly range?: Range,
  ) {}
}

export class Diagnostic {
  code?: unknown;
  source?: string;
  relatedInformation?: unknown[];
  tags?: unknown[];
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity = 0,
  ) {}
}

export interface FakeDocument {
  uri: Uri;
  fileName: string;
  languageId: string;
  version: number;
  isClosed: boolean;
  isDirty: boolean;
  isUntitled: boolean;
  lineCount: number;
  eol: number;
  getText(): string;
  save(): Promise<boolean>;
}

export function makeDocument(file: string, languageId: string, text: string): FakeDocument {
  return {
    uri: Uri.file(file),
    fileName: file,
    languageId,
    version: 1,
    isClosed: false,
    isDirty: false,
    isUntitled: false,
    lineCount: text.split("\n").length,
    eol: 1,
    getText: () => text,
    save: () => Promise.resolve(true),
  };
}

export interface StandIn {
  module: unknown;
  /** Lines written to the copydesk output channel (the server's stderr and the trace). */
  output: string[];
  /** Every text the status bar item showed, in order. */
  statusTexts: string[];
  /** What the client put in its diagnostic collections: uri → diagnostics. */
  diagnostics: Map<string, Diagnostic[]>;
  /** Providers the client registered, by kind ("hover", "codeAction", ...). */
  providers: Map<string, { selector: unknown; provider: Record<string, Fn> }>;
  errors: string[];
  /** Changes settings (keys under `copydesk.`) and tells listeners, as VS Code does. */
  changeSettings(changes: Record<string, unknown>): void;
}

/** `settings` maps keys under `copydesk.` to what the user set (all at the global scope). */
export function standIn(settings: Record<string, unknown>, folder: string, documents: FakeDocument[]): StandIn {
  const output: string[] = [];
  const statusTexts: string[] = [];
  const diagnostics = new Map<string, Diagnostic[]>();
  const providers = new Map<string, { selector: unknown; provider: Record<string, Fn> }>();
  const errors: string[] = [];

  const defaults: Record<string, unknown> = { enable: true, args: ["lsp"], filetypes: [], "trace.server": "off" };
  const configuration = (section?: string) => ({
    get: (key: string, fallback?: unknown) => {
      const full = section ? `${section}.${key}` : key;
      const k = full.startsWith("copydesk.") ? full.slice("copydesk.".length) : undefined;
      if (k !== undefined && k in settings) {
        return settings[k];
      }
      if (k !== undefined && k in defaults) {
        return defaults[k];
      }
      return fallback;
    },
    inspect: (key: string) => {
      const full = section ? `${section}.${key}` : key;
      const k = full.startsWith("copydesk.") ? full.slice("copydesk.".length) : undefined;
      return k !== undefined && k in settings ? { key: full, globalValue: settings[k] } : { key: full };
    },
    has: () => false,
    update: () => Promise.resolve(),
  });

  const languageApi: Record<string, unknown> = {
    match: (selector: unknown, doc: FakeDocument) => {
      const filters = (Array.isArray(selector) ? selector : [selector]) as { language?: string; scheme?: string; pattern?: string }[];
      return filters.some((f) => !f.pattern && (!f.language || f.language === doc.languageId) && (!f.scheme || f.scheme === doc.uri.scheme)) ? 10 : 0;
    },
    createDiagnosticCollection: () => ({
      set: (uri: Uri | [Uri, Diagnostic[]][], diags?: Diagnostic[]) => {
        if (Array.isArray(uri)) {
          uri.forEach(([u, d]) => diagnostics.set(u.toString(), d));
        } else {
          diagnostics.set(uri.toString(), diags ?? []);
        }
      },
      delete: (uri: Uri) => diagnostics.delete(uri.toString()),
      clear: () => diagnostics.clear(),
      get: (uri: Uri) => diagnostics.get(uri.toString()),
      has: (uri: Uri) => diagnostics.has(uri.toString()),
      forEach: () => undefined,
      dispose: () => undefined,
    }),
    getDiagnostics: () => [],
  };
  const languages = new Proxy(languageApi, {
    get: (target, key: string): unknown => {
      if (key in target) {
        return target[key];
      }
      const m = /^register(.*)Provider$/.exec(key);
      if (m) {
        return (selector: unknown, provider: Record<string, Fn>) => {
          const kind = m[1].charAt(0).toLowerCase() + m[1].slice(1);
          providers.set(kind, { selector, provider });
          return disposable();
        };
      }
      return deepStub(`languages.${key}`);
    },
  });

  const onEvent = () => disposable;
  const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
  const changeSettings = (changes: Record<string, unknown>) => {
    Object.assign(settings, changes);
    const keys = Object.keys(changes).map((k) => `copydesk.${k}`);
    configurationChanged.fire({
      affectsConfiguration: (section: string) => keys.some((k) => k === section || k.startsWith(section + ".") || section.startsWith(k + ".")),
    });
  };
  const vscode: Record<string, unknown> = {
    version: "1.90.0",
    env: { language: "en", appName: "copydesk stand-in", machineId: "x", sessionId: "y", openExternal: () => Promise.resolve(true) },
    Uri,
    Position,
    Range,
    Hover,
    MarkdownString,
    Diagnostic,
    Disposable,
    EventEmitter,
    CancellationTokenSource,
    CancellationError: class CancellationError extends Error {},
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    workspace: {
      workspaceFolders: [{ uri: Uri.file(folder), name: path.basename(folder), index: 0 }],
      textDocuments: documents,
      getConfiguration: configuration,
      getWorkspaceFolder: () => ({ uri: Uri.file(folder), name: path.basename(folder), index: 0 }),
      onDidChangeConfiguration: configurationChanged.event,
      onDidOpenTextDocument: onEvent(),
      onDidCloseTextDocument: onEvent(),
      onDidChangeTextDocument: onEvent(),
      onDidSaveTextDocument: onEvent(),
      onWillSaveTextDocument: onEvent(),
      onDidChangeWorkspaceFolders: onEvent(),
      onDidCreateFiles: onEvent(),
      onDidRenameFiles: onEvent(),
      onDidDeleteFiles: onEvent(),
      onWillCreateFiles: onEvent(),
      onWillRenameFiles: onEvent(),
      onWillDeleteFiles: onEvent(),
      onDidOpenNotebookDocument: onEvent(),
      onDidCloseNotebookDocument: onEvent(),
      onDidChangeNotebookDocument: onEvent(),
      onDidSaveNotebookDocument: onEvent(),
      notebookDocuments: [],
      createFileSystemWatcher: () => ({
        onDidCreate: onEvent(),
        onDidChange: onEvent(),
        onDidDelete: onEvent(),
        dispose: () => undefined,
      }),
      applyEdit: () => Promise.resolve(true),
    },
    window: {
      activeTextEditor: undefined,
      visibleTextEditors: [],
      tabGroups: { all: [], onDidChangeTabs: onEvent(), onDidChangeTabGroups: onEvent() },
      onDidChangeActiveTextEditor: onEvent(),
      onDidChangeVisibleTextEditors: onEvent(),
      createOutputChannel: () => ({
        name: "copydesk",
        append: (v: string) => output.push(v),
        appendLine: (v: string) => output.push(v),
        replace: () => undefined,
        clear: () => undefined,
        show: () => undefined,
        hide: () => undefined,
        dispose: () => undefined,
      }),
      createStatusBarItem: () => {
        const item: Record<string, unknown> = { show: () => undefined, hide: () => undefined, dispose: () => undefined };
        return new Proxy(item, {
          set: (t, key: string, value: unknown) => {
            t[key] = value;
            if (key === "text") {
              statusTexts.push(String(value));
            }
            return true;
          },
        });
      },
      showErrorMessage: (m: string) => {
        errors.push(m);
        return Promise.resolve(undefined);
      },
      showWarningMessage: (m: string) => {
        errors.push(`warning: ${m}`);
        return Promise.resolve(undefined);
      },
      showInformationMessage: () => Promise.resolve(undefined),
      withProgress: (_o: unknown, task: Fn) => task({ report: () => undefined }, new CancellationTokenSource().token),
    },
    commands: {
      registerCommand: () => disposable(),
      executeCommand: () => Promise.resolve(undefined),
    },
    languages,
  };
  const module = new Proxy(vscode, {
    get: (target, key: string) => (key in target ? target[key] : deepStub(key)),
  });
  return { module, output, statusTexts, diagnostics, providers, errors, changeSettings };
}
