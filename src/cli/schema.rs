//! `charterlint schema`

use clap::ValueEnum;

use super::output::Fatal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Which {
    /// charter.toml
    Charter,
    /// okrs.toml, the OKR registry
    Okrs,
    /// charterlint.toml
    Config,
}

/// The schema's committed file under `schemas/`.
pub fn file_name(which: Which) -> &'static str {
    match which {
        Which::Charter => "charter.schema.json",
        Which::Okrs => "okrs.schema.json",
        Which::Config => "charterlint.schema.json",
    }
}

/// The schema text, as committed under `schemas/`, with an `$id` at the
/// project's home (where editors and validators can fetch it).
pub fn text(which: Which) -> String {
    let value = match which {
        Which::Charter => charterlint::charter::format::json_schema(),
        Which::Okrs => charterlint::registry::json_schema(),
        Which::Config => charterlint::config::json_schema(),
    };
    let id = format!(
        "{}/raw/main/schemas/{}",
        env!("CARGO_PKG_REPOSITORY"),
        file_name(which)
    );
    let value = match value {
        serde_json::Value::Object(map) => {
            let mut with_id = serde_json::Map::new();
            let mut map = map.into_iter();
            // `$schema` first, then `$id`, then the rest as generated.
            if let Some((k, v)) = map.next() {
                with_id.insert(k, v);
            }
            with_id.insert("$id".into(), serde_json::Value::String(id));
            with_id.extend(map);
            serde_json::Value::Object(with_id)
        }
        other => other,
    };
    let mut s = serde_json::to_string_pretty(&value).expect("schema serialises");
    s.push('\n');
    s
}

pub fn run(which: Which) -> Result<u8, Fatal> {
    super::output::emit(&None, &text(which))?;
    Ok(0)
}
