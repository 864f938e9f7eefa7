//! The HTML report in a real browser. An organisation of git repositories is
//! checked through the library, its page rendered, and headless Chromium
//! loads the page from `file://`: it must show the products, run its own
//! script, log nothing to the console, make no network request, and never
//! run what a hostile charter smuggles in.
//!
//! Runs only with `CHARTERLINT_E2E=1`, and then fails if Chromium is missing.
//! `docs/make-screenshot.sh` uses the same organisation for `docs/report.png`.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use charterlint::baseline;
use charterlint::config::Config;
use charterlint::date::Date;
use charterlint::engine::{self, Results, Selection, TreeInput};
use charterlint::record::{RegistryInfo, ScanInfo};
use charterlint::registry::Registry;
use charterlint::report::{html, json};
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

[[objectives]]
id = "O-2026Q3-REPORTING"
goal = "G-EFFICIENCY"
statement = "Monthly management reporting without spreadsheets"
ends = 2026-09-30
key_results = ["KR-2026Q3-REPORTING-1"]
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
    /// Waivers: rule, reason, expires.
    waivers: &'static [(&'static str, &'static str, &'static str)],
}

impl Product {
    /// Two teams, by group folder, written as charters write them.
    fn owner(&self) -> &'static str {
        match self.repo.split('/').next() {
            Some("payments" | "finance" | "risk" | "identity") => "@acme/Money-Movement",
            _ => "@acme/platform",
        }
    }

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
        let waivers: String = self
            .waivers
            .iter()
            .map(|(rule, reason, expires)| {
                format!(
                    "\n[[waivers]]\nrule = {rule:?}\nreason = {reason:?}\nexpires = {expires}\n"
                )
            })
            .collect();
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
owner = {owner:?}
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
{extra}{waivers}"#,
            id = self.id,
            owner = self.owner(),
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
        waivers: &[],
    }
}

const DIFFERENTIATING: (&str, &str) = ("high", "high");
const PARITY: (&str, &str) = ("low", "high");
const PARTNER: (&str, &str) = ("high", "low");
const WHO_CARES: (&str, &str) = ("low", "low");

/// A realistic organisation: fourteen products in twelve repositories,
/// across the four quadrants, two builds where the model says otherwise and
/// one the team has waived, waivers in force, ending soon and expired, a
/// product tied only to an ended objective, a few other findings, and one
/// objective that no product serves.
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
            // Ends within 30 days of the fixture's today (2026-11-22).
            waivers: &[(
                "build-without-alternatives",
                "The market review reports in December",
                "2026-12-10",
            )],
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
        Product {
            waivers: &[(
                "end-customer-impact-missing",
                "Switched off with the last fax line",
                "2026-10-01",
            )],
            ..product(
                "it/fax-gateway",
                "fax-gateway",
                "Fax Gateway",
                "retire",
                WHO_CARES,
                "G-EFFICIENCY",
                &["O-2026Q4-CLOSE"],
            )
        },
        // A build in "who cares" the team has accepted for a while.
        Product {
            waivers: &[(
                "build-who-cares",
                "Replaced by the facilities vendor's booking tool in Q1",
                "2027-03-31",
            )],
            ..product(
                "it/desk-booking",
                "desk-booking",
                "Desk Booking",
                "build",
                WHO_CARES,
                "G-EFFICIENCY",
                &["O-2026Q4-DEPLOY"],
            )
        },
        // Tied only to an objective that ended on 2026-09-30.
        product(
            "finance/reporting",
            "reporting",
            "Management Reporting",
            "buy",
            PARITY,
            "G-EFFICIENCY",
            &["O-2026Q3-REPORTING"],
        ),
    ]
}

/// Repositories of the fixture organisation that hold no charter: a whole
/// group of them.
const WITHOUT_CHARTER: &[&str] = &["marketing/website", "marketing/events", "marketing/brand"];

