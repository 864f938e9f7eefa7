// Finding `charterlint` without asking the user to install anything: the
// `charterlint.path` setting when the user set one, else the binary bundled
// in a platform-specific .vsix, else the workspace's Python environment's
// (ms-python's interpreter, else .venv), else PATH. The one found must
// answer `--version` with at least MIN_VERSION.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";

/** The oldest charterlint whose server this extension works with: the first that answers each client in one diagnostics model (pull or push, never both). */
export const MIN_VERSION = "0.1.0";

const EXE = process.platform === "win32" ? "charterlint.exe" : "charterlint";

export interface ServerBinary {
  path: string;
  version: string;
  /** Where it was found: "setting", "bundled", "python", ".venv", "PATH". */
  source: string;
}

export type Found = { ok: true; binary: ServerBinary } | { ok: false; message: string };

export function run(cmd: string, args: string[], timeout = 10000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout, windowsHide: true }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === "number" ? Number(err.code) : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: err && !stderr ? err.message : String(stderr) });
    });
  });
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** `a.b.c` compared as numbers: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  }
  return 0;
}

function expand(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? "";
  return p.replace(/^~(?=$|[\\/])/, os.homedir()).replace(/\$\{workspaceFolder\}/g, folder);
}

/** The charterlint beside the interpreter ms-python has selected, if that extension is installed. */
async function fromPythonExtension(log: vscode.OutputChannel): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension("ms-python.python");
  if (!ext) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const api: any = ext.isActive ? ext.exports : await ext.activate();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const envPath = api?.environments?.getActiveEnvironmentPath?.(folder);
    const env = envPath ? await api.environments.resolveEnvironment(envPath) : undefined;
    const exe: string | undefined = env?.executable?.uri?.fsPath;
    if (!exe) return undefined;
    const dir = path.dirname(exe);
    for (const candidate of [path.join(dir, EXE), path.join(dir, "Scripts", EXE), path.join(dir, "bin", EXE)]) {
      if (isFile(candidate)) return candidate;
    }
  } catch (e) {
    log.appendLine(`the Python extension's interpreter could not be read: ${e}`);
  }
  return undefined;
}

function fromVenv(): string | undefined {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== "file") continue;
    for (const venv of [".venv", "venv"]) {
      const bin = process.platform === "win32" ? path.join(folder.uri.fsPath, venv, "Scripts", EXE) : path.join(folder.uri.fsPath, venv, "bin", EXE);
      if (isFile(bin)) return bin;
    }
  }
  return undefined;
}

function fromPath(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && isFile(path.join(dir, EXE))) return path.join(dir, EXE);
  }
  return undefined;
}

const INSTALL =
  "Install it (`pipx install charterlint`, `pip install charterlint` in the workspace's environment, or `cargo install charterlint`), or set `charterlint.path` to the executable.";

export async function findServer(context: vscode.ExtensionContext, setting: string, log: vscode.OutputChannel): Promise<Found> {
  const candidates: [string, () => Promise<string | undefined> | string | undefined][] = [
    ["setting", () => (setting.trim() ? expand(setting.trim()) : undefined)],
    ["bundled", () => {
      const p = context.asAbsolutePath(path.join("bundled", EXE));
      return isFile(p) ? p : undefined;
    }],
    ["python", () => fromPythonExtension(log)],
    [".venv", fromVenv],
    ["PATH", fromPath],
  ];
  for (const [source, find] of candidates) {
    const p = await find();
    if (!p) continue;
    log.appendLine(`charterlint candidate (${source}): ${p}`);
    const r = await run(p, ["--version"]);
    const version = /charterlint\s+(\d+\.\d+\.\d+\S*)/.exec(r.stdout)?.[1];
    if (r.code !== 0 || !version) {
      return {
        ok: false,
        message: `charterlint: ${p} (${source === "setting" ? "charterlint.path" : source}) does not run: \`${p} --version\` said ${JSON.stringify((r.stderr || r.stdout).trim().slice(0, 200))}. ${INSTALL}`,
      };
    }
    if (compareVersions(version, MIN_VERSION) < 0) {
      return {
        ok: false,
        message: `charterlint: ${p} is version ${version}, older than ${MIN_VERSION}, which this extension needs. Upgrade it (\`pipx upgrade charterlint\` or \`cargo install charterlint\`), or set \`charterlint.path\` to a newer one.`,
      };
    }
    return { ok: true, binary: { path: p, version, source } };
  }
  return { ok: false, message: `charterlint: no charterlint executable found (none bundled, none in charterlint.path, the Python environment or PATH). ${INSTALL}` };
}
