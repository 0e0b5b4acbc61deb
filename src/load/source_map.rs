//! The source map: from a JSON pointer to the line and column it came from.
//!
//! Built in one pass over the text: every value gets a node with its byte range (and
//! its key's, for object members); the children of a container are stored
//! contiguously, so resolving a pointer costs one step per token, not a search of the
//! text. The nodes are also the document's JSON tree ([`super::node::JsonNode`]):
//! structural validation and diff read values through them, so no second in-memory
//! copy of the document is built. The same pass finds what serde_json silently
//! accepts but would change: duplicate keys in one object (serde_json keeps the last)
//! and integers beyond the 64-bit range (serde_json turns them into floats).
//!
//! The scan checks the structure (brackets, commas, colons, literals, terminated
//! strings) and reports the first place it does not hold as
//! [`ScanProblem::Malformed`]; the contents of strings and the grammar of numbers are
//! left to serde_json, which reads every byte when the typed document is built.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`; columns count characters of the decoded
//! text, both 1-based. The line index and the character checkpoints are built on the
//! first lookup: a document without findings never needs them.
//!
//! When the loader rewrote the text before reading it (a PowerShell export, see
//! [`super::powershell`]), the map keeps the user's text as its *origin*: nodes are
//! read from the rewritten text, but every line, column and source line is that of the
//! original, through a table of segments (rewritten offset → original offset).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Serialize;

/// A place in a document's decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// Byte offset in the decoded text.
    #[serde(skip)]
    pub offset: usize,
}

/// What the scan found that would be silently changed by a JSON parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanProblem {
    /// The same key twice in one object.
    DuplicateKey {
        /// The key (decoded).
        key: String,
        /// The object holding it.
        object_pointer: String,
        /// Where the first occurrence is.
        first: Location,
        /// Where the second occurrence is.
        second: Location,
    },
    /// An integer that fits neither `i64` nor `u64`.
    NumberOutOfRange {
        /// The number as written.
        text: String,
        /// Where it is.
        pointer: String,
        /// Where it is.
        location: Location,
    },
    /// The text is larger than the source map can address (4 GiB).
    TooLarge {
        /// The text's size in bytes.
        size: usize,
    },
    /// The structure breaks here (serde_json says precisely how).
    Malformed {
        /// Where the scan stopped.
        location: Location,
    },
    /// Containers nest deeper than serde_json reads (128 levels).
    TooDeep {
        /// The container past the limit.
        location: Location,
    },
}

pub(super) const NO_KEY: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
pub(super) struct Node {
    /// Byte offset of the value's first character.
    pub(super) value: u32,
    /// Byte offset just after the value's last character.
    pub(super) end: u32,
    /// Byte offset of the key's opening quote (`NO_KEY` for array elements and root).
    pub(super) key: u32,
    /// Byte length of the key including quotes.
    pub(super) key_len: u32,
    /// Range of this node's children in `SourceMap::children`.
    pub(super) children_start: u32,
    pub(super) children_len: u32,
}

/// A stretch of a rewritten text and where it came from: rewritten bytes
/// `new..new + len` are original bytes `old..old + len`; bytes past `len` (the rest of
/// a token the rewrite shortened or lengthened) map to `old + len`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Segment {
    /// Offset in the rewritten text.
    pub(crate) new: u32,
    /// Offset in the original text.
    pub(crate) old: u32,
    /// Bytes that map one to one.
    pub(crate) len: u32,
}

/// The original text of a rewritten document and the way back to it.
#[derive(Debug, Clone)]
struct Origin {
    text: String,
    /// Ordered by `new`.
    segments: Vec<Segment>,
}

