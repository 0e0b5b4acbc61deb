//! Hostile servers and hostile folders for the commands that write files (`fetch`,
//! `fmt`): each test reproduces an attack of the "Hostile inputs and hostile servers"
//! issue against the binary (or the library, where the binary cannot be steered) and
//! shows that it no longer works. Servers run on loopback only (the fake Graph of
//! `fetch.rs`); every test is bounded in time.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::fetch::{
    JOBS, Reply, SP, Server, TOKEN, cli, fetch, fetch_cli, fetch_options, graph, graph_error,
    job_files, plain_graph, reply, testdata, tree,
};
use super::{outcome, root};

/// Runs `synclens ARGUMENTS` under `/bin/sh` after `prelude` (a umask, a file size
/// limit), with only the token in the environment.
fn in_shell(prelude: &str, arguments: &[&str]) -> (i32, String, String) {
    outcome(
        Command::new("/bin/sh")
            .arg("-c")
            .arg(format!("{prelude}; exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_synclens"))
            .args(arguments)
            .env_clear()
            .env("GRAPH_TOKEN", TOKEN)
            .env("NO_COLOR", "1"),
    )
}

fn fetch_arguments<'a>(server: &'a Server, out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut arguments = vec![
        "fetch",
        "--service-principal",
        SP,
        "--graph-url",
        &server.url,
        "--token-env",
        "GRAPH_TOKEN",
        "--timeout",
        "5",
        "--out",
        out,
    ];
    arguments.extend_from_slice(extra);
    arguments
}

fn is_root() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // A file we create is owned by our effective user.
        let probe = tempfile::NamedTempFile::new().unwrap();
        probe.as_file().metadata().unwrap().uid() == 0
    }
    #[cfg(not(unix))]
    false
}

/// `synclens fetch` against `server` as its own login service, with `auth` (when
/// given), the tenant and client of the tests, and `credential` (an environment
/// variable and its value); `extra` arguments go before `--out`.
fn login_fetch(
    server: &Server,
    auth: Option<&str>,
    tenant: &str,
    credential: (&str, &str),
    extra: &[&str],
) -> (i32, String, String) {
    let mut arguments = vec![
        "fetch",
        "--service-principal",
        SP,
        "--graph-url",
        &server.url,
        "--authority-url",
        &server.url,
    ];
    if let Some(auth) = auth {
        arguments.extend(["--auth", auth]);
    }
    arguments.extend_from_slice(extra);
    arguments.extend(["--out", "unused"]);
    cli(
        &arguments,
        &[
            ("AZURE_TENANT_ID", tenant),
            ("AZURE_CLIENT_ID", "client-1"),
            credential,
        ],
    )
}

/// A Graph whose token endpoint refuses with `description`.
fn login_refusing(description: String) -> Server {
    graph(move |request, _| {
        (request.method == "POST").then(|| {
            reply(
                401,
                json!({"error": "invalid_client", "error_description": description}).to_string(),
            )
        })
    })
}

// 2. Secrets echoed by servers.

