//! A repository's CODEOWNERS file, read as GitHub reads it: which file
//! counts ([`LOCATIONS`], the first found), its lines (a pattern and its
//! owners; comments, blank and invalid lines passed over), and who owns a
//! path (the last line whose pattern matches it). Pure: the engine hands in
//! the text; `owner-not-codeowner` asks about a charter's path.
//!
//! Patterns follow GitHub's gitignore-like rules: a leading `/` anchors a
//! pattern to the root, as does a `/` in its middle; one without a `/`
//! (a trailing one aside) matches at any depth; a trailing `/` means a
//! folder and everything below it; `*` does not cross a `/`, `**` does; a
//! pattern whose last part is just `*` (`docs/*`) matches the files directly
//! in its folder only, any other names a file or a folder (and all below
//! it). Paths are compared case for case. What GitHub does not support —
//! `!` negation, `[ ]` ranges, `\` escapes — makes a line invalid, and
//! GitHub skips invalid lines, as it skips a line with an owner that is not
//! `@user`, `@org/team` or an email address.

use globset::{GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};

/// Where GitHub looks for CODEOWNERS, in its order: the first found is the
/// one it reads.
pub const LOCATIONS: [&str; 3] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/// GitHub does not load a CODEOWNERS file of 3 MB or more.
pub const MAX_SIZE: u64 = 3 * 1000 * 1000;

/// One valid line: a pattern and its owners (none: the paths it matches
/// have no owner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1-based.
    pub line: usize,
    pub pattern: String,
    pub owners: Vec<String>,
}

/// A line GitHub skips, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based.
    pub line: usize,
    pub why: String,
}

/// A CODEOWNERS file, parsed.
#[derive(Debug, Clone)]
pub struct CodeOwners {
    /// Where it was read (one of [`LOCATIONS`]).
    pub path: String,
    pub entries: Vec<Entry>,
    pub skipped: Vec<Skipped>,
    matcher: Matcher,
    /// The entry of each glob of `matcher` (a pattern may need two).
    entry_of_glob: Vec<usize>,
}

/// Every pattern's globs, compiled together; or, should the set be too
/// large to compile as one, each on its own.
#[derive(Debug, Clone)]
enum Matcher {
    Set(GlobSet),
    Each(Vec<GlobMatcher>),
}

impl CodeOwners {
    /// The file at `path` holding `text`. Never fails: what GitHub would
    /// skip is in `skipped`.
    pub fn parse(path: &str, text: &str) -> CodeOwners {
        let mut entries = Vec::new();
        let mut skipped = Vec::new();
        let mut globs = Vec::new();
        let mut entry_of_glob = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            match parse_line(line) {
                Line::Nothing => {}
                Line::Invalid(why) => skipped.push(Skipped { line: line_no, why }),
                Line::Entry { pattern, owners } => match globs_of(pattern) {
                    Ok(these) => {
                        for g in these {
                            globs.push(g);
                            entry_of_glob.push(entries.len());
                        }
                        entries.push(Entry {
                            line: line_no,
                            pattern: pattern.to_string(),
                            owners,
                        });
                    }
                    Err(why) => skipped.push(Skipped { line: line_no, why }),
                },
            }
        }
        let mut set = GlobSetBuilder::new();
        for g in &globs {
            set.add(g.clone());
        }
        let matcher = match set.build() {
            Ok(set) => Matcher::Set(set),
            Err(_) => Matcher::Each(globs.iter().map(|g| g.compile_matcher()).collect()),
        };
        CodeOwners {
            path: path.to_string(),
            entries,
            skipped,
            matcher,
            entry_of_glob,
        }
    }

    /// The line that decides who owns `path` (relative to the root, with
    /// `/`): the last whose pattern matches it; `None` when none does.
    pub fn owners_of(&self, path: &str) -> Option<&Entry> {
        let last = match &self.matcher {
            Matcher::Set(set) => set.matches(path).into_iter().max(),
            Matcher::Each(each) => each.iter().rposition(|g| g.is_match(path)),
        };
        // Globs are in the order of their entries: the last glob that
        // matches is of the last entry that does.
        last.and_then(|g| self.entry_of_glob.get(g))
            .and_then(|&e| self.entries.get(e))
    }
}

