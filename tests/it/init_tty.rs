//! The guided `init` driven through a real pseudo-terminal (expectrl):
//! a full session whose charter passes `check`, Ctrl-C and Ctrl-D midway
//! (nothing written), a 40-column terminal, NO_COLOR, a registry of 500
//! objectives filtered by typing, and a bad answer re-asked with `check`'s
//! own message. Unix only: Windows has no pty of this kind.
#![cfg(unix)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::{Expect, Session};

use crate::common;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const CTRL_C: &str = "\x03";
const CTRL_D: &str = "\x04";

const REGISTRY: &str = r#"okrs = 1
[[goals]]
id = "G-TRUST"
statement = "Be the bank customers trust"

[[objectives]]
id = "O-2025Q2-OLD"
goal = "G-TRUST"
statement = "An objective that has ended"
ends = 2025-06-30

[[objectives]]
id = "O-2026Q4-CLOSE"
goal = "G-TRUST"
statement = "Close the books in a day"
ends = 2999-12-31
key_results = ["KR-CLOSE-1", "KR-CLOSE-2"]
"#;

/// A repository with a registry named in its charterlint.toml.
fn repo(registry: &str) -> common::Repo {
    let repo = common::Repo::new();
    repo.write("okrs.toml", registry)
        .write("charterlint.toml", "registry = \"okrs.toml\"\n");
    repo
}

struct Tty {
    session: expectrl::session::OsSession,
    /// Everything the program wrote to the terminal.
    seen: Vec<u8>,
}

impl Tty {
    fn start(dir: &Path, cols: u16, env: &[(&str, &str)]) -> Tty {
        Tty::start_with(dir, cols, env, &[])
    }

    fn start_with(dir: &Path, cols: u16, env: &[(&str, &str)], args: &[&str]) -> Tty {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_charterlint"));
        cmd.arg("init").args(args).current_dir(dir);
        for var in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "NO_COLOR",
            "CLICOLOR_FORCE",
            "COLUMNS",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut session = Session::spawn(cmd).expect("spawn in a pty");
        session
            .get_process_mut()
            .set_window_size(cols, 30)
            .expect("window size");
        session.set_expect_timeout(Some(Duration::from_secs(5)));
        Tty {
            session,
            seen: Vec::new(),
        }
    }

    /// Waits for `text` on the screen.
    fn expect(&mut self, text: &str) {
        match self.session.expect(text) {
            Ok(found) => {
                self.seen.extend_from_slice(found.before());
                self.seen.extend_from_slice(&found[0]);
            }
            Err(e) => panic!(
                "waiting for {text:?}: {e}\nseen so far:\n{}",
                String::from_utf8_lossy(&self.seen)
            ),
        }
    }

    fn send(&mut self, keys: &str) {
        self.session.send(keys).expect("send keys");
        // Each key as a person types it: a prompt reads a burst of input
        // as it comes, and redraws between keys.
        std::thread::sleep(Duration::from_millis(30));
    }

    fn answer(&mut self, prompt: &str, keys: &str) {
        self.expect(prompt);
        self.send(keys);
    }

    /// Reads to the end and returns the exit code.
    fn finish(mut self) -> (i32, String) {
        let rest = self.session.expect(expectrl::Eof);
        if let Ok(found) = rest {
            self.seen.extend_from_slice(found.before());
            self.seen.extend_from_slice(&found[0]);
        }
        let status = self.session.get_process().wait().expect("wait");
        let code = match status {
            WaitStatus::Exited(_, code) => code,
            WaitStatus::Signaled(_, signal, _) => 128 + signal as i32,
            other => panic!("{other:?}"),
        };
        (code, String::from_utf8_lossy(&self.seen).into_owned())
    }
}

/// Answers every question of a session against `REGISTRY` (`objectives`
/// picks the objectives); the exit code and the terminal's output.
fn full_session(dir: &Path, cols: u16, env: &[(&str, &str)]) -> (i32, String) {
    full_session_with(dir, cols, env, &|t| {
        // Current objectives come first: tick it, then its first key result.
        t.answer("Objectives it serves", " ");
        t.send(ENTER);
        t.answer("Key results it moves", " ");
        t.send(ENTER);
        t.answer("KPI", ENTER);
    })
}