/// Pointer-to-position index of one document (see the module documentation).
#[derive(Debug, Clone)]
pub struct SourceMap {
    /// The text the nodes are read from.
    pub(super) text: String,
    /// For a rewritten text: the original, which lines and columns refer to.
    origin: Option<Box<Origin>>,
    line_starts: OnceLock<Vec<u32>>,
    /// Characters before every [`CHECKPOINT`]-th byte, so a column costs at most
    /// [`CHECKPOINT`] bytes of counting even on a one-line (minified) megabyte.
    checkpoints: OnceLock<Vec<u32>>,
    pub(super) nodes: Vec<Node>,
    pub(super) children: Vec<u32>,
    /// For each object of more than [`INDEXED_MEMBERS`] members (by the start of its
    /// children): its members by decoded key, the last of a key winning. Built on the
    /// first lookup in such an object, so finding a member costs a hash, not a scan of
    /// tens of thousands of keys.
    member_index: OnceLock<HashMap<u32, HashMap<Box<str>, u32>>>,
}

/// Objects with more members than this are looked up through an index.
pub(super) const INDEXED_MEMBERS: u32 = 32;

impl SourceMap {
    /// Scans the text of a document.
    pub fn build(text: String) -> Result<SourceMap, ScanProblem> {
        Self::scan(text).map_err(|(_, problem)| problem)
    }

    /// Scans the text of a document; a failure gives the text back with the problem.
    pub fn scan(text: String) -> Result<SourceMap, (String, ScanProblem)> {
        if u32::try_from(text.len()).is_err() {
            let size = text.len();
            return Err((text, ScanProblem::TooLarge { size }));
        }
        let mut map = SourceMap {
            text,
            origin: None,
            line_starts: OnceLock::new(),
            checkpoints: OnceLock::new(),
            nodes: Vec::new(),
            children: Vec::new(),
            member_index: OnceLock::new(),
        };
        let scan = Scanner::new(&map.text).run();
        match scan {
            Ok((mut nodes, mut children)) => {
                nodes.shrink_to_fit();
                children.shrink_to_fit();
                map.nodes = nodes;
                map.children = children;
                Ok(map)
            }
            Err(problem) => {
                let problem = map.locate_problem(problem);
                Err((map.text, problem))
            }
        }
    }

    /// Makes the map of a rewritten text report lines and columns of `original`, the
    /// text it was rewritten from (`segments` ordered by rewritten offset).
    pub(crate) fn with_origin(mut self, original: String, segments: Vec<Segment>) -> Self {
        self.origin = Some(Box::new(Origin {
            text: original,
            segments,
        }));
        self.line_starts = OnceLock::new();
        self.checkpoints = OnceLock::new();
        self
    }

    /// Whether the loader rewrote the text (its lines and columns are the original's).
    pub fn is_rewritten(&self) -> bool {
        self.origin.is_some()
    }

    /// The text lines and columns refer to: the decoded input as the user wrote it.
    pub fn original_text(&self) -> &str {
        self.origin
            .as_ref()
            .map_or(&self.text, |origin| &origin.text)
    }

    /// The offset in [`Self::original_text`] of byte `offset` of [`Self::text`].
    fn to_original(&self, offset: usize) -> usize {
        let Some(origin) = &self.origin else {
            return offset;
        };
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        let index = origin
            .segments
            .partition_point(|segment| segment.new <= offset);
        let Some(segment) = index.checked_sub(1).and_then(|i| origin.segments.get(i)) else {
            return 0;
        };
        (segment.old + (offset - segment.new).min(segment.len)) as usize
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts
            .get_or_init(|| line_starts(self.original_text().as_bytes()))
    }

    fn checkpoints(&self) -> &[u32] {
        self.checkpoints
            .get_or_init(|| checkpoints(self.original_text().as_bytes()))
    }

    /// The decoded text the document is read from (for a rewritten document, the
    /// rewritten text; [`Self::original_text`] is what the user wrote).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Gives the text back.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The line and column of a byte offset in the text ([`Self::text`]); the
    /// location (offset included) is in [`Self::original_text`].
    pub fn location_of(&self, offset: usize) -> Location {
        self.original_location(self.to_original(offset))
    }

