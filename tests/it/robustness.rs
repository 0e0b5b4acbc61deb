//! The mutation corpus: thousands of broken variants of the fixtures (and of the real
//! samples, when present) go through load, validate, diff against the original, the
//! canonical form `fmt` writes, and the expression parser — in process, each on its own
//! thread under a time bound and `catch_unwind`. Every input must end in a result or a
//! clear one-line error: no panic, no hang.
//!
//! The generator is deterministic (a small LCG with a fixed seed), so a failure
//! reproduces; failing inputs are written to a temporary folder whose path is printed.
//! `SYNCLENS_CORPUS_SCALE=N` multiplies the number of random variants (default 1).
//!
//! Memory stays bounded by construction: the largest input is a sample (2.3 MB) or a
//! fixture with one value replaced by a string of 1-4 MiB or an array of up to 100,000
//! elements (1-4 MiB of JSON), and
//! nesting stops at serde_json's 128-level limit before any tree is built, so no input
//! needs more than a few hundred megabytes in a debug build.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;
use synclens::diff::{DiffOptions, diff_named};
use synclens::load::{LoadOptions, Loaded, load_bytes};
use synclens::model::Kind;
use synclens::validate::{Options, load_failure, validate_loaded, validate_path};

use super::{Lcg, files, root, samples};

/// Longest any one input may take (debug build, shared machine).
const TIME_LIMIT: Duration = Duration::from_secs(10);

impl Lcg {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn scale() -> usize {
    std::env::var("SYNCLENS_CORPUS_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// One original document.
struct Seed {
    name: String,
    bytes: Vec<u8>,
    /// The original loaded, to diff the variants against.
    loaded: Option<Arc<Loaded>>,
    /// The JSON value, when the seed is UTF-8 JSON (for structural mutations).
    value: Option<Value>,
    /// Whether the seed is one of the large real samples (fewer variants).
    large: bool,
}

/// Half of the seeds (`part` 0 or 1), so the two halves run as two tests in parallel.
fn seeds(part: usize) -> Vec<Seed> {
    let data = root().join("testdata");
    let mut paths = files(&data.join("valid"));
    paths.extend(files(&data.join("invalid")));
    let mut cases: Vec<PathBuf> = std::fs::read_dir(data.join("diff"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    cases.sort();
    for case in cases {
        paths.extend(files(&case));
    }
    if let Some(folder) = samples() {
        paths.extend(files(&folder));
    }
    paths
        .into_iter()
        .enumerate()
        .filter(|(index, _)| index % 2 == part)
        .map(|(_, path)| {
            let bytes = std::fs::read(&path).unwrap();
            let loaded = load_bytes(&path, bytes.clone(), LoadOptions::default())
                .ok()
                .map(Arc::new);
            let value = std::str::from_utf8(&bytes)
                .ok()
                .and_then(|text| serde_json::from_str(text.trim_start_matches('\u{feff}')).ok());
            let name = path
                .strip_prefix(root())
                .or_else(|_| path.strip_prefix(root().join("..")))
                .unwrap_or(&path)
                .display()
                .to_string()
                .replace(['/', '\\'], "_");
            Seed {
                name,
                large: bytes.len() > 200_000,
                bytes,
                loaded,
                value,
            }
        })
        .collect()
}

/// One broken input: what was done, and the bytes.
struct Variant {
    label: String,
    bytes: Vec<u8>,
}

fn variant(label: impl Into<String>, bytes: Vec<u8>) -> Variant {
    Variant {
        label: label.into(),
        bytes,
    }
}

fn is_utf16(bytes: &[u8]) -> bool {
    matches!(bytes, [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..])
}

/// Every JSON pointer in a value, in document order.
fn pointers(value: &Value, prefix: &str, out: &mut Vec<String>) {
    out.push(prefix.to_owned());
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                pointers(item, &format!("{prefix}/{index}"), out);
            }
        }
        Value::Object(members) => {
            for (key, item) in members {
                let token = key.replace('~', "~0").replace('/', "~1");
                pointers(item, &format!("{prefix}/{token}"), out);
            }
        }
        _ => {}
    }
}

const MARKER: &str = "@@synclens-corpus-marker@@";

/// The document with the value at `pointer` written as `raw` JSON text (which may be
/// anything, valid JSON or not).
fn splice(value: &Value, pointer: &str, raw: &str) -> Vec<u8> {
    let mut copy = value.clone();
    if pointer.is_empty() {
        return raw.as_bytes().to_vec();
    }
    if let Some(slot) = copy.pointer_mut(pointer) {
        *slot = Value::String(MARKER.to_owned());
    }
    let text = serde_json::to_string_pretty(&copy).unwrap();
    text.replacen(&format!("\"{MARKER}\""), raw, 1).into_bytes()
}

/// A value of another JSON type than `value`.
fn other_type(value: &Value, rng: &mut Lcg) -> &'static str {
    let choices: &[&str] = match value {
        Value::Null => &["0", "\"\"", "[]", "{}", "true"],
        Value::Bool(_) => &["\"true\"", "1", "null", "[]", "{}"],
        Value::Number(_) => &["\"1\"", "true", "null", "[1]", "{}"],
        Value::String(_) => &["12345", "false", "null", "[\"x\"]", "{\"x\": 1}"],
        Value::Array(_) => &["\"[]\"", "0", "null", "{}", "true"],
        Value::Object(_) => &["\"{}\"", "0", "null", "[]", "[{}]"],
    };
    choices[rng.below(choices.len())]
}

/// An object's members written out with its first key repeated at the end.
fn with_duplicate_key(object: &serde_json::Map<String, Value>) -> Option<String> {
    let (key, first) = object.iter().next()?;
    let mut members: Vec<String> = object
        .iter()
        .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), v))
        .collect();
    members.push(format!("{}: {}", Value::String(key.clone()), first));
    Some(format!("{{{}}}", members.join(", ")))
}