fn full_session_with(
    dir: &Path,
    cols: u16,
    env: &[(&str, &str)],
    objectives: &dyn Fn(&mut Tty),
) -> (i32, String) {
    let mut t = Tty::start(dir, cols, env);
    t.answer("Product id", "ledger\r");
    t.answer("Name", "General \"Ledger\"\r");
    t.answer("Owning team", "team-finance-platform\r");
    t.answer("Kind", ENTER);
    t.answer("Adoption", ENTER);
    t.answer("How does it help", "Statements are right the first time\r");
    t.answer("Vision", "Every entity closes its books in one day\r");
    t.answer("Strategy", ENTER);
    t.answer("Company goal", ENTER);
    objectives(&mut t);
    t.answer("Persona's name", "Finance analyst\r");
    t.answer("Role", ENTER);
    t.answer("inside the company", ENTER);
    t.answer("job they need done", "close the books in one day\r");
    t.answer("job they need done", ENTER);
    t.answer("Add another persona", ENTER);
    t.answer("Can they pick", ENTER);
    t.answer("Do they pay", ENTER);
    t.answer("teams inside the company", ENTER);
    t.answer("six marks", ENTER);
    t.answer("Partners or users", ENTER);
    t.answer(
        "your own words",
        "Finance and the team build the ledger together\r",
    );
    t.answer("Differentiation", DOWN);
    t.send(ENTER);
    t.answer("Criticality", ENTER);
    t.answer("Decision", ENTER);
    t.answer(
        "Why buy it",
        "Ledgers are a commodity; the market has mature ones\r",
    );
    t.answer(
        "Skills plan",
        "Two engineers certify on the product in the first quarter\r",
    );
    t.expect("wrote charter.toml");
    t.finish()
}

/// `charterlint check` on the repository: its exit code and report.
fn check(repo: &common::Repo) -> (i32, serde_json::Value) {
    let out = repo.run(&["check", "--format", "json"]);
    (out.status.code().unwrap_or(-1), common::parse_json(&out))
}

#[test]
fn a_full_session_writes_a_charter_that_passes_check() {
    let repo = repo(REGISTRY);
    let (code, screen) = full_session(repo.path(), 100, &[]);
    assert_eq!(code, 0, "{screen}");
    let text = std::fs::read_to_string(repo.path().join("charter.toml")).unwrap();
    let (code, report) = check(&repo);
    assert_eq!(code, 0, "{report:#}\n{text}");
    assert_eq!(report["findings"], serde_json::json!([]), "{text}");
    // The derived type, with its why, and the proposed decision.
    assert!(text.contains("type = \"partner\""), "{text}");
    assert!(
        text.contains("# Why `partner`: They cannot pick an alternative or walk away"),
        "{text}"
    );
    assert!(text.contains("decision = \"buy\""), "{text}");
    assert!(text.contains("objectives = [\"O-2026Q4-CLOSE\"]"), "{text}");
    assert!(text.contains("key_results = [\"KR-CLOSE-1\"]"), "{text}");
    // User text is written by the serialiser, quotes and all.
    let parsed: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(
        parsed["product"]["name"].as_str(),
        Some("General \"Ledger\"")
    );
    // An ended objective is offered, marked, after the current one.
    let old = screen
        .find("O-2025Q2-OLD")
        .expect("the ended objective is listed");
    assert!(screen[old..].contains("[ENDED 2025-06-30]"), "{screen}");
    assert!(screen.find("O-2026Q4-CLOSE").unwrap() < old, "{screen}");
}

#[test]
fn a_40_column_terminal_still_works() {
    let repo = repo(REGISTRY);
    let (code, screen) = full_session(repo.path(), 40, &[]);
    assert_eq!(code, 0, "{screen}");
    assert_eq!(check(&repo).0, 0);
}

#[test]
fn no_color_means_no_colour_escapes() {
    let repo = repo(REGISTRY);
    let (code, screen) = full_session(repo.path(), 100, &[("NO_COLOR", "1")]);
    assert_eq!(code, 0, "{screen}");
    // SGR (colour and style) sequences end in `m`; cursor moves do not.
    let sgr = regex::Regex::new(r"\x1b\[[0-9;]*m").unwrap();
    assert!(
        !sgr.is_match(&screen),
        "colour escapes under NO_COLOR: {:?}",
        sgr.find(&screen)
    );
    // Without NO_COLOR, the same session is coloured.
    let repo = self::repo(REGISTRY);
    let (_, screen) = full_session(repo.path(), 100, &[]);
    assert!(sgr.is_match(&screen));
}

#[test]
fn ctrl_c_midway_writes_nothing() {
    let repo = repo(REGISTRY);
    let mut t = Tty::start(repo.path(), 80, &[]);
    t.answer("Product id", "ledger\r");
    t.answer("Name", "General Ledger");
    t.send(CTRL_C);
    let (code, screen) = t.finish();
    assert_ne!(code, 0, "{screen}");
    assert!(
        screen.contains("interrupted; nothing was written"),
        "{screen}"
    );
    assert!(!repo.path().join("charter.toml").exists());
}

#[test]
fn eof_midway_writes_nothing() {
    let repo = repo(REGISTRY);
    let mut t = Tty::start(repo.path(), 80, &[]);
    t.answer("Product id", "ledger\r");
    t.answer("Name", "General Ledger\r");
    t.answer("Owning team", CTRL_D);
    let (code, screen) = t.finish();
    assert_ne!(code, 0, "{screen}");
    assert!(screen.contains("nothing was written"), "{screen}");
    assert!(!repo.path().join("charter.toml").exists());
}

