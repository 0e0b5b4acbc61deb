//! Sample populations, streamed: one source object at a time from a JSON Lines file
//! (one object per line), a JSON array of objects (`ConvertTo-Json` of `Get-ADUser` /
//! `Get-MgUser`), or a CSV file with a header row (`Export-Csv`, its `#TYPE` line
//! skipped; a file named `*.csv`), in UTF-8 or UTF-16 (Windows PowerShell 5.1 writes
//! UTF-16 LE with a byte order mark). Nothing is held but the current row, so a
//! population of a million users costs the memory of one.
//!
//! A row that is not a JSON object (or not JSON), or a CSV record with the wrong number
//! of fields, is reported with its line (JSON Lines, CSV) or its position (arrays) and
//! skipped; the rest is still read. An empty CSV cell is an absent attribute.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};

use crate::expr::eval::{Object, Value};

/// One row of a sample: where it is, and its object or why it has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based: the line of a JSON Lines file, the position in a JSON array.
    pub number: usize,
    /// The object (attribute name as written → value), or why the row was skipped.
    pub object: Result<Object, String>,
}

/// Why a sample cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    /// The file cannot be opened or read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The sample.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A JSON array that breaks off or is not an array of values.
    #[error("{}: {message}", path.display())]
    Json {
        /// The sample.
        path: PathBuf,
        /// What the JSON parser said (with line and column).
        message: String,
    },
}

/// A row as read, its JSON not parsed yet: a line of JSON Lines is parsed by whoever
/// takes the row ([`PendingRow::parse`], on any thread), so that parsing, the costly
/// part, spreads over every core; array elements and CSV records are parsed as they
/// are read.
#[derive(Debug)]
pub struct PendingRow {
    /// 1-based: the line of a JSON Lines file, the position in a JSON array.
    pub number: usize,
    content: Content,
}

#[derive(Debug)]
enum Content {
    /// A line of JSON Lines, trimmed.
    Line(String),
    /// An array element or a CSV record, already read.
    Read(Result<Object, String>),
}

impl PendingRow {
    /// The row: its object, or why it has none.
    pub fn parse(self) -> Row {
        let object = match self.content {
            Content::Read(object) => object,
            Content::Line(text) => parse_line(&text),
        };
        Row {
            number: self.number,
            object,
        }
    }
}

impl From<Row> for PendingRow {
    fn from(row: Row) -> Self {
        PendingRow {
            number: row.number,
            content: Content::Read(row.object),
        }
    }
}

/// One line of JSON Lines as an object, or why it is none.
fn parse_line(text: &str) -> Result<Object, String> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde::Deserializer::deserialize_any(&mut deserializer, ObjectVisitor)
        .and_then(|object| deserializer.end().map(|()| object))
        .map_err(|error| {
            let message = error.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(message, _)| message);
            format!("not JSON at column {}: {message}", error.column())
        })?
}

/// A line of JSON Lines read straight into a source object (no intermediate JSON
/// value for the object itself: this runs for every row of a population), or, when the
/// line is JSON but not an object, what it is instead.
struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Result<Object, String>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = Object::new();
        while let Some((name, value)) = map.next_entry::<String, serde_json::Value>()? {
            object.insert(name, Value::from_json_owned(value));
        }
        Ok(Ok(object))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Err("not a JSON object but null".to_owned()))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err("not a JSON object but a Boolean".to_owned()))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err("not a JSON object but a number".to_owned()))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err("not a JSON object but a number".to_owned()))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Err("not a JSON object but a number".to_owned()))
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Err("not a JSON object but a string".to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Err("not a JSON object but an array".to_owned()))
    }
}

/// Reads the sample at `path` row by row, calling `each` for every row in order.
/// `each` returns `false` to stop early.
pub fn for_each_row(path: &Path, mut each: impl FnMut(Row) -> bool) -> Result<(), SampleError> {
    read_rows(path, None, &mut |pending: PendingRow| each(pending.parse()))
}

/// Reads the sample at `path` in batches of up to `rows` rows, in order, their JSON
/// not parsed yet (see [`PendingRow`]). `each` returns `false` to stop early.
pub fn for_each_batch(
    path: &Path,
    rows: usize,
    each: impl FnMut(Vec<PendingRow>) -> bool,
) -> Result<(), SampleError> {
    for_each_batch_counted(path, rows, None, each)
}

/// [`for_each_batch`], adding to `read` the bytes of the file read so far (for a
/// progress bar: the file's size is known, the rows are not).
pub fn for_each_batch_counted(
    path: &Path,
    rows: usize,
    read: Option<&AtomicU64>,
    mut each: impl FnMut(Vec<PendingRow>) -> bool,
) -> Result<(), SampleError> {
    let rows = rows.max(1);
    let mut batch = Vec::with_capacity(rows);
    let mut stopped = false;
    read_rows(path, read, &mut |pending| {
        batch.push(pending);
        if batch.len() >= rows {
            stopped = !each(std::mem::replace(&mut batch, Vec::with_capacity(rows)));
            return !stopped;
        }
        true
    })?;
    if !stopped && !batch.is_empty() {
        each(batch);
    }
    Ok(())
}

