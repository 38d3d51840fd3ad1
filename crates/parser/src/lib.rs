//! Dependency parser (Universal Dependencies relations) for English, in pure Rust.
