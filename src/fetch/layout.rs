//! Where fetched documents go on disk:
//!
//! ```text
//! <out>/<service principal object id>/jobs/<job id>/job.json
//!                                                  /schema.json
//!                                                  /functions.json
//!                                                  /filter-operators.json
//!                                    /templates/<template id>/template.json
//!                                                            /schema.json
//! ```
//!
//! The service principal's folder is its object id: stable when the application is
//! renamed, unique, and the same id `graph:servicePrincipals/<id>/…` takes. Ids come
//! from the server, so every folder name is made safe on Linux, macOS and Windows
//! alike ([`safe_name`]): characters other than `A-Z a-z 0-9 - . _ ~` are
//! percent-encoded (and so is a `%`, so the encoding is reversible), as are a leading
//! dot, a trailing dot, and the first letter of a Windows device name (`CON`, `PRN`,
//! `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9`, in any case, with or without an
//! extension); a name longer than [`MAX_NAME`] bytes is cut and gets a hash suffix.
//!
//! Windows and macOS compare names without case, so `Case` and `case` would share a
//! folder there. [`folder_names`] gives the ids of one listing names that differ in
//! more than case: ids whose safe names differ only in case each get `~` and eight
//! hexadecimal digits of a stable hash of the id (`Case~1f8a9c03`, `case~0b7e44d2`).
//! Names depend only on the listing, never on the order or the platform.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A job's documents.
pub const JOB_FILE: &str = "job.json";
/// A job's or a template's schema.
pub const SCHEMA_FILE: &str = "schema.json";
/// A job's expression-function catalog.
pub const FUNCTIONS_FILE: &str = "functions.json";
/// A job's scoping-operator catalog.
pub const FILTER_OPERATORS_FILE: &str = "filter-operators.json";
/// A template.
pub const TEMPLATE_FILE: &str = "template.json";

/// Names longer than this many bytes are cut (and get a hash suffix); file systems
/// allow 255, and Windows paths are short.
pub const MAX_NAME: usize = 100;