fn deep(depth: usize, open: &str, close: &str, inner: &str) -> String {
    let mut text = String::with_capacity(depth * (open.len() + close.len()) + inner.len());
    for _ in 0..depth {
        text.push_str(open);
    }
    text.push_str(inner);
    for _ in 0..depth {
        text.push_str(close);
    }
    text
}

/// Number spellings JSON parsers disagree on or Graph cannot hold.
const ODD_NUMBERS: &[&str] = &[
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "-1e999",
    "1e-999",
    "-0",
    "-0.0",
    "18446744073709551616",
    "-9223372036854775809",
    "9223372036854775808",
    "123456789012345678901234567890",
    "0x10",
    "01",
    "1.",
    ".5",
    "+1",
];

/// The variants of one seed; `n` scales the random ones.
#[allow(clippy::too_many_lines)]
fn variants(seed: &Seed, rng: &mut Lcg, n: usize) -> Vec<Variant> {
    let bytes = &seed.bytes;
    let len = bytes.len();
    let mut out = Vec::new();
    // The large samples take seconds each in a debug build: fewer variants of them.
    let n = if seed.large { n.div_ceil(2) } else { n };
    // Truncation at random points (and the first and last bytes).
    out.push(variant("truncated to 1 byte", bytes[..1.min(len)].to_vec()));
    out.push(variant(
        "last byte cut",
        bytes[..len.saturating_sub(1)].to_vec(),
    ));
    for _ in 0..n {
        let at = rng.below(len);
        out.push(variant(format!("truncated at {at}"), bytes[..at].to_vec()));
    }
    // Random byte flips.
    for _ in 0..n {
        let mut copy = bytes.clone();
        let flips = 1 + rng.below(4);
        for _ in 0..flips {
            let at = rng.below(len);
            copy[at] = u8::try_from(rng.below(256)).unwrap();
        }
        out.push(variant(format!("{flips} byte(s) flipped"), copy));
    }
    // A chunk deleted or repeated.
    for _ in 0..n.div_ceil(2) {
        let start = rng.below(len);
        let end = (start + 1 + rng.below(200)).min(len);
        let mut copy = bytes[..start].to_vec();
        if rng.below(2) == 0 {
            copy.extend_from_slice(&bytes[start..end]);
        }
        copy.extend_from_slice(&bytes[start..]);
        out.push(variant(format!("chunk {start}..{end} edited"), copy));
    }
    if is_utf16(bytes) {
        // Lone surrogates and odd lengths in UTF-16.
        for unit in [[0x00, 0xD8], [0x00, 0xDC], [0xFF, 0xDB]] {
            let mut copy = bytes.clone();
            let at = 2 + 2 * rng.below((len - 2) / 2);
            let unit = if bytes[0] == 0xFF {
                unit
            } else {
                [unit[1], unit[0]]
            };
            copy[at..at + 2].copy_from_slice(&unit);
            out.push(variant(format!("UTF-16 surrogate at {at}"), copy));
        }
        let mut odd = bytes.clone();
        odd.push(b' ');
        out.push(variant("UTF-16 with an odd length", odd));
        return out;
    }
    // Invalid UTF-8, a BOM in the middle, a UTF-16 BOM before UTF-8.
    let insertions: [(&str, &[u8]); 6] = [
        ("byte 0xFF", b"\xFF"),
        ("lone lead byte", b"\xC3"),
        ("overlong encoding", b"\xC0\xAF"),
        ("encoded surrogate", b"\xED\xA0\x80"),
        ("BOM in the middle", b"\xEF\xBB\xBF"),
        ("NUL byte", b"\0"),
    ];
    for _ in 0..2 * n {
        let (label, inserted) = *rng.pick(&insertions);
        let at = rng.below(len);
        let mut copy = bytes.clone();
        copy.splice(at..at, inserted.iter().copied());
        out.push(variant(format!("{label} at {at}"), copy));
    }
    let mut prefixed = if rng.below(2) == 0 {
        vec![0xFF, 0xFE]
    } else {
        b"\xEF\xBB\xBF\xEF\xBB\xBF".to_vec()
    };
    prefixed.extend_from_slice(bytes);
    out.push(variant("a UTF-16 BOM or two BOMs before UTF-8", prefixed));
    // Lone surrogate escapes inside strings.
    let quotes: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'"')
        .map(|(i, _)| i)
        .collect();
    if !quotes.is_empty() {
        let escapes = [
            "\\ud800",
            "\\udc00",
            "\\ud800\\u0041",
            "\\udbff\\udbff",
            "\\u0000",
        ];
        for _ in 0..2 * n {
            let escape = *rng.pick(&escapes);
            let at = *rng.pick(&quotes) + 1;
            let mut copy = bytes.clone();
            copy.splice(at..at, escape.bytes());
            out.push(variant(format!("escape {escape} at {at}"), copy));
        }
    }
    let Some(value) = &seed.value else {
        return out;
    };
    let mut all = Vec::new();
    pointers(value, "", &mut all);
    // Wrong types in every field, in turn (bounded; the large samples get a stride).
    let budget = if seed.large { n } else { 4 * n };
    let stride = all.len().div_ceil(budget).max(1);
    let offset = rng.below(stride);
    for pointer in all.iter().skip(offset).step_by(stride) {
        let current = value.pointer(pointer).unwrap();
        let raw = other_type(current, rng);
        out.push(variant(
            format!("{pointer} = {raw}"),
            splice(value, pointer, raw),
        ));
    }
    let strings: Vec<&String> = all
        .iter()
        .filter(|p| value.pointer(p).is_some_and(Value::is_string))
        .collect();
    let arrays: Vec<&String> = all
        .iter()
        .filter(|p| value.pointer(p).is_some_and(Value::is_array))
        .collect();
    let objects: Vec<&String> = all
        .iter()
        .filter(|p| {
            value
                .pointer(p)
                .is_some_and(|v| v.as_object().is_some_and(|o| !o.is_empty()))
        })
        .collect();
    let leaves: Vec<&String> = all
        .iter()
        .filter(|p| {
            value
                .pointer(p)
                .is_some_and(|v| !v.is_array() && !v.is_object())
        })
        .collect();
    // The expensive variants (megabytes each) for one seed in eight (all with a scale of
    // eight or more); the large samples only from a scale of two.
    let rounds = if seed.large {
        n / 2
    } else {
        usize::from(rng.below(8) < n) * n.div_ceil(8)
    };
    // Huge: 1 MiB per scale step up to 4 MiB, far beyond any real value.
    let huge_bytes = (1 << 20) * n.min(4);
    for _ in 0..rounds {
        // Huge strings and arrays.
        if !strings.is_empty() {
            let pointer = *rng.pick(&strings);
            let huge = Value::String("x".repeat(huge_bytes)).to_string();
            out.push(variant(
                format!("{pointer} = {huge_bytes}-byte string"),
                splice(value, pointer, &huge),
            ));
            let pointer = *rng.pick(&strings);
            let escaped = format!("\"{}\"", "\\u00e9".repeat(100_000));
            out.push(variant(
                format!("{pointer} = 100,000 escapes"),
                splice(value, pointer, &escaped),
            ));
        }
        if !arrays.is_empty() {
            let pointer = *rng.pick(&arrays);
            let element = value
                .pointer(pointer)
                .and_then(|a| a.as_array()?.first().cloned())
                .filter(|e| e.to_string().len() < 2_000)
                .unwrap_or(Value::Null);
            // About `huge_bytes` of JSON, whatever the element.
            let copies = (huge_bytes / (element.to_string().len() + 2)).clamp(1_000, 100_000);
            let huge = Value::Array(vec![element; copies]).to_string();
            out.push(variant(
                format!("{pointer} = {copies} copies"),
                splice(value, pointer, &huge),
            ));
        }
        // Deep nesting in place of a value.
        let pointer = rng.pick(&all);
        out.push(variant(
            format!("{pointer} = 100,000 nested arrays"),
            splice(value, pointer, &deep(100_000, "[", "]", "")),
        ));
        out.push(variant(
            format!("{pointer} = 120 nested objects"),
            splice(value, pointer, &deep(120, "{\"a\":", "}", "1")),
        ));
        // Duplicate keys.
        if !objects.is_empty() {
            let pointer = *rng.pick(&objects);
            if let Some(raw) = value
                .pointer(pointer)
                .and_then(Value::as_object)
                .and_then(with_duplicate_key)
            {
                out.push(variant(
                    format!("{pointer} with a duplicate key"),
                    splice(value, pointer, &raw),
                ));
            }
        }
        // NaN-like and 64-bit overflow numbers.
        if !leaves.is_empty() {
            for _ in 0..3 {
                let pointer = *rng.pick(&leaves);
                let number = *rng.pick(ODD_NUMBERS);
                out.push(variant(
                    format!("{pointer} = {number}"),
                    splice(value, pointer, number),
                ));
            }
        }
        // A BOM inside a string value.
        if !strings.is_empty() {
            let pointer = *rng.pick(&strings);
            out.push(variant(
                format!("{pointer} with a BOM inside"),
                splice(value, pointer, "\"a\u{feff}b\""),
            ));
        }
    }
    out
}

