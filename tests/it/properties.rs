//! Property tests: structurally valid charters generated at random, and the
//! invariants that must hold for every one of them. Each contradiction rule's
//! condition from SPEC section 5 is written here a second time, independently
//! of `src/rules/`, and the rule must fire exactly when it holds.

use std::collections::{BTreeSet, HashMap};

use charterlint::config::Config;
use charterlint::date::Date;
use charterlint::engine::{self, Selection, TreeInput};
use charterlint::finding::RuleLevel;
use charterlint::report::json;
use charterlint::result_file::JsonReport;
use charterlint::source::worktree::WorkTree;
use charterlint::span::LineIndex;
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Persona {
    role: &'static str,
    internal: bool,
    needs: bool,
}

#[derive(Debug, Clone)]
struct Gen {
    kind: &'static str,
    adoption: Option<&'static str>,
    impact: bool,
    rel_type: &'static str,
    choice: bool,
    exchange: &'static str,
    autonomy: Option<[bool; 6]>,
    decision: &'static str,
    differentiation: &'static str,
    criticality: &'static str,
    alternatives: bool,
    open_source: Option<&'static str>,
    skills_plan: bool,
    personas: Vec<Persona>,
    team: Option<(bool, bool)>,
    plan: bool,
    kpis: bool,
    waive: Option<&'static str>,
    off: Option<&'static str>,
    leading_comments: usize,
}

const KINDS: &[&str] = &[
    "customer-facing",
    "customer-enabling",
    "internal-tool",
    "platform",
    "service",
];
const ROLES: &[&str] = &["user", "buyer", "champion", "funder", "stakeholder"];
const TYPES: &[&str] = &["customer", "partner", "user"];
const EXCHANGES: &[&str] = &["payment", "chargeback", "none"];
const DECISIONS: &[&str] = &["build", "buy", "partner", "open-source", "retire"];
const LEVELS: &[&str] = &["high", "low"];
const WAIVABLE: &[&str] = &[
    "build-who-cares",
    "paying-non-customer",
    "customer-without-choice",
    "golden-thread-unmeasured",
];
const SWITCHABLE: &[&str] = &[
    "buy-differentiator",
    "persona-without-needs",
    "no-user-persona",
    "build-closed-internal",
];

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(options)
}

fn persona() -> impl Strategy<Value = Persona> {
    (pick(ROLES), any::<bool>(), any::<bool>()).prop_map(|(role, internal, needs)| Persona {
        role,
        internal,
        needs,
    })
}

fn charter() -> impl Strategy<Value = Gen> {
    let product = (
        pick(KINDS),
        proptest::option::of(pick(&["voluntary", "mandated"])),
        any::<bool>(),
    );
    let relationship = (
        pick(TYPES),
        any::<bool>(),
        pick(EXCHANGES),
        proptest::option::of(any::<[bool; 6]>()),
    );
    let sourcing = (
        pick(DECISIONS),
        pick(LEVELS),
        pick(LEVELS),
        any::<bool>(),
        proptest::option::of(pick(&["yes", "planned", "no"])),
        any::<bool>(),
    );
    let rest = (
        proptest::collection::vec(persona(), 1..5),
        proptest::option::of((any::<bool>(), any::<bool>())),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(pick(WAIVABLE)),
        proptest::option::of(pick(SWITCHABLE)),
        0usize..3,
    );
    (product, relationship, sourcing, rest).prop_map(
        |(
            (kind, adoption, impact),
            (rel_type, choice, exchange, autonomy),
            (decision, differentiation, criticality, alternatives, open_source, skills_plan),
            (personas, team, plan, kpis, waive, off, leading_comments),
        )| Gen {
            kind,
            adoption,
            impact,
            rel_type,
            choice,
            exchange,
            autonomy,
            decision,
            differentiation,
            criticality,
            alternatives,
            open_source,
            skills_plan,
            personas,
            team,
            plan,
            kpis,
            waive,
            off,
            leading_comments,
        },
    )
}

