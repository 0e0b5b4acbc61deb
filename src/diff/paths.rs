//! `synclens diff OLD NEW`'s whole job over two paths: two folders (their files paired
//! by relative path, see [`super::folders`]) or two files (loaded on two cores, each
//! side by the caller's loader, so a side can come from elsewhere, such as a live
//! Graph schema).

use std::path::Path;

use super::{DiffError, DiffOptions, DiffReport, diff_listings, diff_named, list_folder, load};
use crate::load::Loaded;

/// Loads one side of a file diff from the path given for it.
pub type SideLoader<'a> = dyn Fn(&Path) -> Result<Loaded, DiffError> + Sync + 'a;

/// A diff over two paths.
#[derive(Debug)]
pub struct PathsDiff {
    /// The report.
    pub report: DiffReport,
    /// What the folder walks left out (symbolic links, files that are not regular),
    /// one line each, for the caller to mention.
    pub notes: Vec<String>,
    /// The two loaded sides of a file diff, handed back: a caller about to exit may
    /// leave them unfreed (freeing two large documents piece by piece only costs time).
    pub sides: Option<(Loaded, Loaded)>,
}

/// Diffs two folders or two files, each file loaded with [`load`].
pub fn diff_paths(old: &Path, new: &Path, options: &DiffOptions) -> Result<PathsDiff, DiffError> {
    diff_paths_with(old, new, options, &load)
}

/// [`diff_paths`] with the caller's loader for the sides of a file diff (a folder
/// diff reads files only).
pub fn diff_paths_with(
    old: &Path,
    new: &Path,
    options: &DiffOptions,
    load_side: &SideLoader<'_>,
) -> Result<PathsDiff, DiffError> {
    match (old.is_dir(), new.is_dir()) {
        (true, true) => {
            let (old, new) = (list_folder(old)?, list_folder(new)?);
            let notes = old
                .skipped
                .iter()
                .chain(&new.skipped)
                .map(ToString::to_string)
                .collect();
            Ok(PathsDiff {
                report: diff_listings(&old, &new, options)?,
                notes,
                sides: None,
            })
        }
        (false, false) => {
            let (before, after) = std::thread::scope(|scope| {
                let before = scope.spawn(|| load_side(old));
                let after = load_side(new);
                let before = before.join().unwrap_or_else(|_| {
                    Err(DiffError::Side {
                        side: old.to_path_buf(),
                        message: format!("loading {} failed", old.display()),
                    })
                });
                (before, after)
            });
            let (before, after) = (before?, after?);
            // The new side as named (a side loaded from elsewhere has no file).
            let report = diff_named(&before, &after, None, new, options);
            Ok(PathsDiff {
                report,
                notes: Vec::new(),
                sides: Some((before, after)),
            })
        }
        _ => Err(DiffError::FolderAndFile {
            old: old.to_path_buf(),
            new: new.to_path_buf(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{DiffError, DiffOptions, diff_paths, diff_paths_with};

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn two_files_give_their_changes_and_hand_back_the_sides() {
        let pair = root().join("testdata/diff/A303-attribute-removed");
        let diff = diff_paths(
            &pair.join("old.json"),
            &pair.join("new.json"),
            &DiffOptions::default(),
        )
        .expect("the pair loads");
        assert!(diff.notes.is_empty());
        assert!(
            diff.report
                .changes
                .iter()
                .any(|change| change.code == "A303")
        );
        assert!(diff.sides.is_some());
    }

    #[test]
    fn two_folders_pair_their_files() {
        let pair = root().join("testdata/diff/F001-file-added");
        let diff = diff_paths(
            &pair.join("old"),
            &pair.join("new"),
            &DiffOptions::default(),
        )
        .expect("the folders load");
        assert!(
            diff.report
                .changes
                .iter()
                .any(|change| change.code == "F001")
        );
        assert!(diff.sides.is_none(), "a folder diff hands back no sides");
    }

    #[test]
    fn a_folder_against_a_file_is_refused_naming_both() {
        let folder = root().join("testdata/valid");
        let file = folder.join("small-schema.json");
        let error = diff_paths(&folder, &file, &DiffOptions::default()).expect_err("mixed");
        assert!(matches!(error, DiffError::FolderAndFile { .. }));
        assert!(error.to_string().contains("small-schema.json"), "{error}");
    }

    #[test]
    fn the_caller_loader_reads_file_sides() {
        let file = root().join("testdata/valid/small-schema.json");
        let seen = std::sync::Mutex::new(Vec::new());
        let loader = |path: &Path| {
            seen.lock().expect("lock").push(path.to_path_buf());
            super::load(path)
        };
        let diff = diff_paths_with(&file, &file, &DiffOptions::default(), &loader)
            .expect("a file against itself");
        assert!(diff.report.changes.is_empty());
        assert!(diff.sides.is_some());
        assert_eq!(seen.lock().expect("lock").len(), 2);
    }
}
