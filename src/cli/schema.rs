//! `charterlint schema`

use clap::ValueEnum;

use super::Fatal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Which {
    /// charter.toml
    Charter,
    /// okrs.toml, the OKR registry
    Okrs,
    /// charterlint.toml
    Config,
}

/// The schema text, as committed under `schemas/`.
pub fn text(which: Which) -> String {
    let value = match which {
        Which::Charter => crate::charter::format::json_schema(),
        Which::Okrs => crate::registry::json_schema(),
        Which::Config => crate::config::json_schema(),
    };
    let mut s = serde_json::to_string_pretty(&value).expect("schema serialises");
    s.push('\n');
    s
}

pub fn run(which: Which) -> Result<u8, Fatal> {
    super::emit(&None, &text(which))?;
    Ok(0)
}
