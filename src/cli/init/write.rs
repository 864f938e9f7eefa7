//! The guided `init`'s answers, and the charter they make. Every value is
//! written by toml's serialiser (never quotes put round text by hand); a
//! comment stands only where it helps: why the relationship is of its
//! type, and which quadrant the sourcing decision answers.

use charterlint::charter::{
    AUTONOMY_MARKS, Adoption, Decision, Kind, Level, OpenSource, Quadrant, RelationshipType, Role,
    ValueExchange,
};

/// What the person answered so far. `None` is a question not yet asked
/// (its key is not written); an empty text is an answer, written as it is,
/// so that `check` says what it says of an empty value.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    pub id: Option<String>,
    pub name: Option<String>,
    pub owner: Option<String>,
    pub kind: Option<Kind>,
    pub adoption: Option<Adoption>,
    pub end_customer_impact: Option<String>,
    pub vision: Option<String>,
    pub strategy: Option<String>,
    pub goal: Option<String>,
    pub objectives: Option<Vec<String>>,
    pub key_results: Vec<String>,
    pub kpis: Vec<String>,
    pub personas: Vec<PersonaAnswers>,
    pub relationship: Option<RelationshipAnswer>,
    pub sourcing: Option<SourcingAnswer>,
    pub change: Option<ChangePlan>,
}

#[derive(Debug, Clone)]
pub struct PersonaAnswers {
    pub name: String,
    pub role: Role,
    pub internal: bool,
    pub needs: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct RelationshipAnswer {
    pub kind: Option<RelationshipType>,
    /// Why the type follows from the answers: the comment above `type`.
    pub why: String,
    pub choice: bool,
    pub value_exchange: ValueExchange,
    pub rationale: Option<String>,
    pub autonomy: Option<[bool; 6]>,
}

#[derive(Debug, Clone)]
pub struct SourcingAnswer {
    pub decision: Option<Decision>,
    pub differentiation: Level,
    pub criticality: Level,
    pub rationale: Option<String>,
    pub alternatives: Vec<String>,
    pub open_source: Option<OpenSource>,
    pub skills_plan: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ChangePlan {
    pub plan: Option<String>,
    pub champions: Vec<String>,
    pub success: Vec<String>,
}

/// A text as TOML writes it: quoted and escaped by the serialiser.
fn string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn strings(list: &[String]) -> String {
    toml::Value::Array(
        list.iter()
            .map(|s| toml::Value::String(s.clone()))
            .collect(),
    )
    .to_string()
}

/// `# ` lines of at most 78 characters.
fn comment(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() > 1 && line.chars().count() + 1 + word.chars().count() > 78 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

struct Writer(String);

impl Writer {
    fn text(&mut self, key: &str, value: &Option<String>) {
        if let Some(v) = value {
            self.line(key, &string(v));
        }
    }
    fn list(&mut self, key: &str, list: &[String]) {
        if !list.is_empty() {
            self.line(key, &strings(list));
        }
    }
    fn line(&mut self, key: &str, value: &str) {
        self.0.push_str(key);
        self.0.push_str(" = ");
        self.0.push_str(value);
        self.0.push('\n');
    }
    fn table(&mut self, header: &str) {
        self.0.push('\n');
        self.0.push_str(header);
        self.0.push('\n');
    }
}

impl Answers {
    /// The charter, as far as it is answered.
    pub fn to_toml(&self) -> String {
        let mut w = Writer(String::new());
        w.0.push_str(
            "# Product charter, format 1, written by `charterlint init`. `charterlint check`\n\
             # checks it; `charterlint explain RULE` says why each rule matters.\n",
        );
        w.line("charter", "1");
        w.table("[product]");
        w.text("id", &self.id);
        w.text("name", &self.name);
        w.text("owner", &self.owner);
        if let Some(k) = self.kind {
            w.line("kind", &string(k.as_str()));
        }
        if let Some(a) = self.adoption {
            w.line("adoption", &string(a.as_str()));
        }
        w.text("end_customer_impact", &self.end_customer_impact);
        if self.vision.is_some() {
            w.table("[vision]");
            w.text("statement", &self.vision);
            w.text("strategy", &self.strategy);
        }
        if self.goal.is_some() || self.objectives.is_some() {
            w.table("[golden_thread]");
            w.text("goal", &self.goal);
            if let Some(o) = &self.objectives {
                w.line("objectives", &strings(o));
            }
            w.list("key_results", &self.key_results);
            w.list("kpis", &self.kpis);
        }
        for p in &self.personas {
            w.table("[[personas]]");
            w.line("name", &string(&p.name));
            w.line("role", &string(p.role.as_str()));
            w.line("internal", &p.internal.to_string());
            w.list("needs", &p.needs);
        }
        if let Some(r) = &self.relationship {
            w.table("[relationship]");
            if let Some(kind) = r.kind {
                w.0.push_str(&comment(&format!("Why `{}`: {}", kind.as_str(), r.why)));
                w.line("type", &string(kind.as_str()));
            }
            w.line("choice", &r.choice.to_string());
            w.line("value_exchange", &string(r.value_exchange.as_str()));
            w.text("rationale", &r.rationale);
            if let Some(marks) = r.autonomy {
                w.table("[relationship.autonomy]       # Cutler's six marks of a real supplier/customer deal");
                for (name, on) in AUTONOMY_MARKS.iter().zip(marks) {
                    w.line(name, &on.to_string());
                }
            }
        }
        if let Some(s) = &self.sourcing {
            w.table("[sourcing]");
            let q = Quadrant::of(s.differentiation, s.criticality);
            if let Some(d) = s.decision {
                let called = charterlint::charter::derive::decision_for(q);
                let text = if d == called {
                    format!(
                        "Purpose Based Alignment: {}.",
                        charterlint::charter::derive::describe(q)
                    )
                } else {
                    format!(
                        "Purpose Based Alignment: {}; `{}` chosen instead of `{}` (see the rationale).",
                        charterlint::charter::derive::describe(q),
                        d.as_str(),
                        called.as_str()
                    )
                };
                w.0.push_str(&comment(&text));
                w.line("decision", &string(d.as_str()));
            }
            w.line("differentiation", &string(s.differentiation.as_str()));
            w.line("criticality", &string(s.criticality.as_str()));
            w.text("rationale", &s.rationale);
            w.list("alternatives", &s.alternatives);
            if let Some(o) = s.open_source {
                w.line("open_source", &string(o.as_str()));
            }
            w.text("skills_plan", &s.skills_plan);
        }
        if let Some(c) = &self.change {
            w.table("[adoption]                     # the change plan of a mandated product");
            w.text("plan", &c.plan);
            w.list("champions", &c.champions);
            w.list("success", &c.success);
        }
        w.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_by_the_serialiser() {
        let a = Answers {
            name: Some("Quote \" back\\slash\nnew line ''' \u{7}".into()),
            ..Answers::default()
        };
        let text = a.to_toml();
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(
            parsed["product"]["name"].as_str(),
            Some("Quote \" back\\slash\nnew line ''' \u{7}")
        );
    }

    #[test]
    fn comments_wrap_at_78_columns() {
        let c = comment(&"word ".repeat(60));
        assert!(
            c.lines().all(|l| l.starts_with("# ") && l.len() <= 78),
            "{c}"
        );
        assert_eq!(c.lines().count(), 4);
    }
}
