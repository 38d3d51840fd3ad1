//! Parquet encoding of a [`Table`] (arrow-rs): typed, nullable columns (text as UTF-8
//! strings, counts and offsets as Int64, indices as UInt32, numbers as Float64, flags as
//! Boolean, days as Date32), Snappy-compressed, readable by pandas, Polars, DuckDB and Spark.
//!
//! Rows are gathered into Arrow arrays and written as a record batch every [`BATCH_ROWS`]
//! rows or [`BATCH_BYTES`] bytes of text, whichever comes first, each batch closing a row
//! group: memory stays bounded whatever the table's size.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{ArrayBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder, UInt32Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::table::{Kind, Sink, Table, Value};
use crate::Error;

/// Rows per record batch (and row group).
pub const BATCH_ROWS: usize = 65_536;
/// Bytes of text per record batch: documents' full texts make rows large.
pub const BATCH_BYTES: usize = 32 << 20;

/// Writes one table's rows as a Parquet file.
pub struct ParquetSink<'w> {
    writer: ArrowWriter<&'w mut (dyn Write + Send)>,
    schema: SchemaRef,
    kinds: Vec<Kind>,
    columns: Vec<Builder>,
    buffered_rows: usize,
    buffered_bytes: usize,
    rows: u64,
}

enum Builder {
    Str(StringBuilder),
    Int(Int64Builder),
    Index(UInt32Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
    Date(Date32Builder),
}

impl Builder {
    fn new(kind: Kind) -> Builder {
        match kind {
            Kind::Str => Builder::Str(StringBuilder::new()),
            Kind::Int => Builder::Int(Int64Builder::new()),
            Kind::Index => Builder::Index(UInt32Builder::new()),
            Kind::Float => Builder::Float(Float64Builder::new()),
            Kind::Bool => Builder::Bool(BooleanBuilder::new()),
            Kind::Date => Builder::Date(Date32Builder::new()),
        }
    }

    /// Appends a value, converted to the column's type when it can be and null otherwise.
    /// Returns the bytes of text appended.
    fn push(&mut self, v: &Value) -> usize {
        match (self, v) {
            (Builder::Str(b), Value::Str(s) | Value::Date(s)) => {
                b.append_value(s);
                return s.len();
            }
            (Builder::Str(b), Value::Int(i)) => b.append_value(i.to_string()),
            (Builder::Str(b), Value::Index(i)) => b.append_value(i.to_string()),
            (Builder::Str(b), Value::Float(f)) => b.append_value(f.to_string()),
            (Builder::Str(b), Value::Bool(x)) => b.append_value(x.to_string()),
            (Builder::Str(b), Value::Null) => b.append_null(),
            (Builder::Int(b), v) => b.append_option(match v {
                Value::Int(i) => Some(*i),
                Value::Index(i) => Some(i64::from(*i)),
                _ => None,
            }),
            (Builder::Index(b), v) => b.append_option(match v {
                Value::Index(i) => Some(*i),
                Value::Int(i) => u32::try_from(*i).ok(),
                _ => None,
            }),
            (Builder::Float(b), v) => b.append_option(match v {
                Value::Float(f) => Some(*f),
                Value::Int(i) => Some(*i as f64),
                Value::Index(i) => Some(f64::from(*i)),
                _ => None,
            }),
            (Builder::Bool(b), v) => b.append_option(match v {
                Value::Bool(x) => Some(*x),
                _ => None,
            }),
            (Builder::Date(b), v) => b.append_option(match v {
                Value::Date(s) | Value::Str(s) => date32(s),
                _ => None,
            }),
        }
        0
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Str(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Index(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Builder::Str(b) => b.len(),
            Builder::Int(b) => b.len(),
            Builder::Index(b) => b.len(),
            Builder::Float(b) => b.len(),
            Builder::Bool(b) => b.len(),
            Builder::Date(b) => b.len(),
        }
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (longer values are cut to their day); `None`
/// when it is not a real day ("2031-02-30").
pub fn date32(value: &str) -> Option<i32> {
    let day = value.get(..10)?;
    let n = reason::facts::day_number(day)?;
    let (y, m, d) = crate::days::civil(n);
    if format!("{y:04}-{m:02}-{d:02}") != day {
        return None;
    }
    let epoch = reason::facts::day_number("1970-01-01")?;
    i32::try_from(n - epoch).ok()
}

/// The Arrow schema of a table.
pub fn schema(table: Table) -> Schema {
    Schema::new(
        table
            .columns()
            .iter()
            .map(|c| {
                let t = match c.kind {
                    Kind::Str => DataType::Utf8,
                    Kind::Int => DataType::Int64,
                    Kind::Index => DataType::UInt32,
                    Kind::Float => DataType::Float64,
                    Kind::Bool => DataType::Boolean,
                    Kind::Date => DataType::Date32,
                };
                Field::new(c.name, t, true)
            })
            .collect::<Vec<_>>(),
    )
}

impl<'w> ParquetSink<'w> {
    pub fn new(out: &'w mut (dyn Write + Send), table: Table) -> Result<ParquetSink<'w>, Error> {
        let schema: SchemaRef = Arc::new(schema(table));
        let props = WriterProperties::builder().set_compression(Compression::SNAPPY).set_created_by(format!("dossier {}", env!("CARGO_PKG_VERSION"))).build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props))?;
        let kinds: Vec<Kind> = table.columns().iter().map(|c| c.kind).collect();
        let columns = kinds.iter().map(|&k| Builder::new(k)).collect();
        Ok(ParquetSink { writer, schema, kinds, columns, buffered_rows: 0, buffered_bytes: 0, rows: 0 })
    }

    /// Writes the buffered rows as one record batch and closes the row group.
    fn flush_batch(&mut self) -> Result<(), Error> {
        if self.buffered_rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.columns.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)?;
        self.writer.write(&batch)?;
        self.writer.flush()?;
        self.buffered_rows = 0;
        self.buffered_bytes = 0;
        Ok(())
    }

    /// Writes what is buffered and the file's footer; returns the number of rows.
    pub fn finish(mut self) -> Result<u64, Error> {
        self.flush_batch()?;
        self.writer.close()?;
        Ok(self.rows)
    }
}

impl Sink for ParquetSink<'_> {
    fn row(&mut self, row: &[Value]) -> Result<(), Error> {
        for (k, b) in self.columns.iter_mut().enumerate() {
            self.buffered_bytes += b.push(row.get(k).unwrap_or(&Value::Null));
        }
        debug_assert!(self.columns.iter().all(|b| b.len() == self.buffered_rows + 1), "{:?}", self.kinds);
        self.buffered_rows += 1;
        self.rows += 1;
        if self.buffered_rows >= BATCH_ROWS || self.buffered_bytes >= BATCH_BYTES {
            self.flush_batch()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date32("1970-01-01"), Some(0));
        assert_eq!(date32("1970-01-02"), Some(1));
        assert_eq!(date32("1969-12-31"), Some(-1));
        assert_eq!(date32("2031-01-06T10:00"), date32("2031-01-06"));
        assert_eq!(date32("2031-02-30"), None);
        assert_eq!(date32("2031"), None);
        assert_eq!(date32("é"), None);
    }
}
