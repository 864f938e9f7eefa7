//! A source with some files replaced by contents in memory: the texts `fix`
//! has repaired so far, a charter read from standard input, an editor's
//! unsaved buffers. Everything else is read from the source beneath.

use std::collections::BTreeMap;

use crate::select::Selector;

use super::{Content, Listing, Source, SourceError};

pub struct Overlay<'a> {
    base: &'a dyn Source,
    files: BTreeMap<String, Vec<u8>>,
}

impl<'a> Overlay<'a> {
    pub fn new(base: &'a dyn Source) -> Overlay<'a> {
        Overlay {
            base,
            files: BTreeMap::new(),
        }
    }

    /// Puts `bytes` at `path` (relative, with `/`).
    pub fn set(&mut self, path: &str, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.to_string(), bytes.into());
    }
}

impl Source for Overlay<'_> {
    fn describe(&self) -> String {
        self.base.describe()
    }

    fn read_limited(&self, path: &str, limit: u64) -> Option<Content> {
        match self.files.get(path) {
            Some(b) if b.len() as u64 > limit => Some(Content::TooLarge(b.len() as u64)),
            Some(b) => Some(Content::Bytes(b.clone())),
            None => self.base.read_limited(path, limit),
        }
    }

    /// The charters beneath, and those only in memory that the selector takes.
    fn list(&self, selector: &Selector) -> Result<Listing, SourceError> {
        let mut listing = self.base.list(selector)?;
        let extra: Vec<String> = self
            .files
            .keys()
            .filter(|p| selector.is_charter(p) && listing.paths.binary_search(p).is_err())
            .cloned()
            .collect();
        if !extra.is_empty() {
            listing.paths.extend(extra);
            listing.paths.sort();
        }
        Ok(listing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::memory::Memory;

    #[test]
    fn memory_wins_and_listing_includes_it() {
        let base = Memory::new()
            .with("a/charter.toml", "charter = 1")
            .with("okrs.toml", "okrs = 1");
        let mut o = Overlay::new(&base);
        o.set("a/charter.toml", "charter = 2");
        o.set("b/charter.toml", "charter = 3");
        assert_eq!(
            o.read("a/charter.toml"),
            Some(Content::Bytes(b"charter = 2".to_vec()))
        );
        assert_eq!(
            o.read("okrs.toml"),
            Some(Content::Bytes(b"okrs = 1".to_vec()))
        );
        let selector = crate::config::Config::default().selector();
        assert_eq!(
            o.list(&selector).unwrap().paths,
            ["a/charter.toml", "b/charter.toml"]
        );
    }
}
