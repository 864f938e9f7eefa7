//! What a new user meets in the first hour (issue 9, SPEC v1.1): each test
//! reproduces a defect found by trying charterlint as a product manager, a
//! platform engineer or an admin would, and fails on the code before its fix.

use crate::common;

use std::process::Output;

use common::{CLEAN, Repo, TODAY, charterlint, findings_of, rules_of};

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Exit 2 with a message, and never a panic (exit 101, "panicked").
fn assert_refused(out: &Output, says: &str) {
    let err = stderr(out);
    assert_eq!(code(out), 2, "expected exit 2: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(says), "expected {says:?} in: {err}");
}

// Item 1: a path outside the repository panicked inside git2 under --staged.

#[test]
fn a_path_outside_the_repository_is_refused_not_a_panic() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.git(&["add", "charter.toml"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("x.charter.toml");
    std::fs::write(&outside, CLEAN).unwrap();
    let outside = outside.to_str().unwrap();
    let relative = format!("../{}/x.charter.toml", {
        // The same file, named relative to the repository.
        let up = repo.path().parent().unwrap();
        elsewhere
            .path()
            .strip_prefix(up)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| elsewhere.path().display().to_string())
    });
    for source in [&["--staged"][..], &["--rev", "HEAD"][..], &[][..]] {
        if source.len() == 2 {
            repo.commit("charter", None);
        }
        for path in [outside, relative.as_str()] {
            let mut args = vec!["check"];
            args.extend_from_slice(source);
            args.push(path);
            assert_refused(&repo.run(&args), "is outside the repository");
        }
    }
}

#[test]
fn odd_paths_under_staged_never_reach_git2_unchecked() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.git(&["add", "charter.toml"]);
    // `./x`, `x/../charter.toml` and a folder that is only `.`: git2 panics
    // on paths starting with `.`; charterlint normalises or refuses them.
    let out = repo.run(&["check", "--staged", "--today", TODAY, "./charter.toml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = repo.run(&[
        "check",
        "--staged",
        "--today",
        TODAY,
        "nope/../charter.toml",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = repo.run(&["check", "--staged", "--today", TODAY, "."]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("1 charter from the index"));
}

// Item 5: a file that is not staged, or not in the commit, passed in silence.

#[test]
fn a_file_not_staged_says_git_add_it() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.git(&["add", "charter.toml"]);
    repo.write("new.charter.toml", CLEAN);
    let out = repo.run(&["check", "--staged", "new.charter.toml"]);
    assert_refused(&out, "new.charter.toml is not staged");
    assert!(stderr(&out).contains("git add new.charter.toml"));
    assert!(!stderr(&out).contains("disappeared"), "{}", stderr(&out));
    // Nowhere at all.
    let out = repo.run(&["check", "--staged", "gone.charter.toml"]);
    assert_refused(
        &out,
        "gone.charter.toml is neither in the index nor in the working tree",
    );
}

#[test]
fn a_folder_with_nothing_staged_under_it_says_so() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    let web = CLEAN.replace("id = \"ledger\"", "id = \"web\"");
    repo.write("products/web/charter.toml", &web);
    repo.git(&["add", "charter.toml"]);
    let out = repo.run(&["check", "--staged", "products"]);
    assert_refused(&out, "products holds no staged charter");
    assert!(!stderr(&out).contains("include globs"), "{}", stderr(&out));
    // Once staged, the folder selects what the index holds under it.
    repo.git(&["add", "products"]);
    let (code, report) = repo.check_json(&["--staged", "products"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["charters"], 1);
}

#[test]
fn staged_folders_are_read_from_the_index_not_the_disk() {
    let repo = Repo::new();
    repo.write("products/web/charter.toml", CLEAN);
    repo.git(&["add", "-A"]);
    // Staged, then deleted from the working tree: `--staged products` still
    // checks what is about to be committed.
    std::fs::remove_dir_all(repo.path().join("products/web")).unwrap();
    let (code, report) = repo.check_json(&["--staged", "products"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["charters"], 1);
}

#[test]
fn a_file_not_in_the_commit_names_the_commit() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.commit("charter", None);
    let out = repo.run(&["check", "--rev", "HEAD", "missing.toml"]);
    assert_refused(&out, "missing.toml is not in commit");
    // A folder that exists only in the working tree.
    repo.write("products/web/charter.toml", CLEAN);
    let out = repo.run(&["check", "--rev", "HEAD", "products"]);
    assert_refused(&out, "products holds no charter in commit");
    // The working tree: a path that does not exist is said plainly.
    let out = repo.run(&["check", "missing.toml"]);
    assert_refused(&out, "missing.toml does not exist");
}

// Item 6: outside a repository, `check` walked the current folder.

#[test]
fn outside_a_repository_check_needs_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("charter.toml"), CLEAN).unwrap();
    std::fs::write(dir.path().join("other.txt"), "not a charter").unwrap();
    let run = |args: &[&str]| {
        charterlint()
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
            .output()
            .unwrap()
    };
    let out = run(&["check", "--today", TODAY]);
    assert_refused(&out, "not a git repository");
    assert!(stdout(&out).is_empty());
    let out = run(&["check", "--today", TODAY, "charter.toml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("plain files") && stderr(&out).contains("not a git repository"),
        "{}",
        stderr(&out)
    );
    let out = run(&["check", "--today", TODAY, "--format", "json", "."]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = common::parse_json(&out);
    assert_eq!(report["summary"]["charters"], 1);
    assert!(rules_of(&report).is_empty(), "{report}");
}

/// `init`'s template with every free text filled in, ids left as they are.
fn template_with_texts_filled(repo: &Repo) -> String {
    let out = repo.run(&["init"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut text = std::fs::read_to_string(repo.path().join("charter.toml")).unwrap();
    for (from, to) in [
        ("\"<product-id>\"", "\"ledger\""),
        ("\"<product name>\"", "\"General Ledger\""),
        ("\"<owning team>\"", "\"team-finance\""),
        (
            "\"<how this helps the company's paying, external customer>\"",
            "\"Invoices are right the first time\"",
        ),
        (
            "\"<why the product exists and what it will change>\"",
            "\"Close the books in a day\"",
        ),
        ("\"<who uses it>\"", "\"Finance analyst\""),
        (
            "\"<a job they need done, or a pain they have>\"",
            "\"close the books fast\"",
        ),
        (
            "\"<why the relationship is of this type>\"",
            "\"Finance cannot leave the ledger\"",
        ),
        (
            "\"<why build (or buy) rather than the alternatives>\"",
            "\"Real-time close is how we win\"",
        ),
    ] {
        assert!(text.contains(from), "the template has {from}");
        text = text.replace(from, to);
    }
    text
}

// Item 2: the template's ids passed unfilled; so did `goal = "TBD"`.

#[test]
fn init_template_fails_until_its_ids_are_filled_in() {
    let repo = Repo::new();
    let text = template_with_texts_filled(&repo);
    repo.write("charter.toml", &text);
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1, "{report}");
    let placeholders: Vec<&str> = findings_of(&report, "placeholder")
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        placeholders
            .iter()
            .any(|m| m.contains("golden_thread.goal"))
            && placeholders
                .iter()
                .any(|m| m.contains("golden_thread.objectives[0]")),
        "{placeholders:?}"
    );
    let unmeasured = findings_of(&report, "golden-thread-unmeasured");
    assert!(
        unmeasured[0]["message"]
            .as_str()
            .unwrap()
            .contains("`golden_thread.kpis` is a placeholder"),
        "{unmeasured:?}"
    );
    // Filled in, it passes.
    let filled = text
        .replace("\"<G-COMPANY-GOAL>\"", "\"G-TRUST\"")
        .replace("[\"<O-OBJECTIVE>\"]", "[\"O-2026Q4-CLOSE\"]")
        .replace(
            "\"<a measure of the product's outcome>\"",
            "\"days-to-close\"",
        );
    repo.write("charter.toml", &filled);
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 0, "{report}");
}

