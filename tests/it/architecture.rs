//! The shape of `src/`: no import cycle between modules, read from the
//! `use` lines and paths (`crate::…`, `super::…`, a child module's name),
//! as `cargo modules dependencies --acyclic` would find them. A module's
//! parent declares and re-exports it; nothing a module uses may use it back,
//! directly or not. (Test modules at the end of a file are not read.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path below `src/` (`rules/waivers`), `""` for the crate root.
type Module = String;

fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let rel = rel.to_string_lossy().replace('\\', "/");
    match rel.as_str() {
        "lib" | "main" => String::new(),
        _ => rel.strip_suffix("/mod").unwrap_or(&rel).to_string(),
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `a::{b, c::{d, e}}` as `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or("").trim().to_string()];
    };
    // Prose ("use `{…`" in a string) is no use tree.
    let Some(close) = tree.rfind('}').filter(|&c| c > open) else {
        return Vec::new();
    };
    let (prefix, inner) = (&tree[..open], &tree[open + 1..close]);
    let (mut depth, mut part, mut parts) = (0, String::new(), Vec::new());
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            parts.push(std::mem::take(&mut part));
        } else {
            part.push(c);
        }
    }
    parts.push(part);
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |q| format!("{prefix}{q}")))
        .collect()
}

/// The source a module is read from: without comments and the trailing
/// test module.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    text.lines()
        .map(|l| match l.trim_start().starts_with("//") {
            true => "",
            false => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `crate::…` and `super::…` paths and `use` trees of one file.
fn paths_of(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before_ok = at == 0 || !rest.as_bytes()[at - 1].is_ascii_alphanumeric();
        let tail = &rest[at + 4..];
        let end = tail.find(';').unwrap_or(tail.len());
        if before_ok {
            paths.extend(expand(&tail[..end].replace('\n', " ")));
        }
        rest = &tail[end.min(tail.len())..];
    }
    let bytes = code.as_bytes();
    for start in ["crate::", "super::"] {
        for (at, _) in code.match_indices(start) {
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let len = code[at..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(code.len() - at);
            // `super::{a, b}` is a use tree, read above.
            let path = code[at..at + len].trim_end_matches(':');
            if path.contains("::") {
                paths.push(path.to_string());
            }
        }
    }
    paths
}

fn graph(src: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut list = Vec::new();
    files(src, &mut list);
    let modules: BTreeSet<Module> = list.iter().map(|f| module_of(src, f)).collect();
    let mut edges = BTreeMap::new();
    for file in &list {
        let this = module_of(src, file);
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let mut deps = BTreeSet::new();
        let join = |base: &[&str], segs: &[&str]| -> Option<Module> {
            // The longest prefix that is a module.
            (0..=segs.len()).rev().find_map(|k| {
                let candidate: Vec<&str> = base.iter().chain(&segs[..k]).copied().collect();
                let name = candidate.join("/");
                modules.contains(&name).then_some(name)
            })
        };
        for path in paths_of(&code) {
            let path = path.replace(' ', "");
            let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            let (base, segs): (Vec<&str>, &[&str]) = match segs.first() {
                Some(&"crate") => (Vec::new(), &segs[1..]),
                Some(&"super") => {
                    let mut base: Vec<&str> = this.split('/').filter(|s| !s.is_empty()).collect();
                    let mut segs = &segs[..];
                    while segs.first() == Some(&"super") {
                        base.pop();
                        segs = &segs[1..];
                    }
                    (base, segs)
                }
                _ => continue,
            };
            if let Some(m) = join(&base, segs) {
                deps.insert(m);
            }
        }
        // Paths through a child module declared here (`mod x;` … `x::y`).
        for line in code.lines() {
            let line = line.trim();
            let decl = line
                .strip_prefix("pub ")
                .or_else(|| line.strip_prefix("pub(crate) "))
                .unwrap_or(line);
            let Some(child) = decl.strip_prefix("mod ").and_then(|c| c.strip_suffix(';')) else {
                continue;
            };
            let module = if this.is_empty() {
                child.to_string()
            } else {
                format!("{this}/{child}")
            };
            let used = code.match_indices(&format!("{child}::")).any(|(at, _)| {
                at == 0 || {
                    let b = code.as_bytes()[at - 1];
                    !(b.is_ascii_alphanumeric() || b == b'_' || b == b':')
                }
            });
            if used {
                deps.insert(module);
            }
        }
        deps.remove(&this);
        deps.remove("");
        edges.entry(this).or_insert_with(BTreeSet::new).extend(deps);
    }
    edges
}

/// The strongly connected components with more than one module (Tarjan).
fn cycles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct State<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<Module>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w.as_str()) {
                visit(s, w);
                let low = s.low[v].min(s.low[w.as_str()]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w.as_str()) {
                let low = s.low[v].min(s.index[w.as_str()]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn no_module_of_src_imports_one_that_imports_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = graph(&src);
    assert!(edges.len() > 50, "read {} modules", edges.len());
    let found = cycles(&edges);
    assert!(
        found.is_empty(),
        "import cycles in src/ (each line: modules that import each other, directly or not):\n{}",
        found
            .iter()
            .map(|c| c.join(" ↔ "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The checker itself finds a cycle through a `use` tree, a `super::`
/// path and a child module's name.
#[test]
fn the_cycle_check_finds_cycles() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("a")).unwrap();
    std::fs::write(src.join("lib.rs"), "pub mod a;\npub mod b;\n").unwrap();
    std::fs::write(src.join("a/mod.rs"), "mod c;\npub fn f() { c::g() }\n").unwrap();
    std::fs::write(
        src.join("a/c.rs"),
        "use crate::{b::{self, h}};\npub fn g() {}\n",
    )
    .unwrap();
    std::fs::write(src.join("b.rs"), "pub fn h() { crate::a::f() }\n").unwrap();
    let edges = graph(src);
    assert_eq!(edges["a"], BTreeSet::from(["a/c".to_string()]));
    assert_eq!(edges["a/c"], BTreeSet::from(["b".to_string()]));
    assert_eq!(cycles(&edges), vec![vec!["a", "a/c", "b"]]);
    std::fs::write(src.join("b.rs"), "pub fn h() {}\n").unwrap();
    assert!(cycles(&graph(src)).is_empty());
    std::fs::write(src.join("a/c.rs"), "pub fn g() { super::f() }\n").unwrap();
    assert_eq!(cycles(&graph(src)), vec![vec!["a", "a/c"]]);
}