/// Reads the rows of the sample at `path`, in order.
fn read_rows(
    path: &Path,
    read: Option<&AtomicU64>,
    each: &mut impl FnMut(PendingRow) -> bool,
) -> Result<(), SampleError> {
    let failed = |source| SampleError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = Counting {
        inner: File::open(path).map_err(failed)?,
        read,
    };
    let mut reader = BufReader::with_capacity(64 * 1024, Utf8Reader::new(file).map_err(failed)?);
    let mut read = |row: Row| each(PendingRow::from(row));
    // An array when the first character that is not blank is `[`.
    let csv = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"));
    if csv {
        return csv_rows(path, reader, &mut read);
    }
    let array = loop {
        let buffer = reader.fill_buf().map_err(failed)?;
        let Some(&first) = buffer.first() else {
            return Ok(());
        };
        if first.is_ascii_whitespace() {
            reader.consume(1);
            continue;
        }
        break first == b'[';
    };
    if array {
        let mut deserializer = serde_json::Deserializer::from_reader(reader);
        deserializer
            .deserialize_seq(RowsOf { each: &mut read })
            .map_err(|error| SampleError::Json {
                path: path.to_path_buf(),
                message: error.to_string(),
            })
    } else {
        let mut line = String::new();
        let mut number = 0;
        loop {
            if reader.read_line(&mut line).map_err(failed)? == 0 {
                return Ok(());
            }
            number += 1;
            // The buffer is kept for the next line; the row gets a copy of its size.
            let text = line.trim().to_owned();
            line.clear();
            if text.is_empty() {
                continue;
            }
            if !each(PendingRow {
                number,
                content: Content::Line(text),
            }) {
                return Ok(());
            }
        }
    }
}

/// The records of a CSV file with a header row as objects (header → cell; an empty
/// cell is an absent attribute). `Export-Csv`'s `#TYPE …` first line is skipped.
fn csv_rows(
    path: &Path,
    mut reader: impl BufRead,
    each: &mut impl FnMut(Row) -> bool,
) -> Result<(), SampleError> {
    let failed = |source| SampleError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut skipped_lines = 0;
    let mut first = Vec::new();
    reader.read_until(b'\n', &mut first).map_err(failed)?;
    if first.starts_with(b"#TYPE") {
        first.clear();
        reader.read_until(b'\n', &mut first).map_err(failed)?;
        skipped_lines = 1;
    }
    // The CSV reader places a record after a CRLF on the line of that CR: one more.
    let crlf = first.ends_with(b"\r\n");
    skipped_lines += usize::from(crlf);
    let mut records = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(io::Cursor::new(first).chain(reader));
    let headers = records
        .headers()
        .map_err(|error| SampleError::Json {
            path: path.to_path_buf(),
            message: format!("the header row cannot be read: {error}"),
        })?
        .clone();
    let mut record = csv::StringRecord::new();
    loop {
        let line = |position: Option<&csv::Position>| {
            position.map_or(0, |position| {
                usize::try_from(position.line())
                    .unwrap_or(usize::MAX)
                    .saturating_add(skipped_lines)
            })
        };
        let object = match records.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => Ok(headers
                .iter()
                .zip(record.iter())
                .filter(|(_, cell)| !cell.is_empty())
                .map(|(name, cell)| (name.to_owned(), Value::String(cell.to_owned())))
                .collect::<Object>()),
            Err(error) => {
                let number = line(error.position());
                let why = match error.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("{len} fields where the header row has {expected_len}"),
                    csv::ErrorKind::Io(io) => {
                        return Err(SampleError::Read {
                            path: path.to_path_buf(),
                            source: io::Error::new(io.kind(), io.to_string()),
                        });
                    }
                    _ => error.to_string(),
                };
                if !each(Row {
                    number,
                    object: Err(why),
                }) {
                    return Ok(());
                }
                continue;
            }
        };
        let number = line(record.position());
        if !each(Row { number, object }) {
            return Ok(());
        }
    }
}

/// A reader that adds the bytes it reads to a counter.
struct Counting<'c, R> {
    inner: R,
    read: Option<&'c AtomicU64>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let count = self.inner.read(buffer)?;
        if let Some(read) = self.read {
            read.fetch_add(count as u64, Ordering::Relaxed);
        }
        Ok(count)
    }
}