#[test]
fn a_placeholder_goal_or_objective_is_not_an_id() {
    let repo = Repo::new();
    repo.write(
        "charter.toml",
        &CLEAN
            .replace("goal = \"G-TRUST\"", "goal = \"TBD\"")
            .replace("[\"O-2026Q4-CLOSE\"]", "[\"O-2026Q4-CLOSE\", \"???\"]"),
    );
    repo.write(
        "okrs.toml",
        "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"Trust\"\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"Close\"\nends = 2999-01-01\n",
    );
    repo.write("charterlint.toml", "registry = \"okrs.toml\"\n");
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1, "{report}");
    let found: Vec<(String, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().into(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // Placeholders, each on its own line, and not also "not in the registry".
    assert_eq!(
        found,
        [
            ("placeholder".to_string(), 14),
            ("placeholder".to_string(), 15)
        ],
        "{report}"
    );
}

#[test]
fn the_receipt_says_when_the_thread_was_checked_for_shape_only() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    let out = repo.run(&["check", "--today", TODAY]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no OKR registry, so the golden thread was checked for shape only"),
        "{}",
        stderr(&out)
    );
    repo.write(
        "okrs.toml",
        "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"Trust\"\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"Close\"\nends = 2999-01-01\n",
    );
    repo.write("charterlint.toml", "registry = \"okrs.toml\"\n");
    let out = repo.run(&["check", "--today", TODAY]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("shape only"), "{}", stderr(&out));
}

