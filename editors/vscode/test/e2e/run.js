// End-to-end test of the extension in real VS Code: code-server (VS Code
// 1.100) driven by headless Chromium through puppeteer-core.
//
//   CHARTERLINT_BIN=.../charterlint CHARTERLINT_CODE_SERVER=.../code-server \
//   CHARTERLINT_E2E_OUT=dir node test/e2e/run.js
//
// 1. packages the extension as a .vsix with CHARTERLINT_BIN as its bundled
//    server (so the bundled binary is the one found);
// 2. installs it into a fresh extensions folder of code-server and opens a
//    workspace with a registry, a charterlint.toml and a charter whose
//    `[vision]` table is misspelt `[visoin]` (findings: unknown-key, with a
//    safe fix, and vision-missing);
// 3. reads from the rendered workbench that the Problems panel lists each
//    finding exactly once, that a hover on the finding shows the rule's
//    explanation, and that the quick fix "rename `visoin` to `vision`"
//    changes the buffer (and the findings go away).
// Screenshots of each step go to CHARTERLINT_E2E_OUT. Exits non-zero on any
// failure; prints one line `e2e: ok ...` on success.

"use strict";

const { spawn, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const EXT = path.resolve(__dirname, "..", "..");
const BIN = need("CHARTERLINT_BIN");
const CODE_SERVER = need("CHARTERLINT_CODE_SERVER");
const CHROMIUM = process.env.CHARTERLINT_CHROMIUM || "/usr/bin/chromium";
const OUT = path.resolve(process.env.CHARTERLINT_E2E_OUT || fs.mkdtempSync(path.join(os.tmpdir(), "charterlint-e2e-out-")));
const TIMEOUT = 60000;

function need(name) {
  const v = process.env[name];
  if (!v) fail(`${name} is not set`);
  if (!fs.existsSync(v)) fail(`${name}=${v} does not exist`);
  return v;
}

function fail(message) {
  console.error(`e2e: FAIL: ${message}`);
  process.exit(1);
}

function log(message) {
  console.error(`e2e: ${message}`);
}

const REGISTRY = `okrs = 1
[[goals]]
id = "G-TRUST"
statement = "Be the bank customers trust"
[[objectives]]
id = "O-2026Q4-CLOSE"
goal = "G-TRUST"
statement = "Close the books in a day"
ends = 2999-12-31
[[objectives]]
id = "O-2027Q1-AUDIT"
goal = "G-TRUST"
statement = "Pass the audit first time"
ends = 2999-12-31
`;

const CHARTER = `charter = 1

[product]
id = "ledger"
name = "General Ledger"
owner = "team-finance-platform"
kind = "internal-tool"
end_customer_impact = "Statements are right the first time"

[visoin]
statement = "Every entity closes its books in one day"

[golden_thread]
goal = "G-TRUST"
objectives = ["O-2026Q4-CLOSE"]
kpis = ["days-to-close"]

[[personas]]
name = "Finance analyst"
role = "user"
internal = true
needs = ["close the books in one day"]

[relationship]
type = "partner"
choice = false
value_exchange = "none"

[sourcing]
decision = "buy"
differentiation = "low"
criticality = "high"
rationale = "A ledger is a parity capability"
skills_plan = "Two analysts certified by Q2"
`;
const FINDING_LINE = CHARTER.split("\n").findIndex((l) => l === "[visoin]") + 1;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Packages the extension, with BIN bundled or with no binary at all. */
function packageVsix(tmp, withBinary) {
  const bundled = path.join(EXT, "bundled");
  fs.rmSync(bundled, { recursive: true, force: true });
  if (withBinary) {
    fs.mkdirSync(bundled);
    fs.copyFileSync(BIN, path.join(bundled, "charterlint"));
    fs.chmodSync(path.join(bundled, "charterlint"), 0o755);
  }
  const vsix = path.join(tmp, withBinary ? "charterlint.vsix" : "charterlint-universal.vsix");
  try {
    const vsce = path.join(EXT, "node_modules", ".bin", "vsce");
    if (!fs.existsSync(vsce)) fail(`${vsce} is missing: run \`npm ci\` in ${EXT}`);
    execFileSync(vsce, ["package", "--skip-license", "-o", vsix], { cwd: EXT, stdio: ["ignore", "ignore", "inherit"] });
  } finally {
    fs.rmSync(bundled, { recursive: true, force: true });
  }
  return vsix;
}

async function main() {
  let puppeteer;
  try {
    puppeteer = require("puppeteer-core");
  } catch (e) {
    fail(`puppeteer-core is missing (run \`npm ci\` in ${EXT}): ${e.message}`);
  }
  if (!fs.existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing (Debian's chromium)`);
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "charterlint-e2e-"));
  const started = Date.now();
  const vsix = packageVsix(tmp, true);
  log(`packaged ${vsix} (${fs.statSync(vsix).size} bytes)`);
  const universal = packageVsix(tmp, false);
  log(`packaged ${universal} (${fs.statSync(universal).size} bytes, no binary)`);

  const workspace = path.join(tmp, "workspace");
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(workspace, "okrs.toml"), REGISTRY);
  // A charter only the include globs make one: products/billing.toml.
  fs.writeFileSync(
    path.join(workspace, "charterlint.toml"),
    'registry = "okrs.toml"\ninclude = ["**/charter.toml", "products/*.toml"]\n',
  );
  fs.writeFileSync(path.join(workspace, "charter.toml"), CHARTER);
  fs.mkdirSync(path.join(workspace, "products"));
  fs.writeFileSync(
    path.join(workspace, "products", "billing.toml"),
    CHARTER.replace('id = "ledger"', 'id = "billing"\ncolour = "blue"'),
  );

  const userData = path.join(tmp, "user-data");
  const extensions = path.join(tmp, "extensions");
  fs.mkdirSync(path.join(userData, "User"), { recursive: true });
  fs.writeFileSync(
    path.join(userData, "User", "settings.json"),
    JSON.stringify({
      "security.workspace.trust.enabled": false,
      "workbench.startupEditor": "none",
      "workbench.tips.enabled": false,
      "workbench.enableExperiments": false,
      "telemetry.telemetryLevel": "off",
      "extensions.autoCheckUpdates": false,
      "extensions.autoUpdate": false,
      "update.mode": "none",
      "editor.hover.delay": 100,
      "chat.commandCenter.enabled": false,
      "workbench.colorTheme": "Default Light Modern",
    }),
  );
  const common = ["--user-data-dir", userData, "--extensions-dir", extensions];
  const install = execFileSync(CODE_SERVER, ["--install-extension", vsix, ...common], { encoding: "utf8" });
  log(install.trim().split("\n").pop());

  const port = await freePort();
  const server = spawn(
    CODE_SERVER,
    ["--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", ...common, workspace],
    { detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let serverLog = "";
  server.stdout.on("data", (d) => (serverLog += d));
  server.stderr.on("data", (d) => (serverLog += d));
  const kill = () => {
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {}
  };
  process.on("exit", kill);

  let browser;
  const shot = async (page, name) => {
    const file = path.join(OUT, `${name}.png`);
    await page.screenshot({ path: file });
    log(`screenshot ${file}`);
  };
  try {
    await waitFor(async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        return r.ok;
      } catch {
        return false;
      }
    }, "code-server answers /healthz");
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${path.join(tmp, "chromium")}`,
      ],
      defaultViewport: { width: 1400, height: 900 },
    });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector(".monaco-workbench", { timeout: TIMEOUT });
    await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: TIMEOUT });
    log("workbench up");

    // Open the charter (Quick Open).
    await page.click(".explorer-folders-view");
    await page.keyboard.down("Control");
    await page.keyboard.press("KeyP");
    await page.keyboard.up("Control");
    await page.waitForSelector(".quick-input-widget input", { visible: true, timeout: TIMEOUT });
    await page.keyboard.type("charter.toml");
    await waitFor(() => page.$eval(".quick-input-list", (e) => e.innerText.includes("charter.toml")).catch(() => false), "quick open lists charter.toml");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".monaco-editor .view-lines", { visible: true, timeout: TIMEOUT });
    await waitFor(() => editorText(page).then((t) => t.includes("[visoin]")), "the charter is open");

    // The Problems panel lists each finding once.
    await command(page, "View: Focus Problems");
    const problems = await waitFor(async () => {
      const t = await page.$eval(".markers-panel", (e) => e.innerText).catch(() => "");
      return t.includes("unknown-key") && t.includes("vision-missing") ? t : false;
    }, "the Problems panel lists unknown-key and vision-missing");
    const rows = await page.$$eval(".markers-panel .monaco-list-row", (rs) => rs.map((r) => r.innerText.replace(/\s+/g, " ").trim()));
    const count = (code) => rows.filter((r) => r.includes(code)).length;
    if (count("unknown-key") !== 1 || count("vision-missing") !== 1) {
      await shot(page, "fail-problems");
      fail(`each finding should be listed once; the Problems panel has:\n${rows.join("\n")}`);
    }
    log(`problems: ${JSON.stringify(rows)}`);
    await shot(page, "1-problems");

    // Hover on the finding: the rule's explanation.
    await goTo(page, FINDING_LINE, 3);
    await command(page, "Show or Focus Hover");
    const hover = await waitFor(async () => {
      const t = await page.$$eval(".monaco-hover", (hs) => hs.map((h) => h.innerText).join("\n")).catch(() => "");
      return t.includes("A key the format does not know is almost always a typo") ? t : false;
    }, "a hover with unknown-key's explanation");
    log(`hover: ${JSON.stringify(hover.slice(0, 200))}`);
    await shot(page, "2-hover");
    await page.keyboard.press("Escape");

    // The quick fix changes the buffer.
    await goTo(page, FINDING_LINE, 3);
    await page.keyboard.down("Control");
    await page.keyboard.press("Period");
    await page.keyboard.up("Control");
    const title = "rename `visoin` to `vision` (safe)";
    await waitFor(() => page.$$eval(".action-widget .monaco-list-row", (rs) => rs.map((r) => r.innerText)).then((ts) => ts.some((t) => t.includes("rename `visoin`"))).catch(() => false), `the quick fix menu offers "${title}"`);
    const offered = await page.$$eval(".action-widget .monaco-list-row", (rs) => rs.map((r) => r.innerText.trim()));
    log(`quick fixes: ${JSON.stringify(offered)}`);
    await shot(page, "3-quick-fix");
    // The screenshot for the Marketplace README: the finding, its quick fixes and the Problems panel.
    fs.copyFileSync(path.join(OUT, "3-quick-fix.png"), path.join(OUT, "quick-fix.png"));
    const rowIndex = offered.findIndex((t) => t.includes("rename `visoin`"));
    const rowsEls = await page.$$(".action-widget .monaco-list-row");
    await rowsEls[rowIndex].click();
    await waitFor(() => editorText(page).then((t) => t.includes("[vision]") && !t.includes("[visoin]")), "the buffer says [vision] after the quick fix");
    await waitFor(async () => {
      const t = await page.$eval(".markers-panel", (e) => e.innerText).catch(() => "");
      return !t.includes("unknown-key") && !t.includes("vision-missing");
    }, "the findings are gone from the Problems panel after the fix");
    await shot(page, "4-fixed");

    // A missing key: the quick fix adds it under its table's header, as a
    // placeholder the product manager fills in.
    const relationshipLine = CHARTER.split("\n").findIndex((l) => l === "[relationship]") + 1;
    await applyQuickFix(page, relationshipLine, 2, "add `rationale` with a placeholder to fill in");
    // (The editor's DOM holds its lines in no fixed order: the line the
    // key went to is read from the Problems panel's placeholder finding.)
    await waitFor(() => editorText(page).then((t) => t.includes('rationale = "<rationale>"')), "the quick fix added rationale");
    await waitFor(async () => {
      const t = await page.$eval(".markers-panel", (e) => e.innerText).catch(() => "");
      return t.includes("relationship.rationale") && t.includes(`Ln ${relationshipLine + 1},`) && !t.includes("relationship-missing");
    }, "the Problems panel has the placeholder on the line under [relationship], and no longer relationship-missing");
    await shot(page, "4b-missing-key");

    // The golden thread from the registry: the goal's other objective.
    const goalLine = CHARTER.split("\n").findIndex((l) => l.startsWith("goal = ")) + 1;
    await applyQuickFix(page, goalLine, 2, "Add objective O-2027Q1-AUDIT: Pass the audit first time");
    await waitFor(() => editorText(page).then((t) => t.includes('objectives = ["O-2026Q4-CLOSE", "O-2027Q1-AUDIT"]')), "the code action listed O-2027Q1-AUDIT in the golden thread");
    await shot(page, "4c-golden-thread");
    const status = await page.$$eval(".statusbar-item", (s) => s.map((e) => e.innerText).filter((t) => t.includes("charterlint")));
    log(`status bar: ${JSON.stringify(status)}`);
    if (status.length !== 1) fail(`expected one charterlint status item, got ${JSON.stringify(status)}`);

    // A charter by charterlint.toml's include globs (products/*.toml) is checked too.
    await quickOpen(page, "billing.toml");
    await waitFor(() => editorText(page).then((t) => t.includes("colour")), "products/billing.toml is open");
    await command(page, "View: Focus Problems");
    const billing = await waitFor(async () => {
      const t = await page.$eval(".markers-panel", (e) => e.innerText).catch(() => "");
      return t.includes("billing.toml") && t.includes("unknown key `colour`") ? t : false;
    }, "the Problems panel lists products/billing.toml's unknown-key (a charter by the include globs)");
    log(`include globs: ${JSON.stringify(billing.replace(/\s+/g, " ").slice(0, 160))}`);
    await shot(page, "5-include-glob");

    // charterlint: Explain rule, on the finding under the cursor.
    await goTo(page, 5, 2);
    await command(page, "charterlint: Explain rule");
    await waitFor(
      () => page.$$eval(".monaco-editor .view-lines", (es) => es.map((e) => e.innerText).join("\n")).then((t) => t.replace(/\s+/g, " ").includes("A key the format does not know is almost always a typo")).catch(() => false),
      "Explain rule opens unknown-key's explanation",
    );
    await shot(page, "6-explain");
    await quickOpen(page, "billing.toml");
    await waitFor(() => editorText(page).then((t) => t.includes("colour")), "products/billing.toml is active again");

    // charterlint: Fix all (safe fixes) renames [visoin] (the unsafe-free fixes only: `colour` stays).
    // The explanation may have opened beside it: focus billing.toml's editor first.
    await goTo(page, 1, 1);
    await command(page, "charterlint: Fix all (safe fixes)");
    await waitFor(() => editorText(page).then((t) => t.includes("[vision]") && !t.includes("[visoin]") && t.includes("colour")), "Fix all renamed [visoin] in billing.toml");
    await shot(page, "7-fix-all");
    await browser.close();
    browser = undefined;
    kill();

    // Without any binary (the universal .vsix, no charterlint.path, none on
    // PATH): one notification says what to do.
    const bare = await noBinary(puppeteer, tmp, universal, workspace, shot);
    log(`without a binary: ${JSON.stringify(bare)}`);
    console.log(`e2e: ok in ${((Date.now() - started) / 1000).toFixed(1)} s: Problems listed each finding once, the hover explained unknown-key, the quick fix renamed [visoin] to [vision], added a missing key and listed an objective from the registry`);
  } catch (e) {
    if (browser) {
      const pages = await browser.pages();
      if (pages[1]) await shot(pages[1], "fail").catch(() => {});
    }
    console.error(serverLog.split("\n").slice(-30).join("\n"));
    fail(e.stack || String(e));
  } finally {
    if (browser) await browser.close().catch(() => {});
    kill();
  }
}

async function noBinary(puppeteer, tmp, vsix, workspace, shot) {
  const userData = path.join(tmp, "user-data-bare");
  const extensions = path.join(tmp, "extensions-bare");
  fs.mkdirSync(path.join(userData, "User"), { recursive: true });
  fs.writeFileSync(
    path.join(userData, "User", "settings.json"),
    JSON.stringify({ "security.workspace.trust.enabled": false, "workbench.startupEditor": "none", "telemetry.telemetryLevel": "off", "workbench.colorTheme": "Default Light Modern" }),
  );
  const common = ["--user-data-dir", userData, "--extensions-dir", extensions];
  execFileSync(CODE_SERVER, ["--install-extension", vsix, ...common], { encoding: "utf8" });
  const PATH = (process.env.PATH || "")
    .split(path.delimiter)
    .filter((d) => d && !fs.existsSync(path.join(d, "charterlint")))
    .join(path.delimiter);
  const port = await freePort();
  const server = spawn(
    CODE_SERVER,
    ["--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", ...common, workspace],
    { detached: true, stdio: "ignore", env: { ...process.env, PATH } },
  );
  const kill = () => {
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {}
  };
  process.on("exit", kill);
  let browser;
  try {
    await waitFor(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false), "code-server (no binary) answers");
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${path.join(tmp, "chromium-bare")}`],
      defaultViewport: { width: 1400, height: 900 },
    });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector(".monaco-workbench", { timeout: TIMEOUT });
    const toasts = await waitFor(async () => {
      const t = await page.$$eval(".notification-toast, .notifications-list-container .monaco-list-row", (ns) => ns.map((n) => n.innerText)).catch(() => []);
      return t.some((x) => x.includes("no charterlint executable found")) ? t : false;
    }, "a notification that no charterlint was found");
    await new Promise((r) => setTimeout(r, 3000)); // a second one would show by now
    const all = await page.$$eval(".notification-toast", (ns) => ns.map((n) => n.innerText));
    const ours = all.filter((x) => x.includes("charterlint"));
    await shot(page, "8-no-binary");
    if (ours.length !== 1) fail(`expected one charterlint notification, got ${JSON.stringify(all)}`);
    if (!ours[0].includes("charterlint.path") || !ours[0].includes("pipx install charterlint")) {
      fail(`the notification does not say what to do: ${ours[0]}`);
    }
    return ours[0].replace(/\s+/g, " ").slice(0, 300) || toasts;
  } finally {
    if (browser) await browser.close().catch(() => {});
    kill();
  }
}

