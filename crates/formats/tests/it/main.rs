//! The exports of the example corpus (`examples/corpus`, analysed once per test binary), each
//! read back with a reader of its own kind (csv, parquet, roxmltree, serde_json) and checked
//! against what the corpus plants: the merged actor appears once, the disputed arrest date
//! shows both sides, the arrest's GDELT row has the right CAMEO codes and source count.

mod fixture;
mod graphs;
mod hostile;
mod tables;
mod timeline_gdelt;