// Item 3: a waiver with no reason silenced its finding.

const BUY_WITHOUT_PLAN_WAIVED: &str = "\n[[waivers]]\nrule = \"buy-without-skills-plan\"\nreason = \"Vendor training is booked\"\nexpires = 2999-01-31\n";

fn buying_without_a_plan(waiver: &str) -> String {
    CLEAN.replace("skills_plan = \"Two analysts certified by Q2\"\n", "") + waiver
}

#[test]
fn an_incomplete_waiver_waives_nothing() {
    let repo = Repo::new();
    repo.write(
        "charter.toml",
        &buying_without_a_plan(BUY_WITHOUT_PLAN_WAIVED),
    );
    let (code, report) = repo.check_json(&[]);
    assert_eq!(
        (code, rules_of(&report)),
        (0, vec![]),
        "a complete waiver waives"
    );
    for (what, waiver, says) in [
        (
            "no reason",
            BUY_WITHOUT_PLAN_WAIVED.replace("reason = \"Vendor training is booked\"\n", ""),
            "has no `reason`",
        ),
        (
            "a placeholder reason",
            BUY_WITHOUT_PLAN_WAIVED.replace("Vendor training is booked", "TBD"),
            "has a placeholder for a reason",
        ),
        (
            "no expires",
            BUY_WITHOUT_PLAN_WAIVED.replace("expires = 2999-01-31\n", ""),
            "has no `expires`",
        ),
    ] {
        repo.write("charter.toml", &buying_without_a_plan(&waiver));
        let (code, report) = repo.check_json(&[]);
        assert_eq!(code, 1, "{what}: {report}");
        assert_eq!(
            rules_of(&report),
            ["buy-without-skills-plan", "waiver-incomplete"],
            "{what}: the finding it names is reported, beside one finding about the waiver"
        );
        let f = &findings_of(&report, "waiver-incomplete")[0];
        assert!(f["message"].as_str().unwrap().contains(says), "{what}: {f}");
        assert!(
            f["help"].as_str().unwrap().starts_with("give the waiver"),
            "{f}"
        );
    }
}

// Item 4: placeholders in optional fields were reported as missing keys.

#[test]
fn a_placeholder_in_an_optional_field_is_pointed_at_not_asked_for() {
    let repo = Repo::new();
    repo.write(
        "charter.toml",
        &CLEAN
            .replace(
                "end_customer_impact = \"Statements are right the first time\"",
                "end_customer_impact = \"TBD\"",
            )
            .replace(
                "needs = [\"close the books in one day\"]",
                "needs = [\"TBD\"]",
            )
            .replace(
                "skills_plan = \"Two analysts certified by Q2\"",
                "skills_plan = \"N/A\"",
            ),
    );
    let (_, report) = repo.check_json(&[]);
    for (rule, line, column, says) in [
        (
            "end-customer-impact-missing",
            8,
            23,
            "`product.end_customer_impact` is a placeholder (`TBD`)",
        ),
        (
            "persona-without-needs",
            22,
            9,
            "`personas[0].needs` is a placeholder (`TBD`)",
        ),
        (
            "buy-without-skills-plan",
            35,
            15,
            "`sourcing.skills_plan` is a placeholder (`N/A`)",
        ),
    ] {
        let f = findings_of(&report, rule);
        assert_eq!(f.len(), 1, "{rule}: {report}");
        let f = f[0];
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64()),
            (Some(line), Some(column)),
            "{rule}: {f}"
        );
        assert!(f["message"].as_str().unwrap().contains(says), "{rule}: {f}");
        assert!(
            !f["help"].as_str().unwrap().starts_with("add "),
            "{rule}: the help must not ask for a key that is there: {f}"
        );
    }
}

