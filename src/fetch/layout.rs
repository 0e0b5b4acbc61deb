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
//! from the server, so every folder name is made safe: characters other than
//! `A-Z a-z 0-9 - . _ ~` are percent-encoded, and `.`/`..` cannot occur as a name.

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

/// A file or folder name for a server-given id: safe characters kept, others (and a
/// leading dot) percent-encoded, so no id can climb out of its folder or collide with
/// another.
pub fn safe_name(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for (index, byte) in id.bytes().enumerate() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'_' | b'~')
            || (byte == b'.' && index > 0);
        if keep {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    if out.is_empty() {
        out.push_str("%00");
    }
    out
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
        assert_eq!(safe_name(".."), "%2E.");
        assert_eq!(safe_name("a/../b"), "a%2F..%2Fb");
        assert_eq!(safe_name("a\\b"), "a%5Cb");
        assert_eq!(safe_name("a%2F"), "a%252F");
        assert_eq!(safe_name(""), "%00");
        assert_eq!(
            job_dir(Path::new("out/sp"), "x/y"),
            Path::new("out/sp/jobs/x%2Fy")
        );
    }
}
