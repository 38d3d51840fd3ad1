//! Claims and hypotheses over the stored corpus, for the export, the brief and the CLI (being
//! built in session 7; issue 10).