/// Documents that are nothing but nesting, once per run.
fn nesting() -> Vec<Variant> {
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        deep(100_000, "[", "]", "")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let mut out: Vec<Variant> = [
        ("100,000 nested arrays", deep(100_000, "[", "]", "")),
        ("100,000 nested objects", deep(100_000, "{\"a\":", "}", "1")),
        ("100,000 unclosed arrays", "[".repeat(100_000)),
        ("100,000 unclosed objects", "{\"a\":".repeat(100_000)),
        ("100,000 mixed", deep(50_000, "[{\"a\":", "}]", "null")),
        ("129 nested arrays", deep(129, "[", "]", "")),
        ("127 nested arrays", deep(127, "[", "]", "")),
    ]
    .into_iter()
    .map(|(label, text)| variant(label, text.into_bytes()))
    .collect();
    out.push(variant("100,000 nested arrays in UTF-16", utf16));
    out
}

/// Expression texts in a loaded document (the `expression` members).
fn expressions(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| expressions(item, out)),
        Value::Object(members) => {
            for (key, item) in members {
                if key == "expression"
                    && let Value::String(text) = item
                {
                    out.push(text.clone());
                }
                expressions(item, out);
            }
        }
        _ => {}
    }
}

/// Broken variants of expression texts.
fn expression_variants(texts: &[String], rng: &mut Lcg, n: usize) -> Vec<String> {
    let mut out = vec![
        "Trim(".repeat(100_000),
        deep(100_000, "Trim(", ")", "[a]"),
        deep(300, "Trim(", ")", "[a]"),
        "(".repeat(100_000),
        "\"".repeat(3),
        "[".repeat(100_000),
        format!("\"{}", "\\".repeat(10_001)),
        "Join(\",\"".to_owned() + &", [a]".repeat(100_000) + ")",
        "IIF([a]=\"1\", \u{feff}\"x\", \"\u{d7ff}\")".to_owned(),
        "99999999999999999999999999".to_owned(),
        "Mid([a], -9223372036854775809, 1e999)".to_owned(),
    ];
    if texts.is_empty() {
        return out;
    }
    for _ in 0..20 * n {
        let text = rng.pick(texts);
        let chars: Vec<char> = text.chars().collect();
        if chars.is_empty() {
            continue;
        }
        let at = rng.below(chars.len());
        let mutated: String = match rng.below(4) {
            0 => chars[..at].iter().collect(),
            1 => {
                let mut copy = chars.clone();
                copy[at] = *rng.pick(&['(', ')', '"', '[', ']', ',', '\\', '\u{0}', 'é', '=']);
                copy.into_iter().collect()
            }
            2 => {
                let mut copy = chars.clone();
                copy.remove(at);
                copy.into_iter().collect()
            }
            _ => {
                let mut copy = chars[..at].to_vec();
                copy.extend(chars[at..].iter().copied());
                copy.extend(chars[at..].iter().copied());
                copy.into_iter().collect()
            }
        };
        out.push(mutated);
    }
    out
}

