//! CSV encoding of a [`Table`]: UTF-8, a header row with the column names, every value as
//! text (empty for null, `true`/`false`, numbers as Rust prints them: shortest round-trip).

use std::io::Write;

use crate::table::{Sink, Table, Value};
use crate::Error;

/// Writes one table's rows as CSV.
pub struct CsvSink<'w> {
    writer: csv::Writer<&'w mut (dyn Write + Send)>,
    rows: u64,
    header: Option<Vec<&'static str>>,
}

impl<'w> CsvSink<'w> {
    pub fn new(out: &'w mut (dyn Write + Send), table: Table) -> CsvSink<'w> {
        let header = Some(table.columns().iter().map(|c| c.name).collect());
        CsvSink { writer: csv::Writer::from_writer(out), rows: 0, header }
    }

    fn write_header(&mut self) -> Result<(), Error> {
        if let Some(h) = self.header.take() {
            self.writer.write_record(h)?;
        }
        Ok(())
    }

    /// Flushes and returns the number of rows written (the header always is, even for an
    /// empty table, so readers see the columns).
    pub fn finish(mut self) -> Result<u64, Error> {
        self.write_header()?;
        self.writer.flush()?;
        Ok(self.rows)
    }
}

impl Sink for CsvSink<'_> {
    fn row(&mut self, row: &[Value]) -> Result<(), Error> {
        self.write_header()?;
        self.writer.write_record(row.iter().map(cell))?;
        self.rows += 1;
        Ok(())
    }
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Str(s) | Value::Date(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Index(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
    }
}