/// The key an owner is compared by: trimmed, lower case, without a leading
/// `@org/` (or `@`), so that `@acme/Payments`, `@payments`, `payments` and
/// `Payments` are one owner. An email address stays whole.
pub fn owner_key(owner: &str) -> String {
    let o = owner.trim();
    let o = match o.strip_prefix('@') {
        Some(rest) => rest.split_once('/').map_or(rest, |(_, team)| team),
        None => o,
    };
    o.trim().to_lowercase()
}

/// Is `owner` (as a charter writes it) one of `owners` (as CODEOWNERS
/// writes them), compared by [`owner_key`]?
pub fn is_among(owner: &str, owners: &[String]) -> bool {
    let key = owner_key(owner);
    !key.is_empty() && owners.iter().any(|o| owner_key(o) == key)
}

/// What one line of the file is.
#[derive(Debug, PartialEq, Eq)]
enum Line<'a> {
    /// Blank, or a comment.
    Nothing,
    Invalid(String),
    Entry {
        pattern: &'a str,
        owners: Vec<String>,
    },
}

fn parse_line(line: &str) -> Line<'_> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Line::Nothing;
    }
    let mut words = line.split_whitespace();
    let Some(pattern) = words.next() else {
        return Line::Nothing;
    };
    let mut owners = Vec::new();
    // A `#` after the pattern starts a comment.
    for word in words.take_while(|w| !w.starts_with('#')) {
        if !is_owner(word) {
            return Line::Invalid(format!(
                "`{word}` is not an owner: write `@user`, `@org/team` or an email address"
            ));
        }
        owners.push(word.to_string());
    }
    Line::Entry { pattern, owners }
}

/// `@user`, `@org/team` or an email address.
fn is_owner(word: &str) -> bool {
    let name = |s: &str, extra: &[char]| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || extra.contains(&c))
    };
    match word.strip_prefix('@') {
        Some(rest) => match rest.split_once('/') {
            Some((org, team)) => name(org, &[]) && name(team, &['_', '.']),
            None => name(rest, &['_']),
        },
        None => match word.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !local.contains(char::is_whitespace)
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && name(domain, &['.'])
            }
            None => false,
        },
    }
}

/// The globs (`*` not crossing `/`) that match what `pattern` matches.
fn globs_of(pattern: &str) -> Result<Vec<globset::Glob>, String> {
    if pattern.starts_with('!') {
        return Err("`!` negation is not supported in CODEOWNERS".into());
    }
    if pattern.contains(['[', ']']) {
        return Err("`[ ]` character ranges are not supported in CODEOWNERS".into());
    }
    if pattern.contains('\\') {
        return Err("`\\` escapes are not supported in CODEOWNERS".into());
    }
    let (anchored, rest) = match pattern.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, pattern),
    };
    let (folder, rest) = match rest.strip_suffix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let segments: Vec<&str> = rest.split('/').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return Err(format!("`{pattern}` is not a path pattern"));
    }
    let mut body = String::new();
    // A single name (a trailing `/` aside) matches at any depth.
    if !anchored && segments.len() == 1 && segments[0] != "**" {
        body.push_str("**/");
    }
    let written: Vec<String> = segments.iter().map(|s| segment_glob(s)).collect();
    body.push_str(&written.join("/"));
    let last = segments.last().copied().unwrap_or_default();
    let texts = if folder {
        vec![format!("{body}/**")]
    } else if last == "*" || last == "**" {
        // `docs/*`: the files directly in `docs`; `docs/**`: all below.
        vec![body]
    } else {
        // A file of that name, or a folder and everything below it.
        vec![format!("{body}/**"), body]
    };
    texts
        .iter()
        .map(|t| {
            GlobBuilder::new(t)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| format!("`{pattern}` is not a path pattern: {e}"))
        })
        .collect()
}

