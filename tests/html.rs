//! The HTML report in a real browser. An organisation of git repositories is
//! checked through the library, its page rendered, and headless Chromium
//! loads the page from `file://`: it must show the products, run its own
//! script, log nothing to the console, make no network request, and never
//! run what a hostile charter smuggles in.
//!
//! Runs only with `CHARTERLINT_E2E=1`, and then fails if Chromium is missing.
//! `docs/make-screenshot.sh` uses the same organisation for `docs/report.png`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use charterlint::config::Config;
use charterlint::date::Date;
use charterlint::engine::{self, Report, Selection, TreeInput};
use charterlint::registry::Registry;
use charterlint::report::html;
use charterlint::rules::Emitter;
use charterlint::source::worktree::WorkTree;

const CHROMIUM: &str = "/usr/bin/chromium";

fn e2e() -> bool {
    std::env::var_os("CHARTERLINT_E2E").is_some_and(|v| v == "1")
}

const OKRS: &str = r#"okrs = 1

[[goals]]
id = "G-TRUST"
statement = "Be the bank small businesses trust with their money"

[[goals]]
id = "G-GROWTH"
statement = "Double the number of small businesses we serve"

[[goals]]
id = "G-EFFICIENCY"
statement = "Run the bank at a cost-income ratio below 45%"

[[objectives]]
id = "O-2026Q4-PAYOUTS"
goal = "G-TRUST"
statement = "Every payout arrives when we say it will"
ends = 2026-12-31
key_results = ["KR-2026Q4-PAYOUTS-1"]

[[objectives]]
id = "O-2026Q4-FRAUD"
goal = "G-TRUST"
statement = "Halve fraud losses without blocking honest customers"
ends = 2026-12-31
key_results = ["KR-2026Q4-FRAUD-1"]

[[objectives]]
id = "O-2027Q1-SUPPORT"
goal = "G-TRUST"
statement = "Answer every business customer within one hour, day or night"
ends = 2027-03-31
key_results = ["KR-2027Q1-SUPPORT-1"]

[[objectives]]
id = "O-2026Q4-ONBOARD"
goal = "G-GROWTH"
statement = "A new business opens an account in under ten minutes"
ends = 2026-12-31
key_results = ["KR-2026Q4-ONBOARD-1"]

[[objectives]]
id = "O-2026Q4-PARTNERS"
goal = "G-GROWTH"
statement = "Reach businesses through the accounting tools they already use"
ends = 2026-12-31
key_results = ["KR-2026Q4-PARTNERS-1"]

[[objectives]]
id = "O-2026Q4-CLOSE"
goal = "G-EFFICIENCY"
statement = "Close the books in one day in every entity"
ends = 2026-12-31
key_results = ["KR-2026Q4-CLOSE-1"]

[[objectives]]
id = "O-2026Q4-DEPLOY"
goal = "G-EFFICIENCY"
statement = "Product teams ship to production without a ticket"
ends = 2026-12-31
key_results = ["KR-2026Q4-DEPLOY-1"]
"#;

/// One product of the fixture organisation.
struct Product {
    repo: &'static str,
    path: &'static str,
    id: &'static str,
    name: &'static str,
    kind: &'static str,
    vision: &'static str,
    goal: &'static str,
    objectives: &'static [&'static str],
    decision: &'static str,
    differentiation: &'static str,
    criticality: &'static str,
    alternatives: &'static [&'static str],
}

