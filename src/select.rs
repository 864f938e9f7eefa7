//! Which paths are charters: the include and exclude globs of a
//! configuration compiled into a [`Selector`], which also tells a tree walk
//! which folders can hold a charter. Below `source`, which lists a tree
//! through it, and `config`, which validates the globs with [`glob`].

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// A glob as charterlint reads one: `*` does not cross a `/`.
pub fn glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

fn build_set(patterns: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        if let Ok(g) = glob(p) {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Where one include glob can find charters, for pruning tree walks: the
/// folders it names segment by segment (`products/*/charter.toml` reaches
/// `products/<any>` and no deeper), then, after a `**`, anything below.
#[derive(Debug, Clone)]
enum Reach {
    Anywhere,
    Folders {
        /// One matcher per folder segment before the file name or a `**`.
        segments: Vec<globset::GlobMatcher>,
        /// A `**` follows them: any depth below.
        deep: bool,
    },
}

impl Reach {
    fn of(pattern: &str) -> Reach {
        // Braces and classes can hold a `/`: such a glob is not split.
        if pattern.contains(['{', '[']) {
            return Reach::Anywhere;
        }
        let parts: Vec<&str> = pattern.split('/').collect();
        let (folders, _file) = parts.split_at(parts.len() - 1);
        let mut segments = Vec::new();
        for part in folders
            .iter()
            .chain(parts.last().filter(|p| p.contains("**")))
        {
            if part.contains("**") {
                return Reach::Folders {
                    segments,
                    deep: true,
                };
            }
            match glob(part) {
                Ok(g) => segments.push(g.compile_matcher()),
                Err(_) => return Reach::Anywhere,
            }
        }
        Reach::Folders {
            segments,
            deep: false,
        }
    }

    fn may_contain(&self, dir: &str) -> bool {
        let Reach::Folders { segments, deep } = self else {
            return true;
        };
        for (i, name) in dir.split('/').enumerate() {
            match segments.get(i) {
                Some(segment) if !segment.is_match(name) => return false,
                Some(_) => {}
                None => return *deep,
            }
        }
        true
    }
}

/// Which paths are charters: include and exclude globs over paths relative
/// to the repository root, with `/`.
#[derive(Debug, Clone)]
pub struct Selector {
    include: GlobSet,
    exclude: GlobSet,
    exclude_dirs: GlobSet,
    reach: Vec<Reach>,
    /// The globs it was made of, as written.
    globs: std::sync::Arc<(Vec<String>, Vec<String>)>,
}

impl Selector {
    /// The matcher of `include` globs less `exclude` ones.
    pub fn new(include: &[String], exclude: &[String]) -> Selector {
        Selector {
            include: build_set(include),
            exclude: build_set(exclude),
            // `vendor/**` excludes the folder `vendor` and all below it.
            exclude_dirs: build_set(
                &exclude
                    .iter()
                    .filter_map(|e| e.strip_suffix("/**").map(str::to_string))
                    .collect::<Vec<_>>(),
            ),
            reach: include.iter().map(|p| Reach::of(p)).collect(),
            globs: std::sync::Arc::new((include.to_vec(), exclude.to_vec())),
        }
    }

    /// The include and exclude globs it was made of: two selectors made of
    /// the same globs select the same paths (a scan's cache keeps a tree's
    /// listing by them).
    pub fn globs(&self) -> (&[String], &[String]) {
        (&self.globs.0, &self.globs.1)
    }

    pub fn is_charter(&self, path: &str) -> bool {
        self.include.is_match(path) && !self.is_excluded(path)
    }

    pub fn is_excluded(&self, path: &str) -> bool {
        self.exclude.is_match(path)
    }

    /// Can a charter be at or below the folder `dir`? Lets tree walks skip
    /// whole subtrees.
    pub fn may_contain(&self, dir: &str) -> bool {
        if self.exclude_dirs.is_match(dir) {
            return false;
        }
        self.reach.iter().any(|r| r.may_contain(dir))
    }
}
