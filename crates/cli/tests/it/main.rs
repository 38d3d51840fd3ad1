//! End-to-end tests of the `dossier` binary.

mod util;
mod analyze;
mod export;
mod examples;
mod reasoning;
mod picture;