impl Gen {
    fn toml(&self) -> String {
        let mut s = "# a comment line\n".repeat(self.leading_comments);
        s += "charter = 1\n\n[product]\nid = \"p\"\nname = \"Product\"\nowner = \"team\"\n";
        s += &format!("kind = \"{}\"\n", self.kind);
        if let Some(a) = self.adoption {
            s += &format!("adoption = \"{a}\"\n");
        }
        if self.impact {
            s += "end_customer_impact = \"Customers are served faster\"\n";
        }
        s += "\n[vision]\nstatement = \"A real vision\"\n\n[golden_thread]\ngoal = \"G-1\"\nobjectives = [\"O-1\"]\n";
        if self.kpis {
            s += "kpis = [\"k\"]\n";
        }
        for (i, p) in self.personas.iter().enumerate() {
            s += &format!(
                "\n[[personas]]\nname = \"Persona {i}\"\nrole = \"{}\"\ninternal = {}\n",
                p.role, p.internal
            );
            if p.needs {
                s += "needs = [\"a real need\"]\n";
            }
        }
        s += &format!(
            "\n[relationship]\ntype = \"{}\"\nchoice = {}\nvalue_exchange = \"{}\"\nrationale = \"Because\"\n",
            self.rel_type, self.choice, self.exchange
        );
        if let Some(marks) = self.autonomy {
            s += "\n[relationship.autonomy]\n";
            for (name, v) in [
                "walk_away",
                "charge",
                "sign_contracts",
                "outside_customers",
                "own_budget",
                "own_hiring",
            ]
            .iter()
            .zip(marks)
            {
                s += &format!("{name} = {v}\n");
            }
        }
        s += &format!(
            "\n[sourcing]\ndecision = \"{}\"\ndifferentiation = \"{}\"\ncriticality = \"{}\"\nrationale = \"Because\"\n",
            self.decision, self.differentiation, self.criticality
        );
        if self.alternatives {
            s += "alternatives = [\"Vendor\"]\n";
        }
        if let Some(o) = self.open_source {
            s += &format!("open_source = \"{o}\"\n");
        }
        if self.skills_plan {
            s += "skills_plan = \"Training\"\n";
        }
        if let Some((design, writing)) = self.team {
            let mut skills = vec!["\"product\""];
            if design {
                skills.push("\"design\"");
            }
            if writing {
                skills.push("\"technical-writing\"");
            }
            s += &format!("\n[team]\nskills = [{}]\n", skills.join(", "));
        }
        if self.plan {
            s += "\n[adoption]\nplan = \"Roll out by region\"\n";
        }
        if let Some(rule) = self.waive {
            s += &format!(
                "\n[[waivers]]\nrule = \"{rule}\"\nreason = \"Accepted for now\"\nexpires = 2999-01-01\n"
            );
        }
        s
    }

