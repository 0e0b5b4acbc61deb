//! Folder diffs: the JSON files of two folders, paired by relative path. A file on
//! one side only is one change (F001 added, F002 removed); files that are not
//! synchronization documents are skipped; every document of the new folder is
//! validated when the options ask.
//!
//! The listing is every folder walk of synclens ([`json_files`]): `*.json` regular
//! files below the folder, hidden folders, symbolic links and files that are not
//! regular left out, the left-out entries returned for the caller to mention.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use crate::load::inputs::Skipped;
use crate::load::inputs::json_files;

use super::{
    Change, ChangeKind, ChangePath, DiffError, DiffOptions, DiffReport, diff_loaded, is_document,
    load, new_side_findings,
};

/// A folder's JSON files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderListing {
    /// The folder.
    pub folder: PathBuf,
    /// Every `*.json` regular file below it, relative to it.
    pub files: BTreeSet<PathBuf>,
    /// Entries left out of the walk.
    pub skipped: Vec<Skipped>,
}

/// Lists the JSON files below `folder` (see the module documentation).
pub fn list_folder(folder: &Path) -> Result<FolderListing, DiffError> {
    let failed = |source| DiffError::Folder {
        folder: folder.to_path_buf(),
        source,
    };
    let (found, skipped) = json_files(folder).map_err(failed)?;
    let files = found
        .into_iter()
        .filter_map(|path| path.strip_prefix(folder).ok().map(Path::to_path_buf))
        .collect();
    Ok(FolderListing {
        folder: folder.to_path_buf(),
        files,
        skipped,
    })
}

/// Diffs two folders: files paired by relative path; every document of the new
/// folder is validated when [`DiffOptions::new_side`] asks. The first file that does
/// not load is the error.
pub fn diff_folders(
    old: &Path,
    new: &Path,
    options: &DiffOptions,
) -> Result<DiffReport, DiffError> {
    let old = list_folder(old)?;
    let new = list_folder(new)?;
    diff_listings(&old, &new, options)
}

/// [`diff_folders`] over listings already made (to mention what they skipped first).
pub fn diff_listings(
    old: &FolderListing,
    new: &FolderListing,
    options: &DiffOptions,
) -> Result<DiffReport, DiffError> {
    let mut changes = Vec::new();
    let mut findings = Vec::new();
    let mut initial_cycle = false;
    for relative in old.files.union(&new.files) {
        let name = relative.display().to_string().replace('\\', "/");
        let new_path = new.folder.join(relative);
        let before = old
            .files
            .contains(relative)
            .then(|| load(&old.folder.join(relative)));
        let after = new.files.contains(relative).then(|| load(&new_path));
        match (before, after) {
            (Some(before), Some(after)) => {
                let (before, after) = (before?, after?);
                if !is_document(&before) && !is_document(&after) {
                    continue;
                }
                let (found, schema) = diff_loaded(&before, &after, Some(&name), options);
                changes.extend(found);
                initial_cycle |= schema;
                findings.extend(new_side_findings(&after, &new_path, Some(&name), options));
            }
            (Some(before), None) => {
                if is_document(&before?) {
                    changes.push(file_change(&name, false));
                }
            }
            (None, Some(after)) => {
                let after = after?;
                if is_document(&after) {
                    changes.push(file_change(&name, true));
                    findings.extend(new_side_findings(&after, &new_path, Some(&name), options));
                }
            }
            (None, None) => {}
        }
    }
    Ok(DiffReport::new(changes, initial_cycle, options).with_findings(findings))
}