/// What happened to one input.
enum Verdict {
    Ok,
    Failed(String),
}

/// Runs everything on one input: load, validate, diff both ways against the original,
/// the canonical form and its reload, and the expression parser on its expressions.
fn exercise(bytes: &[u8], original: Option<&Loaded>, on_disk: Option<&Path>) -> Result<(), String> {
    let path = Path::new("corpus.json");
    let options = Options::default();
    if let Some(file) = on_disk {
        std::fs::write(file, bytes).map_err(|e| e.to_string())?;
        let report = validate_path(file, "corpus.json", &options);
        if report.kind.is_none() && report.findings.len() != 1 {
            return Err("validate_path: an unloadable file has no single P001".to_owned());
        }
    }
    let loaded = match load_bytes(path, bytes.to_vec(), LoadOptions::default()) {
        Ok(loaded) => loaded,
        Err(error) => {
            let message = error.to_string();
            if message.contains('\n') || message.len() > 2_000 {
                return Err(format!("load error is not one short line: {message}"));
            }
            let report = load_failure(&error, "corpus.json", &options);
            if report.findings.len() != 1 {
                return Err("load failure is not one P001 finding".to_owned());
            }
            return Ok(());
        }
    };
    let _ = validate_loaded(&loaded, "corpus.json", &options);
    if let Some(original) = original {
        let diff = DiffOptions::default();
        let _ = diff_named(original, &loaded, Some("corpus.json"), path, &diff);
        let _ = diff_named(&loaded, original, Some("corpus.json"), path, &diff);
    }
    let kind = loaded.kind();
    if kind != Kind::Unknown {
        // What fmt writes must load again as the same document.
        let text = synclens::canonical::canonical(&loaded.document);
        let reloaded = load_bytes(
            path,
            text.clone().into_bytes(),
            LoadOptions { kind: Some(kind) },
        )
        .map_err(|e| format!("the canonical form does not load: {e}"))?;
        if synclens::canonical::canonical(&reloaded.document) != text {
            return Err("the canonical form does not read back the same".to_owned());
        }
    }
    let mut texts = Vec::new();
    expressions(&loaded.to_value(), &mut texts);
    for text in texts {
        let _ = synclens::expr::check_length(&text);
        if let Ok(expr) = synclens::expr::parse(&text) {
            let printed = synclens::expr::print(&expr);
            synclens::expr::parse(&printed)
                .map_err(|e| format!("printed expression does not parse: {e}"))?;
        }
    }
    Ok(())
}

