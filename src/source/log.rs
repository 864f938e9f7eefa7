//! When each path last changed: what `git log -1 -- PATH` answers, read
//! straight from git's objects, at git's cost.
//!
//! The walk follows git's history simplification. It goes back from the
//! head commit in commit-time order, and for each path it follows one line
//! of history only: at a commit whose version of the path is the same as
//! one parent's (*TREESAME*), it goes on to that parent alone and leaves the
//! others; a commit whose version differs from every parent's (or a root
//! commit that has the path) is the path's last change. So along the line
//! followed the path's blob is always the head's, and a path is compared
//! by its tree entries only as deep as they differ: when a folder's tree id
//! is the same in the commit and its parent, everything below it is too.
//!
//! A commit's tree, parents and date come from the repository's
//! commit-graph file when it has one (as git reads them: no object to
//! inflate), else from the commit object. Commits and trees are read as raw
//! objects and parsed here (three fields of a commit, the entries of a
//! tree), with no object cache, so memory stays bounded by the frontier of
//! the walk, not by the length of the history. The walk stops as soon as
//! every path is answered.

use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};

use git2::{ErrorCode, ObjectType, Odb, Oid, Repository};

/// A path's last change: the commit and its committer time (seconds since
/// 1970).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub commit: Oid,
    pub time: i64,
}