    /// The line and column of a byte offset in [`Self::original_text`].
    fn original_location(&self, offset: usize) -> Location {
        let text = self.original_text();
        let offset = offset.min(text.len());
        let line_starts = self.line_starts();
        let line_index = match line_starts.binary_search(&u32::try_from(offset).unwrap_or(u32::MAX))
        {
            Ok(index) => index,
            Err(index) => index.saturating_sub(1),
        };
        let line_start = line_starts.get(line_index).map_or(0, |s| *s as usize);
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let line_start = line_start.min(end);
        let column = if end - line_start <= CHECKPOINT {
            count_chars(text.as_bytes().get(line_start..end).unwrap_or_default())
        } else {
            self.chars_before(end) - self.chars_before(line_start)
        };
        Location {
            line: u32::try_from(line_index + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
            offset,
        }
    }

    /// The number of characters that start before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / CHECKPOINT;
        let counted = self.checkpoints().get(block).map_or(0, |c| *c as usize);
        let start = (block * CHECKPOINT).min(offset);
        let text = self.original_text().as_bytes();
        counted + count_chars(text.get(start..offset).unwrap_or_default())
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        self.line_starts().get(index).map(|s| *s as usize)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let line_starts = self.line_starts();
        let start = *line_starts.get(index)? as usize;
        let text = self.original_text();
        let end = line_starts
            .get(index + 1)
            .map_or(text.len(), |s| *s as usize);
        Some(text.get(start..end)?.trim_end_matches(['\n', '\r']))
    }