fn exercise_expression(text: &str) -> Result<(), String> {
    let _ = synclens::expr::check_length(text);
    if let Ok(expr) = synclens::expr::parse(text) {
        let printed = synclens::expr::print(&expr);
        synclens::expr::parse(&printed)
            .map_err(|e| format!("printed expression does not parse: {e}"))?;
    }
    Ok(())
}

/// Runs `work` on its own thread under [`TIME_LIMIT`] and `catch_unwind`.
fn bounded(work: impl FnOnce() -> Result<(), String> + Send + 'static) -> Verdict {
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("corpus".to_owned())
        .spawn(move || {
            let result = std::panic::catch_unwind(AssertUnwindSafe(work));
            let _ = sender.send(match result {
                Ok(Ok(())) => Verdict::Ok,
                Ok(Err(message)) => Verdict::Failed(message),
                Err(panic) => Verdict::Failed(format!(
                    "panic: {}",
                    panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_default()
                )),
            });
        })
        .unwrap();
    match receiver.recv_timeout(TIME_LIMIT) {
        Ok(verdict) => verdict,
        Err(_) => Verdict::Failed(format!("no result within {TIME_LIMIT:?}")),
    }
}

/// Where failing inputs are written.
fn failure_folder() -> PathBuf {
    let folder = std::env::temp_dir().join("synclens-corpus-failures");
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

fn record(failures: &mut Vec<String>, name: &str, label: &str, bytes: &[u8], message: &str) {
    let file = failure_folder().join(format!("{name}-{}.json", failures.len()));
    std::fs::write(&file, bytes).unwrap();
    let line = format!("{name} ({label}): {message}; input: {}", file.display());
    eprintln!("corpus failure: {line}");
    failures.push(line);
}

#[test]
fn mutated_documents_load_or_fail_cleanly_part_1() {
    run_corpus(0);
}

#[test]
fn mutated_documents_load_or_fail_cleanly_part_2() {
    run_corpus(1);
}

/// Runs one half of the corpus (the nesting documents with the first half, the
/// expressions with the second).
fn run_corpus(part: usize) {
    let started = Instant::now();
    let n = scale();
    let mut rng = Lcg(0x5EED_0000_0000_0009 + part as u64);
    let scratch = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut count = 0usize;
    let mut slowest = (Duration::ZERO, String::new());
    let mut expression_texts = Vec::new();
    let mut seeds = seeds(part);
    if part == 0 {
        seeds.push(Seed {
            name: "nesting".to_owned(),
            bytes: Vec::new(),
            loaded: None,
            value: None,
            large: false,
        });
    }
    for seed in seeds {
        if let Some(loaded) = &seed.loaded {
            expressions(&loaded.to_value(), &mut expression_texts);
        }
        let variants = if seed.bytes.is_empty() {
            nesting()
        } else {
            variants(&seed, &mut rng, n)
        };
        for variant in variants {
            count += 1;
            let bytes = Arc::new(variant.bytes);
            let original = seed.loaded.clone();
            // Every 25th input also goes through validate_path from a file.
            let on_disk = count
                .is_multiple_of(25)
                .then(|| scratch.path().join(format!("{count}.json")));
            let input = Arc::clone(&bytes);
            let began = Instant::now();
            let verdict =
                bounded(move || exercise(&input, original.as_deref(), on_disk.as_deref()));
            let took = began.elapsed();
            if took > slowest.0 {
                slowest = (took, format!("{} ({})", seed.name, variant.label));
            }
            if let Verdict::Failed(message) = verdict {
                record(&mut failures, &seed.name, &variant.label, &bytes, &message);
                assert!(
                    !message.starts_with("no result"),
                    "stopped at a hang: {}",
                    failures.join("\n")
                );
            }
        }
    }
    expression_texts.sort();
    expression_texts.dedup();
    let expression_inputs = if part == 1 {
        expression_variants(&expression_texts, &mut rng, n)
    } else {
        Vec::new()
    };
    for text in expression_inputs {
        count += 1;
        let input = text.clone();
        if let Verdict::Failed(message) = bounded(move || exercise_expression(&input)) {
            record(
                &mut failures,
                "expression",
                "mutated",
                text.as_bytes(),
                &message,
            );
        }
    }
    eprintln!(
        "corpus part {}: {count} inputs in {:.1?} (scale {n}); slowest {:.1?}: {}",
        part + 1,
        started.elapsed(),
        slowest.0,
        slowest.1
    );
    assert!(count >= 500, "only {count} inputs");
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
