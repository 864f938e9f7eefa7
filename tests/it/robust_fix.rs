//! Issue 23, item 2: `fix` on mutated charters. Regression tests for what
//! 300 mutated charters found (through the binary), and the property test
//! that found them (`charterlint::fuzzing::fix::check_fix`, which the fuzz
//! target `fuzz/fuzz_targets/fix.rs` runs too).

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::process::Output;

use common::{CLEAN, Repo, TODAY, findings_of};
use proptest::prelude::*;

fn run(repo: &Repo, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--today", TODAY]);
    repo.run(&all)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn read(repo: &Repo) -> String {
    std::fs::read_to_string(repo.path().join("charter.toml")).unwrap()
}

/// CLEAN without its `[sourcing]` table and with a misspelt key.
fn needs_fixes() -> String {
    let cut = CLEAN.find("[sourcing]").unwrap();
    CLEAN[..cut].replace("statement = ", "statment = ")
}

#[test]
fn a_crlf_file_keeps_its_line_endings_and_its_bom() {
    let repo = Repo::new();
    let text = format!("\u{feff}{}", needs_fixes().replace('\n', "\r\n"));
    repo.write("charter.toml", &text);
    let out = run(&repo, &["fix", "--unsafe-fixes"]);
    assert!(stderr(&out).contains("applied 2 fixes"), "{}", stderr(&out));
    let after = read(&repo);
    assert!(after.contains("[sourcing]\r\ndecision = "), "{after:?}");
    assert!(after.starts_with('\u{feff}'), "the BOM was lost");
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "mixed line endings: {after:?}"
    );
    let out = run(&repo, &["fix", "--unsafe-fixes", "--diff"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_misspelt_table_written_twice_is_renamed_everywhere_at_once() {
    let repo = Repo::new();
    let two = CLEAN.replace(
        "[[personas]]\nname = \"Finance analyst\"",
        "[[persona]]\nname = \"Controller\"\nrole = \"user\"\nneeds = [\"sign off\"]\n\n[[persona]]\nname = \"Finance analyst\"",
    );
    let two = two.replace(
        "[relationship]\n",
        "[relationship.autonomi]\nwalk_away = false\n[relationship]\n",
    );
    let two = format!(
        "{}\n[visoin.notes]\n[visoin.more]\n",
        two.replace("[vision]\nstatement", "[vison]\nstatement")
    );
    repo.write("charter.toml", &two);
    let out = run(&repo, &["fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = read(&repo);
    assert!(!after.contains("[[persona]]"), "{after}");
    assert_eq!(after.matches("[[personas]]").count(), 2, "{after}");
    // A second fix changes nothing: nothing was left half-renamed.
    let out = run(&repo, &["fix", "--diff"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (_, report) = repo.check_json(&[]);
    assert!(
        findings_of(&report, "personas-missing").is_empty(),
        "{report}"
    );
}

#[test]
fn dotted_headers_of_a_misspelt_table_are_all_renamed() {
    let repo = Repo::new();
    let text = CLEAN.replace(
        "[vision]\nstatement = \"Every entity closes its books in one day\"\n",
        "[visoin.a]\n[visoin.b]\n",
    );
    repo.write("charter.toml", &text);
    run(&repo, &["fix"]);
    let after = read(&repo);
    assert!(after.contains("[vision.a]\n[vision.b]\n"), "{after}");
    let out = run(&repo, &["fix", "--diff"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_read_only_charter_is_refused_and_left_unchanged() {
    let repo = Repo::new();
    let text = needs_fixes();
    repo.write("charter.toml", &text);
    let path = repo.path().join("charter.toml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = run(&repo, &["fix"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("charter.toml is read-only"), "{err}");
    assert!(!err.contains("applied 1 fix in"), "{err}");
    assert_eq!(read(&repo), text);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
    assert!(!repo.path().join("charter.toml.charterlint-fix").exists());
}

#[test]
fn each_value_to_fill_in_is_reported_once_as_a_placeholder() {
    let repo = Repo::new();
    let cut = CLEAN.find("[relationship]").unwrap();
    repo.write("charter.toml", &CLEAN[..cut]);
    let out = run(&repo, &["fix", "--unsafe-fixes"]);
    assert!(stderr(&out).contains("applied 2 fixes"), "{}", stderr(&out));
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1);
    assert!(
        findings_of(&report, "invalid-value").is_empty(),
        "{report:#}"
    );
    let placeholders = findings_of(&report, "placeholder");
    // type, choice, value_exchange, rationale; decision, differentiation,
    // criticality, rationale: eight values, eight findings.
    assert_eq!(placeholders.len(), 8, "{report:#}");
    let errors = report["summary"]["errors"].as_u64().unwrap();
    assert_eq!(errors, 8, "{report:#}");
    for (field, allowed) in [
        ("relationship.type", "customer, partner, user"),
        ("relationship.choice", "true, false"),
        ("sourcing.criticality", "high, low"),
    ] {
        let f = placeholders
            .iter()
            .find(|f| f["message"].as_str().unwrap().contains(field))
            .unwrap_or_else(|| panic!("{field}: {report:#}"));
        assert!(f["help"].as_str().unwrap().contains(allowed), "{f}");
    }
}

/// A charter to mutate: CLEAN with a waiver (a date) and a second persona.
fn base() -> String {
    format!(
        "{}\n[[personas]]\nname = \"Auditor\"\nrole = \"stakeholder\"\ninternal = false\n\n[[waivers]]\nrule = \"build-who-cares\"\nreason = \"Accepted for the pilot\"\nexpires = 2027-03-31\n",
        CLEAN
    )
}

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    MisspellKey(usize),
    MisspellHeader(usize),
    QuoteBool(usize),
    QuoteDate,
    Comment(usize),
    CommentLine(usize),
    Tabs(usize),
    Unicode(usize),
    LongLine(usize),
    DeleteTable(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0..60usize).prop_map(Mutation::DeleteLine),
        (0..60usize).prop_map(Mutation::MisspellKey),
        (0..60usize).prop_map(Mutation::MisspellHeader),
        (0..60usize).prop_map(Mutation::QuoteBool),
        Just(Mutation::QuoteDate),
        (0..60usize).prop_map(Mutation::Comment),
        (0..60usize).prop_map(Mutation::CommentLine),
        (0..60usize).prop_map(Mutation::Tabs),
        (0..60usize).prop_map(Mutation::Unicode),
        (0..60usize).prop_map(Mutation::LongLine),
        (0..10usize).prop_map(Mutation::DeleteTable),
    ]
}

fn mutate(text: &str, mutations: &[Mutation], crlf: bool, bom: bool) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for m in mutations {
        let n = lines.len().max(1);
        match m {
            Mutation::DeleteLine(i) if !lines.is_empty() => {
                lines.remove(i % n);
            }
            Mutation::MisspellKey(i) => {
                let line = lines.get_mut(i % n);
                if let Some(line) = line
                    && let Some(eq) = line.find(" =")
                    && eq >= 3
                    && line.is_char_boundary(eq)
                {
                    // Swap two letters of the key: `statement` -> `statemnet`.
                    let key: Vec<char> = line[..eq].chars().collect();
                    if key.len() >= 3 && key.iter().all(|c| c.is_ascii()) {
                        let mut k = key.clone();
                        k.swap(key.len() - 2, key.len() - 3);
                        *line = format!("{}{}", k.iter().collect::<String>(), &line[eq..]);
                    }
                }
            }
            Mutation::MisspellHeader(i) => {
                let headers: Vec<usize> = (0..lines.len())
                    .filter(|&j| lines[j].starts_with('['))
                    .collect();
                if !headers.is_empty() {
                    let j = headers[i % headers.len()];
                    let line = &lines[j];
                    let name: String = line.trim_matches(['[', ']']).to_string();
                    if name.len() > 3 {
                        // Drop a letter: the same misspelling in every header
                        // of the table.
                        let wrong: String = name[..name.len() - 1].to_string();
                        for l in &mut lines {
                            if l.trim_matches(['[', ']']) == name {
                                *l = l.replace(&name, &wrong);
                            }
                        }
                    }
                }
            }
            Mutation::QuoteBool(i) => {
                if let Some(line) = lines.get_mut(i % n) {
                    *line = line
                        .replace("= true", "= \"true\"")
                        .replace("= false", "= \"false\"");
                }
            }
            Mutation::QuoteDate => {
                for l in &mut lines {
                    *l = l.replace("= 2027-03-31", "= \"2027-03-31\"");
                }
            }
            Mutation::Comment(i) => {
                if let Some(line) = lines.get_mut(i % n)
                    && !line.is_empty()
                {
                    line.push_str("  # a comment ü 😀 \"quoted\" [not a table]");
                }
            }
            Mutation::CommentLine(i) => {
                lines.insert(i % n, "# [[persona]] = \"commented\"\t".into());
            }
            Mutation::Tabs(i) => {
                if let Some(line) = lines.get_mut(i % n) {
                    *line = format!("\t{}", line.replacen(" = ", "\t=\t", 1));
                }
            }
            Mutation::Unicode(i) => {
                if let Some(line) = lines.get_mut(i % n) {
                    *line = line.replacen("= \"", "= \"é😀\u{200f}", 1);
                }
            }
            Mutation::LongLine(i) => {
                if let Some(line) = lines.get_mut(i % n) {
                    *line = line.replacen("= \"", &format!("= \"{}", "long ".repeat(2000)), 1);
                }
            }
            Mutation::DeleteTable(i) => {
                let headers: Vec<usize> = (0..lines.len())
                    .filter(|&j| lines[j].starts_with('['))
                    .collect();
                if !headers.is_empty() {
                    let k = i % headers.len();
                    let end = headers.get(k + 1).copied().unwrap_or(lines.len());
                    lines.drain(headers[k]..end);
                }
            }
            _ => {}
        }
    }
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut out = lines.join(eol);
    out.push_str(eol);
    if bom {
        out.insert(0, '\u{feff}');
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// `fix` (safe, then with unsafe fixes) on a mutated charter: the result
    /// parses whenever the input did, a second fix changes nothing, the line
    /// ending and BOM are kept, and no more errors are left than there were
    /// (with unsafe fixes, not counting the placeholders inserted for a
    /// person to fill in).
    #[test]
    fn fix_on_mutated_charters_keeps_its_promises(
        mutations in proptest::collection::vec(mutation(), 1..6),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let text = mutate(&base(), &mutations, crlf, bom);
        charterlint::fuzzing::fix::check_fix(text.as_bytes());
    }
}

/// `--diff`'s exit status matches whether `fix` would change anything, and
/// nothing is written through a symbolic link or outside the repository.
#[test]
fn diff_status_matches_and_links_are_never_written() {
    let repo = Repo::new();
    repo.write("charter.toml", &needs_fixes());
    let out = run(&repo, &["fix", "--diff"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    run(&repo, &["fix"]);
    let out = run(&repo, &["fix", "--diff"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A charter that is a link to a file outside the repository.
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("charter.toml");
    std::fs::write(&target, needs_fixes()).unwrap();
    std::fs::create_dir_all(repo.path().join("linked")).unwrap();
    std::os::unix::fs::symlink(&target, repo.path().join("linked/charter.toml")).unwrap();
    run(&repo, &["fix", "--unsafe-fixes"]);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), needs_fixes());
}

/// Inputs the `fix` fuzz target found (`fuzz/regressions-fix/`): each keeps
/// the property.
#[test]
fn fuzz_findings_keep_the_property() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions-fix");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/regressions-fix exists") {
        charterlint::fuzzing::fix::check_fix(&std::fs::read(entry.unwrap().path()).unwrap());
        n += 1;
    }
    assert!(n > 0);
}