/// A repository of the fixture organisation that cannot be read.
const UNREADABLE: &str = "legacy/billing.git";

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
fn scan(root: &Path, products: &[Product], registry: &Registry) -> Results {
    let mut repos: Vec<&str> = products.iter().map(|p| p.repo).collect();
    repos.extend_from_slice(WITHOUT_CHARTER);
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
    // The platform team rolls a rule out in April (an Upcoming panel).
    let config = Config::parse("org.toml", ROLLOUT).expect("the rollout parses");
    let mut trees: Vec<engine::CheckedTree> = repos
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
    // And a mirror whose HEAD names a branch that is gone.
    trees.push(engine::CheckedTree {
        repo: Some(UNREADABLE.into()),
        origin: "an unreadable repository".into(),
        levels: Default::default(),
        files: Vec::new(),
        selection: Selection::All,
        extra_findings: vec![charterlint::rules::repo_unreadable(
            UNREADABLE.into(),
            "HEAD points to `refs/heads/master`, which does not exist",
        )],
        notices: Vec::new(),
        errors: Vec::new(),
        without_registry: false,
        commit: None,
    });
    engine::finish(trees, true)
}

/// The organisation's policy: a rule that becomes a warning in April.
const ROLLOUT: &str =
    "[rules]\nbuild-closed-internal = { level = \"warning\", from = 2027-04-01 }\n";

/// Where the fixture's report links findings and products.
const LINKS: &str = "https://git.example.com/{repo}/blob/{rev}/{path}#L{line}";

/// What the report says it is, fixed so that the page does not change
/// from run to run.
fn described(report: &mut Results) {
    report.scan = Some(ScanInfo {
        scanned_at: "2026-11-22T07:30:00Z".into(),
        today: "2026-11-22".into(),
        rev: "HEAD".into(),
        registry: Some(RegistryInfo::of("strategy/okrs.toml", OKRS.as_bytes())),
        version: env!("CARGO_PKG_VERSION").into(),
        link_template: Some(LINKS.into()),
        owner: None,
    });
}

/// The organisation a week earlier, as a scan's JSON: Management Reporting
/// and Desk Booking had no charter yet, an Old CRM had one, Cash-flow
/// Insights sat in "who cares", and Payroll listed its alternatives.
fn previous_json(work: &Path, registry: &Registry) -> serde_json::Value {
    let mut before = organisation();
    before.retain(|p| p.id != "reporting" && p.id != "desk-booking");
    for p in &mut before {
        if p.id == "cash-insights" {
            p.differentiation = "low";
        }
        if p.id == "payroll" {
            p.alternatives = &["A market product"];
            p.waivers = &[];
        }
    }
    before.push(Product {
        vision: "TBD",
        ..product(
            "it/old-crm",
            "old-crm",
            "Old CRM",
            "build",
            WHO_CARES,
            "G-GROWTH",
            &["O-2026Q4-ONBOARD"],
        )
    });
    let mut report = scan(&work.join("before"), &before, registry);
    described(&mut report);
    if let Some(info) = &mut report.scan {
        info.scanned_at = "2026-11-15T07:30:00Z".into();
        info.today = "2026-11-15".into();
    }
    serde_json::from_str(&json::render(&report, true)).expect("the scan's JSON is JSON")
}

