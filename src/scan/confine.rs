//! A scanned repository's own configuration reads only inside that
//! repository (issue 23). Its `extends` and `registry` may name files of its
//! own tree at the revision scanned; one that names another repository, an
//! absolute path or a path leaving the tree is `config-invalid`, and nothing
//! it names is opened or even looked up. Only the scan's own `--config`
//! (with its bases) and `--registry` read elsewhere.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::config::{self, Config, ConfigError, ConfigProblem, RegistryLocation};
use crate::load::{self, LoadError};
use crate::source::Source;
use crate::toml_doc as doc;

/// `path` as a path inside the tree, `.` and empty parts removed, or `None`
/// when it is absolute or leaves the tree.
pub fn inside(path: &str) -> Option<String> {
    if path.starts_with('/') || path.contains('\0') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

/// The location as a path of the repository's own tree, or `None` when it
/// would read outside it.
fn own_path(location: &RegistryLocation) -> Option<String> {
    match location {
        RegistryLocation::InTree(p) => inside(p),
        RegistryLocation::InRepo { .. } => None,
    }
}

/// Reads a scanned repository's own `charterlint.toml` and its bases from
/// `source` (its tree at the revision scanned) alone. As
/// [`load::config`], but an `extends` (at any depth) or a `registry` that
/// would read outside the repository makes the configuration invalid,
/// without anything being opened.
///
/// With `under` (a scan's `--config ORG`), the repository's configuration
/// is laid over it as if it extended it: ORG's locks hold, and ORG stands
/// in for an `extends` that would read outside the repository.
pub fn config(
    source: &dyn Source,
    under: Option<&Config>,
) -> Result<Result<Config, ConfigError>, LoadError> {
    let Some(content) = source.read(config::FILE_NAME) else {
        return Ok(Ok(under.cloned().unwrap_or_default()));
    };
    let text = load::text_of(config::FILE_NAME, content)?;
    // Every file read, by name, to point at its `registry`.
    let texts: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    texts
        .borrow_mut()
        .insert(config::FILE_NAME.to_string(), text.clone());
    let read = |location: &RegistryLocation| -> Result<(String, String), LoadError> {
        let path = own_path(location).ok_or(LoadError::OutsideRepository)?;
        let content = source
            .read(&path)
            .ok_or_else(|| LoadError::BaseMissing(path.clone()))?;
        let text = load::text_of(&path, content)?;
        texts.borrow_mut().insert(path.clone(), text.clone());
        Ok((path, text))
    };
    let resolved = match under {
        Some(under) => load::resolve_over(config::FILE_NAME, &text, &read, under),
        None => load::resolve(config::FILE_NAME, &text, &read),
    };
    let resolved = match resolved {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let Some(registry) = &resolved.registry else {
        return Ok(Ok(resolved));
    };
    // A registry that ORG names is ORG's to read wherever it is; one that
    // a file of the repository names (and so overrides ORG's) is not.
    let from_repository = texts
        .borrow()
        .values()
        .any(|text| doc::key_span(text, "registry").is_some());
    if !from_repository && under.is_some() {
        return Ok(Ok(resolved));
    }
    if own_path(registry).is_some() {
        let mut resolved = resolved;
        if let Some(RegistryLocation::InTree(p)) = &mut resolved.registry {
            *p = inside(p).unwrap_or_default();
        }
        return Ok(Ok(resolved));
    }
    // The registry would be read outside the repository: a problem of the
    // file that names it.
    let file = resolved
        .origins
        .get("registry")
        .cloned()
        .unwrap_or_else(|| config::FILE_NAME.to_string());
    let text = texts.borrow().get(&file).cloned().unwrap_or_default();
    let span = doc::key_span(&text, "registry").unwrap_or_default();
    Ok(Err(ConfigError {
        path: file,
        text,
        problems: vec![ConfigProblem {
            span,
            message: load::OUTSIDE.to_string(),
            help: Some(load::OUTSIDE_HELP.to_string()),
        }],
    }))
}

#[cfg(test)]
mod tests {
    use super::inside;

    #[test]
    fn paths_that_leave_the_tree_are_refused() {
        assert_eq!(inside("okrs.toml").as_deref(), Some("okrs.toml"));
        assert_eq!(inside("./a/../b.toml").as_deref(), Some("b.toml"));
        assert_eq!(inside("a//b.toml").as_deref(), Some("a/b.toml"));
        for bad in [
            "/etc/passwd",
            "../x.toml",
            "a/../../x.toml",
            "",
            ".",
            "a/..",
            "x\0y",
        ] {
            assert_eq!(inside(bad), None, "{bad:?}");
        }
    }
}
