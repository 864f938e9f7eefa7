//! The product charter: its format (SPEC section 2, declared in [`mod@format`]),
//! the typed model the rules read (`model`, with the span of every key and
//! value), reading a parsed document into it (`read`), and what follows
//! from a person's answers for the guided `init` ([`derive`]).

pub mod derive;
pub mod format;
mod model;
mod read;

pub use model::*;
pub use read::read;