    /// Where the value at `pointer` starts, or `None` when the pointer names nothing.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let node = self.resolve(pointer)?;
        Some(self.location_of(node.value as usize))
    }

    /// The byte just after the value at `pointer`, as an offset in
    /// [`Self::original_text`] (what a [`Location`]'s offset is), or `None` when the
    /// pointer names nothing. With [`Self::locate`], the span a renderer underlines.
    pub fn value_end(&self, pointer: &str) -> Option<usize> {
        let node = self.resolve(pointer)?;
        Some(self.to_original(node.end as usize))
    }

    /// Where the key of the member at `pointer` starts (the value's position for array
    /// elements and the root), or `None` when the pointer names nothing.
    pub fn locate_key(&self, pointer: &str) -> Option<Location> {
        let node = self.resolve(pointer)?;
        let offset = if node.key == NO_KEY {
            node.value
        } else {
            node.key
        };
        Some(self.location_of(offset as usize))
    }

    /// The position of `pointer`, or of its nearest ancestor that exists (for findings
    /// about a property that is missing). The flag says whether the pointer itself
    /// exists.
    pub fn locate_nearest(&self, pointer: &str) -> (Location, bool) {
        let mut current = self.nodes.first().copied();
        let Some(mut node) = current else {
            return (self.location_of(0), false);
        };
        for token in crate::pointer::tokens(pointer) {
            current = self.child(node, &token);
            match current {
                Some(child) => node = child,
                None => return (self.location_of(node.value as usize), false),
            }
        }
        (self.location_of(node.value as usize), true)
    }

    pub(super) fn resolve(&self, pointer: &str) -> Option<Node> {
        let mut node = *self.nodes.first()?;
        for token in crate::pointer::tokens(pointer) {
            node = self.child(node, &token)?;
        }
        Some(node)
    }

    pub(super) fn child(&self, node: Node, token: &str) -> Option<Node> {
        let start = node.children_start as usize;
        let children = self
            .children
            .get(start..start + node.children_len as usize)?;
        let first = self.nodes.get(*children.first()? as usize)?;
        if first.key == NO_KEY {
            // An array: the token is an index.
            if token.len() > 1 && token.starts_with('0') {
                return None;
            }
            let index: usize = token.parse().ok()?;
            return self.nodes.get(*children.get(index)? as usize).copied();
        }
        // An object: the last member with that key wins, as in serde_json.
        if node.children_len > INDEXED_MEMBERS {
            let id = self.indexed_member(node, token)?;
            return self.nodes.get(id as usize).copied();
        }
        children
            .iter()
            .rev()
            .filter_map(|id| self.nodes.get(*id as usize))
            .find(|child| self.key_is(child, token))
            .copied()
    }

    /// The id of the member `key` of a large object (more than [`INDEXED_MEMBERS`]
    /// members), found by hashing.
    pub(super) fn indexed_member(&self, object: Node, key: &str) -> Option<u32> {
        self.member_index()
            .get(&object.children_start)?
            .get(key)
            .copied()
    }

    /// The members of every large object by key (see `member_index`).
    fn member_index(&self) -> &HashMap<u32, HashMap<Box<str>, u32>> {
        self.member_index.get_or_init(|| {
            let mut index = HashMap::new();
            for node in &self.nodes {
                if node.children_len <= INDEXED_MEMBERS {
                    continue;
                }
                let start = node.children_start as usize;
                let Some(children) = self.children.get(start..start + node.children_len as usize)
                else {
                    continue;
                };
                let mut members: HashMap<Box<str>, u32> = HashMap::with_capacity(children.len());
                for id in children {
                    let Some(child) = self.nodes.get(*id as usize) else {
                        continue;
                    };
                    if child.key == NO_KEY {
                        break;
                    }
                    if let Some(key) = self.key_text(child) {
                        members.insert(key.into(), *id);
                    }
                }
                if !members.is_empty() {
                    index.insert(node.children_start, members);
                }
            }
            index
        })
    }

    /// The member's key, decoded.
    pub(super) fn key_text(&self, node: &Node) -> Option<Cow<'_, str>> {
        let start = node.key as usize;
        let raw = self.text.get(start..start + node.key_len as usize)?;
        decode_key(raw)
    }

    /// Whether the member's key is `key` (compared without decoding when the key has
    /// no escapes).
    pub(super) fn key_is(&self, node: &Node, key: &str) -> bool {
        let start = node.key as usize + 1;
        let end = (node.key as usize + node.key_len as usize).saturating_sub(1);
        match self.text.get(start..end) {
            Some(raw) if !raw.contains('\\') => raw == key,
            Some(_) => self.key_text(node).as_deref() == Some(key),
            None => false,
        }
    }

    fn locate_problem(&self, problem: RawProblem) -> ScanProblem {
        match problem {
            RawProblem::DuplicateKey {
                key,
                object_pointer,
                first,
                second,
            } => ScanProblem::DuplicateKey {
                key,
                object_pointer,
                first: self.location_of(first),
                second: self.location_of(second),
            },
            RawProblem::NumberOutOfRange {
                offset,
                len,
                pointer,
            } => ScanProblem::NumberOutOfRange {
                text: self
                    .text
                    .get(offset..offset + len)
                    .unwrap_or_default()
                    .to_owned(),
                pointer,
                location: self.location_of(offset),
            },
            RawProblem::Malformed { offset } => ScanProblem::Malformed {
                location: self.location_of(offset),
            },
            RawProblem::TooDeep { offset } => ScanProblem::TooDeep {
                location: self.location_of(offset),
            },
        }
    }
}

/// Byte offsets where lines start.
fn line_starts(bytes: &[u8]) -> Vec<u32> {
    let mut starts = vec![0];
    for index in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        let is_crlf = bytes.get(index) == Some(&b'\r') && bytes.get(index + 1) == Some(&b'\n');
        if !is_crlf {
            starts.push(offset_u32(index + 1));
        }
    }
    starts
}

/// Bytes between two entries of [`SourceMap::checkpoints`].
const CHECKPOINT: usize = 256;

/// Characters (UTF-8 lead bytes) in `bytes`.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