    /// The rules that must fire, by SPEC section 5's conditions, written
    /// independently of the implementation.
    fn expected(&self) -> BTreeSet<&'static str> {
        let mut e = BTreeSet::new();
        let customer = self.rel_type == "customer";
        let mandated = self.adoption == Some("mandated");
        let low_diff = self.differentiation == "low";
        if customer && (!self.choice || mandated) {
            e.insert("customer-without-choice");
        }
        if customer && self.exchange == "none" {
            e.insert("customer-without-value-exchange");
        }
        if self.choice && mandated {
            e.insert("choice-contradicts-adoption");
        }
        if let Some(marks) = self.autonomy {
            if customer && marks.iter().any(|m| !m) {
                e.insert("customer-without-autonomy");
            }
            if self.rel_type == "partner" && marks.iter().all(|m| *m) {
                e.insert("partner-with-autonomy");
            }
        }
        if self.exchange == "chargeback" && !self.choice {
            e.insert("paying-non-customer");
        }
        if self.kind != "customer-facing" && !self.impact {
            e.insert("end-customer-impact-missing");
        }
        if self.kind == "customer-facing" && self.personas.iter().all(|p| p.internal) {
            e.insert("customer-facing-without-external-persona");
        }
        if !self.personas.iter().any(|p| p.role == "user") {
            e.insert("no-user-persona");
        }
        if self.personas.iter().any(|p| p.role == "user" && !p.needs) {
            e.insert("persona-without-needs");
        }
        let build = self.decision == "build";
        if build && low_diff && !self.alternatives {
            e.insert("build-without-alternatives");
        }
        if build && low_diff && self.criticality == "low" {
            e.insert("build-who-cares");
        }
        if self.decision == "buy" && !low_diff && self.criticality == "high" {
            e.insert("buy-differentiator");
        }
        if self.decision == "buy" && !self.skills_plan {
            e.insert("buy-without-skills-plan");
        }
        if self.decision == "retire" && self.criticality == "high" {
            e.insert("retire-critical");
        }
        if build && low_diff && self.kind != "customer-facing" && self.open_source == Some("no") {
            e.insert("build-closed-internal");
        }
        if mandated && !self.plan {
            e.insert("mandated-without-change-plan");
        }
        if let Some((design, writing)) = self.team {
            if self.kind == "platform" && !writing {
                e.insert("platform-without-docs");
            }
            if matches!(self.kind, "internal-tool" | "customer-enabling") && !design {
                e.insert("tool-without-design");
            }
        }
        if !self.kpis {
            e.insert("golden-thread-unmeasured");
        }
        // A waiver in force removes its rule, or is itself unused.
        if let Some(rule) = self.waive
            && !e.remove(rule)
        {
            e.insert("waiver-unused");
        }
        if let Some(rule) = self.off {
            e.remove(rule);
        }
        e
    }
}

struct Checked {
    text: String,
    report: engine::Results,
}

fn check(g: &Gen) -> Checked {
    let dir = tempfile::tempdir().unwrap();
    let text = g.toml();
    std::fs::write(dir.path().join("charter.toml"), &text).unwrap();
    let mut config = Config::default();
    if let Some(rule) = g.off {
        let rule = charterlint::rules::find(rule).unwrap();
        config.severities = HashMap::from([(rule.id, RuleLevel::Off)]);
    }
    let source = WorkTree::new(dir.path(), "test");
    let tree = engine::check_tree(TreeInput {
        repo: None,
        source: &source,
        config: &config,
        registry: None,
        registry_findings: Vec::new(),
        selection: Selection::All,
        extra_paths: Vec::new(),
        walk: true,
        today: Date::new(2026, 11, 22).unwrap(),
        keep_text: false,
    });
    Checked {
        text,
        report: engine::finish(vec![tree], false),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn rules_fire_exactly_when_their_condition_holds(g in charter()) {
        let c = check(&g);
        let fired: BTreeSet<&str> = c.report.findings.iter().map(|f| f.rule).collect();
        prop_assert_eq!(fired, g.expected(), "charter:\n{}", c.text);
    }

    #[test]
    fn findings_are_sorted_deduplicated_and_point_inside_the_file(g in charter()) {
        let c = check(&g);
        let lines = LineIndex::new(&c.text);
        let keys: Vec<_> = c
            .report
            .findings
            .iter()
            .map(|f| (f.repo.clone(), f.path.clone(), f.position.line, f.position.column, f.rule, f.message.clone()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(keys, sorted);
        for f in &c.report.findings {
            prop_assert!(f.span.start <= f.span.end && f.span.end <= c.text.len(), "{f:?}");
            prop_assert_eq!(lines.line_col(f.span.start).0, f.position.line);
            let line = c.text.lines().nth(f.position.line - 1).unwrap_or("");
            prop_assert!(f.position.column <= line.chars().count() + 1);
            for l in &f.labels {
                prop_assert!(l.span.end <= c.text.len());
                prop_assert_eq!(lines.line_col(l.span.start).0, l.position.line);
            }
        }
    }

    #[test]
    fn json_round_trips(g in charter()) {
        let c = check(&g);
        let text = json::render(&c.report, true);
        let parsed: JsonReport = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(parsed.findings.len(), c.report.findings.len());
        let again = serde_json::to_string_pretty(&parsed).unwrap() + "\n";
        prop_assert_eq!(again, text);
    }
}
