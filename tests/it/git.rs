//! The git recipe from README ("git integration") in a scratch repository: the external
//! diff driver configured with `diff.synclens.command` and `.gitattributes`, or with
//! `GIT_EXTERNAL_DIFF`, gives semantic diffs in `git diff`, `git log -p` and `git show`
//! (added, deleted and renamed schema files, and during a merge conflict), plain text
//! diffs for other JSON, and git exits 0 throughout.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::root;

/// A temporary git repository isolated from the user's and the system's git
/// configuration (HOME is the temporary folder).
pub(super) struct Repo {
    dir: tempfile::TempDir,
    /// Extra environment for every git command.
    env: Vec<(String, String)>,
}

/// Whether git can be run; tests that need it are skipped with a note otherwise.
pub(super) fn git_available() -> bool {
    let found = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("note: git not found; git tests skipped");
    }
    found
}

impl Repo {
    pub(super) fn new() -> Self {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
            env: Vec::new(),
        };
        repo.ok(&["init", "-q"]);
        repo.ok(&["symbolic-ref", "HEAD", "refs/heads/main"]);
        repo.ok(&["config", "user.name", "Test"]);
        repo.ok(&["config", "user.email", "test@example.com"]);
        repo.ok(&["config", "commit.gpgsign", "false"]);
        repo.ok(&["config", "core.autocrlf", "false"]);
        repo
    }

    pub(super) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A command in the repository with an environment that does not leak the user's.
    pub(super) fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.current_dir(self.path());
        for name in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_EXTERNAL_DIFF",
            "GIT_CONFIG_GLOBAL",
            "GIT_CONFIG_PARAMETERS",
            "GIT_CONFIG_COUNT",
            "XDG_CONFIG_HOME",
            "NO_COLOR",
        ] {
            command.env_remove(name);
        }
        command
            .env("HOME", self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_PAGER", "cat")
            .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
            .env("LC_ALL", "C");
        for (name, value) in &self.env {
            command.env(name, value);
        }
        command
    }

    /// Runs git; returns (exit code, stdout, stderr).
    pub(super) fn git(&self, arguments: &[&str]) -> (i32, String, String) {
        let output = self.command("git").args(arguments).output().unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// Runs git and asserts it exits 0; returns stdout.
    pub(super) fn ok(&self, arguments: &[&str]) -> String {
        let (code, stdout, stderr) = self.git(arguments);
        assert_eq!(code, 0, "git {arguments:?} failed:\n{stdout}\n{stderr}");
        stdout
    }

    pub(super) fn write(&self, relative: &str, contents: &[u8]) {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    pub(super) fn copy(&self, fixture: &str, relative: &str) {
        self.write(relative, &std::fs::read(root().join(fixture)).unwrap());
    }

    pub(super) fn commit(&self, message: &str) {
        self.ok(&["add", "-A"]);
        self.ok(&["commit", "-q", "-m", message]);
    }
}

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_synclens"))
}

/// The driver command as README gives it, with the built binary and no colour.
fn driver() -> String {
    let binary = binary().display().to_string();
    assert!(!binary.contains('\''), "{binary}");
    format!("'{binary}' diff --color never")
}

const OLD: &str = "testdata/diff/T603-expression-changed/old.json";
const NEW: &str = "testdata/diff/T603-expression-changed/new.json";

/// The semantic diff of the T603 pair: its header, the change code and the attribute
/// mapping, and none of the text diff's lines.
fn assert_semantic(out: &str, name: &str) {
    assert!(out.contains(&format!("synclens diff {name}\n")), "{out}");
    assert!(out.contains("(T603)"), "{out}");
    assert!(out.contains("attribute mapping `displayName`"), "{out}");
    assert!(
        !out.contains("+                \"name\": \"Join\""),
        "{out}"
    );
}

/// A JSON file that is not a synchronization document.
fn package_json(version: &str) -> String {
    format!(
        "{{\n  \"name\": \"x\",\n  \"version\": \"{version}\",\n  \"private\": true,\n  \
         \"license\": \"MIT\",\n  \"type\": \"module\",\n  \"main\": \"index.js\"\n}}\n"
    )
}

/// A repository with the driver configured per README, `schema.json` (the old side of
/// the T603 pair) and a package.json committed.
fn configured() -> Repo {
    let repo = Repo::new();
    repo.ok(&["config", "diff.synclens.command", &driver()]);
    repo.write(".gitattributes", b"*.json diff=synclens\n");
    repo.copy(OLD, "schema.json");
    repo.write("package.json", package_json("1.0.0").as_bytes());
    repo.commit("old schema");
    repo
}