impl Product {
    fn charter(&self) -> String {
        let list = |l: &[&str]| {
            l.iter()
                .map(|s| format!("{s:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let impact = if self.kind == "customer-facing" {
            String::new()
        } else {
            "end_customer_impact = \"Customers feel it as faster, more reliable service\"\n".into()
        };
        let extra = match self.decision {
            "buy" => "skills_plan = \"Two engineers certified on the vendor's platform by Q2\"\n",
            "build" if self.differentiation == "low" => "open_source = \"no\"\n",
            _ => "",
        };
        let persona = if self.kind == "customer-facing" {
            "name = \"Small-business owner\"\nrole = \"user\"\ninternal = false\nneeds = [\"get paid on time\"]"
        } else {
            "name = \"Operations analyst\"\nrole = \"user\"\ninternal = true\nneeds = [\"do the job without workarounds\"]"
        };
        format!(
            r#"charter = 1

[product]
id = {id:?}
name = {name:?}
owner = "team-{id}"
kind = {kind:?}
{impact}
[vision]
statement = {vision:?}

[golden_thread]
goal = {goal:?}
objectives = [{objectives}]
kpis = ["weekly-active-users"]

[[personas]]
{persona}

[relationship]
type = "partner"
choice = false
value_exchange = "none"
rationale = "The teams that use it work with us on what comes next"

[sourcing]
decision = {decision:?}
differentiation = {differentiation:?}
criticality = {criticality:?}
rationale = "Weighed against what the market offers"
alternatives = [{alternatives}]
{extra}"#,
            id = self.id,
            name = self.name,
            kind = self.kind,
            vision = self.vision,
            goal = self.goal,
            objectives = list(self.objectives),
            decision = self.decision,
            differentiation = self.differentiation,
            criticality = self.criticality,
            alternatives = list(self.alternatives),
        )
    }
}

const fn product(
    repo: &'static str,
    id: &'static str,
    name: &'static str,
    decision: &'static str,
    quadrant: (&'static str, &'static str),
    goal: &'static str,
    objectives: &'static [&'static str],
) -> Product {
    Product {
        repo,
        path: "charter.toml",
        id,
        name,
        kind: "internal-tool",
        vision: "Teams get what they need from it without asking",
        goal,
        objectives,
        decision,
        differentiation: quadrant.0,
        criticality: quadrant.1,
        alternatives: &["A market product"],
    }
}

const DIFFERENTIATING: (&str, &str) = ("high", "high");
const PARITY: (&str, &str) = ("low", "high");
const PARTNER: (&str, &str) = ("high", "low");
const WHO_CARES: (&str, &str) = ("low", "low");

/// A realistic organisation: twelve products in ten repositories, across the
/// four quadrants, two builds where the model says otherwise, a few other
/// findings, and one objective that no product serves.
fn organisation() -> Vec<Product> {
    vec![
        Product {
            kind: "customer-facing",
            vision: "Every payout lands when we promised, and the customer can see where it is",
            ..product(
                "payments/payouts",
                "payouts",
                "Payouts Engine",
                "build",
                DIFFERENTIATING,
                "G-TRUST",
                &["O-2026Q4-PAYOUTS"],
            )
        },
        product(
            "risk/scoring",
            "risk-scoring",
            "Credit Risk Scoring",
            "build",
            DIFFERENTIATING,
            "G-TRUST",
            &["O-2026Q4-FRAUD"],
        ),
        Product {
            kind: "customer-facing",
            ..product(
                "growth/onboarding",
                "onboarding",
                "Business Onboarding",
                "build",
                DIFFERENTIATING,
                "G-GROWTH",
                &["O-2026Q4-ONBOARD"],
            )
        },
        product(
            "identity/kyc",
            "kyc",
            "Customer Identity (KYC)",
            "buy",
            PARITY,
            "G-GROWTH",
            &["O-2026Q4-ONBOARD", "O-2026Q4-FRAUD"],
        ),
        Product {
            path: "products/ledger/charter.toml",
            ..product(
                "finance/platform",
                "ledger",
                "General Ledger",
                "buy",
                PARITY,
                "G-EFFICIENCY",
                &["O-2026Q4-CLOSE"],
            )
        },
        Product {
            path: "products/payroll/charter.toml",
            alternatives: &[],
            ..product(
                "finance/platform",
                "payroll",
                "Payroll",
                "build",
                PARITY,
                "G-EFFICIENCY",
                &["O-2026Q4-CLOSE"],
            )
        },
        Product {
            path: "products/expenses/charter.toml",
            ..product(
                "finance/platform",
                "expenses",
                "Expense Claims",
                "buy",
                WHO_CARES,
                "G-EFFICIENCY",
                &["O-2026Q4-CLOSE"],
            )
        },
        Product {
            kind: "platform",
            ..product(
                "platform/delivery",
                "delivery",
                "Delivery Platform",
                "open-source",
                PARITY,
                "G-EFFICIENCY",
                &["O-2026Q4-DEPLOY"],
            )
        },
        product(
            "growth/partner-api",
            "partner-api",
            "Accounting Partner API",
            "partner",
            PARTNER,
            "G-GROWTH",
            &["O-2026Q4-PARTNERS"],
        ),
        Product {
            vision: "TBD",
            ..product(
                "data/insights",
                "cash-insights",
                "Cash-flow Insights",
                "build",
                PARTNER,
                "G-GROWTH",
                &["O-2026Q4-PARTNERS"],
            )
        },
        product(
            "it/intranet",
            "intranet",
            "Intranet Wiki",
            "build",
            WHO_CARES,
            "G-EFFICIENCY",
            &["O-2026Q4-DEPLOY"],
        ),
        product(
            "it/fax-gateway",
            "fax-gateway",
            "Fax Gateway",
            "retire",
            WHO_CARES,
            "G-EFFICIENCY",
            &["O-2026Q4-CLOSE"],
        ),
    ]
}

/// What a hostile charter would do if its text ran: change the title or add
/// an element the page never has.
const PWNED: &str = "PWNED";

fn hostile() -> Product {
    Product {
        kind: "customer-facing",
        vision: r#"<img src=x onerror="document.title='PWNED'">"#,
        ..product(
            // A folder name can carry markup too.
            "evil/<svg onload=document.title='PWNED'>",
            "<script>document.title='PWNED'</script>",
            "<script>document.title='PWNED'</script><img src=x onerror=\"document.body.append(document.createElement('pwned'))\">",
            "build",
            DIFFERENTIATING,
            "G-<b>TRUST",
            &[
                "O-2026Q4-PAYOUTS",
                "\"><img src=x onerror=document.title='PWNED'>",
            ],
        )
    }
}

/// Writes each product's charter into a git repository of its own under
/// `root` (plus one repository with no charter), checks every repository
/// through the library as a scan does, and finishes the run.
fn scan(root: &Path, products: &[Product], registry: &Registry) -> Report {
    let mut repos: Vec<&str> = products.iter().map(|p| p.repo).collect();
    repos.push("marketing/website");
    repos.sort();
    repos.dedup();
    for repo in &repos {
        let dir = root.join(repo);
        std::fs::create_dir_all(&dir).unwrap();
        common::git_in(&dir, &["init", "-q", "-b", "main"]);
    }
    for p in products {
        let file = root.join(p.repo).join(p.path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, p.charter()).unwrap();
    }
    let config = Config::default();
    let trees = repos
        .iter()
        .map(|repo| {
            let source = WorkTree::new(root.join(repo), format!("the working tree of {repo}"));
            engine::check_tree(TreeInput {
                repo: Some(repo.to_string()),
                source: &source,
                config: &config,
                registry: Some(registry),
                registry_findings: Vec::new(),
                selection: Selection::All,
                extra_paths: Vec::new(),
                walk: true,
                today: Date::new(2026, 11, 22).unwrap(),
                keep_text: false,
            })
        })
        .collect();
    engine::finish(trees, true)
}

fn registry() -> Registry {
    let mut out = Emitter::default();
    let registry = Registry::parse("strategy/okrs.toml", OKRS, &mut out).expect("registry parses");
    assert!(out.drafts.is_empty(), "the fixture registry has problems");
    registry
}

/// Chromium, or a failure saying how to get it.
fn chromium() -> PathBuf {
    let path = PathBuf::from(CHROMIUM);
    assert!(
        path.is_file(),
        "CHARTERLINT_E2E=1 but {CHROMIUM} is missing: install it (apt-get install chromium)"
    );
    path
}

/// What the browser did with a page.
struct Visit {
    /// The DOM after the page's scripts ran.
    dom: String,
    /// Console messages (errors, CSP violations, uncaught exceptions).
    console: Vec<String>,
    /// Error lines from Chromium that are not known, harmless noise.
    errors: Vec<String>,
    /// URLs the page itself asked the network for (not Chromium's own traffic).
    requests: Vec<String>,
}

/// Error log lines Chromium prints in a container with no session bus and no
/// GPU; anything else logged as an error is reported.
fn harmless(line: &str) -> bool {
    const SOURCES: &[&str] = &[
        ":ERROR:dbus/",
        ":ERROR:components/dbus/",
        ":ERROR:ui/gl/",
        ":ERROR:gpu/",
        ":ERROR:viz/",
        ":ERROR:media/gpu/",
    ];
    SOURCES.iter().any(|s| line.contains(s))
}

/// Opens `page` (with `query`, if not empty) in headless Chromium.
fn browse(page: &Path, query: &str, work: &Path, extra: &[&str]) -> Visit {
    let profile = work.join("profile");
    let net_log = work.join("net-log.json");
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
        // Lets timers and load errors (an `onerror`) fire before the dump.
        "--virtual-time-budget=3000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--log-net-log={}", net_log.display()))
    .args(extra)
    .arg(format!("file://{}{query}", page.display()))
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let child = cmd.spawn().expect("chromium starts");
    let out = wait(child, Duration::from_secs(120));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "chromium failed ({}):\n{stderr}",
        out.status
    );
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    let errors = stderr
        .lines()
        .filter(|l| (l.contains(":ERROR:") || l.contains(":FATAL:")) && !harmless(l))
        .map(str::to_string)
        .collect();
    Visit {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        console,
        errors,
        requests: page_requests(&net_log),
    }
}

