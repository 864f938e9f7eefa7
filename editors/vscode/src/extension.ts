// The charterlint extension: starts `charterlint server` (LSP over stdio)
// for product charters, charterlint.toml and okrs.toml, and adds the
// commands and the status item around it. Everything the editor shows of
// a charter (diagnostics, hover, completion, quick fixes) is the server's.

import * as vscode from "vscode";
import {
  CodeAction,
  CodeActionRequest,
  DocumentFilter,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from "vscode-languageclient/node";
import { findServer, ServerBinary, MIN_VERSION } from "./server";

let client: LanguageClient | undefined;
let binary: ServerBinary | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
let selector: DocumentFilter[] = [];
/** Told once per session; a restart after a fix may tell again. */
let notified = false;

/** The default charter globs, as `charterlint.toml`'s `include` has them. */
const DEFAULT_CHARTERS = ["**/charter.toml", "**/*.charter.toml"];
const SHARED = ["**/charterlint.toml", "**/okrs.toml"];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("charterlint");
  status = vscode.window.createStatusBarItem("charterlint.status", vscode.StatusBarAlignment.Right, 100);
  status.name = "charterlint";
  status.command = "charterlint.showOutput";
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("charterlint.restart", () => restart(context)),
    vscode.commands.registerCommand("charterlint.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("charterlint.fixAll", fixAll),
    vscode.commands.registerCommand("charterlint.explainRule", explainRule),
    vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, explainProvider),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("charterlint")) {
        void restart(context);
      }
    }),
  );
  // A change of the include globs changes which files are charters.
  const configWatcher = vscode.workspace.createFileSystemWatcher("**/charterlint.toml");
  let globs = JSON.stringify(await charterPatterns());
  const onConfig = async () => {
    const now = JSON.stringify(await charterPatterns());
    if (now !== globs) {
      globs = now;
      output.appendLine("charterlint.toml's include globs changed: restarting the server");
      await restart(context);
    }
  };
  configWatcher.onDidChange(onConfig);
  configWatcher.onDidCreate(onConfig);
  configWatcher.onDidDelete(onConfig);
  context.subscriptions.push(configWatcher);
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** The globs of `include = [...]` in each workspace folder's charterlint.toml, as absolute patterns. */
async function charterPatterns(): Promise<string[]> {
  const patterns: string[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== "file") continue;
    let text: string;
    try {
      text = Buffer.from(
        await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, "charterlint.toml")),
      ).toString("utf8");
    } catch {
      continue;
    }
    for (const glob of includeGlobs(text)) {
      const root = folder.uri.fsPath.replace(/\\/g, "/").replace(/\/$/, "");
      patterns.push(glob.startsWith("**/") ? glob : `${root}/${glob}`);
    }
  }
  return patterns;
}

