//! Exports other tools read: CSV per table, GraphML, GEXF, TimelineJS, GDELT-style events, Parquet (issue 8). Being built.