#[test]
fn git_diff_log_and_show_print_the_semantic_diff() {
    if !git_available() {
        return;
    }
    let repo = configured();
    // Working tree against the index.
    repo.copy(NEW, "schema.json");
    let out = repo.ok(&["diff"]);
    assert_semantic(&out, "schema.json");
    // Staged, and against a commit.
    repo.ok(&["add", "schema.json"]);
    assert_semantic(&repo.ok(&["diff", "--cached"]), "schema.json");
    assert_semantic(&repo.ok(&["diff", "HEAD"]), "schema.json");
    repo.commit("new schema");
    // History: log -p and show run diff drivers with --ext-diff (git's rule: only
    // `git diff` runs them by default).
    let log = repo.ok(&["log", "-p", "--ext-diff"]);
    assert_semantic(&log, "schema.json");
    assert!(
        log.contains("new schema") && log.contains("old schema"),
        "{log}"
    );
    assert_semantic(&repo.ok(&["show", "--ext-diff"]), "schema.json");
    assert!(!repo.ok(&["show"]).contains("T603"));
    assert_semantic(&repo.ok(&["diff", "HEAD~1", "HEAD"]), "schema.json");
    // Without the driver, git's own text diff (the control).
    let plain = repo.ok(&["diff", "--no-ext-diff", "HEAD~1", "HEAD"]);
    assert!(
        plain.contains("+                \"name\": \"Join\","),
        "{plain}"
    );
    assert!(!plain.contains("T603"), "{plain}");
}

#[test]
fn other_json_still_diffs_as_text() {
    if !git_available() {
        return;
    }
    let repo = configured();
    repo.write("package.json", package_json("1.1.0").as_bytes());
    // Not even JSON: still a text diff, not an error.
    repo.write("notes.json", b"not json\n");
    repo.commit("bump");
    let out = repo.ok(&["show", "--ext-diff"]);
    assert!(
        out.contains("--- a/package.json\n+++ b/package.json\n"),
        "{out}"
    );
    assert!(out.contains("\n-  \"version\": \"1.0.0\",\n"), "{out}");
    assert!(out.contains("\n+  \"version\": \"1.1.0\",\n"), "{out}");
    assert!(out.contains("\n+not json\n"), "{out}");
    assert!(!out.contains("synclens diff package.json"), "{out}");
}

#[test]
fn added_deleted_and_renamed_schema_files() {
    if !git_available() {
        return;
    }
    let repo = configured();
    repo.copy(NEW, "exports/added.json");
    repo.commit("add");
    let out = repo.ok(&["show", "--ext-diff"]);
    assert!(
        out.contains("synclens diff exports/added.json: new file"),
        "{out}"
    );
    std::fs::remove_file(repo.path().join("exports/added.json")).unwrap();
    let out = repo.ok(&["diff"]);
    assert!(
        out.contains("synclens diff exports/added.json: deleted file"),
        "{out}"
    );
    repo.commit("delete");
    assert!(
        repo.ok(&["log", "-p", "--ext-diff"])
            .contains("deleted file")
    );
    // A rename with an edit: git passes nine arguments (old and new name).
    std::fs::rename(
        repo.path().join("schema.json"),
        repo.path().join("exports/schema.json"),
    )
    .unwrap();
    repo.copy(NEW, "exports/schema.json");
    repo.ok(&["add", "-A"]);
    let out = repo.ok(&["diff", "--cached", "-M50%"]);
    assert_semantic(&out, "exports/schema.json");
    assert!(
        out.contains("renamed: schema.json -> exports/schema.json"),
        "{out}"
    );
    repo.commit("move");
    assert_semantic(
        &repo.ok(&["show", "--ext-diff", "-M50%"]),
        "exports/schema.json",
    );
    // A renamed file that is not a synchronization document: text, both names.
    std::fs::remove_file(repo.path().join("package.json")).unwrap();
    repo.write("web/package.json", package_json("2.0.0").as_bytes());
    repo.ok(&["add", "-A"]);
    let out = repo.ok(&["diff", "--cached", "-M50%"]);
    assert!(
        out.contains("--- a/package.json\n+++ b/web/package.json\n"),
        "{out}"
    );
    assert!(out.contains("\n+  \"version\": \"2.0.0\",\n"), "{out}");
}

#[test]
fn a_merge_conflict_does_not_stop_git_diff() {
    if !git_available() {
        return;
    }
    let repo = configured();
    repo.ok(&["checkout", "-q", "-b", "other"]);
    repo.copy(NEW, "schema.json");
    repo.commit("other");
    repo.ok(&["checkout", "-q", "main"]);
    let edited = std::fs::read_to_string(root().join(OLD))
        .unwrap()
        .replace("\"[displayName]\"", "\"[givenName]\"");
    repo.write("schema.json", edited.as_bytes());
    repo.commit("main");
    let (code, _, _) = repo.git(&["merge", "-q", "other"]);
    assert_eq!(code, 1, "the merge should conflict");
    // git shows unmerged files as a combined text diff.
    let out = repo.ok(&["diff"]);
    assert!(out.contains("schema.json"), "{out}");
    // git's documented call for an unmerged path has one argument.
    let output = repo
        .command(env!("CARGO_BIN_EXE_synclens"))
        .args(["diff", "schema.json"])
        .env("GIT_DIFF_PATH_TOTAL", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, b"* Unmerged path schema.json\n");
    // Outside git, one path is a usage error.
    let output = repo
        .command(env!("CARGO_BIN_EXE_synclens"))
        .args(["diff", "schema.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn git_external_diff_variable() {
    if !git_available() {
        return;
    }
    let mut repo = Repo::new();
    repo.copy(OLD, "schema.json");
    repo.commit("old");
    repo.copy(NEW, "schema.json");
    repo.env.push(("GIT_EXTERNAL_DIFF".to_owned(), driver()));
    assert_semantic(&repo.ok(&["diff"]), "schema.json");
}
