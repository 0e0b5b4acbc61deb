//! Which files a command reads: files as given, folders expanded to every `*.json`
//! below them (sorted, hidden folders skipped, symbolic links never followed), and
//! `-` for standard input, which [`load`] reads up to the size limit.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::{LoadError, LoadErrorKind, LoadOptions, Loaded, load_bytes, load_path, read_limited};

/// One file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path (`-` for standard input).
    pub path: PathBuf,
    /// Whether it was found in a folder (not named itself): a file there that is no
    /// synchronization document is skipped instead of reported.
    pub from_folder: bool,
}

/// The files of some inputs, and what the folder walks left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The files, in the order given (each folder's in sorted order).
    pub inputs: Vec<Input>,
    /// One line for each entry a folder walk skipped (a symbolic link, a FIFO, …),
    /// e.g. `x/link.json: a symbolic link, not followed in a folder walk, skipped`.
    pub notes: Vec<String>,
}

impl Expansion {
    /// The paths of the files.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.inputs.iter().map(|input| input.path.clone()).collect()
    }
}

/// Why inputs cannot be expanded.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// `-` given more than once.
    #[error("standard input (`-`) can be read only once; give it once")]
    StdinTwice,
    /// A folder that cannot be walked.
    #[error("cannot read folder {}", path.display())]
    Folder {
        /// The folder as given.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
}

/// Expands the inputs: files as given, folders to every `*.json` below (sorted), `-`
/// for standard input (at most once).
pub fn expand(inputs: &[PathBuf]) -> Result<Expansion, InputError> {
    if inputs.iter().filter(|input| is_stdin(input)).count() > 1 {
        return Err(InputError::StdinTwice);
    }
    let mut expansion = Expansion::default();
    for input in inputs {
        if !is_stdin(input) && input.is_dir() {
            let (found, skipped) = json_files(input).map_err(|source| InputError::Folder {
                path: input.clone(),
                source,
            })?;
            expansion
                .notes
                .extend(skipped.iter().map(ToString::to_string));
            expansion.inputs.extend(found.into_iter().map(|path| Input {
                path,
                from_folder: true,
            }));
        } else {
            expansion.inputs.push(Input {
                path: input.clone(),
                from_folder: false,
            });
        }
    }
    Ok(expansion)
}

/// Whether the path stands for standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Loads a document from a path, `-` being standard input (read no further than the
/// size limit).
#[allow(
    clippy::result_large_err,
    reason = "one error per file, on the error path (as load_path)"
)]
pub fn load(path: &Path, options: LoadOptions) -> Result<Loaded, LoadError> {
    if !is_stdin(path) {
        return load_path(path, options);
    }
    match read_limited(io::stdin().lock()) {
        Ok(bytes) => load_bytes(path, bytes, options),
        Err(error) => Err(LoadError {
            path: path.to_owned(),
            location: None,
            pointer: None,
            kind: LoadErrorKind::Read(error),
            excerpt: None,
        }),
    }
}

/// An entry a folder walk left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    /// A symbolic link (never followed).
    SymbolicLink(PathBuf),
    /// A `*.json` entry that is not a regular file (a FIFO, socket or device).
    NotRegular(PathBuf),
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skipped::SymbolicLink(path) => write!(
                f,
                "{}: a symbolic link, not followed in a folder walk, skipped",
                path.display()
            ),
            Skipped::NotRegular(path) => write!(
                f,
                "{}: not a regular file (a FIFO, socket or device), skipped",
                path.display()
            ),
        }
    }
}

/// Every `*.json` regular file below `folder` (sorted; hidden folders skipped), and
/// the entries left out. Symbolic links are never followed, so a walk cannot leave
/// the folder or loop; they and other files that are not regular (a FIFO, which
/// would block the read forever, a socket, a device) are left out. Iterative: depth
/// never matters. Every folder walk of synclens is this one.
pub fn json_files(folder: &Path) -> io::Result<(Vec<PathBuf>, Vec<Skipped>)> {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let path = entry.path();
            let file_type = entry.file_type()?;
            let is_json = path
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("json"));
            if file_type.is_dir() {
                let hidden = path
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with('.'));
                if !hidden {
                    pending.push(path);
                }
            } else if file_type.is_symlink() {
                skipped.push(Skipped::SymbolicLink(path));
            } else if is_json && file_type.is_file() {
                found.push(path);
            } else if is_json {
                skipped.push(Skipped::NotRegular(path));
            }
        }
    }
    found.sort();
    Ok((found, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_expand_to_their_json_files_sorted() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let expansion = expand(&[root.join("testdata/valid")]).expect("testdata is readable");
        assert!(!expansion.inputs.is_empty());
        assert!(expansion.inputs.iter().all(|input| input.from_folder));
        let paths = expansion.paths();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted);
        assert!(
            paths
                .iter()
                .all(|path| path.extension().is_some_and(|e| e == "json"))
        );
    }

    #[test]
    fn standard_input_only_once() {
        let dash = PathBuf::from("-");
        assert!(matches!(
            expand(&[dash.clone(), dash.clone()]),
            Err(InputError::StdinTwice)
        ));
        let one = expand(&[dash]).expect("one dash");
        assert_eq!(
            one.inputs,
            vec![Input {
                path: "-".into(),
                from_folder: false
            }]
        );
    }
}