#[test]
fn placeholder_alternatives_and_change_plans_are_pointed_at() {
    let repo = Repo::new();
    let text = CLEAN
        .replace(
            "kind = \"internal-tool\"",
            "kind = \"internal-tool\"\nadoption = \"mandated\"",
        )
        .replace("decision = \"buy\"", "decision = \"build\"")
        .replace(
            "skills_plan = \"Two analysts certified by Q2\"",
            "alternatives = [\"?\", \"...\"]",
        )
        + "\n[adoption]\nplan = \"<the plan>\"\n";
    repo.write("charter.toml", &text);
    let (_, report) = repo.check_json(&[]);
    let alt = findings_of(&report, "build-without-alternatives");
    assert!(
        alt[0]["message"]
            .as_str()
            .unwrap()
            .contains("`sourcing.alternatives` is only placeholders"),
        "{report}"
    );
    assert_eq!(alt[0]["line"], 36, "points at the list: {report}");
    let plan = findings_of(&report, "mandated-without-change-plan");
    assert!(
        plan[0]["message"]
            .as_str()
            .unwrap()
            .contains("`adoption.plan` is a placeholder"),
        "{report}"
    );
}

// Item 8: `init --path` into new folders failed; a path discovery never finds
// was written in silence.

#[test]
fn init_creates_folders_and_warns_when_check_would_not_find_the_file() {
    let repo = Repo::new();
    let out = repo.run(&["init", "--path", "products/x/charter.toml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(repo.path().join("products/x/charter.toml").is_file());
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let out = repo.run(&["init", "--path", "foo.toml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: foo.toml does not match the include globs (`**/charter.toml`, `**/*.charter.toml`)"),
        "{}",
        stderr(&out)
    );
    // The repository's own globs are the ones that count.
    repo.write("charterlint.toml", "include = [\"charters/*.toml\"]\n");
    let out = repo.run(&["init", "--path", "charters/web.toml"]);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let out = repo.run(&["init", "--path", "products/y/charter.toml"]);
    assert!(
        stderr(&out).contains("`charters/*.toml`"),
        "{}",
        stderr(&out)
    );
    // Never overwrites.
    let out = repo.run(&["init", "--path", "foo.toml"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

// Item 17: polish.

#[test]
fn init_speaks_english_and_aligns_its_comments() {
    for kind in [
        "internal-tool",
        "customer-facing",
        "platform",
        "customer-enabling",
        "service",
    ] {
        let repo = Repo::new();
        let out = repo.run(&["init", "--kind", kind]);
        let article = if kind.starts_with('i') { "an" } else { "a" };
        assert!(
            stderr(&out).contains(&format!("({article} {kind} charter)")),
            "{}",
            stderr(&out)
        );
        let text = std::fs::read_to_string(repo.path().join("charter.toml")).unwrap();
        let columns: std::collections::BTreeSet<usize> = text
            .lines()
            .filter_map(|l| l.rfind(" # ").map(|i| i + 1))
            .collect();
        assert_eq!(
            columns.len(),
            1,
            "{kind}: comments in columns {columns:?}:\n{text}"
        );
    }
}

#[test]
fn help_texts_speak_to_users() {
    let out = charterlint().args(["check", "--help"]).output().unwrap();
    let help = stdout(&out);
    assert!(!help.contains("SPEC"), "users have no SPEC: {help}");
    assert!(help.contains("labels, help) and a summary"), "{help}");
    assert_eq!(help.matches("[default: auto").count(), 1, "{help}");
}

// Item 14: "did you mean" suggested what was not close.

#[test]
fn did_you_mean_only_for_what_is_genuinely_close() {
    let repo = Repo::new();
    repo.write(
        "okrs.toml",
        "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"Trust\"\n[[objectives]]\nid = \"O-2026Q4-DEPLOY\"\ngoal = \"G-TRUST\"\nstatement = \"Deploy\"\nends = 2999-01-01\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"Close\"\nends = 2999-01-01\n",
    );
    repo.write("charterlint.toml", "registry = \"okrs.toml\"\n");
    let charter = CLEAN
        .replace("criticality = \"high\"", "criticality = \"medium\"")
        .replace(
            "[\"O-2026Q4-CLOSE\"]",
            "[\"O-2026Q4-TRAVEL\", \"O-2026Q4-CLOSED\"]",
        )
        .replace("id = \"ledger\"", "id = \"<product-id>\"")
        .replace("type = \"partner\"", "type = \"partnr\"");
    repo.write("charter.toml", &charter);
    let (_, report) = repo.check_json(&[]);
    let help_of = |rule: &str, says: &str| -> String {
        findings_of(&report, rule)
            .iter()
            .find(|f| f["message"].as_str().unwrap().contains(says))
            .unwrap_or_else(|| panic!("no {rule} about {says}: {report}"))["help"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let medium = help_of("invalid-value", "criticality");
    assert!(!medium.contains("did you mean"), "{medium}");
    assert!(medium.contains("allowed values: high, low"), "{medium}");
    let travel = help_of("golden-thread-unresolved", "O-2026Q4-TRAVEL");
    assert!(!travel.contains("did you mean"), "{travel}");
    let closed = help_of("golden-thread-unresolved", "O-2026Q4-CLOSED");
    assert!(
        closed.contains("did you mean `O-2026Q4-CLOSE`?"),
        "{closed}"
    );
    // A placeholder where a slug belongs is a placeholder (issue 23).
    let id = help_of("placeholder", "product.id");
    assert!(!id.contains("try `product-id`"), "{id}");
    assert!(id.contains("placeholder"), "{id}");
    let partner = help_of("invalid-value", "relationship.type");
    assert!(partner.contains("did you mean `partner`?"), "{partner}");
}

// Item 15: placement and order of what is shown.

#[test]
fn a_missing_table_points_at_its_misspelling() {
    let repo = Repo::new();
    repo.write("charter.toml", &CLEAN.replace("[vision]", "[visoin]"));
    let (_, report) = repo.check_json(&[]);
    let f = &findings_of(&report, "vision-missing")[0];
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(10), Some(2)),
        "{f}"
    );
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("`visoin` looks like a misspelling"),
        "{f}"
    );
    assert_eq!(f["help"], "rename `visoin` to `vision`");
    // A misspelt key inside a table, likewise.
    repo.write("charter.toml", &CLEAN.replace("statement =", "statment ="));
    let (_, report) = repo.check_json(&[]);
    let f = &findings_of(&report, "vision-missing")[0];
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(11), Some(1)),
        "{f}"
    );
}

#[test]
fn human_output_shows_the_primary_span_first() {
    let repo = Repo::new();
    // build-closed-internal: primary at `decision` (line 31), a label at
    // `kind` (line 7), earlier in the file.
    let charter = CLEAN
        .replace("decision = \"buy\"", "decision = \"build\"")
        .replace(
            "skills_plan = \"Two analysts certified by Q2\"",
            "alternatives = [\"SAP\"]\nopen_source = \"no\"",
        );
    repo.write("charter.toml", &charter);
    let (_, report) = repo.check_json(&[]);
    let f = &findings_of(&report, "build-closed-internal")[0];
    let line = f["line"].as_u64().unwrap();
    assert!(
        f["labels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["line"].as_u64().unwrap() < line)
    );
    let out = repo.run(&["check", "--color", "never", "--today", TODAY]);
    let text = stdout(&out);
    let block = &text[text
        .find("build-closed-internal\n")
        .expect("the finding is shown")..];
    let first_header = block.find("╭─[").unwrap();
    let header_line =
        &block[first_header..block[first_header..].find('\n').unwrap() + first_header];
    assert_eq!(header_line, format!("╭─[charter.toml:{line}:1]"), "{block}");
    // The earlier label is still shown, after it.
    assert!(block.contains("not customer-facing"), "{block}");
}

// Item 16: noise.

#[test]
fn many_charters_sharing_an_id_name_a_few_and_count_the_rest() {
    let repo = Repo::new();
    for i in 0..6 {
        repo.write(&format!("p{i}/charter.toml"), CLEAN);
    }
    let (_, report) = repo.check_json(&[]);
    let dups = findings_of(&report, "duplicate-product-id");
    assert_eq!(dups.len(), 6, "each charter involved is reported");
    let m = dups[0]["message"].as_str().unwrap();
    assert_eq!(
        m,
        "product id `ledger` is also declared by p1/charter.toml, p2/charter.toml, p3/charter.toml and 2 more"
    );
    // Two: just the other.
    let repo = Repo::new();
    repo.write("a/charter.toml", CLEAN);
    repo.write("b/charter.toml", CLEAN);
    let (_, report) = repo.check_json(&[]);
    let dups = findings_of(&report, "duplicate-product-id");
    assert_eq!(
        dups[0]["message"],
        "product id `ledger` is also declared by b/charter.toml"
    );
}

#[test]
fn one_mistaken_type_reads_as_one_story() {
    let repo = Repo::new();
    let charter = CLEAN
        .replace("type = \"partner\"", "type = \"customer\"")
        .replace(
            "kind = \"internal-tool\"",
            "kind = \"internal-tool\"\nadoption = \"mandated\"",
        )
        + "\n[adoption]\nplan = \"Pilot, then roll out by region\"\n";
    repo.write("charter.toml", &charter);
    let (_, report) = repo.check_json(&[]);
    let f: Vec<&serde_json::Value> = report["findings"].as_array().unwrap().iter().collect();
    let rules: Vec<&str> = f.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(
        rules,
        [
            "customer-without-choice",
            "customer-without-choice",
            "customer-without-value-exchange"
        ],
        "SPEC's findings are all kept: {report}"
    );
    let messages: Vec<&str> = f.iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert!(
        messages[0].contains("also contradicts mandated adoption and `value_exchange = \"none\"`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("also contradicts `choice = false` and `value_exchange = \"none\"`"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("also contradicts `choice = false` and mandated adoption"),
        "{messages:?}"
    );
    for x in &f {
        assert!(
            x["help"]
                .as_str()
                .unwrap()
                .ends_with("resolves all three findings"),
            "{x}"
        );
    }
    // One contradiction alone says nothing of others.
    repo.write(
        "charter.toml",
        &CLEAN.replace(
            "type = \"partner\"\nchoice = false\nvalue_exchange = \"none\"",
            "type = \"customer\"\nchoice = false\nvalue_exchange = \"payment\"",
        ),
    );
    let (_, report) = repo.check_json(&[]);
    let f = &findings_of(&report, "customer-without-choice")[0];
    assert_eq!(
        f["message"],
        "a customer has a choice, but `choice = false`"
    );
}

#[test]
fn new_only_says_how_many_findings_it_hid() {
    let repo = Repo::new();
    let bad = CLEAN.replace("name = \"General Ledger\"", "name = \"TBD\"");
    repo.write("charter.toml", &bad);
    repo.commit("base", None);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("charter.toml", &format!("# moved\n{bad}"));
    repo.commit("touch", None);
    let out = repo.run(&[
        "check",
        "--today",
        TODAY,
        "--changed-since",
        "main",
        "--new-only",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("; 1 finding already present at the base not shown (--new-only)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn markdown_shows_code_spans_as_code() {
    let repo = Repo::new();
    repo.write(
        "charter.toml",
        &CLEAN.replace("type = \"partner\"", "type = \"customer\""),
    );
    let out = repo.run(&["check", "--today", TODAY, "--format", "markdown"]);
    let md = stdout(&out);
    assert!(
        md.contains("a customer has a choice, but `choice = false`"),
        "{md}"
    );
    assert!(!md.contains("\\`"), "no escaped backticks: {md}");
}

#[test]
fn every_snippet_header_of_the_examples_is_its_findings_position() {
    let run = |args: &[&str]| {
        charterlint()
            .args(args)
            .current_dir(common::manifest_dir())
            .output()
            .unwrap()
    };
    let report = common::parse_json(&run(&["check", "--format", "json", "--today", TODAY]));
    let human = stdout(&run(&["check", "--color", "never", "--today", TODAY]));
    let wanted: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"]
            )
        })
        .collect();
    // The first snippet header after each finding's headline.
    let mut shown = Vec::new();
    let mut expect_header = false;
    for line in human.lines() {
        if line.starts_with("  × ") || line.starts_with("  ⚠ ") || line.starts_with("  ☞ ") {
            expect_header = true;
        } else if expect_header && let Some(at) = line.find("╭─[") {
            let end = line.rfind(']').unwrap();
            shown.push(line[at + "╭─[".len()..end].to_string());
            expect_header = false;
        }
    }
    assert_eq!(shown, wanted, "{human}");
}
