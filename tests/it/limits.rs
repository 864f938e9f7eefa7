//! Resource limits: input far larger than any charter is reported without
//! being read whole, and large registries stay correct (their speed is
//! measured by the benchmarks, not here).

use crate::common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{CLEAN, Repo, TODAY, findings_of, parse_json};

/// Runs charterlint with its address space capped (util-linux `prlimit`), so
/// that reading a 1 GiB file whole would fail the run.
fn capped(repo: &Repo, args: &[&str]) -> std::process::Output {
    const CAP: &str = "--as=805306368"; // 768 MiB of address space
    Command::new("prlimit")
        .arg(CAP)
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_charterlint"))
        .args(args)
        .current_dir(repo.path())
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("prlimit (util-linux) runs")
}

#[test]
fn a_one_gib_blob_in_git_is_reported_without_being_read() {
    let repo = Repo::new();
    repo.write("small/charter.toml", CLEAN);
    // 1 GiB of zeros compresses to a few MiB as a loose object.
    let mut hash = Command::new("git")
        .args(["hash-object", "-w", "--stdin"])
        .current_dir(repo.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdin = hash.stdin.take().unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..1024 {
            stdin.write_all(&zeros).unwrap();
        }
    }
    let out = hash.wait_with_output().unwrap();
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    repo.git(&["add", "small/charter.toml"]);
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("100644,{id},huge/charter.toml"),
    ]);
    repo.git(&["commit", "-q", "-m", "a huge charter"]);
    for args in [&["--rev", "HEAD"][..], &["--staged"][..]] {
        let mut all = vec!["check", "--format", "json", "--today", TODAY];
        all.extend_from_slice(args);
        let out = capped(&repo, &all);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report = parse_json(&out);
        let huge = findings_of(&report, "parse-error");
        assert_eq!(huge.len(), 1, "{report}");
        assert_eq!(huge[0]["path"], "huge/charter.toml");
        assert!(
            huge[0]["message"]
                .as_str()
                .unwrap()
                .contains("1.0 GiB and was not read"),
            "{report}"
        );
        assert_eq!(
            report["summary"]["charters"], 2,
            "the small charter is still checked"
        );
    }
}

#[test]
fn a_one_gib_file_on_disk_is_reported_without_being_read() {
    let repo = Repo::new();
    let f = std::fs::File::create(repo.path().join("charter.toml")).unwrap();
    f.set_len(1 << 30).unwrap(); // sparse
    let out = capped(&repo, &["check", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        findings_of(&parse_json(&out), "parse-error")[0]["message"]
            .as_str()
            .unwrap()
            .contains("not read")
    );
}

#[test]
fn a_registry_of_100_000_objectives_and_a_charter_of_10_000_key_results() {
    let repo = Repo::new();
    let mut registry =
        String::from("okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"Trust\"\n");
    for i in 0..100_000 {
        registry.push_str(&format!(
            "[[objectives]]\nid = \"O-{i}\"\ngoal = \"G-TRUST\"\nstatement = \"Objective {i}\"\nends = 2999-12-31\nkey_results = [\"KR-{i}\"]\n"
        ));
    }
    repo.write("okrs.toml", &registry);
    repo.write("charterlint.toml", "registry = \"okrs.toml\"\n");
    let objectives: Vec<String> = (0..10_000).map(|i| format!("\"O-{i}\"")).collect();
    let mut key_results: Vec<String> = (0..10_000).map(|i| format!("\"KR-{i}\"")).collect();
    key_results.push("\"KR-99999X\"".into()); // one that does not resolve
    let charter = CLEAN
        .replace(
            "objectives = [\"O-2026Q4-CLOSE\"]",
            &format!("objectives = [{}]", objectives.join(", ")),
        )
        .replace(
            "kpis = [\"days-to-close\"]",
            &format!("key_results = [{}]", key_results.join(", ")),
        );
    repo.write("charter.toml", &charter);
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1, "{report}");
    let unresolved = findings_of(&report, "golden-thread-unresolved");
    assert_eq!(
        unresolved.len(),
        1,
        "only the one unknown key result: {report}"
    );
    assert!(
        unresolved[0]["message"]
            .as_str()
            .unwrap()
            .contains("KR-99999X")
    );
    assert!(
        unresolved[0]["help"]
            .as_str()
            .unwrap()
            .contains("did you mean `KR-99999`"),
        "{report}"
    );
    assert_eq!(report["findings"].as_array().unwrap().len(), 1, "{report}");
}
