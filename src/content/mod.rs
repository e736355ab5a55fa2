//! Stage 2: reading `content/` into the model, then checking it as a whole.

pub mod action;
pub mod bulk;
pub mod check;
pub mod follow;
pub mod frontmatter;
pub mod glossary;
pub mod load;
pub mod model;
pub mod page;
pub mod plausible;
pub mod profile;
pub mod query;
pub mod reader;
pub mod service;
pub mod territory;
mod toml_error;
pub mod validate;

pub use model::*;
