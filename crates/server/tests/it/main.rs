//! Integration tests of the `server` crate: one binary. The read routes run against one store
//! analysed once (the example corpus plus a hostile document written here), shared by all
//! tests; ingest tests use fresh stores of their own.

mod export;
mod fixture;
mod ingest;
mod postgres;
mod read;
mod security;