#[test]
fn secrets_echoed_by_servers_never_reach_stderr() {
    // The client secret, raw and form-encoded, in the token endpoint's description.
    let secret = "S3cr3t-Value+/=";
    let server = login_refusing(format!(
        "AADSTS7000215: Invalid client secret {secret} (sent as S3cr3t-Value%2B%2F%3D)"
    ));
    let (code, stdout, stderr) = login_fetch(
        &server,
        Some("client-secret"),
        "tenant-1",
        ("AZURE_CLIENT_SECRET", secret),
        &[],
    );
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("Invalid client secret <redacted>"),
        "{stderr}"
    );
    assert!(!stderr.contains("S3cr3t"), "{stderr}");

    // The federated assertion, whole and its payload alone.
    let payload = "eyJzdWIiOiJyZXBvOmNvbnRvc28vYXBwOnJlZjpyZWZzL2hlYWRzL21haW4ifQ";
    let assertion =
        format!("eyJhbGciOiJSUzI1NiJ9.{payload}.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU");
    let server = login_refusing(format!(
        "AADSTS700213: No matching federated identity record for assertion {assertion}; \
         subject in {payload}"
    ));
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("token");
    std::fs::write(&file, &assertion).unwrap();
    let (code, _, stderr) = login_fetch(
        &server,
        None,
        "tenant-1",
        ("AZURE_FEDERATED_TOKEN_FILE", file.to_str().unwrap()),
        &[],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("workload identity federation"), "{stderr}");
    assert!(!stderr.contains(payload), "{stderr}");
    assert!(stderr.contains("assertion <redacted>"), "{stderr}");

    // The access token in a Graph 401, with and without `Bearer`.
    let server = graph(|_, _| {
        Some(graph_error(
            401,
            "InvalidAuthenticationToken",
            &format!("Header 'Authorization: Bearer {TOKEN}' rejected; token {TOKEN} expired"),
        ))
    });
    let out = tempfile::tempdir().unwrap();
    let (code, _, stderr) = fetch_cli(&server, out.path(), &["--verbose"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("HTTP 401"), "{stderr}");
    assert!(!stderr.contains(TOKEN), "{stderr}");
    assert!(
        stderr.contains("Bearer <redacted>' rejected; token <redacted> expired"),
        "{stderr}"
    );

    // The managed identity header (App Service), echoed by the identity endpoint.
    let header = "msi-header-5c1d7e";
    let identity = graph(move |request, _| {
        request.target.starts_with("/msi/token?").then(|| {
            graph_error(
                400,
                "invalid_request",
                &format!("X-IDENTITY-HEADER {header} does not match"),
            )
        })
    });
    let endpoint = format!("{}/msi/token", identity.url);
    let (code, _, stderr) = cli(
        &[
            "fetch",
            "--service-principal",
            SP,
            "--graph-url",
            &identity.url,
            "--auth",
            "managed-identity",
            "--out",
            "unused",
        ],
        &[
            ("IDENTITY_ENDPOINT", &endpoint),
            ("IDENTITY_HEADER", header),
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("X-IDENTITY-HEADER <redacted>"), "{stderr}");
    assert!(!stderr.contains(header), "{stderr}");
}

// 3. Control characters from Graph.

#[test]
fn control_characters_from_graph_errors_are_escaped() {
    let hostile = "\u{1b}[2J\u{1b}]0;pwned\u{7}\r\u{1b}[32m0 errors\u{1b}[0m\u{202e}";
    let server = graph(move |request, _| {
        request
            .target
            .ends_with("/jobs/scim.bbb2/schema")
            .then(|| graph_error(403, "Denied\u{1b}[8m", hostile))
    });
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = fetch_cli(&server, out.path(), &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    for text in [&stdout, &stderr] {
        assert!(
            !text.contains(['\u{1b}', '\u{7}', '\r', '\u{202e}']),
            "{text:?}"
        );
    }
    assert!(
        stderr
            .contains("Denied\\u{1b}[8m: \\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\u{d}\\u{1b}[32m0 errors"),
        "{stderr}"
    );
    assert!(stderr.contains("\\u{202e}"), "{stderr}");
}

// 4. Symbolic links below --out, and in fmt's folder walk.

#[cfg(unix)]
#[test]
fn fetch_never_follows_a_symbolic_link_below_out() {
    let server = plain_graph();
    let out = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    // A link planted at a file fetch writes: replaced, never written through.
    let job = out.path().join(SP).join("jobs/scim.aaa1");
    std::fs::create_dir_all(&job).unwrap();
    std::os::unix::fs::symlink(&victim, job.join("job.json")).unwrap();
    let report = fetch(&server, &fetch_options(out.path())).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(!job.join("job.json").is_symlink());
    assert!(
        std::fs::read_to_string(job.join("job.json"))
            .unwrap()
            .contains("scim.aaa1")
    );

    // A linked `jobs` folder: nothing written there, nothing pruned there.
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir(out.path().join(SP)).unwrap();
    let gone = outside.path().join("scim.gone");
    std::fs::create_dir(&gone).unwrap();
    std::fs::write(gone.join("job.json"), "not fetch's to delete").unwrap();
    std::os::unix::fs::symlink(outside.path(), out.path().join(SP).join("jobs")).unwrap();
    let output = out.path().to_str().unwrap();
    let (code, stdout, stderr) = fetch_cli(&server, out.path(), &["--prune", "--templates"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!(
            "{output}/{SP}/jobs is a symbolic link; synclens does not write through links"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("--prune does not follow links below the output folder"),
        "{stderr}"
    );
    assert!(stdout.contains("fetched 1 of 4 objects"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(gone.join("job.json")).unwrap(),
        "not fetch's to delete"
    );
    let mut outside_files = tree(outside.path());
    outside_files.sort();
    assert_eq!(outside_files, ["scim.gone/job.json", "victim.txt"]);
}

#[cfg(unix)]
#[test]
fn fmt_never_rewrites_a_file_outside_a_folder_but_formats_a_named_link() {
    let folder = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    // Valid but not canonical: fmt would rewrite it.
    let text = std::fs::read_to_string(root().join("testdata/valid/small-schema.json")).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let minified = serde_json::to_string(&value).unwrap();
    let victim = outside.path().join("victim.json");
    std::fs::write(&victim, &minified).unwrap();
    std::os::unix::fs::symlink(&victim, folder.path().join("link.json")).unwrap();
    let (code, _, stderr) = cli(&["fmt", folder.path().to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("link.json: a symbolic link"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), minified);
    // Named on the command line: the user chose it; the file it points to is formatted.
    let link = folder.path().join("link.json");
    let (code, _, stderr) = cli(&["fmt", link.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_ne!(std::fs::read_to_string(&victim).unwrap(), minified);
    assert!(link.is_symlink());
}

// 5. All or nothing on a full disk.

/// A file size limit (`ulimit -f`) makes every write past about 20 KB fail, as a full
/// disk does: each job's schema (60 KB) fails, its small files would not.
#[cfg(unix)]
#[test]
fn a_failing_disk_replaces_none_of_a_jobs_files_and_shows_the_cause() {
    let server = plain_graph();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().to_str().unwrap();
    let (code, _, stderr) = in_shell("true", &fetch_arguments(&server, output, &[]));
    assert_eq!(code, 0, "{stderr}");
    let job = out.path().join(SP).join("jobs/scim.aaa1");
    std::fs::write(job.join("job.json"), "old job").unwrap();
    std::fs::write(job.join("schema.json"), "old schema").unwrap();
    // dash counts 512-byte blocks, bash 1024: 20 or 40 KB.
    let (code, stdout, stderr) = in_shell(
        "trap '' XFSZ; ulimit -f 40",
        &fetch_arguments(&server, output, &["--templates"]),
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(
        std::fs::read_to_string(job.join("job.json")).unwrap(),
        "old job"
    );
    assert_eq!(
        std::fs::read_to_string(job.join("schema.json")).unwrap(),
        "old schema"
    );
    assert!(
        stderr.contains("schema.json; it is left unchanged: File too large (os error 27)"),
        "the OS cause is shown: {stderr}"
    );
    assert_eq!(stderr.matches("failed:").count(), 3, "{stderr}");
    // The template (small) was written: two files, counted.
    assert!(
        stdout.contains("fetched 1 of 4 objects") && stdout.contains("(2 files)"),
        "{stdout}"
    );
    let leftovers: Vec<String> = tree(out.path())
        .into_iter()
        .filter(|file| Path::new(file).extension().is_none_or(|e| e != "json"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

// 6. Owner, group, mode, extended attributes and hard links.

#[cfg(target_os = "linux")]
#[test]
fn fmt_and_fetch_keep_owner_group_mode_and_extended_attributes() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if !is_root() {
        eprintln!("note: not root; the ownership test needs chown and is skipped");
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("schema.json");
    let text = std::fs::read_to_string(root().join("testdata/valid/small-schema.json")).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    std::fs::write(&path, serde_json::to_string(&value).unwrap()).unwrap();
    std::os::unix::fs::chown(&path, Some(12345), Some(12346)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let xattr = rustix::fs::setxattr(
        &path,
        "user.synclens-test",
        b"kept",
        rustix::fs::XattrFlags::empty(),
    )
    .is_ok();
    if !xattr {
        eprintln!("note: this file system has no user extended attributes; not checked");
    }
    let (code, _, stderr) = cli(&["fmt", path.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("formatted"), "{stderr}");
    let metadata = std::fs::metadata(&path).unwrap();
    assert_eq!((metadata.uid(), metadata.gid()), (12345, 12346));
    assert_eq!(metadata.mode() & 0o7777, 0o640);
    if xattr {
        let mut value = [0_u8; 16];
        let length = rustix::fs::getxattr(&path, "user.synclens-test", &mut value[..]).unwrap();
        assert_eq!(value.get(..length), Some(&b"kept"[..]));
    }

    // fetch over a file another user owns.
    let server = plain_graph();
    let out = tempfile::tempdir().unwrap();
    fetch(&server, &fetch_options(out.path())).unwrap();
    let job = out.path().join(SP).join("jobs/scim.aaa1/job.json");
    std::os::unix::fs::chown(&job, Some(12345), Some(12345)).unwrap();
    fetch(&server, &fetch_options(out.path())).unwrap();
    let metadata = std::fs::metadata(&job).unwrap();
    assert_eq!((metadata.uid(), metadata.gid()), (12345, 12345));
}

#[cfg(unix)]
#[test]
fn a_file_with_several_hard_links_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("schema.json");
    let text = std::fs::read_to_string(root().join("testdata/valid/small-schema.json")).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let minified = serde_json::to_string(&value).unwrap();
    std::fs::write(&path, &minified).unwrap();
    let other = folder.path().join("backup.txt");
    std::fs::hard_link(&path, &other).unwrap();
    let (code, _, stderr) = cli(&["fmt", path.to_str().unwrap()], &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("has 2 hard links"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), minified);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), minified);
}

// 7. A failure while pruning.

#[test]
fn a_prune_failure_fails_one_folder_and_the_summary_is_printed() {
    let server = plain_graph();
    let out = tempfile::tempdir().unwrap();
    let jobs = out.path().join(SP).join("jobs");
    // A folder where schema.json should be: cannot be removed as a file.
    std::fs::create_dir_all(jobs.join("scim.broken/schema.json")).unwrap();
    std::fs::write(jobs.join("scim.broken/job.json"), "{}").unwrap();
    std::fs::create_dir_all(jobs.join("scim.gone")).unwrap();
    std::fs::write(jobs.join("scim.gone/job.json"), "{}").unwrap();
    let (code, stdout, stderr) = fetch_cli(&server, out.path(), &["--prune"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains("synclens: prune jobs/scim.broken failed: cannot remove"),
        "{stderr}"
    );
    assert!(
        stdout.contains("pruned") && stdout.contains("scim.gone"),
        "{stdout}"
    );
    assert!(stdout.contains("fetched 3 of 3 objects"), "{stdout}");
    assert!(!jobs.join("scim.gone").exists());
    for job in JOBS {
        assert!(jobs.join(job).join("schema.json").is_file());
    }
}

// 8. Huge listings.

#[test]
fn a_huge_listing_is_refused_quickly_and_id_less_items_are_one_line() {
    // 10 MB of `0,`: five million items without an id.
    let huge = {
        let mut body = String::from("{\"value\":[0");
        body.push_str(&",0".repeat(5_000_000));
        body.push_str("]}");
        body
    };
    let server = graph(move |request, _| {
        request
            .target
            .ends_with("/synchronization/jobs")
            .then(|| reply(200, huge.clone()))
    });
    let out = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let (code, stdout, stderr) = fetch_cli(&server, out.path(), &[]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert!(stderr.len() < 1000, "{} bytes of stderr", stderr.len());
    assert!(
        stderr.contains("the collection has more than 10000 items"),
        "{stderr}"
    );

    // A few thousand id-less items next to real ones: one line, with the count.
    let server = graph(|request, _| {
        request.target.ends_with("/synchronization/jobs").then(|| {
            let mut items = vec![json!(0); 3000];
            items.push(json!({"id": "scim.aaa1"}));
            reply(200, json!({"value": items}).to_string())
        })
    });
    let (code, stdout, stderr) = fetch_cli(&server, out.path(), &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("jobs listing failed: ")
            && stderr.contains("3000 item(s) of the listing have no id (items 0, 1, 2, 3, 4, …)"),
        "{stderr}"
    );
    assert!(stdout.contains("fetched 1 of 1 objects"), "{stdout}");
}

// 10. Time bounds.

#[test]
fn a_body_dripped_byte_by_byte_is_cut_off_by_the_timeout() {
    let server = graph(|request, _| {
        request
            .target
            .ends_with("/jobs/scim.aaa1")
            .then(|| Reply::Drip(testdata("job.json").to_string(), Duration::from_millis(400)))
    });
    let out = tempfile::tempdir().unwrap();
    let started = Instant::now();
    // fetch_cli passes --timeout 2; the job (2.5 KB) would take 17 minutes.
    let (code, stdout, stderr) = fetch_cli(&server, out.path(), &[]);
    let elapsed = started.elapsed();
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    assert!(
        stderr.contains("jobs/scim.aaa1 failed") && stderr.contains("no response within 2.0 s"),
        "{stderr}"
    );
}

#[test]
fn a_retry_after_longer_than_the_timeout_is_not_waited_for() {
    let server = graph(|request, _| {
        request
            .target
            .ends_with("/jobs/scim.aaa1/schema")
            .then(|| Reply::Full {
                status: 429,
                headers: vec![("Retry-After", "3600".to_owned())],
                body: json!({"error": {"code": "TooManyRequests", "message": "slow down"}})
                    .to_string(),
            })
    });
    let out = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let (code, _, stderr) = fetch_cli(&server, out.path(), &[]);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("asked to wait 3600.0 s before retrying (Retry-After), longer than synclens waits (2.0 s"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_hanging_azure_cli_is_stopped() {
    use std::os::unix::fs::PermissionsExt;
    let server = plain_graph();
    let bin = tempfile::tempdir().unwrap();
    let az = bin.path().join("az");
    // Not `exec`: the sleeping child keeps the output open after az is killed.
    std::fs::write(&az, "#!/bin/sh\nsleep 6\necho '{}'\n").unwrap();
    std::fs::set_permissions(&az, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.path().display());
    let started = Instant::now();
    let (code, _, stderr) = cli(
        &[
            "fetch",
            "--service-principal",
            SP,
            "--graph-url",
            &server.url,
            "--auth",
            "azure-cli",
            "--az-timeout",
            "1",
            "--out",
            "unused",
        ],
        &[("PATH", &path)],
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the Azure CLI did not answer within 1 s and was stopped"),
        "{stderr}"
    );
}

#[test]
fn an_oversized_federated_token_file_is_refused() {
    let server = plain_graph();
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("token");
    std::fs::write(&file, "x".repeat(10 * 1024 * 1024)).unwrap();
    let (code, _, stderr) = login_fetch(
        &server,
        Some("federated"),
        "tenant-1",
        ("AZURE_FEDERATED_TOKEN_FILE", file.to_str().unwrap()),
        &[],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot read the federated token file")
            && stderr.contains("larger than 65536 bytes"),
        "{stderr}"
    );
    assert!(server.seen().is_empty(), "nothing was sent");
}

// 13. Token endpoint redirects and failures.

#[test]
fn token_endpoint_redirects_and_failures_are_explained() {
    let server = graph(|request, _| {
        if request.method != "POST" {
            return None;
        }
        Some(if request.target.starts_with("/moved/") {
            Reply::Full {
                status: 307,
                headers: vec![("Location", "https://login.example.net/x".to_owned())],
                body: String::new(),
            }
        } else {
            reply(
                503,
                "<html>\u{1b}]0;title\u{7}Service unavailable, secret s3cret-abc</html>",
            )
        })
    });
    let run = |tenant: &str| {
        login_fetch(
            &server,
            Some("client-secret"),
            tenant,
            ("AZURE_CLIENT_SECRET", "s3cret-abc"),
            &["--max-retries", "0"],
        )
    };
    let (code, _, stderr) = run("moved");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("HTTP 307 Temporary Redirect (the response says nothing more); the login service answered with a redirect to https://login.example.net/x"),
        "{stderr}"
    );
    assert!(stderr.contains("check --authority-url"), "{stderr}");
    let (code, _, stderr) = run("tenant-1");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("HTTP 503 Service Unavailable: <html>\\u{1b}]0;title\\u{7}Service unavailable, secret <redacted></html>; the login service failed; try again later"),
        "{stderr}"
    );
}

// 15. Folder names on Windows and macOS.

#[test]
fn device_names_and_ids_differing_in_case_get_distinct_safe_folders() {
    let ids = ["CON", "Case", "case", "name.", "aux.json"];
    let server = graph(move |request, _| {
        let target = request.target.as_str();
        if target.ends_with("/synchronization/jobs") {
            let items: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
            return Some(reply(200, json!({"value": items}).to_string()));
        }
        let (_, rest) = target.split_once("/synchronization/jobs/")?;
        let (id, tail) = rest.split_once('/').unwrap_or((rest, ""));
        let ok = |value: Value| Some(reply(200, value.to_string()));
        match tail {
            "" => {
                let mut job = testdata("job.json");
                job["id"] = json!(id.replace("%2E", "."));
                ok(job)
            }
            "schema" => ok(testdata("small-schema.json")),
            "schema/functions" => ok(testdata("functions.json")),
            "schema/filterOperators" => ok(testdata("filter-operators.json")),
            _ => None,
        }
    });
    let out = tempfile::tempdir().unwrap();
    let report = fetch(&server, &fetch_options(out.path())).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let mut folders: Vec<String> = std::fs::read_dir(out.path().join(SP).join("jobs"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    assert_eq!(folders.len(), 5, "{folders:?}");
    assert!(folders.contains(&"%43ON".to_owned()), "{folders:?}");
    assert!(folders.contains(&"%61ux.json".to_owned()), "{folders:?}");
    assert!(folders.contains(&"name%2E".to_owned()), "{folders:?}");
    let mut folded: Vec<String> = folders.iter().map(|f| f.to_ascii_lowercase()).collect();
    folded.dedup();
    assert_eq!(folded.len(), 5, "case-insensitive twins: {folders:?}");
    assert!(
        folders
            .iter()
            .any(|f| f.starts_with("Case~") && f.len() == "Case~".len() + 8),
        "{folders:?}"
    );
    // Stable: a second fetch writes the same folders.
    fetch(&server, &fetch_options(out.path())).unwrap();
    assert_eq!(
        std::fs::read_dir(out.path().join(SP).join("jobs"))
            .unwrap()
            .count(),
        5
    );

    // A folder left by an earlier fetch that differs only in case is not shared.
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(out.path().join(SP).join("jobs/SCIM.AAA1")).unwrap();
    let report = fetch(&plain_graph(), &fetch_options(out.path())).unwrap();
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    let message = report.failures[0].error.to_string();
    assert!(
        message.contains("on file systems that ignore case") && message.contains("SCIM.AAA1"),
        "{message}"
    );
}

// 16. Modes of new files.

#[cfg(unix)]
#[test]
fn new_files_follow_the_umask_and_replaced_files_keep_their_mode() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let server = plain_graph();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().to_str().unwrap();
    let (code, _, stderr) = in_shell("umask 022", &fetch_arguments(&server, output, &[]));
    assert_eq!(code, 0, "{stderr}");
    for file in job_files("scim.aaa1") {
        assert_eq!(mode(&out.path().join(&file)), 0o644, "{file}");
    }
    let job = out.path().join(SP).join("jobs/scim.aaa1/job.json");
    std::fs::set_permissions(&job, std::fs::Permissions::from_mode(0o640)).unwrap();
    let schema = out.path().join(SP).join("jobs/scim.aaa1/schema.json");
    std::fs::remove_file(&schema).unwrap();
    let (code, _, stderr) = in_shell("umask 077", &fetch_arguments(&server, output, &[]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(mode(&job), 0o640, "replaced: mode kept");
    assert_eq!(mode(&schema), 0o600, "new: 0666 minus the umask");
    assert_eq!(
        mode(&out.path().join(SP).join("jobs/scim.bbb2/job.json")),
        0o644
    );
}