#[test]
fn typing_filters_500_objectives() {
    let mut registry = String::from(
        "okrs = 1\n[[goals]]\nid = \"G-BIG\"\nstatement = \"A goal with many objectives\"\n",
    );
    for i in 0..500 {
        registry.push_str(&format!(
            "[[objectives]]\nid = \"O-BIG-{i:03}\"\ngoal = \"G-BIG\"\nstatement = \"Objective number {i}\"\nends = 2999-12-31\n"
        ));
    }
    let repo = repo(&registry);
    let (code, screen) = full_session_with(repo.path(), 100, &[("NO_COLOR", "1")], &|t| {
        t.expect("Objectives it serves");
        for c in "O-BIG-421".chars() {
            t.send(&c.to_string());
        }
        t.expect("O-BIG-421: Objective number 421");
        t.send(" ");
        t.send(ENTER);
        // No key result measures it: a KPI then.
        t.answer("KPI", "days-to-close\r");
        t.answer("KPI", ENTER);
    });
    assert_eq!(code, 0, "{screen}");
    let text = std::fs::read_to_string(repo.path().join("charter.toml")).unwrap();
    assert!(text.contains("objectives = [\"O-BIG-421\"]"), "{text}");
    assert!(text.contains("kpis = [\"days-to-close\"]"), "{text}");
    assert_eq!(check(&repo).0, 0, "{text}");
}

#[test]
fn a_bad_answer_gets_check_s_message_and_is_asked_again() {
    // What `check` says of the same value in a charter.
    let other = common::Repo::new();
    other.write(
        "charter.toml",
        &common::CLEAN.replace("id = \"ledger\"", "id = \"Not A Slug\""),
    );
    let (_, report) = check(&other);
    let said = common::findings_of(&report, "invalid-value")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(said.contains("must be a slug"), "{said}");

    let repo = repo(REGISTRY);
    let mut t = Tty::start(repo.path(), 200, &[("NO_COLOR", "1")]);
    t.answer("Product id", "Not A Slug\r");
    t.expect(&said);
    // Asked again: the bad answer is still there to correct.
    for _ in 0.."Not A Slug".len() {
        t.send("\x7f");
    }
    t.send("ledger\r");
    t.answer("Name", CTRL_C);
    let (code, screen) = t.finish();
    assert_ne!(code, 0);
    assert!(screen.contains("Product id: ledger"), "{screen}");
}

#[test]
fn an_existing_file_is_refused_before_any_question() {
    let repo = repo(REGISTRY);
    repo.write("charter.toml", "kept\n");
    let mut t = Tty::start(repo.path(), 80, &[]);
    t.expect("already exists");
    let (code, screen) = t.finish();
    assert_eq!(code, 2, "{screen}");
    assert!(!screen.contains("Product id"), "{screen}");
    assert_eq!(
        std::fs::read_to_string(repo.path().join("charter.toml")).unwrap(),
        "kept\n"
    );
}

#[test]
fn no_input_on_a_terminal_writes_the_template_exactly() {
    let piped = common::Repo::new();
    let out = piped.run(&["init"]);
    assert_eq!(out.status.code(), Some(0));
    let template = std::fs::read_to_string(piped.path().join("charter.toml")).unwrap();

    let repo = repo(REGISTRY);
    let mut t = Tty::start_with(repo.path(), 80, &[], &["--no-input"]);
    t.expect("fill in every <...>");
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("Product id"), "{screen}");
    assert_eq!(
        std::fs::read_to_string(repo.path().join("charter.toml")).unwrap(),
        template
    );
}