/// Waits for the browser, killing it if it hangs.
fn wait(mut child: std::process::Child, limit: Duration) -> std::process::Output {
    let start = Instant::now();
    while child.try_wait().expect("chromium runs").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("chromium did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.wait_with_output().expect("chromium output")
}

/// The network requests a `file://` page made, from Chromium's net log. The
/// browser's own background traffic (update checks, accounts) is told apart
/// by its network isolation key, which is never the page's `file://`.
fn page_requests(net_log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(net_log).expect("chromium wrote its net log");
    let log: serde_json::Value = serde_json::from_str(&text).expect("the net log is JSON");
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_u64()
        .expect("the net log names URL_REQUEST_START_JOB");
    log["events"]
        .as_array()
        .expect("net log events")
        .iter()
        .filter(|e| e["type"].as_u64() == Some(start_job))
        .filter(|e| {
            e["params"]["network_isolation_key"]
                .as_str()
                .is_some_and(|k| k.starts_with("file://"))
        })
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_string))
        .collect()
}

fn write_page(dir: &Path, name: &str, page: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, page).unwrap();
    path
}

#[test]
fn the_report_works_offline_in_a_browser_and_runs_nothing_from_charters() {
    if !e2e() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let registry = registry();
    let mut products = organisation();
    products.push(hostile());
    let report = scan(&work.path().join("org"), &products, &registry);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.charters.len(), 13);
    let page = html::render(&report, Some(&registry), "Acme Bank — product charters");
    let path = write_page(work.path(), "report.html", &page);

    let visit = browse(&path, "", work.path(), &["--dump-dom"]);
    assert!(
        visit.console.is_empty(),
        "console messages:\n{}",
        visit.console.join("\n")
    );
    assert!(
        visit.errors.is_empty(),
        "chromium errors:\n{}",
        visit.errors.join("\n")
    );
    assert!(
        visit.requests.is_empty(),
        "the page made network requests: {:?}",
        visit.requests
    );

    let dom = &visit.dom;
    // The page's own script ran (so its hash is right): it shows the filters
    // and counts the findings.
    assert!(
        dom.contains("<title>Acme Bank — product charters</title>"),
        "{dom}"
    );
    let bar = &dom[dom.find("id=\"filters\"").unwrap() - 5..][..120];
    assert!(
        !bar.contains("hidden"),
        "the filter bar stayed hidden: {bar}"
    );
    let findings = report.findings.len();
    assert!(
        dom.contains(&format!("{findings} findings in ")),
        "the script did not count the {findings} findings"
    );
    // It shows the products, on the grid and on the thread.
    for name in [
        "Payouts Engine",
        "General Ledger",
        "Payroll",
        "Intranet Wiki",
        "Fax Gateway",
    ] {
        assert!(dom.contains(name), "{name} is not on the page");
    }
    assert!(dom.contains("⚠ build in parity") && dom.contains("⚠ build in “who cares”"));
    assert!(dom.contains("class=\"objective unserved\" data-objective=\"O-2027Q1-SUPPORT\""));
    // Nothing from the hostile charter ran or became markup.
    assert!(
        !dom.contains(&format!("<title>{PWNED}")),
        "a charter changed the title"
    );
    assert!(!dom.contains("<pwned"), "a charter added an element");
    assert!(
        !dom.contains("<img") && !dom.contains("<b>"),
        "a charter's markup became an element"
    );
    assert_eq!(
        dom.matches("<script").count(),
        1,
        "a charter added a script"
    );
    assert!(
        dom.contains("&lt;script&gt;document.title='PWNED'&lt;/script&gt;"),
        "the hostile name is shown as text"
    );
    assert!(
        dom.contains("evil/&lt;svg onload=document.title='PWNED'&gt;"),
        "the hostile repository is shown as text"
    );

    // Without JavaScript the page is whole: every finding is there, and the
    // filters, which would do nothing, stay hidden. (Chromium's --dump-dom
    // needs scripting, so the page's one script is taken out instead.)
    let start = page.find("<script>").unwrap();
    let end = page.find("</script>").unwrap() + "</script>".len();
    let scriptless = write_page(
        work.path(),
        "scriptless.html",
        &format!("{}{}", &page[..start], &page[end..]),
    );
    let still = browse(&scriptless, "", work.path(), &["--dump-dom"]);
    assert!(still.console.is_empty(), "{:?}", still.console);
    let bar = &still.dom[still.dom.find("id=\"filters\"").unwrap()..][..80];
    assert!(bar.contains("hidden"), "{bar}");
    assert_eq!(still.dom.matches("<tr class=\"finding\"").count(), findings);

    // The filters work: a view opened on one rule shows its one finding,
    // in its repository, opened, and hides the other repositories.
    let filtered = browse(&path, "?rule=build-who-cares", work.path(), &["--dump-dom"]);
    assert!(filtered.console.is_empty(), "{:?}", filtered.console);
    let dom = &filtered.dom;
    assert!(
        dom.contains(&format!("Showing 1 of {findings} findings in 1 repository")),
        "the filter status is wrong"
    );
    let tags: Vec<&str> = dom
        .match_indices("<details class=\"repo\"")
        .map(|(at, _)| &dom[at..at + dom[at..].find('>').unwrap()])
        .collect();
    assert!(tags.len() > 3, "{tags:?}");
    for tag in tags {
        let shown = tag.contains("data-repo=\"it/intranet\"");
        assert_eq!(!tag.contains(" hidden"), shown, "{tag}");
        assert_eq!(tag.contains(" open"), shown, "{tag}");
    }
}

