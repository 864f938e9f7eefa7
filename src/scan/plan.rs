//! What every repository of a scan is checked with: the settings as the
//! command line gives them (sent as they are to scan workers), loaded once
//! per process into a plan.

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::date::Date;
use crate::finding::Finding;
use crate::load;
use crate::registry::Registry;
use crate::source::untrusted::NoCommits;

use super::error::ScanError;

/// What every repository of a scan is checked with, as the command line
/// gives it. Scan workers receive it as it is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    pub(super) rev: String,
    /// `--config FILE`, as path bytes (a path need not be UTF-8).
    config: Option<Vec<u8>>,
    /// `--registry FILE`, likewise.
    registry: Option<Vec<u8>>,
    require_charter: bool,
    pub(super) today: String,
    keep_text: bool,
    /// With `--cache`: what is read of each repository is sent back with
    /// its tree, to be kept (scan workers never touch the cache).
    #[serde(default)]
    pub(super) learn: bool,
}

/// The configuration and registry of the command line, loaded.
pub struct Loaded {
    pub(super) config: Option<Config>,
    pub(super) registry: Option<Registry>,
    /// Findings against the `--registry` file itself.
    pub(super) registry_findings: Vec<Finding>,
}

impl Settings {
    pub fn new(
        rev: Option<&str>,
        config: Option<&Path>,
        registry: Option<&Path>,
        require_charter: bool,
        today: Date,
        keep_text: bool,
    ) -> Settings {
        Settings {
            rev: rev.unwrap_or("HEAD").to_string(),
            config: config.map(bytes_of),
            registry: registry.map(bytes_of),
            require_charter,
            today: today.to_string(),
            keep_text,
            learn: false,
        }
    }

    pub fn load(&self) -> Result<Loaded, ScanError> {
        let today = self.today()?;
        let config = match &self.config {
            Some(path) => Some(load::valid_config(
                &NoCommits,
                Some(&path_of(path)),
                Path::new("."),
            )?),
            None => None,
        };
        let (registry, registry_findings) = match &self.registry {
            Some(path) => load::registry(
                &NoCommits,
                &Config::default(),
                Some(&path_of(path)),
                today,
                Path::new("."),
            )?,
            None => (None, Vec::new()),
        };
        Ok(Loaded {
            config,
            registry,
            registry_findings,
        })
    }

    fn today(&self) -> Result<Date, ScanError> {
        Ok(self.today.parse()?)
    }

    pub fn plan<'a>(&'a self, loaded: &'a Loaded) -> Result<Plan<'a>, ScanError> {
        Ok(Plan {
            rev: &self.rev,
            config: loaded.config.as_ref(),
            registry: loaded.registry.as_ref(),
            require_charter: self.require_charter,
            today: self.today()?,
            keep_text: self.keep_text,
        })
    }
}

pub(super) fn path_of(bytes: &[u8]) -> PathBuf {
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

pub(super) fn bytes_of(path: &Path) -> Vec<u8> {
    path.as_os_str().as_bytes().to_vec()
}

/// What every repository of a scan is checked with.
pub struct Plan<'a> {
    pub(super) rev: &'a str,
    /// `--config`: applies to every repository instead of its own.
    pub(super) config: Option<&'a Config>,
    /// `--registry`: applies to every repository.
    pub(super) registry: Option<&'a Registry>,
    pub(super) require_charter: bool,
    pub(super) today: Date,
    pub(super) keep_text: bool,
}