/// Windows device names: a file or folder may not be named so, with any extension.
const RESERVED: [&str; 24] = [
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A file or folder name for a server-given id, safe on every platform: safe
/// characters kept, others (and a leading or trailing dot, and the first letter of a
/// Windows device name) percent-encoded, so no id can climb out of its folder, name a
/// device, or collide with another id's name (except in case: see [`folder_names`]).
pub fn safe_name(id: &str) -> String {
    let bytes = id.as_bytes();
    let stem_end = bytes.iter().position(|&b| b == b'.').unwrap_or(bytes.len());
    let stem = id.get(..stem_end).unwrap_or_default();
    let reserved = RESERVED.iter().any(|name| name.eq_ignore_ascii_case(stem));
    let mut out = String::with_capacity(id.len());
    for (index, &byte) in bytes.iter().enumerate() {
        let edge_dot = byte == b'.' && (index == 0 || index + 1 == bytes.len());
        let keep = (byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'~' | b'.'))
            && !edge_dot
            && !(reserved && index == 0);
        if keep {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    if out.is_empty() {
        // `%` alone: every other `%` is followed by two hexadecimal digits.
        out.push('%');
    }
    if out.len() > MAX_NAME {
        let mut cut = MAX_NAME - 10;
        // Not inside a `%XX`.
        while cut > 0
            && out
                .get(cut.saturating_sub(2)..cut)
                .is_some_and(|tail| tail.contains('%'))
        {
            cut -= 1;
        }
        out.truncate(cut);
        out = with_hash(&out, id);
    }
    out
}

/// `name~xxxxxxxx`: eight hexadecimal digits of the 64-bit FNV-1a hash of `id` (stable
/// across runs, versions and platforms).
fn with_hash(name: &str, id: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{name}~{:08x}", hash & 0xffff_ffff)
}

/// The folder name of every id of one listing (jobs, or templates), or, for an id whose
/// name would still collide without case with another's (only a crafted id can), the
/// other id. Ids whose [`safe_name`]s differ only in case get hash suffixes.
pub fn folder_names(ids: &[String]) -> std::collections::BTreeMap<String, Result<String, String>> {
    use std::collections::BTreeMap;
    let mut by_folded: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for id in ids {
        by_folded
            .entry(safe_name(id).to_ascii_lowercase())
            .or_default()
            .push(id);
    }
    let mut named: BTreeMap<String, String> = BTreeMap::new();
    for group in by_folded.values() {
        let mut distinct = group.clone();
        distinct.sort();
        distinct.dedup();
        for id in &distinct {
            let name = safe_name(id);
            let name = if distinct.len() > 1 {
                with_hash(&name, id)
            } else {
                name
            };
            named.insert((*id).clone(), name);
        }
    }
    // Final check: no two names equal without case.
    let mut owners: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for (id, name) in &named {
        owners
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(id);
    }
    named
        .iter()
        .map(|(id, name)| {
            let owner = owners
                .get(&name.to_ascii_lowercase())
                .and_then(|ids| ids.iter().find(|other| **other != id));
            let result = match owner {
                Some(other) => Err((*other).clone()),
                None => Ok(name.clone()),
            };
            (id.clone(), result)
        })
        .collect()
}

/// Every name an id of a listing could have been given (its safe name, and with the
/// hash suffix), without case: what `--prune` must keep.
pub fn possible_names(id: &str) -> [String; 2] {
    let name = safe_name(id);
    [
        name.to_ascii_lowercase(),
        with_hash(&name, id).to_ascii_lowercase(),
    ]
}

/// `<out>/<service principal>`.
pub fn service_principal_dir(out: &Path, service_principal_id: &str) -> PathBuf {
    out.join(safe_name(service_principal_id))
}

/// `<service principal folder>/jobs/<job id>`.
pub fn job_dir(service_principal_dir: &Path, job_id: &str) -> PathBuf {
    service_principal_dir.join("jobs").join(safe_name(job_id))
}

/// `<service principal folder>/templates/<template id>`.
pub fn template_dir(service_principal_dir: &Path, template_id: &str) -> PathBuf {
    service_principal_dir
        .join("templates")
        .join(safe_name(template_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_escape_or_collide() {
        assert_eq!(
            safe_name("scim.e4bbeaf1d6b2414ba2b6fd30d2ad2a63"),
            "scim.e4bbeaf1d6b2414ba2b6fd30d2ad2a63"
        );
        assert_eq!(safe_name(".."), "%2E%2E");
        assert_eq!(safe_name("a/../b"), "a%2F..%2Fb");
        assert_eq!(safe_name("a\\b"), "a%5Cb");
        assert_eq!(safe_name("a%2F"), "a%252F");
        assert_eq!(safe_name(""), "%");
        assert_eq!(safe_name("\0"), "%00");
        assert_eq!(
            job_dir(Path::new("out/sp"), "x/y"),
            Path::new("out/sp/jobs/x%2Fy")
        );
    }

    #[test]
    fn names_are_safe_on_windows() {
        for (id, name) in [
            ("CON", "%43ON"),
            ("aux", "%61ux"),
            ("NUL.txt", "%4EUL.txt"),
            ("com1", "%63om1"),
            ("LPT9.a.b", "%4CPT9.a.b"),
            ("Console", "Console"),
            ("com10", "com10"),
            ("name.", "name%2E"),
            ("name ", "name%20"),
            ("a:b*c?", "a%3Ab%2Ac%3F"),
        ] {
            assert_eq!(safe_name(id), name, "{id}");
        }
        let long = "x".repeat(300);
        let name = safe_name(&long);
        assert!(name.len() <= MAX_NAME, "{name}");
        assert_ne!(name, safe_name(&"x".repeat(301)));
        let encoded = safe_name(&"é".repeat(100));
        assert!(encoded.len() <= MAX_NAME);
        let cut = encoded.split('~').next().unwrap();
        assert!(cut.len().is_multiple_of(6), "cut inside a %XX: {encoded}");
    }

    #[test]
    fn ids_differing_only_in_case_get_distinct_stable_names() {
        let ids: Vec<String> = ["Case", "case", "other", "CASE"]
            .map(str::to_owned)
            .to_vec();
        let names = folder_names(&ids);
        assert_eq!(names["other"], Ok("other".to_owned()));
        let case: Vec<&String> = ["Case", "case", "CASE"]
            .iter()
            .map(|id| names[*id].as_ref().unwrap())
            .collect();
        let mut folded: Vec<String> = case.iter().map(|n| n.to_ascii_lowercase()).collect();
        folded.sort();
        folded.dedup();
        assert_eq!(folded.len(), 3, "{case:?}");
        assert!(
            case[0].starts_with("Case~") && case[0].len() == 13,
            "{case:?}"
        );
        // The same whatever the order.
        let mut reversed = ids.clone();
        reversed.reverse();
        assert_eq!(folder_names(&reversed), names);
        // A crafted id equal to another's hashed name fails instead of sharing it.
        let crafted = vec!["Case".to_owned(), "case".to_owned(), case[1].clone()];
        let names = folder_names(&crafted);
        assert_eq!(names["case"], Err(case[1].clone()));
    }
}