/// The checks above would see a page that loads something or logs an error:
/// the same report with its policy removed, an image from the network and a
/// console error must trip both.
#[test]
fn the_browser_checks_catch_a_page_that_reaches_out() {
    if !e2e() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let registry = registry();
    let report = scan(&work.path().join("org"), &organisation(), &registry);
    let page = html::render(&report, Some(&registry), "control");
    let policy_start = page
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let policy_end = policy_start + page[policy_start..].find('>').unwrap() + 1;
    let leaky = format!(
        "{}{}",
        &page[..policy_start],
        &page[policy_end..].replacen(
            "<body>",
            "<body><img src=\"http://127.0.0.1:9/tracker.png\"><script>console.error('control')</script>",
            1
        )
    );
    let path = write_page(work.path(), "leaky.html", &leaky);
    let visit = browse(&path, "", work.path(), &["--dump-dom"]);
    assert_eq!(
        visit.requests,
        vec!["http://127.0.0.1:9/tracker.png".to_string()]
    );
    assert!(
        visit.console.iter().any(|l| l.contains("\"control\"")),
        "the console error was not seen: {:?}",
        visit.console
    );
}

/// Regenerates `docs/report.png` (run by `docs/make-screenshot.sh`).
#[test]
#[ignore = "writes docs/report.png; run docs/make-screenshot.sh"]
fn screenshot() {
    let work = tempfile::tempdir().unwrap();
    let registry = registry();
    let report = scan(&work.path().join("org"), &organisation(), &registry);
    let page = html::render(&report, Some(&registry), "Acme Bank — product charters");
    // Kept in target/ for a look at the whole page in a browser.
    let path = write_page(&common::manifest_dir().join("target"), "report.html", &page);
    let out = common::manifest_dir().join("docs/report.png");
    let shot = format!("--screenshot={}", out.display());
    let visit = browse(
        &path,
        "",
        work.path(),
        &[&shot, "--window-size=1400,2000", "--hide-scrollbars"],
    );
    assert!(visit.console.is_empty(), "{:?}", visit.console);
    assert!(out.is_file(), "no screenshot at {}", out.display());
}