/// A JSON value as a source object: attribute → value (strings, lists of strings,
/// null; other JSON kept for complex values).
fn object_of(value: serde_json::Value) -> Result<Object, String> {
    match value {
        serde_json::Value::Object(fields) => Ok(fields
            .into_iter()
            .map(|(name, value)| (name, Value::from_json_owned(value)))
            .collect()),
        other => Err(format!(
            "not a JSON object but {}",
            match other {
                serde_json::Value::Null => "null",
                serde_json::Value::Bool(_) => "a Boolean",
                serde_json::Value::Number(_) => "a number",
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Array(_) => "an array",
                serde_json::Value::Object(_) => "an object",
            }
        )),
    }
}

/// The elements of a JSON array handed to the callback one at a time.
struct RowsOf<'a, F> {
    each: &'a mut F,
}

impl<'de, F: FnMut(Row) -> bool> Visitor<'de> for RowsOf<'_, F> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a JSON array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut number = 0;
        let mut stopped = false;
        while let Some(value) = seq.next_element_seed(Element)? {
            number += 1;
            if stopped {
                continue;
            }
            stopped = !(self.each)(Row {
                number,
                object: object_of(value),
            });
        }
        Ok(())
    }
}

/// One array element, whatever it is.
struct Element;

impl<'de> DeserializeSeed<'de> for Element {
    type Value = serde_json::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        serde::Deserialize::deserialize(deserializer)
    }
}

/// A reader that gives UTF-8 whatever the file is: UTF-8 (a byte order mark dropped),
/// or UTF-16 LE/BE (by its byte order mark, or LE when the first bytes hold zeros in
/// odd places, as text from Windows PowerShell does), transcoded as it streams.
struct Utf8Reader<R> {
    inner: R,
    utf16: Option<Endian>,
    /// Transcoded bytes not handed out yet, from `start`.
    pending: Vec<u8>,
    start: usize,
    /// Bytes of a character split across blocks (an odd byte, a high surrogate).
    carry: Vec<u8>,
    /// The underlying reader is exhausted.
    finished: bool,
}

#[derive(Clone, Copy)]
enum Endian {
    Little,
    Big,
}

impl<R: Read> Utf8Reader<R> {
    fn new(mut inner: R) -> io::Result<Self> {
        let mut head = [0_u8; 4];
        let mut filled = 0;
        while filled < head.len() {
            match inner.read(&mut head[filled..])? {
                0 => break,
                read => filled += read,
            }
        }
        let head = &head[..filled];
        let (utf16, skip) = match head {
            [0xEF, 0xBB, 0xBF, ..] => (None, 3),
            [0xFF, 0xFE, ..] => (Some(Endian::Little), 2),
            [0xFE, 0xFF, ..] => (Some(Endian::Big), 2),
            [a, 0, b, 0] if *a != 0 && *b != 0 => (Some(Endian::Little), 0),
            [0, a, 0, b] if *a != 0 && *b != 0 => (Some(Endian::Big), 0),
            _ => (None, 0),
        };
        let rest = head.get(skip..).unwrap_or_default().to_vec();
        let (pending, carry) = match utf16 {
            None => (rest, Vec::new()),
            Some(_) => (Vec::new(), rest),
        };
        Ok(Utf8Reader {
            inner,
            utf16,
            pending,
            start: 0,
            carry,
            finished: false,
        })
    }