/// A year of weekly results ending with [`previous_json`] (2026-11-15), as a
/// nightly job keeps them: fewer charters the further back (coverage grew),
/// and findings of `golden-thread-unmeasured` that were fixed since (it
/// shrank). Cash-flow Insights sat in "who cares" all along.
fn history(work: &Path, previous: &serde_json::Value) -> PathBuf {
    use serde_json::Value;
    let dir = work.join("history");
    std::fs::create_dir_all(&dir).unwrap();
    let last = Date::new(2026, 11, 15).unwrap().days();
    let charters = previous["charters"].as_array().unwrap().clone();
    for week in 0..52usize {
        let day = Date::from_days(last - 7 * (51 - week) as i64).to_string();
        let mut r = previous.clone();
        // Half the charters a year ago, all of them by the last weeks.
        let keep = (charters.len() / 2 + charters.len() * week / 80).min(charters.len());
        let kept: Vec<Value> = charters[..keep].to_vec();
        let places: Vec<(Value, Value)> = kept
            .iter()
            .map(|c| (c["repo"].clone(), c["path"].clone()))
            .collect();
        r["charters"] = Value::Array(kept);
        let findings = r["findings"].as_array_mut().unwrap();
        findings.retain(|f| {
            f["path"].is_null() || places.contains(&(f["repo"].clone(), f["path"].clone()))
        });
        let template = findings[0].clone();
        for i in 0..(51 - week) / 4 {
            let mut f = template.clone();
            f["rule"] = Value::from("golden-thread-unmeasured");
            f["severity"] = Value::from("warning");
            f["fingerprint"] = Value::from(format!("old-{i}"));
            findings.push(f);
        }
        r["scan"]["scanned_at"] = Value::from(format!("{day}T07:30:00Z"));
        r["scan"]["today"] = Value::from(day.clone());
        std::fs::write(
            dir.join(format!("acme-{day}.json")),
            serde_json::to_string(&r).unwrap(),
        )
        .unwrap();
    }
    dir
}

/// The report a CTO would be shown: the fixture organisation, described,
/// compared with the previous scan.
fn presentable(work: &Path) -> (Results, Registry) {
    let registry = registry();
    let before = previous_json(work, &registry);
    let history = history(work, &before);
    let before = serde_json::from_value(before).expect("the scan's JSON reads back");
    let mut report = scan(&work.join("org"), &organisation(), &registry);
    described(&mut report);
    baseline::apply(&mut report, "acme-2026-11-15.json", before, false);
    charterlint::trend::apply(&mut report, &history, None).expect("the history reads");
    assert!(
        !report.notices.iter().any(|n| n.contains("--history")),
        "{:?}",
        report.notices
    );
    (report, registry)
}

/// The presentable report, rendered.
fn presentable_page(work: &Path) -> (Results, String) {
    let (report, registry) = presentable(work);
    let page = html::render(&report, Some(&registry), "Acme Bank — product charters");
    (report, page)
}

/// The presentable report as the browser renders it, which reported no
/// console message, no error and asked the network for nothing.
fn presentable_in_a_browser(work: &Path) -> (Results, Visit) {
    let (report, page) = presentable_page(work);
    let path = write_page(work, "report.html", &page);
    let visit = browse(&path, "", work, &["--dump-dom"]);
    assert!(visit.console.is_empty(), "{:?}", visit.console);
    assert!(visit.errors.is_empty(), "{:?}", visit.errors);
    assert!(visit.requests.is_empty(), "{:?}", visit.requests);
    (report, visit)
}

/// The page with its Content-Security-Policy taken out, for the tests that
/// add what the policy would block.
fn without_policy(page: &str) -> String {
    let start = page
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .expect("the page has a policy");
    let end = start + page[start..].find('>').expect("the tag ends") + 1;
    format!("{}{}", &page[..start], &page[end..])
}

fn registry() -> Registry {
    let mut out = Emitter::default();
    let registry = charterlint::rules::check_registry("strategy/okrs.toml", OKRS, &mut out)
        .expect("registry parses");
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

/// Waits for the browser, killing it if it hangs. Its output is read while
/// it runs: a page's DOM is larger than a pipe holds, and a browser blocked
/// on a full pipe never finishes.
fn wait(mut child: std::process::Child, limit: Duration) -> std::process::Output {
    use std::io::Read;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("chromium runs") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    std::process::Output {
        status,
        stdout: stdout.join().expect("stdout read"),
        stderr: stderr.join().expect("stderr read"),
    }
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
    assert_eq!(report.charters.len(), 15);
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
    let leaky = without_policy(&page).replacen(
        "<body>",
        "<body><img src=\"http://127.0.0.1:9/tracker.png\"><script>console.error('control')</script>",
        1,
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

/// The text of the first element whose opening tag contains `marker`.
fn text_at<'a>(dom: &'a str, marker: &str) -> &'a str {
    let at = dom
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} on the page"));
    let start = at + dom[at..].find('>').unwrap() + 1;
    let end = start + dom[start..].find('<').unwrap();
    &dom[start..end]
}

