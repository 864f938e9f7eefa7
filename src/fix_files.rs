//! `fix`: applies the fixes of a check's findings to the charters of a
//! working tree, round after round until nothing more applies, then writes
//! the files that changed (or shows the diff). The check itself is the
//! caller's (the same one `check` runs), over a source that overlays the
//! texts fixed so far on the working tree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::engine::Results;
use crate::fix::{Applicability, Fix, apply};
use crate::source::overlay::Overlay;
use crate::source::{Content, Source};

/// Rounds of fixing before giving up on reaching a fixed point (each round
/// re-checks; overlapping fixes wait for the next).
const MAX_ROUNDS: usize = 10;

/// One file's text before and after its fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedFile {
    pub path: String,
    pub before: String,
    pub after: String,
    /// How many fixes were applied to it.
    pub fixes: usize,
}

#[derive(Debug)]
pub struct Outcome {
    pub files: Vec<FixedFile>,
    /// The check of the fixed texts: what is left.
    pub report: Results,
}

/// Does the text parse as TOML? A fix must never leave a file that does not.
fn parses(text: &str) -> bool {
    crate::toml_doc::parse(text).is_ok()
}

/// Fixes what `check` finds in `source`, in memory. Safe fixes always;
/// unsafe ones with `unsafe_fixes`; display-only ones never.
pub fn fix(
    source: &dyn Source,
    check: &dyn Fn(&dyn Source) -> Results,
    unsafe_fixes: bool,
) -> Outcome {
    let wanted = |f: &Fix| match f.applicability {
        Applicability::Safe => true,
        Applicability::Unsafe => unsafe_fixes,
        Applicability::DisplayOnly => false,
    };
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut originals: BTreeMap<String, String> = BTreeMap::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut report = check(source);
    for _ in 0..MAX_ROUNDS {
        let mut by_path: BTreeMap<&str, Vec<&Fix>> = BTreeMap::new();
        for f in &report.findings {
            if let Some(fix) = f.fix.as_ref().filter(|x| wanted(x)) {
                by_path.entry(f.path.as_str()).or_default().push(fix);
            }
        }
        let mut changed = false;
        for (path, fixes) in by_path {
            let current = match texts.get(path) {
                Some(t) => t.clone(),
                // Links, submodules and unreadable files are never written.
                None => match source.read(path).and_then(Content::into_text) {
                    Some(t) => t,
                    None => continue,
                },
            };
            let (after, applied) = apply(&current, &fixes);
            if applied == 0 || after == current || (parses(&current) && !parses(&after)) {
                continue;
            }
            originals
                .entry(path.to_string())
                .or_insert_with(|| current.clone());
            *counts.entry(path.to_string()).or_default() += applied;
            texts.insert(path.to_string(), after);
            changed = true;
        }
        if !changed {
            break;
        }
        let mut fixed = Overlay::new(source);
        for (path, text) in &texts {
            fixed.set(path, text.as_bytes());
        }
        report = check(&fixed);
    }
    let files = texts
        .into_iter()
        .filter_map(|(path, after)| {
            let before = originals.remove(&path)?;
            (before != after).then(|| FixedFile {
                fixes: counts.get(&path).copied().unwrap_or(0),
                path,
                before,
                after,
            })
        })
        .collect();
    Outcome { files, report }
}

/// Why a fixed file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path} is outside {root}: fix writes only inside the repository")]
    Outside { path: String, root: String },
    #[error("{path} is a symbolic link: fix never writes through one")]
    Symlink { path: String },
    #[error(
        "{path} is read-only: fix does not write it (make it writable, e.g. `chmod u+w`, to fix it)"
    )]
    ReadOnly { path: String },
    #[error("{path} changed while it was being fixed; run fix again")]
    Changed { path: String },
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Writes a fixed file below `root`: never outside it, never through a
/// symbolic link, and only if the file still holds what was fixed. The
/// new text goes to a temporary file beside it that replaces it, so an
/// interrupted write leaves the old file whole.
pub fn write(root: &Path, file: &FixedFile) -> Result<(), WriteError> {
    let shown = crate::text::visible(&file.path);
    let target: PathBuf = root.join(&file.path);
    let canonical_root = root.canonicalize().unwrap_or(root.to_path_buf());
    let parent_ok = target
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .is_some_and(|p| p.starts_with(&canonical_root));
    if !parent_ok {
        return Err(WriteError::Outside {
            path: shown,
            root: crate::paths::display_os(root.as_os_str()),
        });
    }
    let meta = std::fs::symlink_metadata(&target).map_err(|e| WriteError::Io {
        path: shown.clone(),
        source: e,
    })?;
    if meta.file_type().is_symlink() {
        return Err(WriteError::Symlink { path: shown });
    }
    // Renaming over a file needs only its folder to be writable, and root
    // bypasses permissions: a read-only charter is refused here, by its
    // own permission bits, whoever runs fix.
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly { path: shown });
    }
    let now = std::fs::read(&target).map_err(|e| WriteError::Io {
        path: shown.clone(),
        source: e,
    })?;
    if now != file.before.as_bytes() {
        return Err(WriteError::Changed { path: shown });
    }
    let io = |e| WriteError::Io {
        path: shown.clone(),
        source: e,
    };
    let mut temporary = target.clone().into_os_string();
    temporary.push(".charterlint-fix");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, &file.after).map_err(io)?;
    let written = std::fs::set_permissions(&temporary, meta.permissions())
        .and_then(|()| std::fs::rename(&temporary, &target));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(io(e));
    }
    Ok(())
}

/// A unified diff of a fixed file, as `git diff` shows one.
pub fn diff(file: &FixedFile) -> String {
    let name = crate::text::visible(&file.path);
    similar::TextDiff::from_lines(&file.before, &file.after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}
