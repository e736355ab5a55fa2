//! Stage: the search index.
pub mod analyze;
pub mod docs;
pub mod format;
pub mod index;
pub mod numbered;
pub mod query;
