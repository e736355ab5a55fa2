//! One view per page kind: what each template receives, built from the read-only model.
//! `render::page_context` picks the view of a job's kind.

pub(super) mod actions;
pub(super) mod contract;
pub(super) mod diagnostic;
pub(super) mod directory;
pub(super) mod follow;
pub(super) mod home;
pub(super) mod news;
pub(super) mod site;