fn checkpoints(bytes: &[u8]) -> Vec<u32> {
    let mut counted = 0;
    let mut checkpoints = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
    checkpoints.push(0);
    for chunk in bytes.chunks(CHECKPOINT) {
        counted += count_chars(chunk);
        checkpoints.push(offset_u32(counted));
    }
    checkpoints
}

fn offset_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// Decodes a quoted JSON key (quotes included).
fn decode_key(raw: &str) -> Option<Cow<'_, str>> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        serde_json::from_str::<String>(raw).ok().map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(inner))
    }
}

enum RawProblem {
    DuplicateKey {
        key: String,
        object_pointer: String,
        first: usize,
        second: usize,
    },
    NumberOutOfRange {
        offset: usize,
        len: usize,
        pointer: String,
    },
    Malformed {
        offset: usize,
    },
    TooDeep {
        offset: usize,
    },
}

/// Keys seen in one object: a short list, or a hash set once the object is large (so
/// an adversarial object with many keys stays linear).
enum SeenKeys<'a> {
    Few(Vec<(Cow<'a, str>, usize)>),
    Many(HashSet<Cow<'a, str>>, Vec<(Cow<'a, str>, usize)>),
}

impl<'a> SeenKeys<'a> {
    /// Records a key; returns the offset of an earlier equal key.
    fn insert(&mut self, key: Cow<'a, str>, offset: usize) -> Option<usize> {
        const FEW: usize = 16;
        match self {
            SeenKeys::Few(list) => {
                if let Some((_, first)) = list.iter().find(|(seen, _)| *seen == key) {
                    return Some(*first);
                }
                list.push((key, offset));
                if list.len() > FEW {
                    let list = std::mem::take(list);
                    let set = list.iter().map(|(key, _)| key.clone()).collect();
                    *self = SeenKeys::Many(set, list);
                }
                None
            }
            SeenKeys::Many(set, list) => {
                if set.contains(&key) {
                    return list
                        .iter()
                        .find(|(seen, _)| *seen == key)
                        .map(|(_, first)| *first);
                }
                set.insert(key.clone());
                list.push((key, offset));
                None
            }
        }
    }
}

struct Frame<'a> {
    node: u32,
    is_object: bool,
    children_mark: usize,
    keys: SeenKeys<'a>,
    /// Index of the next array element.
    next_index: usize,
    /// Whether the first member has been read (or the container closed).
    started: bool,
}

/// The deepest nesting the scan follows: serde_json's own limit (it refuses the
/// 128th nested container), so the typed read never meets a deeper text.
const MAX_DEPTH: usize = 128;