async function quickOpen(page, name) {
  await page.keyboard.down("Control");
  await page.keyboard.press("KeyP");
  await page.keyboard.up("Control");
  await page.waitForSelector(".quick-input-widget input", { visible: true, timeout: TIMEOUT });
  await page.keyboard.type(name);
  await waitFor(() => page.$eval(".quick-input-list", (e, n) => e.innerText.includes(n), name).catch(() => false), `quick open lists ${name}`);
  await page.keyboard.press("Enter");
}

async function waitFor(check, what, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeout / 1000} s waiting for: ${what}`);
}

function editorText(page) {
  return page.$eval(".monaco-editor .view-lines", (e) => e.innerText.replace(/\u00a0/g, " ")).catch(() => "");
}

/** Runs a command from the palette by its label. */
async function command(page, label) {
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget input", { visible: true, timeout: TIMEOUT });
  await page.keyboard.type(label);
  await waitFor(
    () => page.$$eval(".quick-input-list .monaco-list-row", (rs, l) => rs.some((r) => r.innerText.includes(l)), label).catch(() => false),
    `the command palette offers "${label}"`,
  );
  await page.keyboard.press("Enter");
  await new Promise((r) => setTimeout(r, 300));
}

/** Opens the quick fixes at line:column and picks the one whose title
 * contains `title` (failing when the menu does not offer it). */
async function applyQuickFix(page, line, column, title) {
  await goTo(page, line, column);
  await page.keyboard.down("Control");
  await page.keyboard.press("Period");
  await page.keyboard.up("Control");
  await waitFor(() => page.$$eval(".action-widget .monaco-list-row", (rs) => rs.map((r) => r.innerText)).then((ts) => ts.some((t) => t.includes(title))).catch(() => false), `the quick fix menu offers "${title}"`);
  const offered = await page.$$eval(".action-widget .monaco-list-row", (rs) => rs.map((r) => r.innerText.trim()));
  log(`quick fixes at ${line}:${column}: ${JSON.stringify(offered)}`);
  const rows = await page.$$(".action-widget .monaco-list-row");
  await rows[offered.findIndex((t) => t.includes(title))].click();
}

/** Puts the cursor at line:column of the active editor (Go to Line). */
async function goTo(page, line, column) {
  await page.click(".monaco-editor .view-lines");
  await page.keyboard.down("Control");
  await page.keyboard.press("KeyG");
  await page.keyboard.up("Control");
  await page.waitForSelector(".quick-input-widget input", { visible: true, timeout: TIMEOUT });
  await page.keyboard.type(`${line}:${column}`);
  await new Promise((r) => setTimeout(r, 200));
  await page.keyboard.press("Enter");
  await new Promise((r) => setTimeout(r, 300));
}

main();