/// The change for a file present only on one side of a folder diff.
pub(crate) fn file_change(file: &str, added: bool) -> Change {
    let (meta, kind, message) = if added {
        (
            &super::change::FILE_ADDED,
            ChangeKind::Added,
            format!("file `{file}` added"),
        )
    } else {
        (
            &super::change::FILE_REMOVED,
            ChangeKind::Removed,
            format!("file `{file}` removed"),
        )
    };
    Change {
        file: Some(file.to_owned()),
        code: meta.code,
        name: meta.name,
        impact: meta.impact,
        kind,
        path: ChangePath::root(),
        old_pointer: (!added).then(String::new),
        new_pointer: added.then(String::new),
        old_line: None,
        new_line: None,
        old: None,
        new: None,
        message,
        sample: None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{DiffError, DiffOptions, Skipped, diff_folders, list_folder};

    fn schema() -> String {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(root.join("testdata/valid/small-schema.json")).expect("fixture")
    }

    fn write(folder: &Path, name: &str, text: &str) {
        let path = folder.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(path, text).expect("write");
    }

    #[test]
    fn files_are_paired_by_relative_path_and_other_json_is_skipped() {
        let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let schema = schema();
        let edited = schema.replacen("\"caseExact\": false", "\"caseExact\": true", 1);
        assert_ne!(schema, edited);
        write(old.path(), "a.json", &schema);
        write(new.path(), "a.json", &edited);
        write(old.path(), "gone.json", &schema);
        write(new.path(), "new.json", &schema);
        write(old.path(), "sub/same.json", &schema);
        write(new.path(), "sub/same.json", &schema);
        write(old.path(), "notes.json", r#"{"x": 1}"#);
        write(new.path(), "notes.json", r#"{"x": 2}"#);
        write(new.path(), "other.json", r#"{"x": 3}"#);
        write(new.path(), "readme.txt", "not json");
        write(new.path(), ".hidden/x.json", "{");
        let report = diff_folders(old.path(), new.path(), &DiffOptions::default()).unwrap();
        let changed: Vec<(&str, &str)> = report
            .changes
            .iter()
            .map(|c| (c.file.as_deref().unwrap_or_default(), c.code))
            .collect();
        assert!(changed.contains(&("gone.json", "F002")), "{changed:?}");
        assert!(changed.contains(&("new.json", "F001")), "{changed:?}");
        assert!(
            changed.iter().any(|(file, _)| *file == "a.json"),
            "{changed:?}"
        );
        assert!(
            changed
                .iter()
                .all(|(file, _)| ["a.json", "gone.json", "new.json"].contains(file)),
            "{changed:?}"
        );
        assert!(report.findings.is_empty());
    }

    #[test]
    fn a_file_that_does_not_load_is_the_error_naming_it() {
        let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        write(old.path(), "a.json", &schema());
        write(new.path(), "a.json", &schema());
        write(new.path(), "broken.json", "{\"directories\": [");
        let error = diff_folders(old.path(), new.path(), &DiffOptions::default()).unwrap_err();
        let DiffError::Load { file, .. } = &error else {
            panic!("{error:?}");
        };
        assert_eq!(file, &new.path().join("broken.json"));
        assert!(error.to_string().contains("broken.json"), "{error}");
        let missing = old.path().join("missing");
        let error = diff_folders(&missing, new.path(), &DiffOptions::default()).unwrap_err();
        assert!(
            matches!(&error, DiffError::Folder { folder, .. } if folder == &missing),
            "{error:?}"
        );
        assert!(
            error.to_string().starts_with("cannot read folder "),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_skipped_and_named() {
        let (folder, outside) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        write(folder.path(), "a.json", "{}");
        write(outside.path(), "elsewhere.json", "{}");
        let link = folder.path().join("link.json");
        std::os::unix::fs::symlink(outside.path().join("elsewhere.json"), &link).unwrap();
        let listing = list_folder(folder.path()).unwrap();
        let files: Vec<_> = listing.files.iter().collect();
        assert_eq!(files, [Path::new("a.json")]);
        assert_eq!(listing.skipped, [Skipped::SymbolicLink(link.clone())]);
        assert!(
            listing.skipped[0]
                .to_string()
                .ends_with("link.json: a symbolic link, not followed in a folder walk, skipped")
        );
    }
}