/// A pointer token: an object key (borrowed when it has no escapes) or an array index.
enum Token<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    nodes: Vec<Node>,
    children: Vec<u32>,
    pending: Vec<u32>,
    stack: Vec<Frame<'a>>,
    /// Pointer tokens of the open containers' current members (for messages only;
    /// turned into text only when a problem is reported).
    path: Vec<Token<'a>>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            nodes: Vec::with_capacity(text.len() / 24),
            children: Vec::with_capacity(text.len() / 24),
            pending: Vec::new(),
            stack: Vec::new(),
            path: Vec::new(),
        }
    }

    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for token in &self.path {
            pointer.push('/');
            match token {
                Token::Key(key) => pointer.push_str(&key.replace('~', "~0").replace('/', "~1")),
                Token::Index(index) => pointer.push_str(&index.to_string()),
            }
        }
        pointer
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn malformed(&self) -> RawProblem {
        RawProblem::Malformed {
            offset: self.pos.min(self.bytes.len()),
        }
    }

    /// Skips a string starting at `pos` (on its opening quote); returns its end.
    fn skip_string(&mut self) -> Result<usize, RawProblem> {
        let mut at = self.pos + 1;
        loop {
            let rest = self.bytes.get(at..).unwrap_or_default();
            let Some(found) = memchr::memchr2(b'"', b'\\', rest) else {
                return Err(self.malformed());
            };
            if rest.get(found) == Some(&b'"') {
                self.pos = at + found + 1;
                return Ok(self.pos);
            }
            // A backslash and the character it escapes.
            at += found + 2;
        }
    }

    fn run(mut self) -> Result<(Vec<Node>, Vec<u32>), RawProblem> {
        self.skip_whitespace();
        self.value(NO_KEY, 0)?;
        while let Some(frame) = self.stack.last_mut() {
            let is_object = frame.is_object;
            if !frame.started {
                frame.started = true;
                self.skip_whitespace();
                match (self.bytes.get(self.pos), is_object) {
                    (Some(b'}'), true) | (Some(b']'), false) => {
                        self.pos += 1;
                        self.close();
                    }
                    _ => self.member(is_object)?,
                }
                continue;
            }
            self.skip_whitespace();
            match (self.bytes.get(self.pos), is_object) {
                (Some(b','), _) => {
                    self.pos += 1;
                    self.skip_whitespace();
                    self.path.pop();
                    self.member(is_object)?;
                }
                (Some(b'}'), true) | (Some(b']'), false) => {
                    self.pos += 1;
                    self.close();
                }
                _ => return Err(self.malformed()),
            }
        }
        self.skip_whitespace();
        if self.pos < self.bytes.len() {
            return Err(self.malformed());
        }
        Ok((self.nodes, self.children))
    }

    /// Reads the next member of the innermost container (`pos` on its first byte).
    fn member(&mut self, is_object: bool) -> Result<(), RawProblem> {
        if is_object {
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.malformed());
            }
            let key_start = self.pos;
            let key_end = self.skip_string()?;
            let raw = self.text.get(key_start..key_end).unwrap_or_default();
            let key = decode_key(raw).unwrap_or(Cow::Borrowed(""));
            let duplicate = self
                .stack
                .last_mut()
                .and_then(|frame| frame.keys.insert(key.clone(), key_start));
            if let Some(first) = duplicate {
                return Err(RawProblem::DuplicateKey {
                    key: key.into_owned(),
                    object_pointer: self.pointer(),
                    first,
                    second: key_start,
                });
            }
            self.path.push(Token::Key(key));
            self.skip_whitespace();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.malformed());
            }
            self.pos += 1;
            self.skip_whitespace();
            self.value(offset_u32(key_start), offset_u32(key_end - key_start))
        } else {
            let index = self.stack.last_mut().map_or(0, |frame| {
                frame.next_index += 1;
                frame.next_index - 1
            });
            self.path.push(Token::Index(index));
            self.value(NO_KEY, 0)
        }
    }

    /// Reads one value at `pos`; a container is only opened here (`run` reads it).
    fn value(&mut self, key: u32, key_len: u32) -> Result<(), RawProblem> {
        let id = offset_u32(self.nodes.len());
        let start = self.pos;
        self.nodes.push(Node {
            value: offset_u32(start),
            end: offset_u32(start),
            key,
            key_len,
            children_start: 0,
            children_len: 0,
        });
        self.pending.push(id);
        match self.bytes.get(start) {
            Some(open @ (b'{' | b'[')) => {
                if self.stack.len() + 1 >= MAX_DEPTH {
                    return Err(RawProblem::TooDeep { offset: start });
                }
                // Its members are read by `run`: no recursion, whatever the depth.
                self.pos += 1;
                self.stack.push(Frame {
                    node: id,
                    is_object: *open == b'{',
                    children_mark: self.pending.len(),
                    keys: SeenKeys::Few(Vec::new()),
                    next_index: 0,
                    started: false,
                });
                return Ok(());
            }
            Some(b'"') => {
                self.skip_string()?;
            }
            Some(b'-' | b'0'..=b'9') => self.number(start)?,
            Some(b't' | b'f' | b'n') => {
                let rest = self.bytes.get(start..).unwrap_or_default();
                let literal = [&b"true"[..], b"false", b"null"]
                    .into_iter()
                    .find(|literal| rest.starts_with(literal))
                    .ok_or_else(|| self.malformed())?;
                self.pos += literal.len();
            }
            _ => return Err(self.malformed()),
        }
        self.finish(id);
        Ok(())
    }

    /// Records where node `id` ends (at `pos`).
    fn finish(&mut self, id: u32) {
        let end = offset_u32(self.pos);
        if let Some(node) = self.nodes.get_mut(id as usize) {
            node.end = end;
        }
    }

    fn number(&mut self, start: usize) -> Result<(), RawProblem> {
        let mut integer = true;
        while let Some(&byte) = self.bytes.get(self.pos) {
            match byte {
                b'0'..=b'9' | b'-' | b'+' => {}
                b'.' | b'e' | b'E' => integer = false,
                _ => break,
            }
            self.pos += 1;
        }
        if integer {
            let text = self.text.get(start..self.pos).unwrap_or_default();
            let fits = text.parse::<i64>().is_ok() || text.parse::<u64>().is_ok();
            let digits = text.strip_prefix('-').unwrap_or(text);
            let well_formed = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
            if !fits && well_formed {
                return Err(RawProblem::NumberOutOfRange {
                    offset: start,
                    len: self.pos - start,
                    pointer: self.pointer(),
                });
            }
        }
        Ok(())
    }

    /// Closes the innermost container (`pos` just after its closing bracket): its
    /// children become contiguous.
    fn close(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        // The container's own members were pushed after `children_mark`.
        let first_child = offset_u32(self.children.len());
        let count = self.pending.len() - frame.children_mark;
        self.children
            .extend(self.pending.drain(frame.children_mark..));
        let end = offset_u32(self.pos);
        if let Some(node) = self.nodes.get_mut(frame.node as usize) {
            node.children_start = first_child;
            node.children_len = offset_u32(count);
            node.end = end;
        }
        if count > 0 {
            self.path.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_on_a_long_minified_line_match_a_plain_count() {
        // Found by the mutation corpus: every finding on a one-line megabyte counted
        // the line from its start, so 30,000 findings took minutes.
        let mut text = String::from("[");
        for index in 0..20_000 {
            text.push_str(if index % 3 == 0 {
                "\"é🏢\","
            } else {
                "\"ab\","
            });
        }
        text.push_str("\"z\"]\n[1,\n\"é\"]");
        let map = SourceMap {
            origin: None,
            line_starts: line_starts(text.as_bytes()).into(),
            checkpoints: checkpoints(text.as_bytes()).into(),
            text: text.clone(),
            nodes: Vec::new(),
            children: Vec::new(),
            member_index: OnceLock::new(),
        };
        for offset in (0..text.len())
            .step_by(997)
            .chain([text.len(), text.len() - 3])
        {
            let mut end = offset;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let line_start = text[..end].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            let expected = text[line_start..end].chars().count() + 1;
            let location = map.location_of(offset);
            assert_eq!(location.column as usize, expected, "offset {offset}");
        }
    }

    fn map(text: &str) -> SourceMap {
        SourceMap::build(text.to_owned()).unwrap()
    }

    #[test]
    fn pointers_resolve_to_lines_and_columns() {
        let text = "{\n  \"a\": [1, {\"b\": \"x\"}],\r\n  \"é\": true,\r  \"c/d\": null\n}";
        let map = map(text);
        let at = |pointer: &str| map.locate(pointer).map(|l| (l.line, l.column));
        assert_eq!(at(""), Some((1, 1)));
        assert_eq!(at("/a"), Some((2, 8)));
        assert_eq!(at("/a/0"), Some((2, 9)));
        assert_eq!(at("/a/1/b"), Some((2, 18)));
        assert_eq!(at("/é"), Some((3, 8)));
        assert_eq!(at("/c~1d"), Some((4, 10)));
        assert_eq!(at("/a/2"), None);
        assert_eq!(at("/a/01"), None);
        assert_eq!(at("/zz"), None);
        let key = map.locate_key("/a/1/b").unwrap();
        assert_eq!((key.line, key.column), (2, 13));
        assert_eq!(map.line_text(3), Some("  \"é\": true,"));
    }

    #[test]
    fn nearest_ancestor_for_missing_pointers() {
        let map = map("{\"a\": {\"b\": 1}}");
        let (location, exact) = map.locate_nearest("/a/missing/deeper");
        assert!(!exact);
        assert_eq!(location.column, 7);
        assert!(map.locate_nearest("/a/b").1);
    }

    #[test]
    fn columns_count_characters() {
        let map = map("{\"ü€😀\": \"x\"}");
        assert_eq!(map.locate("/ü€😀").map(|l| l.column), Some(9));
    }

    #[test]
    fn duplicate_keys_are_found_with_both_places() {
        let text = "{\"m\": [{\"t\": 1,\n \"t\": 2}]}";
        let Err(ScanProblem::DuplicateKey {
            key,
            object_pointer,
            first,
            second,
        }) = SourceMap::build(text.to_owned())
        else {
            panic!("duplicate not found");
        };
        assert_eq!(key, "t");
        assert_eq!(object_pointer, "/m/0");
        assert_eq!((first.line, first.column), (1, 9));
        assert_eq!((second.line, second.column), (2, 2));
    }

    #[test]
    fn duplicates_in_large_objects_are_found() {
        let members: Vec<String> = (0..100).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}, \"k42\": 0}}", members.join(", "));
        assert!(matches!(
            SourceMap::build(text),
            Err(ScanProblem::DuplicateKey { key, .. }) if key == "k42"
        ));
    }

    /// Members of a large object are found through the index, escaped keys included,
    /// exactly as a scan finds them in a small one.
    #[test]
    fn large_objects_are_looked_up_by_key() {
        let members: Vec<String> = (0..5_000)
            .map(|i| format!("\"k{i}\": {{\"v\": {i}}}"))
            .collect();
        let text = format!("{{{}, \"\\u00e9té\": [1, 2]}}", members.join(", "));
        let large = map(&text);
        for i in [0, 17, 2_500, 4_999] {
            let location = large.locate(&format!("/k{i}/v")).unwrap();
            let at = text[location.offset..].split(['}', ',']).next().unwrap();
            assert_eq!(at, i.to_string());
        }
        assert!(large.locate("/été/1").is_some());
        assert!(large.locate("/k5000").is_none());
        let small = map("{\"a\": 1, \"b\": 2}");
        assert!(small.locate("/b").is_some() && small.locate("/c").is_none());
    }

    #[test]
    fn escaped_keys_compare_decoded() {
        assert!(matches!(
            SourceMap::build(r#"{"a": 1, "\u0061": 2}"#.to_owned()),
            Err(ScanProblem::DuplicateKey { .. })
        ));
        let map = map(r#"{"a\"b": 5}"#);
        assert!(map.locate("/a\"b").is_some());
    }

    #[test]
    fn integers_beyond_64_bits_are_found() {
        let text = r#"{"ok": [-9223372036854775808, 18446744073709551615, 1e400, 2.5],
                        "n": {"x": 18446744073709551616}}"#;
        let Err(ScanProblem::NumberOutOfRange {
            text,
            pointer,
            location,
        }) = SourceMap::build(text.to_owned())
        else {
            panic!("big number not found");
        };
        assert_eq!(text, "18446744073709551616");
        assert_eq!(pointer, "/n/x");
        assert_eq!(location.line, 2);
    }

    #[test]
    fn scalar_and_empty_documents() {
        assert_eq!(map("  42 ").locate("").map(|l| l.column), Some(3));
        assert!(map("[]").locate("/0").is_none());
        assert!(map("{}").locate("/a").is_none());
        let nested = map("[[], {}, [[]]]");
        assert!(nested.locate("/2/0").is_some());
        assert!(nested.locate("/1/x").is_none());
    }
}