/// The last change of each of `paths` in the history of `head`; a path that
/// is not in `head`'s tree (or is a folder there) has none.
pub fn last_changes(
    repo: &Repository,
    head: Oid,
    paths: &[String],
) -> Result<HashMap<String, Change>, git2::Error> {
    let mut found = HashMap::new();
    if paths.is_empty() {
        return Ok(found);
    }
    let odb = repo.odb()?;
    let reader = Reader {
        repo,
        odb: &odb,
        shallow: OnceCell::new(),
        graph: OnceCell::new(),
    };
    let split: Vec<Vec<&[u8]>> = paths
        .iter()
        .map(|p| p.split('/').map(str::as_bytes).collect())
        .collect();
    // The head from its object: a repository of one commit (or a charter
    // changed at the head) is answered without looking for a commit-graph.
    let head_commit = reader.commit_object(head)?;
    // What each path is at the head: the chain of tree ids down to it and
    // its blob. Paths absent at the head are never found.
    let mut wanted = Vec::new();
    for (index, parts) in split.iter().enumerate() {
        if let Some(chain) = reader.chain(head_commit.tree, parts)? {
            wanted.push(Wanted { index, chain });
        }
    }
    let mut open = wanted.len();
    let mut frontier = Frontier::default();
    frontier.push(head, head_commit, wanted);
    while let Some((id, commit, wants)) = frontier.pop() {
        let mut parents = Vec::with_capacity(commit.parents.len());
        for &parent in &commit.parents {
            match reader.commit(parent) {
                Ok(c) => parents.push((parent, c)),
                // A shallow clone's boundary: the parent is not there, and
                // the commit counts as a root (as git sees it).
                Err(e) if reader.is_shallow() && e.code() == ErrorCode::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        let mut to_parent: Vec<Vec<Wanted>> = parents.iter().map(|_| Vec::new()).collect();
        for want in wants {
            if found.contains_key(&paths[want.index]) {
                continue;
            }
            let mut same = None;
            for (k, (_, parent)) in parents.iter().enumerate() {
                if let Some(chain) = reader.same_as(parent.tree, &split[want.index], &want.chain)? {
                    same = Some((k, chain));
                    break;
                }
            }
            match same {
                Some((k, chain)) => to_parent[k].push(Wanted {
                    index: want.index,
                    chain,
                }),
                None => {
                    found.insert(
                        paths[want.index].clone(),
                        Change {
                            commit: id,
                            time: commit.time,
                        },
                    );
                    open -= 1;
                }
            }
        }
        if open == 0 {
            break;
        }
        for ((parent, c), wants) in parents.into_iter().zip(to_parent) {
            if !wants.is_empty() {
                frontier.push(parent, c, wants);
            }
        }
    }
    Ok(found)
}

/// A path still looked for, with the tree ids along it (root first, the
/// blob last) at the commit it is wanted at.
struct Wanted {
    index: usize,
    chain: Vec<Oid>,
}

/// The three fields of a commit the walk reads.
struct Commit {
    tree: Oid,
    parents: Vec<Oid>,
    time: i64,
}

/// The commits to visit, newest first (git's date order), each with the
/// paths wanted there; a commit reached from two children is visited once.
#[derive(Default)]
struct Frontier {
    heap: BinaryHeap<Queued>,
    waiting: HashMap<Oid, (Commit, Vec<Wanted>)>,
    seq: u64,
}

#[derive(PartialEq, Eq)]
struct Queued {
    time: i64,
    seq: u64,
    id: Oid,
}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        // Newest first; among equal times, the first queued first.
        self.time
            .cmp(&other.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Frontier {
    fn push(&mut self, id: Oid, commit: Commit, wants: Vec<Wanted>) {
        if let Some((_, already)) = self.waiting.get_mut(&id) {
            // Reached again: the paths not yet wanted here join.
            let present: HashSet<usize> = already.iter().map(|w| w.index).collect();
            already.extend(wants.into_iter().filter(|w| !present.contains(&w.index)));
            return;
        }
        self.seq += 1;
        self.heap.push(Queued {
            time: commit.time,
            seq: self.seq,
            id,
        });
        self.waiting.insert(id, (commit, wants));
    }

    fn pop(&mut self) -> Option<(Oid, Commit, Vec<Wanted>)> {
        let next = self.heap.pop()?;
        let (commit, wants) = self.waiting.remove(&next.id)?;
        Some((next.id, commit, wants))
    }
}

/// The repository's commit-graph, if it has one that can be read. Like
/// git, a shallow clone's is not used (its parents are not the graph's).
fn commit_graph(repo: &Repository, shallow: bool) -> Option<gix_commitgraph::Graph> {
    if shallow {
        return None;
    }
    let info = repo.path().join("objects").join("info");
    // A damaged or unreadable graph is passed over, as git does: the
    // objects say the same, more slowly.
    gix_commitgraph::at(&info, gix_hash::Kind::Sha1, Some(64 << 20)).ok()
}

/// Raw objects from the object database, and the commit-graph. Whether
/// the clone is shallow and its commit-graph are looked up only when the
/// walk first goes past the head.
struct Reader<'a> {
    repo: &'a Repository,
    odb: &'a Odb<'a>,
    shallow: OnceCell<bool>,
    graph: OnceCell<Option<gix_commitgraph::Graph>>,
}

impl Reader<'_> {
    fn is_shallow(&self) -> bool {
        *self.shallow.get_or_init(|| self.repo.is_shallow())
    }

    fn commit(&self, id: Oid) -> Result<Commit, git2::Error> {
        if let Some(commit) = self.graph_commit(id) {
            return Ok(commit);
        }
        self.commit_object(id)
    }

    fn commit_object(&self, id: Oid) -> Result<Commit, git2::Error> {
        let object = self.odb.read(id)?;
        if object.kind() != ObjectType::Commit {
            return Err(malformed(id, "is not a commit"));
        }
        parse_commit(object.data()).ok_or_else(|| malformed(id, "is not a well-formed commit"))
    }

    /// A commit as the commit-graph has it; `None` when there is no graph,
    /// the commit is not in it (newer than the graph), or the graph is
    /// damaged there.
    fn graph_commit(&self, id: Oid) -> Option<Commit> {
        let graph = self
            .graph
            .get_or_init(|| commit_graph(self.repo, self.is_shallow()))
            .as_ref()?;
        let commit = graph.commit_by_id(gix_hash::oid::try_from_bytes(id.as_bytes()).ok()?)?;
        let mut parents = Vec::new();
        for position in commit.iter_parents() {
            parents.push(Oid::from_bytes(graph.id_at(position.ok()?).as_bytes()).ok()?);
        }
        Some(Commit {
            tree: Oid::from_bytes(commit.root_tree_id().as_bytes()).ok()?,
            parents,
            time: i64::try_from(commit.committer_timestamp()).ok()?,
        })
    }

    /// The tree ids from `tree` down to `parts` (the last one the entry's
    /// own id), if the path is there and is not a folder.
    fn chain(&self, tree: Oid, parts: &[&[u8]]) -> Result<Option<Vec<Oid>>, git2::Error> {
        let mut chain = vec![tree];
        let mut at = tree;
        for (depth, part) in parts.iter().enumerate() {
            let Some((id, is_tree)) = self.entry(at, part)? else {
                return Ok(None);
            };
            let last = depth + 1 == parts.len();
            if last == is_tree {
                return Ok(None);
            }
            chain.push(id);
            at = id;
        }
        Ok(Some(chain))
    }

    /// The chain of `parts` under `tree` when the path's entry there is the
    /// one `known` ends with; `None` when it differs. Stops descending at
    /// the first folder whose tree id is `known`'s: all below is the same.
    fn same_as(
        &self,
        tree: Oid,
        parts: &[&[u8]],
        known: &[Oid],
    ) -> Result<Option<Vec<Oid>>, git2::Error> {
        let mut chain = Vec::with_capacity(known.len());
        let mut at = tree;
        chain.push(at);
        for (depth, part) in parts.iter().enumerate() {
            if at == known[depth] {
                chain.extend_from_slice(&known[depth + 1..]);
                return Ok(Some(chain));
            }
            let Some((id, is_tree)) = self.entry(at, part)? else {
                return Ok(None);
            };
            if is_tree != (depth + 1 < parts.len()) {
                return Ok(None);
            }
            chain.push(id);
            at = id;
        }
        Ok((at == known[parts.len()]).then_some(chain))
    }

    /// The entry `name` of tree `tree`: its id and whether it is a tree.
    fn entry(&self, tree: Oid, name: &[u8]) -> Result<Option<(Oid, bool)>, git2::Error> {
        let object = match self.odb.read(tree) {
            Ok(o) => o,
            Err(e) if self.is_shallow() && e.code() == ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        if object.kind() != ObjectType::Tree {
            return Err(malformed(tree, "is not a tree"));
        }
        find_entry(object.data(), name).map_err(|()| malformed(tree, "is not a well-formed tree"))
    }
}

fn malformed(id: Oid, what: &str) -> git2::Error {
    git2::Error::from_str(&format!("object {id} {what}"))
}

/// A commit's tree, parents and committer time, from its raw text.
fn parse_commit(data: &[u8]) -> Option<Commit> {
    let mut tree = None;
    let mut parents = Vec::new();
    let mut time = None;
    for line in data.split(|b| *b == b'\n') {
        if line.is_empty() {
            break; // the headers end; the message follows
        }
        if let Some(hex) = line.strip_prefix(b"tree ") {
            tree = Some(oid_from_hex(hex)?);
        } else if let Some(hex) = line.strip_prefix(b"parent ") {
            parents.push(oid_from_hex(hex)?);
        } else if let Some(who) = line.strip_prefix(b"committer ") {
            // `Name <email> SECONDS ZONE`
            let after = &who[who.iter().rposition(|b| *b == b'>')? + 1..];
            let mut fields = after.split(|b| *b == b' ').filter(|f| !f.is_empty());
            time = std::str::from_utf8(fields.next()?).ok()?.parse().ok();
        }
    }
    Some(Commit {
        tree: tree?,
        parents,
        time: time?,
    })
}

fn oid_from_hex(hex: &[u8]) -> Option<Oid> {
    Oid::from_str(std::str::from_utf8(hex).ok()?).ok()
}

/// Finds `name` among a raw tree's entries (`MODE NAME\0` and 20 bytes of
/// id each).
fn find_entry(mut data: &[u8], name: &[u8]) -> Result<Option<(Oid, bool)>, ()> {
    const ID: usize = 20;
    while !data.is_empty() {
        let space = data.iter().position(|b| *b == b' ').ok_or(())?;
        let nul = data.iter().position(|b| *b == 0).ok_or(())?;
        if nul < space || data.len() < nul + 1 + ID {
            return Err(());
        }
        let mode = &data[..space];
        if &data[space + 1..nul] == name {
            let id = Oid::from_bytes(&data[nul + 1..nul + 1 + ID]).map_err(|_| ())?;
            return Ok(Some((id, mode == b"40000")));
        }
        data = &data[nul + 1 + ID..];
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commits_fields_are_read_from_its_text() {
        let text = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\
parent 1111111111111111111111111111111111111111\n\
parent 2222222222222222222222222222222222222222\n\
author A <a@example.com> 1 +0000\n\
committer C <c> d> 1700000000 -0500\n\
\n\
message\ncommitter X <x> 5 +0000\n";
        let c = parse_commit(text).unwrap();
        assert_eq!(
            c.tree.to_string(),
            "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
        );
        assert_eq!(c.parents.len(), 2);
        assert_eq!(c.time, 1_700_000_000);
        assert!(parse_commit(b"tree nothex\n").is_none());
        assert!(parse_commit(b"parent 1111111111111111111111111111111111111111\n").is_none());
    }

    #[test]
    fn a_trees_entries_are_found_by_name() {
        let mut tree = Vec::new();
        tree.extend_from_slice(b"100644 a.toml\0");
        tree.extend_from_slice(&[1; 20]);
        tree.extend_from_slice(b"40000 dir\0");
        tree.extend_from_slice(&[2; 20]);
        assert_eq!(
            find_entry(&tree, b"dir"),
            Ok(Some((Oid::from_bytes(&[2; 20]).unwrap(), true)))
        );
        assert_eq!(
            find_entry(&tree, b"a.toml"),
            Ok(Some((Oid::from_bytes(&[1; 20]).unwrap(), false)))
        );
        assert_eq!(find_entry(&tree, b"b"), Ok(None));
        assert_eq!(find_entry(&tree[..30], b"dir"), Err(()));
    }
}
