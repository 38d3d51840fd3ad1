//! Integration tests of the `store` crate: one binary (see Cargo.toml `[[test]]`).
//!
//! `suite` holds backend-independent behaviour written against the `Store` trait;
//! `backend_suite!` instantiates it for one backend given an expression that opens a fresh,
//! empty store (anything that dereferences to a `Store`). Backend-specific behaviour (files,
//! migrations, crashes, concurrency) lives in the backend's own module.

/// Generates one `#[test]` per suite function, each on a fresh store from `$open`.
macro_rules! backend_suite {
    ($open:expr) => {
        backend_suite!(@tests $open;
            round_trip_rich,
            round_trip_plain_articles,
            round_trip_minimal,
            ids_and_prefixes,
            already_stored_is_skipped,
            list_order_and_filters,
            list_summary_fields,
            for_each_matches_list_across_pages,
            for_each_stops_on_error,
            runs_and_diagnostics,
            stats_counts,
            text_hashes_and_signatures,
            failed_batch_is_atomic,
            batch_for_unknown_run_fails,
            empty_batch,
            update_annotations_in_place,
            for_each_layers_reads_only_those,
            reasoning_larger_than_a_part_round_trips,
            count_and_published_bounds,
            search_finds_words_and_never_errors,
            overview_counts,
        );
    };
    (@tests $open:expr; $($name:ident,)*) => {
        $(
            #[test]
            fn $name() {
                let mut store = $open;
                crate::suite::$name(&mut *store);
            }
        )*
    };
}

mod fixtures;
mod postgres;
mod sqlite;
mod suite;
