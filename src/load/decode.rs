//! Bytes to text: UTF-8 with or without BOM, UTF-16 LE/BE (Windows PowerShell writes
//! these), and clear refusals for everything else.

use std::fmt;

use serde::Serialize;

/// The encoding a document was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without byte-order mark.
    Utf8,
    /// UTF-8 with byte-order mark.
    Utf8Bom,
    /// UTF-16 little-endian (with BOM unless noted by `bom`).
    Utf16Le {
        /// Whether the file started with a byte-order mark.
        bom: bool,
    },
    /// UTF-16 big-endian.
    Utf16Be {
        /// Whether the file started with a byte-order mark.
        bom: bool,
    },
}

impl Encoding {
    /// A short name: `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be` (`-nobom` when the
    /// UTF-16 file had no byte-order mark).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le { bom: true } => "utf-16le",
            Encoding::Utf16Le { bom: false } => "utf-16le-nobom",
            Encoding::Utf16Be { bom: true } => "utf-16be",
            Encoding::Utf16Be { bom: false } => "utf-16be-nobom",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why bytes could not be decoded, with the place in the decodable prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeError {
    /// What went wrong and what to do.
    pub(crate) message: String,
    /// The text decoded before the problem (to compute line and column).
    pub(crate) prefix: String,
}

/// Decodes a file's bytes to text.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<(String, Encoding), DecodeError> {
    match bytes.as_slice() {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => Err(DecodeError {
            message: "the file is UTF-32, which synclens does not read; save it as UTF-8"
                .to_owned(),
            prefix: String::new(),
        }),
        [0xEF, 0xBB, 0xBF, ..] => utf8(bytes, 3, Encoding::Utf8Bom),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes, Encoding::Utf16Le { bom: true }),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes, Encoding::Utf16Be { bom: true }),
        // A JSON text starts with an ASCII character, so UTF-16 without a BOM shows as
        // a zero byte beside it (RFC 4627 §3). Four-byte patterns are UTF-32.
        [0, 0, 0, _, ..] | [_, 0, 0, 0, ..] => Err(DecodeError {
            message: "the file looks like UTF-32, which synclens does not read; save it as UTF-8"
                .to_owned(),
            prefix: String::new(),
        }),
        // One zero byte is not enough: a UTF-8 file that starts with a NUL would read as
        // garbage UTF-16. The pattern must hold for the first units (up to four).
        [0, first, ..] if *first != 0 && looks_like_utf16(&bytes, 0) => {
            utf16(&bytes, u16::from_be_bytes, Encoding::Utf16Be { bom: false })
        }
        [first, 0, ..] if *first != 0 && looks_like_utf16(&bytes, 1) => {
            utf16(&bytes, u16::from_le_bytes, Encoding::Utf16Le { bom: false })
        }
        _ => utf8(bytes, 0, Encoding::Utf8),
    }
}

/// Whether the first code units (up to four) of BOM-less text all have their high
/// byte, at `zero_at` within each pair, zero and their low byte not: ASCII in UTF-16.
fn looks_like_utf16(bytes: &[u8], zero_at: usize) -> bool {
    bytes
        .chunks_exact(2)
        .take(4)
        .all(|pair| pair.get(zero_at) == Some(&0) && pair.get(1 - zero_at) != Some(&0))
}

fn utf8(
    mut bytes: Vec<u8>,
    skip: usize,
    encoding: Encoding,
) -> Result<(String, Encoding), DecodeError> {
    bytes.drain(..skip);
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, encoding)),
        Err(error) => {
            let bytes = error.as_bytes();
            let valid = error.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let bad = bytes.get(valid).copied().unwrap_or_default();
            Err(DecodeError {
                message: format!(
                    "byte 0x{bad:02X} is not valid UTF-8; the file is in another encoding \
                     (Windows-1252 or Latin-1?): save it as UTF-8"
                ),
                prefix,
            })
        }
    }
}

fn utf16(
    bytes: &[u8],
    unit: fn([u8; 2]) -> u16,
    encoding: Encoding,
) -> Result<(String, Encoding), DecodeError> {
    let chunks = bytes.chunks_exact(2);
    let odd = !chunks.remainder().is_empty();
    let units = chunks.map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => text.push(c),
            Err(error) => {
                return Err(DecodeError {
                    message: format!(
                        "unpaired UTF-16 surrogate 0x{:04X}; the file is damaged or not \
                         {}",
                        error.unpaired_surrogate(),
                        encoding.name()
                    ),
                    prefix: text,
                });
            }
        }
    }
    if odd {
        return Err(DecodeError {
            message: format!(
                "the file ends in the middle of a UTF-16 character (odd number of bytes); \
                 it is truncated or not {}",
                encoding.name()
            ),
            prefix: text,
        });
    }
    Ok((text, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut bytes = if bom { vec![0xFF, 0xFE] } else { vec![] };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    #[test]
    fn every_supported_encoding_decodes_to_the_same_text() {
        let text = "{\"name\": \"Zoë\"}";
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        let cases = [
            (text.as_bytes().to_vec(), Encoding::Utf8),
            (bom, Encoding::Utf8Bom),
            (utf16le(text, true), Encoding::Utf16Le { bom: true }),
            (utf16le(text, false), Encoding::Utf16Le { bom: false }),
            (be, Encoding::Utf16Be { bom: true }),
        ];
        for (bytes, encoding) in cases {
            assert_eq!(decode(bytes), Ok((text.to_owned(), encoding)));
        }
    }

    #[test]
    fn latin1_is_refused_with_the_position() {
        let error = decode(b"{\"a\":\n\"caf\xE9\"}".to_vec()).unwrap_err();
        assert!(error.message.contains("0xE9"), "{}", error.message);
        assert_eq!(error.prefix, "{\"a\":\n\"caf");
    }

    #[test]
    fn utf32_and_broken_utf16_are_refused() {
        assert!(decode(vec![0xFF, 0xFE, 0, 0, b'{', 0, 0, 0]).is_err());
        let mut odd = utf16le("{}", true);
        odd.push(b' ');
        assert!(decode(odd).unwrap_err().message.contains("odd number"));
        let surrogate = vec![0xFF, 0xFE, b'{', 0, 0x00, 0xD8, b'}', 0];
        assert!(decode(surrogate).unwrap_err().message.contains("surrogate"));
    }
}
