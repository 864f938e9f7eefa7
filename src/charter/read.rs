//! Reading the typed charter out of a parsed document.

use crate::shape::ShapeProblem;
use crate::span::Span;
use crate::toml_doc::{self as doc, DeTable};

use super::model::*;

/// Builds the typed charter from a parsed document. `problems` are the shape
/// problems already found, so that invalid values are not also called missing.
pub fn read(root: &DeTable<'_>, top: Span, text: &str, problems: &[ShapeProblem]) -> Charter {
    let end = text.len();
    let invalid = problems
        .iter()
        .filter(|p| matches!(p, ShapeProblem::InvalidValue { .. }))
        .map(|p| p.path().to_string())
        .collect();
    let misspelt = problems
        .iter()
        .filter_map(|p| match p {
            ShapeProblem::UnknownKey {
                path,
                key,
                span,
                suggestion: Some(meant),
                ..
            } => Some(Misspelling {
                meant: match path.rsplit_once('.') {
                    Some((table, _)) => format!("{table}.{meant}"),
                    None => meant.to_string(),
                },
                written: key.clone(),
                span: *span,
            }),
            _ => None,
        })
        .collect();
    let missing = problems
        .iter()
        .filter_map(|p| match p {
            ShapeProblem::Missing(m) => Some(crate::shape::Missing {
                insert_at: m.header.and_then(|h| line_after_header(text, h)),
                ..m.clone()
            }),
            _ => None,
        })
        .collect();
    Charter {
        top,
        end,
        version: doc::integer(root, "charter"),
        version_span: root
            .get_key_value("charter")
            .map(|(k, v)| Span::from(k.span()).to(Span::from(v.span()))),
        product: doc::table(root, "product").map(|(header, t)| Product {
            header,
            id: doc::string(t, "id"),
            name: doc::string(t, "name"),
            owner: doc::string(t, "owner"),
            kind: doc::one_of(t, "kind", Kind::from_name),
            adoption: doc::one_of(t, "adoption", Adoption::from_name),
            end_customer_impact: doc::string(t, "end_customer_impact"),
        }),
        vision: doc::table(root, "vision").map(|(header, t)| Vision {
            header,
            statement: doc::string(t, "statement"),
            strategy: doc::string(t, "strategy"),
        }),
        golden_thread: doc::table(root, "golden_thread").map(|(header, t)| GoldenThread {
            header,
            goal: doc::string(t, "goal"),
            objectives: doc::strings(t, "objectives"),
            key_results: doc::strings(t, "key_results"),
            kpis: doc::strings(t, "kpis"),
        }),
        personas: doc::tables(root, "personas").map(|(key, list)| Personas {
            key,
            list: list
                .into_iter()
                .map(|(header, t)| Persona {
                    header,
                    name: doc::string(t, "name"),
                    role: doc::one_of(t, "role", Role::from_name),
                    internal: doc::boolean(t, "internal"),
                    needs: doc::strings(t, "needs"),
                    power: doc::one_of(t, "power", Level::from_name),
                    interest: doc::one_of(t, "interest", Level::from_name),
                })
                .collect(),
        }),
        relationship: doc::table(root, "relationship").map(|(header, t)| Relationship {
            header,
            kind: doc::one_of(t, "type", RelationshipType::from_name),
            choice: doc::boolean(t, "choice"),
            value_exchange: doc::one_of(t, "value_exchange", ValueExchange::from_name),
            rationale: doc::string(t, "rationale"),
            autonomy: doc::table(t, "autonomy").map(|(header, a)| Autonomy {
                header,
                marks: AUTONOMY_MARKS
                    .iter()
                    .map(|m| (*m, doc::boolean(a, m)))
                    .collect(),
            }),
        }),
        sourcing: doc::table(root, "sourcing").map(|(header, t)| Sourcing {
            header,
            decision: doc::one_of(t, "decision", Decision::from_name),
            differentiation: doc::one_of(t, "differentiation", Level::from_name),
            criticality: doc::one_of(t, "criticality", Level::from_name),
            rationale: doc::string(t, "rationale"),
            capability: doc::string(t, "capability"),
            alternatives: doc::strings(t, "alternatives"),
            open_source: doc::one_of(t, "open_source", OpenSource::from_name),
            skills_plan: doc::string(t, "skills_plan"),
        }),
        team: doc::table(root, "team").map(|(header, t)| Team {
            header,
            skills: doc::strings(t, "skills"),
        }),
        adoption: doc::table(root, "adoption").map(|(header, t)| AdoptionPlan {
            header,
            plan: doc::string(t, "plan"),
            champions: doc::strings(t, "champions"),
            success: doc::strings(t, "success"),
        }),
        waivers: doc::tables(root, "waivers")
            .map(|(_, list)| list)
            .unwrap_or_default()
            .into_iter()
            .map(|(header, t)| Waiver {
                header,
                extent: t
                    .iter()
                    .map(|(_, v)| Span::from(v.span()))
                    .fold(header, Span::to),
                rule: doc::string(t, "rule"),
                reason: doc::string(t, "reason"),
                expires: doc::date(t, "expires"),
            })
            .collect(),
        invalid,
        misspelt,
        missing,
    }
}

/// The start of the line after a `[table]` or `[[table]]` header line at
/// `header`, where a key of that table can be added; `None` when the table
/// is not written under a header line of its own (inline, dotted keys) or
/// the header ends the file.
fn line_after_header(text: &str, header: Span) -> Option<usize> {
    if !text.get(header.start..)?.starts_with('[') {
        return None;
    }
    let newline = text.get(header.end..)?.find('\n')?;
    Some(header.end + newline + 1)
}