/** The strings of the top-level `include` array of a charterlint.toml (a small reading of TOML that is enough for a list of globs). */
export function includeGlobs(toml: string): string[] {
  const body = toml.split(/^\s*\[/m)[0]; // top level only: before the first table
  const m = /^\s*include\s*=\s*\[([\s\S]*?)\]/m.exec(body);
  if (!m) return [];
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'/g;
  let s: RegExpExecArray | null;
  const list = m[1].replace(/#[^\n]*/g, "");
  while ((s = re.exec(list))) out.push(s[1] !== undefined ? s[1].replace(/\\(.)/g, "$1") : s[2]);
  return out;
}

/** Documents the server is for: selected by file pattern (VS Code has no TOML language of its own: charter.toml opens as Plain Text). */
async function documentSelector(): Promise<DocumentFilter[]> {
  const patterns = [...new Set([...DEFAULT_CHARTERS, ...SHARED, ...(await charterPatterns())])];
  return patterns.flatMap((pattern) => [
    { scheme: "file", pattern },
    { scheme: "untitled", pattern },
  ]);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("charterlint");
  selector = await documentSelector();
  if (!config.get<boolean>("enable", true)) {
    setStatus("disabled", "charterlint is disabled (`charterlint.enable`)");
    return;
  }
  setStatus("starting", "looking for charterlint");
  const found = await findServer(context, config.get<string>("path", ""), output);
  if (!found.ok) {
    setStatus("error", found.message);
    output.appendLine(found.message);
    if (!notified) {
      notified = true;
      void vscode.window
        .showErrorMessage(found.message, "Open settings", "Show output")
        .then((choice) => {
          if (choice === "Open settings") {
            void vscode.commands.executeCommand("workbench.action.openSettings", "charterlint.path");
          } else if (choice === "Show output") {
            output.show(true);
          }
        });
    }
    return;
  }
  binary = found.binary;
  output.appendLine(`using ${binary.path} (${binary.version}, ${binary.source}; at least ${MIN_VERSION} is needed)`);
  const args = ["server", ...config.get<string[]>("args", [])];
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file");
  const serverOptions: ServerOptions = {
    command: binary.path,
    args,
    options: { cwd: folder?.uri.fsPath },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: {
      // charterlint.toml and the registry concern every open charter.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.toml"),
    },
  };
  client = new LanguageClient("charterlint", "charterlint", serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    if (e.newState === State.Running) setStatus("running", `charterlint ${binary?.version} is running (${binary?.path})`);
    else if (e.newState === State.Starting) setStatus("starting", "charterlint is starting");
    else setStatus("error", "charterlint's server stopped: see the output (charterlint: Show output)");
  });
  try {
    await client.start();
  } catch (e) {
    const message = `charterlint: the server (${binary.path} server) did not start: ${e instanceof Error ? e.message : e}`;
    output.appendLine(message);
    setStatus("error", message);
    if (!notified) {
      notified = true;
      void vscode.window.showErrorMessage(message, "Show output").then((c) => c && output.show(true));
    }
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(2000);
    } catch (e) {
      output.appendLine(`stopping the server: ${e}`);
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  notified = false;
  await start(context);
}

type Health = "starting" | "running" | "error" | "disabled";
let health: Health = "starting";
let healthText = "";

function setStatus(h: Health, tooltip: string): void {
  health = h;
  healthText = tooltip;
  updateStatus();
}

/** The status item: shown while a charter (or charterlint.toml, okrs.toml) is the active document. */
function updateStatus(): void {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || vscode.languages.match(selector as vscode.DocumentSelector, doc) === 0) {
    status.hide();
    return;
  }
  const icon = { starting: "$(sync~spin)", running: "$(check)", error: "$(error)", disabled: "$(circle-slash)" }[health];
  status.text = `${icon} charterlint`;
  status.tooltip = `${healthText}\nClick to show the output.`;
  status.backgroundColor =
    health === "error" ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  status.show();
}

/** Applies the server's safe fixes to the active charter, one at a time (each fix is computed on the text the previous one left). */
async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage("charterlint: the server is not running (charterlint: Show output).");
    return;
  }
  if (!editor || vscode.languages.match(selector as vscode.DocumentSelector, editor.document) === 0) {
    void vscode.window.showInformationMessage("charterlint: open a charter to fix it.");
    return;
  }
  const doc = editor.document;
  let applied = 0;
  for (let i = 0; i < 200; i++) {
    const range = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: doc.uri.toString() },
      range: client.code2ProtocolConverter.asRange(range),
      context: { diagnostics: [] },
    });
    const safe = (actions ?? []).find(
      (a): a is CodeAction => CodeAction.is(a) && !!a.edit && a.title.endsWith("(safe)"),
    );
    if (!safe?.edit) break;
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(safe.edit);
    if (!(await vscode.workspace.applyEdit(edit))) break;
    applied++;
  }
  void vscode.window.showInformationMessage(
    applied === 0 ? "charterlint: no safe fix to apply." : `charterlint: applied ${applied} safe fix${applied === 1 ? "" : "es"}.`,
  );
}

const EXPLAIN_SCHEME = "charterlint-explain";
const explainProvider: vscode.TextDocumentContentProvider = {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const rule = uri.path.replace(/^\//, "").replace(/\.md$/, "");
    if (!binary) return `charterlint is not running: no explanation of ${rule}.`;
    const { run } = await import("./server");
    const r = await run(binary.path, ["explain", "--color", "never", rule]);
    const docs = `https://github.com/charterlint/charterlint/blob/main/docs/rules.md#${rule}`;
    return `${r.stdout || r.stderr}\n\nDocumentation: ${docs}\n`;
  },
};

/** Opens a rule's explanation: the rule of the charterlint finding under the cursor, else one picked from the list. */
async function explainRule(rule?: string): Promise<void> {
  if (typeof rule !== "string") {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const here = vscode.languages
        .getDiagnostics(editor.document.uri)
        .find((d) => d.source === "charterlint" && d.range.contains(editor.selection.active));
      const code = here?.code;
      rule = typeof code === "object" ? String(code.value) : code !== undefined ? String(code) : undefined;
    }
  }
  if (!rule && binary) {
    const { run } = await import("./server");
    const r = await run(binary.path, ["rules", "--color", "never"]);
    const items = r.stdout
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .filter((w) => /^[a-z][a-z0-9-]+$/.test(w[0] ?? ""))
      .map((w) => ({ label: w[0], description: w[1], detail: w.slice(2).join(" ") }));
    rule = (await vscode.window.showQuickPick(items, { placeHolder: "the rule to explain" }))?.label;
  }
  if (!rule) return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: EXPLAIN_SCHEME, path: `/${rule}.md` }));
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}
