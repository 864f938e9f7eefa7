//! Inputs the fuzz target (`fuzz/`) found or that were written to probe the
//! same invariants: each must run through every stage without a panic.

use charterlint::fuzzing::check_everything;

#[test]
fn seeds_and_past_crashes_run_clean() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/regressions exists") {
        let path = entry.unwrap().path();
        check_everything(&std::fs::read(&path).unwrap());
        n += 1;
    }
    assert!(n > 0, "no regression inputs in {}", dir.display());
}

#[test]
fn hostile_shapes_run_clean() {
    for input in [
        &b""[..],
        b"\xff\xfe\x00",
        b"charter = 1\n[product]\nid = \"\x1b[2J\"\n",
        b"[[personas]]\n[[personas]]\nname = 1\n[personas.x]\n",
        b"waivers = [1, \"a\", {rule = 2}]\n",
        b"okrs = 1\n[[objectives]]\nid = \"O\"\nkey_results = [\"K\", \"K\"]\n[[objectives]]\nid = \"O\"\n",
        b"charter = 1\nproduct = \"x\"\nrelationship = []\n",
        b"a = \"\xe2\x80\xae\"\n",
    ] {
        check_everything(input);
    }
    let deep = format!("a = {}1{}", "[".repeat(100_000), "]".repeat(100_000));
    check_everything(deep.as_bytes());
    let wide = format!(
        "charter = 1\n[golden_thread]\nkey_results = [{}]\n",
        (0..10_000)
            .map(|i| format!("\"KR-{i}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    check_everything(wide.as_bytes());
}