/// Mandated adoption and a chargeback: no choice is asked (there is
/// none), the paying non-customer is explained, users are picked, and the
/// change plan is asked for.
#[test]
fn a_mandated_product_paid_by_chargeback() {
    const UP: &str = "\x1b[A";
    let repo = repo(REGISTRY);
    let mut t = Tty::start(repo.path(), 100, &[("NO_COLOR", "1")]);
    t.answer("Product id", "payroll\r");
    t.answer("Name", "Payroll\r");
    t.answer("Owning team", "team-hr-systems\r");
    t.answer("Kind", ENTER);
    t.answer("Adoption", DOWN);
    t.send(ENTER);
    t.answer(
        "How does it help",
        "Staff are paid right, so they serve customers well\r",
    );
    t.answer("Vision", "Everyone is paid right and on time\r");
    t.answer("Strategy", ENTER);
    t.answer("Company goal", ENTER);
    t.answer("Objectives it serves", " ");
    t.send(ENTER);
    t.answer("Key results it moves", ENTER);
    t.answer("KPI", "payslips right first time\r");
    t.answer("KPI", ENTER);
    t.answer("Persona's name", "HR officer\r");
    t.answer("Role", ENTER);
    t.answer("inside the company", ENTER);
    t.answer("job they need done", "pay everyone on time\r");
    t.answer("job they need done", ENTER);
    t.answer("Add another persona", ENTER);
    t.expect("Adoption is mandated");
    t.answer("Do they pay", UP);
    t.send(ENTER);
    t.answer("teams inside the company", "n\r");
    t.expect("paying non-customer");
    t.answer("Partners or users", DOWN);
    t.send(ENTER);
    t.answer(
        "your own words",
        "Every employee must use payroll; HR funds it by chargeback\r",
    );
    t.answer("Differentiation", ENTER);
    t.answer("Criticality", DOWN);
    t.send(ENTER);
    t.answer("Decision", ENTER);
    t.answer("Why partner it", "A payroll bureau runs it with us\r");
    t.answer("brought along", "Pilot in one country, then the rest\r");
    t.answer("champion", "Head of HR\r");
    t.answer("champion", ENTER);
    t.answer("success", ENTER);
    t.expect("wrote charter.toml");
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("Can they pick"), "{screen}");
    // Told again once written: what `check` will still say.
    let written = screen.find("wrote charter.toml").unwrap();
    assert!(
        screen[written..].contains("warning[paying-non-customer]"),
        "{screen}"
    );
    let text = std::fs::read_to_string(repo.path().join("charter.toml")).unwrap();
    for line in [
        "adoption = \"mandated\"",
        "type = \"user\"",
        "choice = false",
        "value_exchange = \"chargeback\"",
        "decision = \"partner\"",
        "[adoption]",
        "champions = [\"Head of HR\"]",
    ] {
        assert!(text.contains(line), "{line}:\n{text}");
    }
    // It passes, with the one warning it explained.
    let (code, report) = check(&repo);
    assert_eq!(code, 0, "{report:#}\n{text}");
    assert_eq!(common::rules_of(&report), ["paying-non-customer"], "{text}");
}

/// Without a registry, the goal, objectives and key results are typed as
/// ids, each checked as `check` checks it.
#[test]
fn without_a_registry_the_ids_are_typed() {
    let repo = common::Repo::new();
    let mut t = Tty::start(repo.path(), 100, &[("NO_COLOR", "1")]);
    t.answer("Product id", "ledger\r");
    t.answer("Name", "General Ledger\r");
    t.answer("Owning team", "team-finance-platform\r");
    t.answer("Kind", ENTER);
    t.answer("Adoption", ENTER);
    t.answer("How does it help", "Statements are right the first time\r");
    t.answer("Vision", "Every entity closes its books in one day\r");
    t.answer("Strategy", ENTER);
    t.expect("no OKR registry");
    // A placeholder is no goal id: check's `placeholder` message, asked again.
    t.answer("Company goal id", "TBD\r");
    t.expect("`golden_thread.goal` is a placeholder (`TBD`)");
    for _ in 0..3 {
        t.send("\x7f");
    }
    t.send("G-TRUST\r");
    t.answer("Objective ids", "O-2026Q4-CLOSE, O-2026Q4-AUDIT\r");
    t.answer("Key result ids", "KR-CLOSE-1\r");
    t.answer("KPI", ENTER);
    t.answer("Persona's name", "Finance analyst\r");
    t.answer("Role", ENTER);
    t.answer("inside the company", ENTER);
    t.answer("job they need done", "close the books in one day\r");
    t.answer("job they need done", ENTER);
    t.answer("Add another persona", ENTER);
    t.answer("Can they pick", "y\r");
    t.answer("Do they pay", "\x1b[A\x1b[A");
    t.send(ENTER);
    t.answer("teams inside the company", "n\r");
    t.answer(
        "your own words",
        "They may use any ledger, and pay for ours\r",
    );
    t.answer("Differentiation", ENTER);
    t.answer("Criticality", ENTER);
    t.answer("Decision", ENTER);
    t.answer("Why build it", "Our close process is what sets us apart\r");
    t.expect("wrote charter.toml");
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
    let text = std::fs::read_to_string(repo.path().join("charter.toml")).unwrap();
    for line in [
        "goal = \"G-TRUST\"",
        "objectives = [\"O-2026Q4-CLOSE\", \"O-2026Q4-AUDIT\"]",
        "key_results = [\"KR-CLOSE-1\"]",
        "type = \"customer\"",
        "# Why `customer`: They can pick an alternative or walk away, and they pay",
        "decision = \"build\"",
    ] {
        assert!(text.contains(line), "{line}:\n{text}");
    }
    let (code, report) = check(&repo);
    assert_eq!(code, 0, "{report:#}\n{text}");
    assert_eq!(report["findings"], serde_json::json!([]), "{text}");
}