    /// Reads the next block of UTF-16 and transcodes it into `pending`.
    fn transcode(&mut self, endian: Endian) -> io::Result<()> {
        let mut block = vec![0_u8; 32 * 1024];
        let read = self.inner.read(&mut block)?;
        self.finished = read == 0;
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(block.get(..read).unwrap_or_default());
        let unit = |pair: &[u8]| match (endian, pair) {
            (Endian::Little, [low, high]) => u16::from_le_bytes([*low, *high]),
            (Endian::Big, [high, low]) => u16::from_be_bytes([*high, *low]),
            _ => 0xFFFD,
        };
        let mut units: Vec<u16> = bytes.chunks_exact(2).map(unit).collect();
        let odd = bytes.len() % 2 == 1;
        if self.finished {
            if odd {
                units.push(0xFFFD);
            }
        } else {
            // A character split across blocks waits for the rest.
            let mut keep = usize::from(odd);
            if units
                .last()
                .is_some_and(|last| (0xD800..0xDC00).contains(last))
            {
                units.pop();
                keep += 2;
            }
            self.carry = bytes
                .get(bytes.len().saturating_sub(keep)..)
                .unwrap_or_default()
                .to_vec();
        }
        self.pending = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
            .into_bytes();
        self.start = 0;
        Ok(())
    }
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        loop {
            if let Some(available) = self
                .pending
                .get(self.start..)
                .filter(|rest| !rest.is_empty())
            {
                let count = available.len().min(buffer.len());
                buffer[..count].copy_from_slice(&available[..count]);
                self.start += count;
                return Ok(count);
            }
            match self.utf16 {
                None => return self.inner.read(buffer),
                Some(_) if self.finished => return Ok(0),
                Some(endian) => self.transcode(endian)?,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_rows(bytes: &[u8], name: &str) -> Vec<Row> {
        let folder = tempfile::tempdir().expect("temporary folder");
        let path = folder.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let mut rows = Vec::new();
        for_each_row(&path, |row| {
            rows.push(row);
            true
        })
        .expect("reads");
        rows
    }

    fn names(row: &Row) -> Vec<String> {
        row.object
            .as_ref()
            .map(|object| object.keys().cloned().collect())
            .unwrap_or_default()
    }

    #[test]
    fn json_lines_give_one_row_per_line_and_skip_bad_ones_with_their_line() {
        let text = "{\"givenName\": \"Zoë\"}\n\n[1]\n{oops\n{\"sn\": null, \"proxyAddresses\": [\"a\", \"b\"]}\n";
        let rows = read_rows(text.as_bytes(), "users.jsonl");
        assert_eq!(rows.len(), 4);
        assert_eq!(
            (rows[0].number, names(&rows[0])),
            (1, vec!["givenName".to_owned()])
        );
        assert_eq!(rows[1].number, 3);
        assert_eq!(
            rows[1].object,
            Err("not a JSON object but an array".to_owned())
        );
        assert!(
            rows[2]
                .object
                .as_ref()
                .is_err_and(|why| why.starts_with("not JSON"))
        );
        assert_eq!(rows[3].number, 5);
        let object = rows[3].object.as_ref().expect("an object");
        assert_eq!(
            object["proxyAddresses"],
            Value::List(vec!["a".into(), "b".into()])
        );
    }

    #[test]
    fn a_utf16_powershell_array_streams_its_elements() {
        let text =
            "[\r\n  {\"GivenName\": \"Zoë 🙂\"},\r\n  \"x\",\r\n  {\"Surname\": \"Müller\"}\r\n]";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let rows = read_rows(&bytes, "users.json");
        assert_eq!(rows.len(), 3);
        let first = rows[0].object.as_ref().expect("an object");
        assert_eq!(first["GivenName"], Value::String("Zoë 🙂".to_owned()));
        assert_eq!(
            rows[1].object,
            Err("not a JSON object but a string".to_owned())
        );
        assert_eq!(rows[2].number, 3);
        // Without a byte order mark, UTF-16 LE is recognised by its zeros.
        let plain: Vec<u8> = "{\"a\": \"b\"}\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            names(&read_rows(&plain, "users.jsonl")[0]),
            vec!["a".to_owned()]
        );
    }

    #[test]
    fn csv_records_become_objects_and_a_short_record_is_skipped_with_its_line() {
        let text = "#TYPE Microsoft.ActiveDirectory.Management.ADUser\r\n\"GivenName\",\"Surname\",\"proxyAddresses\"\r\n\"Zoë\",\"Müller\",\"SMTP:z@c.test;smtp:zm@c.test\"\r\n\"Jane\"\r\n\"Ann\",\"\",\"\"\r\n";
        let rows = read_rows(text.as_bytes(), "users.csv");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].number, 3);
        let first = rows[0].object.as_ref().expect("a record");
        assert_eq!(first["GivenName"], Value::String("Zoë".to_owned()));
        assert_eq!(
            rows[1].object,
            Err("1 fields where the header row has 3".to_owned())
        );
        assert_eq!(rows[1].number, 4);
        assert_eq!(
            names(&rows[2]),
            vec!["GivenName".to_owned()],
            "empty cells are absent"
        );
        let plain = read_rows(b"a,b\nx,y\n\"multi\nline\",z\nq,r\n", "users.csv");
        let numbers: Vec<usize> = plain.iter().map(|row| row.number).collect();
        let crlf = read_rows(b"a,b\r\nx,y\r\nq,r\r\n", "users.csv");
        let crlf_numbers: Vec<usize> = crlf.iter().map(|row| row.number).collect();
        assert_eq!(numbers, vec![2, 3, 5], "lines where each record starts");
        assert_eq!(crlf_numbers, vec![2, 3], "the same with CRLF");
    }

    #[test]
    fn a_broken_array_is_an_error_naming_the_file_and_the_place() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let path = folder.path().join("users.json");
        std::fs::write(&path, "[{\"a\": 1},\n {\"b\": ").expect("write");
        let mut seen = 0;
        let error = for_each_row(&path, |_| {
            seen += 1;
            true
        })
        .expect_err("cut off");
        assert_eq!(seen, 1, "the rows before the break are still read");
        let message = error.to_string();
        assert!(
            message.contains("users.json") && message.contains("line 2"),
            "{message}"
        );
    }
}
