//! The HTTP API and web workspace behind `dossier serve` (issue 8). Being built.
