//! Fingerprints: a finding's stable identity as a hex string, for the tools
//! that track findings across commits (GitHub code scanning through SARIF's
//! `partialFingerprints`, GitLab Code Quality). The one place they are made.

use std::collections::HashMap;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::finding::Finding;

/// One fingerprint per finding, in order. Each is the SHA-256 of the
/// finding's identity (repo, path, rule and key path, not the line), so it
/// survives lines moving; findings that share an identity are told apart by
/// their rank among themselves, in report order.
pub fn fingerprints(findings: &[Finding]) -> Vec<String> {
    let mut seen = HashMap::new();
    let ranked: Vec<(&Finding, u64)> = findings
        .iter()
        .map(|f| {
            let rank = seen.entry(f.identity()).or_insert(0u64);
            *rank += 1;
            (f, *rank - 1)
        })
        .collect();
    // Hashing is most of a large report's writing, and each is independent.
    if ranked.len() >= 1024 {
        ranked
            .into_par_iter()
            .map(|(f, rank)| of(f, rank))
            .collect()
    } else {
        ranked.into_iter().map(|(f, rank)| of(f, rank)).collect()
    }
}

fn of(f: &Finding, rank: u64) -> String {
    let (repo, path, rule, field) = f.identity();
    let mut hash = Sha256::new();
    // Every part is length-prefixed, so no two identities feed the same bytes.
    let mut part = |bytes: &[u8]| {
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    match repo {
        Some(repo) => {
            part(b"repo");
            part(repo.as_bytes());
        }
        None => part(b"no-repo"),
    }
    part(path.as_bytes());
    part(rule.as_bytes());
    part(field.as_bytes());
    if rank > 0 {
        part(&rank.to_le_bytes());
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for b in hash.finalize() {
        hex.push(HEX[usize::from(b >> 4)] as char);
        hex.push(HEX[usize::from(b & 0xf)] as char);
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::span::{Position, Span};

    fn finding(repo: Option<&str>, path: &str, rule: &'static str, field: &str) -> Finding {
        Finding {
            rule,
            severity: Severity::Error,
            message: String::new(),
            repo: repo.map(str::to_string),
            path: path.into(),
            span: Span::default(),
            position: Position::FILE_START,
            labels: Vec::new(),
            help: None,
            field: field.into(),
            fix: None,
        }
    }

    #[test]
    fn fingerprints_follow_the_identity_not_the_place() {
        let a = finding(None, "charter.toml", "placeholder", "vision.statement");
        let mut moved = a.clone();
        moved.position.line = 40;
        moved.span = Span::new(300, 310);
        moved.message = "reworded".into();
        let prints = fingerprints(std::slice::from_ref(&a));
        assert_eq!(prints, fingerprints(&[moved]));
        assert_eq!(prints[0].len(), 64);
        assert!(prints[0].bytes().all(|b| b.is_ascii_hexdigit()));
        for other in [
            finding(Some(""), "charter.toml", "placeholder", "vision.statement"),
            finding(None, "x/charter.toml", "placeholder", "vision.statement"),
            finding(None, "charter.toml", "vision-missing", "vision.statement"),
            finding(None, "charter.toml", "placeholder", "vision.strategy"),
            // Parts cannot run into one another.
            finding(None, "charter.tomlplaceholder", "", "vision.statement"),
        ] {
            assert_ne!(prints, fingerprints(&[other]));
        }
    }

    #[test]
    fn findings_sharing_an_identity_get_distinct_fingerprints() {
        let a = finding(None, "charter.toml", "parse-error", "");
        let prints = fingerprints(&[a.clone(), a.clone(), a]);
        assert_ne!(prints[0], prints[1]);
        assert_ne!(prints[1], prints[2]);
        assert_ne!(prints[0], prints[2]);
    }
}