/// One segment of a pattern as a glob segment: `**` as is; elsewhere a run
/// of `*` is one `*`, `?` one character, and anything else itself.
fn segment_glob(segment: &str) -> String {
    if segment == "**" {
        return segment.to_string();
    }
    let mut out = String::new();
    for c in segment.chars() {
        match c {
            '*' if out.ends_with('*') => {}
            '*' | '?' => out.push(c),
            '{' | '}' | ',' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owners<'a>(c: &'a CodeOwners, path: &str) -> Option<Vec<&'a str>> {
        c.owners_of(path)
            .map(|e| e.owners.iter().map(String::as_str).collect())
    }

    fn one(pattern: &str) -> CodeOwners {
        CodeOwners::parse("CODEOWNERS", &format!("{pattern} @o"))
    }

    fn matches(pattern: &str, path: &str) -> bool {
        one(pattern).owners_of(path).is_some()
    }

    #[test]
    fn the_last_matching_line_wins() {
        let c = CodeOwners::parse(
            ".github/CODEOWNERS",
            "# default owners\n*  @acme/platform @alice\n\n/products/ledger/ @acme/ledger\n*.md docs@example.com\n",
        );
        assert_eq!(
            owners(&c, "README.toml"),
            Some(vec!["@acme/platform", "@alice"])
        );
        assert_eq!(
            owners(&c, "products/ledger/charter.toml"),
            Some(vec!["@acme/ledger"])
        );
        assert_eq!(
            owners(&c, "products/ledger/README.md"),
            Some(vec!["docs@example.com"])
        );
        let decided = c.owners_of("products/ledger/charter.toml").unwrap();
        assert_eq!(
            (decided.line, decided.pattern.as_str()),
            (4, "/products/ledger/")
        );
        assert!(c.skipped.is_empty());
    }

    #[test]
    fn a_line_without_owners_still_wins_and_leaves_the_path_unowned() {
        let c = CodeOwners::parse("CODEOWNERS", "* @acme/platform\n/vendor/\n");
        assert_eq!(owners(&c, "vendor/charter.toml"), Some(vec![]));
        assert_eq!(owners(&c, "charter.toml"), Some(vec!["@acme/platform"]));
        // A file that no line matches has no owner either.
        let c = CodeOwners::parse("CODEOWNERS", "/src/ @acme/core\n");
        assert_eq!(c.owners_of("charter.toml"), None);
    }

    #[test]
    fn a_leading_or_middle_slash_anchors_to_the_root() {
        assert!(matches("/charter.toml", "charter.toml"));
        assert!(!matches("/charter.toml", "products/charter.toml"));
        assert!(matches("products/ledger", "products/ledger/charter.toml"));
        assert!(!matches(
            "products/ledger",
            "x/products/ledger/charter.toml"
        ));
        assert!(matches("/products", "products/ledger/charter.toml"));
    }

    #[test]
    fn a_name_without_a_slash_matches_at_any_depth() {
        assert!(matches("charter.toml", "charter.toml"));
        assert!(matches("charter.toml", "a/b/charter.toml"));
        assert!(matches("*.toml", "a/b/charter.toml"));
        assert!(!matches("*.toml", "a/b/charter.json"));
        assert!(matches("ledger", "products/ledger/charter.toml"));
        assert!(matches("*", "a/b/c"));
    }

    #[test]
    fn a_trailing_slash_is_a_folder_and_all_below_it() {
        assert!(matches("apps/", "apps/charter.toml"));
        assert!(matches("apps/", "x/apps/y/charter.toml"));
        assert!(!matches("apps/", "apps"), "a file named apps is no folder");
        assert!(matches("/apps/", "apps/y/charter.toml"));
        assert!(!matches("/apps/", "x/apps/charter.toml"));
    }

    #[test]
    fn a_star_does_not_cross_a_slash_and_two_do() {
        assert!(matches("docs/*", "docs/charter.toml"));
        assert!(!matches("docs/*", "docs/sub/charter.toml"));
        assert!(!matches("docs/*", "x/docs/charter.toml"));
        assert!(matches("docs/*.toml", "docs/charter.toml"));
        assert!(!matches("docs/*.toml", "docs/sub/charter.toml"));
        assert!(matches("docs/**", "docs/a/b/charter.toml"));
        assert!(matches("**/ledger", "a/b/ledger/charter.toml"));
        assert!(matches("**/ledger", "ledger/charter.toml"));
        assert!(matches("products/**/charter.toml", "products/charter.toml"));
        assert!(matches(
            "products/**/charter.toml",
            "products/a/b/charter.toml"
        ));
        assert!(matches(
            "/products/*/charter.toml",
            "products/a/charter.toml"
        ));
        assert!(!matches(
            "/products/*/charter.toml",
            "products/a/b/charter.toml"
        ));
        assert!(matches("char?er.toml", "charter.toml"));
        assert!(matches("c***.toml", "charter.toml"));
    }

    #[test]
    fn paths_are_compared_case_for_case_and_braces_are_plain() {
        assert!(!matches("/Products/", "products/charter.toml"));
        assert!(matches("/{a,b}/", "{a,b}/charter.toml"));
        assert!(!matches("/{a,b}/", "a/charter.toml"));
    }

    #[test]
    fn lines_github_does_not_support_are_skipped() {
        let c = CodeOwners::parse(
            "CODEOWNERS",
            "* @acme/platform\n!/vendor/ @acme/x\n/[ab]/ @acme/x\n\\#x @acme/x\n/src/ team-core\n/ok/ @acme/ok # a comment\n//x @acme/x\n",
        );
        let lines: Vec<usize> = c.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 7]);
        assert!(c.skipped[0].why.contains("negation"), "{:?}", c.skipped);
        assert!(c.skipped[3].why.contains("`team-core` is not an owner"));
        // What a skipped line would have said does not count.
        assert_eq!(
            owners(&c, "vendor/charter.toml"),
            Some(vec!["@acme/platform"])
        );
        assert_eq!(owners(&c, "src/charter.toml"), Some(vec!["@acme/platform"]));
        assert_eq!(owners(&c, "ok/charter.toml"), Some(vec!["@acme/ok"]));
    }

    #[test]
    fn owners_are_users_teams_or_email_addresses() {
        for ok in ["@alice", "@acme/ledger", "@a-b/c_d.e", "a.b+c@example.com"] {
            assert!(is_owner(ok), "{ok}");
        }
        for bad in ["alice", "@", "@acme/", "@/x", "a@b", "@a/b/c", "x@.com"] {
            assert!(!is_owner(bad), "{bad}");
        }
    }

    #[test]
    fn an_owner_is_matched_as_a_team_or_user_without_org_or_case() {
        let owners = vec!["@acme/Ledger".to_string(), "Bob@Example.com".to_string()];
        for owner in [
            "ledger",
            "@acme/ledger",
            "@other/LEDGER",
            "@ledger",
            " Ledger ",
        ] {
            assert!(is_among(owner, &owners), "{owner}");
        }
        assert!(is_among("bob@example.com", &owners));
        for owner in ["ledgers", "acme", "", "@acme/"] {
            assert!(!is_among(owner, &owners), "{owner}");
        }
        assert_eq!(owner_key("@acme/Payments"), "payments");
    }

    #[test]
    fn the_matcher_of_each_glob_agrees_with_the_set() {
        let text = "* @a\n/docs/* @b\nledger/ @c\n/vendor/\n*.md @d\n";
        let set = CodeOwners::parse("CODEOWNERS", text);
        let mut each = set.clone();
        each.matcher = Matcher::Each(
            text.lines()
                .flat_map(|l| globs_of(l.split_whitespace().next().unwrap()).unwrap())
                .map(|g| g.compile_matcher())
                .collect(),
        );
        for path in [
            "x",
            "docs/a",
            "docs/a/b",
            "a/ledger/c",
            "vendor/x.md",
            "vendor/x",
        ] {
            assert_eq!(set.owners_of(path), each.owners_of(path), "{path}");
        }
    }

    #[test]
    fn anything_at_all_parses() {
        let junk = String::from_utf8_lossy(&[0, 159, 146, 150, b'\n', b'*', 0xff, b' ', b'@']);
        let c = CodeOwners::parse("CODEOWNERS", &junk);
        assert_eq!(c.owners_of("charter.toml"), None);
        assert_eq!(c.skipped.len(), 1, "{:?}", c.skipped);
        let c = CodeOwners::parse("CODEOWNERS", "/\n/ @a\n** @b\n");
        assert_eq!(owners(&c, "x/y"), Some(vec!["@b"]));
    }
}