/// The part of the page from the element carrying `marker` to the end of
/// its section.
fn section_of<'a>(dom: &'a str, marker: &str) -> &'a str {
    let at = dom
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} on the page"));
    let rest = &dom[at..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// Issue 14: every element of the report a CTO is shown, as the browser
/// renders it: what the report is, coverage per group folder, five
/// statuses, waivers as accepted risk, ended objectives, the repository on
/// every card, links to the source, since the last scan, the charts.
#[test]
fn the_presentable_report_shows_every_element_in_a_browser() {
    if !e2e() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let (report, visit) = presentable_in_a_browser(work.path());
    let dom = &visit.dom;

    // What it is.
    assert_eq!(text_at(dom, "id=\"scanned-at\""), "2026-11-22 07:30 UTC");
    assert!(dom.contains("datetime=\"2026-11-22T07:30:00Z\""));
    assert_eq!(text_at(dom, "id=\"revision\""), "HEAD");
    assert_eq!(text_at(dom, "id=\"repositories\""), "16");
    let registry_line = section_of(dom, "id=\"registry\"");
    let revision = RegistryInfo::of("strategy/okrs.toml", OKRS.as_bytes()).revision;
    assert!(registry_line.contains("strategy/okrs.toml") && registry_line.contains(&revision));
    assert_eq!(text_at(dom, "id=\"version\""), env!("CARGO_PKG_VERSION"));

    // Coverage per group folder, the repositories lacking a charter named.
    assert!(text_at(dom, "id=\"coverage-total\"").starts_with("12 of 16 repositories"));
    let marketing = section_of(dom, "data-group=\"marketing\"");
    assert!(marketing.contains("0 / 3"), "{marketing}");
    for repo in WITHOUT_CHARTER {
        assert!(marketing.contains(&format!("<span class=\"mono missing\">{repo}</span>")));
    }
    assert!(section_of(dom, "data-group=\"finance\"").contains("2 / 2"));

    // Five statuses, told apart.
    let legend = section_of(dom, "class=\"status-legend\"");
    for (status, n) in [
        ("fails", 3),
        ("warnings", 2),
        ("passes", 7),
        ("no-charter", 3),
        ("unreadable", 1),
    ] {
        let item = section_of(legend, &format!("data-status=\"{status}\""));
        assert!(
            item.contains(&format!("<strong>{n}</strong>")),
            "{status}: {item}"
        );
    }
    let unreadable = section_of(dom, &format!("data-repo=\"{UNREADABLE}\""));
    assert!(
        unreadable.contains("class=\"sev status-unreadable\""),
        "{unreadable}"
    );
    // Its finding is shown as the repository, never as `.:1:1`.
    assert!(!unreadable.contains(".:1:1"), "{unreadable}");

    // Waivers: accepted risk on the grid, listed with reason, owner and
    // expiry, the one ending within 30 days standing out.
    assert!(dom.contains("class=\"product accepted\" data-product=\"desk-booking\""));
    assert!(dom.contains("accepted risk: build in “who cares”"));
    let standout = section_of(dom, "What stands out");
    assert!(!standout.contains("Desk Booking"), "{standout}");
    let waivers = section_of(dom, "id=\"waivers\"");
    assert!(
        waivers.contains("⚠ 1 waiver ends within 30 days."),
        "{waivers}"
    );
    let expiring = section_of(waivers, "class=\"waiver expiring\"");
    for text in [
        "Payroll",
        "build-without-alternatives",
        "The market review reports in December",
        "@acme/Money-Movement",
        "2026-12-10",
        "⚠ ends in 18 days",
    ] {
        assert!(expiring.contains(text), "{text}: {expiring}");
    }
    let accepted = &waivers[waivers.find("Desk Booking").expect("Desk Booking's waiver")..];
    assert!(
        accepted.contains("Replaced by the facilities vendor") && accepted.contains("2027-03-31")
    );
    assert!(
        waivers.contains("class=\"waiver not-in-force\""),
        "the expired one"
    );

    // Ended objectives, and the product tied only to one.
    assert!(dom.contains("class=\"objective ended\" data-objective=\"O-2026Q3-REPORTING\""));
    assert!(dom.contains(">ended 2026-09-30<"));
    assert!(section_of(dom, "id=\"ended-objectives\"").contains("Management Reporting"));
    assert!(dom.contains("class=\"product stranded\" data-product=\"reporting\""));
    assert!(section_of(dom, "id=\"stranded\"").contains("Management Reporting"));
    // Objectives no product serves stay highlighted.
    assert!(dom.contains("class=\"objective unserved\" data-objective=\"O-2027Q1-SUPPORT\""));

    // The repository on every card of the grid.
    let grid = section_of(dom, "id=\"portfolio\"");
    let cards = grid.matches("<g class=\"product").count();
    assert_eq!(cards, 14, "every product is on the grid");
    assert_eq!(grid.matches("<text class=\"repo\"").count(), cards);
    assert!(
        grid.contains(">finance/platform/products/payroll/c…</text>")
            || grid.contains(">finance/platform/products/payroll/charter.toml</text>")
    );

    // Links to the source: findings and products.
    assert!(dom.contains("href=\"https://git.example.com/data/insights/blob/HEAD/charter.toml#L"));
    assert!(dom.contains("href=\"https://git.example.com/finance/platform/blob/HEAD/products/ledger/charter.toml#L4\""));

    // Since the last scan.
    let since = section_of(dom, "id=\"since\"");
    assert!(since.contains("acme-2026-11-15.json</code> (scanned 2026-11-15 07:30 UTC)"));
    assert!(
        since.contains("+ added</span> Management Reporting")
            && since.contains("+ added</span> Desk Booking")
    );
    assert!(since.contains("− removed</span> Old CRM"));
    assert!(
        section_of(since, "data-product=\"cash-insights\"")
            .contains("low/low → <strong>high/low</strong>")
    );
    assert!(
        section_of(since, "data-repo=\"it/old-crm\"").contains("−"),
        "{since}"
    );
    let b = report.baseline.as_ref().unwrap();
    assert!(b.new > 0 && !b.fixed.is_empty());
    assert!(text_at(dom, "id=\"since-new\"").starts_with(&format!("{} new", b.new)));
    assert!(text_at(dom, "id=\"since-fixed\"").starts_with(&format!("{} finding", b.fixed.len())));

    // The charts: findings by rule, coverage then and now.
    let chart = section_of(dom, "id=\"rule-chart\"");
    assert!(chart.matches("<g class=\"bar\"").count() >= 5, "{chart}");
    let coverage = section_of(dom, "id=\"coverage-chart\"");
    // Then: 11 of 15 repositories; now: 12 of 16.
    assert!(
        coverage.contains("data-when=\"then\" data-percent=\"73\""),
        "{coverage}"
    );
    assert!(
        coverage.contains("data-when=\"now\" data-percent=\"75\""),
        "{coverage}"
    );
    assert!(coverage.contains("75% · 12 of 16"), "{coverage}");
}

/// Issue 14: printed, the report has no filters or navigation and the
/// product grid on a page of its own; on screen it keeps them. The print
/// rules are applied in the browser (as `@media all`, which headless
/// Chromium can be made to read) and the page is printed to PDF for real.
#[test]
fn the_report_prints_without_filters_and_the_grid_on_its_own_page() {
    if !e2e() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let (_, page) = presentable_page(work.path());
    let probe = "<script>window.addEventListener('load', function () {\
        var s = function (sel) { return getComputedStyle(document.querySelector(sel)); };\
        document.title = [s('#filters').display, s('nav.toc').display, s('#portfolio').breakBefore, s('#portfolio').breakAfter].join('/');\
        });</script>";
    let probed = |print: bool| {
        let mut p = without_policy(&page);
        if print {
            p = p.replace("@media print {", "@media all {");
        }
        p.replace("</body>", &format!("{probe}</body>"))
    };
    let screen = write_page(work.path(), "screen.html", &probed(false));
    let dom = browse(&screen, "", work.path(), &["--dump-dom"]).dom;
    assert!(
        dom.contains("<title>flex/flex/auto/auto</title>"),
        "on screen: {}",
        &dom[..300]
    );
    let print = write_page(work.path(), "print.html", &probed(true));
    let dom = browse(&print, "", work.path(), &["--dump-dom"]).dom;
    assert!(
        dom.contains("<title>none/none/page/page</title>"),
        "printed: {}",
        &dom[..300]
    );

    let original = write_page(work.path(), "report.html", &page);
    let pdf = work.path().join("report.pdf");
    let visit = browse(
        &original,
        "",
        work.path(),
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
    );
    assert!(visit.console.is_empty(), "{:?}", visit.console);
    let bytes = std::fs::read(&pdf).expect("chromium printed the report");
    let pages = bytes.windows(11).filter(|w| w == b"/Type /Page").count()
        - bytes.windows(12).filter(|w| w == b"/Type /Pages").count();
    assert!(pages >= 4, "{pages} pages");
}

/// Regenerates `docs/report.png` (run by `docs/make-screenshot.sh`), and
/// leaves the whole page and a screenshot of it in target/ for a look.
#[test]
#[ignore = "writes docs/report.png; run docs/make-screenshot.sh"]
fn screenshot() {
    let work = tempfile::tempdir().unwrap();
    let (_, page) = presentable_page(work.path());
    let target = common::manifest_dir().join("target");
    std::fs::create_dir_all(&target).unwrap();
    let path = write_page(&target, "report.html", &page);
    for (out, size) in [
        (common::manifest_dir().join("docs/report.png"), "1400,2200"),
        (target.join("report-full.png"), "1400,9000"),
    ] {
        let shot = format!("--screenshot={}", out.display());
        let size = format!("--window-size={size}");
        let visit = browse(&path, "", work.path(), &[&shot, &size, "--hide-scrollbars"]);
        assert!(visit.console.is_empty(), "{:?}", visit.console);
        assert!(out.is_file(), "no screenshot at {}", out.display());
    }
}

/// The part of the page from the element carrying `marker` to the first
/// `end` after it.
fn element_of<'a>(dom: &'a str, marker: &str, end: &str) -> &'a str {
    let at = dom
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} on the page"));
    let rest = &dom[at..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The ids `href="#…"` point at that the page does not hold.
fn dangling_anchors(dom: &str) -> Vec<String> {
    let hrefs = regex::Regex::new(r##"href="#([^"]+)""##).unwrap();
    hrefs
        .captures_iter(dom)
        .map(|c| c[1].to_string())
        .filter(|id| !dom.contains(&format!("id=\"{id}\"")))
        .collect()
}

/// Issue 21: the trend of a year of weekly results and the teams, on the
/// page as rendered (without a browser).
#[test]
fn the_page_has_a_trend_and_teams() {
    let work = tempfile::tempdir().unwrap();
    let (report, page) = presentable_page(work.path());
    let trend = report.trend.as_ref().expect("a trend");
    assert_eq!(trend.points.len(), 53);
    assert!(page.contains("<a href=\"#trend\">Trend</a>"));
    assert!(page.contains("<a href=\"#teams\">Teams</a>"));
    assert!(
        page.contains("Trend: 53 scans since 2025-11-23"),
        "no trend heading"
    );
    assert!(page.contains("id=\"team-money-movement\""));
    assert!(page.contains("id=\"team-platform\""));
    assert_eq!(dangling_anchors(&page), Vec::<String>::new());
}

/// Issue 21, rollout dates: the Upcoming panel as the browser renders it,
/// the dated rule, its date, the level it takes, the charters with its
/// findings today and links to their teams that lead somewhere.
#[test]
fn the_upcoming_panel_shows_in_a_browser() {
    if !e2e() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let (report, visit) = presentable_in_a_browser(work.path());
    let dom = &visit.dom;
    let panel = section_of(dom, "<section id=\"upcoming\"");
    let rule = "build-closed-internal";
    let charters = report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| (&f.repo, &f.path))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert!(charters > 0, "the fixture has charters the rule finds");
    let row = element_of(panel, &format!("<tr data-rule=\"{rule}\""), "</tr>");
    assert!(row.contains("2027-04-01"), "{row}");
    assert!(row.contains("(in 130 days)"), "{row}");
    assert!(row.contains("class=\"sev warning\""), "{row}");
    assert!(
        row.contains(&format!("<strong class=\"flag\">{charters}</strong>")),
        "{row}"
    );
    for link in ["#team-platform", "#team-money-movement"] {
        assert!(row.contains(&format!("href=\"{link}\"")), "{row}");
    }
    assert!(dom.contains("<a href=\"#upcoming\">Upcoming</a>"));
    assert_eq!(dangling_anchors(dom), Vec::<String>::new());
    // Its findings are notes until then, and say so.
    assert!(report.findings.iter().filter(|f| f.rule == rule).all(|f| {
        f.severity == charterlint::finding::Severity::Note
            && f.message
                .ends_with("(a note until 2027-04-01, a warning from then on)")
    }));
}

/// Issue 21: every element of the Trend and Teams sections, as the browser
/// renders them: coverage and findings over 53 scans, the rules that grew
/// or shrank, the product that moved quadrant, two teams with their
/// products, statuses, waivers ending soon standing out, and the link from
/// each product card to its team.
#[test]
fn the_trend_and_the_teams_show_in_a_browser() {
    if !e2e() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let (report, visit) = presentable_in_a_browser(work.path());
    let dom = &visit.dom;
    let points = &report.trend.as_ref().unwrap().points;
    let (first, last) = (&points[0], &points[52]);

    // Coverage over time: one point per scan, from the first to this one.
    let coverage = element_of(dom, "id=\"trend-coverage\"", "</svg>");
    assert_eq!(coverage.matches("class=\"point\"").count(), 53);
    assert!(
        first.coverage < last.coverage,
        "{} {}",
        first.coverage,
        last.coverage
    );
    assert!(coverage.contains(&format!("data-coverage=\"{}\"", first.coverage)));
    assert!(coverage.contains(&format!("data-coverage=\"{}\"", last.coverage)));
    assert!(coverage.contains("2025-11-23") && coverage.contains("2026-11-22"));
    let cards = element_of(dom, "id=\"trend-coverage-change\"", "</div></div>");
    assert!(
        cards.contains(&format!("{}% → {}%", first.coverage, last.coverage)),
        "{cards}"
    );

    // Findings over time, by severity, a tooltip per scan.
    let findings = element_of(dom, "id=\"trend-findings\"", "</svg>");
    assert_eq!(findings.matches("class=\"point\"").count(), 53);
    for severity in ["error", "warning", "note"] {
        assert!(findings.contains(&format!("data-severity=\"{severity}\"")));
    }
    assert!(findings.contains(&format!(
        "data-errors=\"{}\" data-warnings=\"{}\"",
        last.errors, last.warnings
    )));

    // The rules that shrank most: the KPIs added over the year.
    let rules = element_of(dom, "id=\"trend-rules\"", "</svg>");
    let shrank = first.rules["golden-thread-unmeasured"] as i64
        - last
            .rules
            .get("golden-thread-unmeasured")
            .copied()
            .unwrap_or(0) as i64;
    assert!(shrank > 0);
    assert!(
        rules.contains(&format!(
            "data-rule=\"golden-thread-unmeasured\" data-delta=\"-{shrank}\""
        )),
        "{rules}"
    );

    // The product that moved quadrant since the first scan.
    let moved = element_of(dom, "id=\"trend-moved\"", "</table>");
    let cash = element_of(moved, "data-product=\"cash-insights\"", "</tr>");
    assert!(cash.contains("Cash-flow Insights"), "{cash}");
    assert!(cash.contains("<td class=\"then\">Who cares</td>"), "{cash}");
    assert!(cash.contains("<strong>Partner</strong>"), "{cash}");

    // Two teams, each with its products, statuses and counts.
    let teams = section_of(dom, "id=\"teams\"");
    assert_eq!(teams.matches("class=\"team\"").count(), 2, "{teams}");
    let money = element_of(dom, "id=\"team-money-movement\"", "</details>");
    assert!(money.contains("@acme/Money-Movement"));
    for product in [
        "Payouts Engine",
        "Payroll",
        "General Ledger",
        "Credit Risk Scoring",
    ] {
        assert!(money.contains(product), "{product}: {money}");
    }
    assert!(!money.contains("Intranet"), "{money}");
    assert!(money.contains("class=\"sev status-"));
    // The waiver ending within 30 days stands out, in the team and its summary.
    let expiring = element_of(money, "class=\"waiver expiring\"", "</tr>");
    assert!(
        expiring.contains("build-without-alternatives"),
        "{expiring}"
    );
    assert!(expiring.contains("⚠ ends in 18 days"), "{expiring}");
    assert!(money.contains("1 waiver ends within 30 days"), "{money}");
    assert!(
        money.contains("O-2026Q4-PAYOUTS"),
        "objectives served: {money}"
    );
    let platform = element_of(dom, "id=\"team-platform\"", "</details>");
    assert!(platform.contains("Business Onboarding"), "{platform}");

    // Each product card links to its team, and every anchor lands.
    let grid = section_of(dom, "id=\"portfolio\"");
    assert!(
        grid.contains("<a class=\"team-link\" href=\"#team-money-movement\">"),
        "{grid}"
    );
    assert!(grid.contains("href=\"#team-platform\""));
    assert_eq!(dangling_anchors(dom), Vec::<String>::new());
}

/// Writes `docs/trend.png` and `docs/teams.png`: the Trend and the Teams
/// sections of the presentable report, each alone on the page (the other
/// sections hidden by a style added for the shot), and leaves the pages in
/// target/ for a look.
#[test]
#[ignore = "writes docs/trend.png, docs/teams.png and docs/upcoming.png; run docs/make-screenshot.sh"]
fn trend_and_teams_screenshots() {
    let work = tempfile::tempdir().unwrap();
    let (_, page) = presentable_page(work.path());
    let target = common::manifest_dir().join("target");
    std::fs::create_dir_all(&target).unwrap();
    for (section, size) in [
        ("trend", "1300,1500"),
        ("teams", "1300,1600"),
        ("upcoming", "1300,420"),
    ] {
        let only = format!(
            "<style>main > section:not(#{section}), nav.toc, footer {{ display: none }}</style></head>"
        );
        let shown = page.replacen("</head>", &only, 1);
        let path = write_page(&target, &format!("{section}.html"), &shown);
        let out = common::manifest_dir().join(format!("docs/{section}.png"));
        let shot = format!("--screenshot={}", out.display());
        let size = format!("--window-size={size}");
        let visit = browse(&path, "", work.path(), &[&shot, &size, "--hide-scrollbars"]);
        assert!(visit.console.is_empty(), "{:?}", visit.console);
        assert!(out.is_file(), "no screenshot at {}", out.display());
    }
}
