//! Files held in memory: for tests, fuzzing, and anything that has the bytes
//! already.

use std::collections::BTreeMap;

use crate::select::Selector;

use super::{Content, Listing, Source, SourceError};

#[derive(Debug, Default, Clone)]
pub struct Memory {
    files: BTreeMap<String, Vec<u8>>,
}

impl Memory {
    pub fn new() -> Memory {
        Memory::default()
    }

    /// Adds a file at a relative path with `/`.
    pub fn with(mut self, path: &str, bytes: impl Into<Vec<u8>>) -> Memory {
        self.files.insert(path.to_string(), bytes.into());
        self
    }
}

impl Source for Memory {
    fn describe(&self) -> String {
        "memory".into()
    }

    fn read_limited(&self, path: &str, limit: u64) -> Option<Content> {
        let bytes = self.files.get(path)?;
        Some(if bytes.len() as u64 > limit {
            Content::TooLarge(bytes.len() as u64)
        } else {
            Content::Bytes(bytes.clone())
        })
    }

    fn list(&self, selector: &Selector) -> Result<Listing, SourceError> {
        Ok(Listing {
            paths: self
                .files
                .keys()
                .filter(|p| selector.is_charter(p))
                .cloned()
                .collect(),
            skipped: Vec::new(),
        })
    }
}
