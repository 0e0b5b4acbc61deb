//! `synclens fetch` and `graph:` diff sides against a real HTTP server on loopback that
//! behaves like Microsoft Graph and the login service (a small `std::net` server in
//! this file: one thread per connection, every request recorded).
//!
//! "Foreign host" means another origin: scheme, host and port. A second loopback
//! server on another port is foreign, and the tests assert it never sees a request.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use synclens::fetch::{
    Env, FetchError, FetchOptions, GraphOptions, HttpSettings, Session, load_graph_side,
};
use synclens::model::Kind;

use super::{outcome, root, synclens};

pub(super) const TOKEN: &str = "test-token-7f3a";
pub(super) const SP: &str = "11111111-2222-3333-4444-555555555555";
const SP_TWIN: &str = "99999999-2222-3333-4444-555555555555";
const APP: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
pub(super) const JOBS: [&str; 3] = ["scim.aaa1", "scim.bbb2", "scim.ccc3"];

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub(super) struct Seen {
    pub(super) method: String,
    pub(super) target: String,
    pub(super) authorization: Option<String>,
    pub(super) metadata: Option<String>,
    pub(super) fed_auth_redirect: Option<String>,
    pub(super) body: String,
}

pub(super) enum Reply {
    Full {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// Declares a longer body than it sends, then closes the connection.
    Truncated(String),
    /// Waits before answering.
    Slow(Duration, Box<Reply>),
    /// Declares the whole body, then sends it one byte per interval.
    Drip(String, Duration),
}

pub(super) fn reply(status: u16, body: impl Into<String>) -> Reply {
    Reply::Full {
        status,
        headers: Vec::new(),
        body: body.into(),
    }
}

pub(super) fn graph_error(status: u16, code: &str, message: &str) -> Reply {
    reply(
        status,
        json!({"error": {"code": code, "message": message,
            "innerError": {"request-id": format!("req-{status}"), "date": "2026-01-01T00:00:00"}}})
        .to_string(),
    )
}

type Handler = dyn Fn(&Seen, &str) -> Reply + Send + Sync;

pub(super) struct Server {
    pub(super) url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub(super) fn start(handler: impl Fn(&Seen, &str) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let (base, log) = (url.clone(), Arc::clone(&seen));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (handler, base, log) = (Arc::clone(&handler), base.clone(), Arc::clone(&log));
                std::thread::spawn(move || serve(stream, &*handler, &base, &log));
            }
        });
        Server { url, seen }
    }

    pub(super) fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, handler: &Handler, base: &str, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let (mut length, mut authorization, mut metadata, mut fed_auth_redirect) =
        (0, None, None, None);
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').unwrap_or((&header, ""));
        let value = value.trim().to_owned();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse().unwrap_or(0),
            "authorization" => authorization = Some(value),
            "metadata" => metadata = Some(value),
            "x-tfs-fedauthredirect" => fed_auth_redirect = Some(value),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap_or_default();
    let request = Seen {
        method,
        target,
        authorization,
        metadata,
        fed_auth_redirect,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    log.lock().unwrap().push(request.clone());
    write_reply(stream, handler(&request, base));
}

fn write_reply(mut stream: TcpStream, reply: Reply) {
    let (status, headers, body, declared) = match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let length = body.len();
            (status, headers, body, length)
        }
        Reply::Truncated(body) => {
            let length = body.len() * 2 + 100;
            (200, Vec::new(), body, length)
        }
        Reply::Slow(delay, reply) => {
            std::thread::sleep(delay);
            return write_reply(stream, *reply);
        }
        Reply::Drip(body, interval) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            for byte in body.bytes() {
                if stream
                    .write_all(&[byte])
                    .and_then(|()| stream.flush())
                    .is_err()
                {
                    return;
                }
                std::thread::sleep(interval);
            }
            return;
        }
    };
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\nConnection: close\r\n"
    );
    for (name, value) in headers {
        head.push_str(&[name, ": ", &value, "\r\n"].concat());
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
    let _ = stream.flush();
}

pub(super) fn testdata(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join("testdata/valid").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn service_principal(id: &str, name: &str) -> Value {
    json!({"id": id, "appId": APP, "displayName": name})
}

/// A fake Graph: one service principal with three jobs listed over three pages, one
/// template, a twin display name; `overrides` answers first.
pub(super) fn graph(
    overrides: impl Fn(&Seen, &str) -> Option<Reply> + Send + Sync + 'static,
) -> Server {
    Server::start(move |request, base| {
        if let Some(reply) = overrides(request, base) {
            return reply;
        }
        let target = request.target.as_str();
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let sync = format!("/v1.0/servicePrincipals/{SP}/synchronization");
        let ok = |value: Value| reply(200, value.to_string());
        if path == format!("/v1.0/servicePrincipals/{SP}")
            || path == format!("/v1.0/servicePrincipals(appId='{APP}')")
        {
            return ok(service_principal(SP, "Contoso SCIM"));
        }
        if path == "/v1.0/servicePrincipals" {
            let matches = if query.contains("Contoso%20SCIM") {
                vec![service_principal(SP, "Contoso SCIM")]
            } else if query.contains("Twin") {
                vec![
                    service_principal(SP_TWIN, "Twin"),
                    service_principal(SP, "Twin"),
                ]
            } else {
                Vec::new()
            };
            return ok(json!({"value": matches}));
        }
        if path == format!("{sync}/jobs") {
            let page = match query {
                "" => 0,
                "$skiptoken=2" => 1,
                _ => 2,
            };
            let mut body = json!({"@odata.context": format!("{base}/v1.0/$metadata#servicePrincipals('{SP}')/synchronization/jobs"),
                "value": [{"id": JOBS[page], "templateId": "scim"}]});
            if page < 2 {
                body["@odata.nextLink"] =
                    json!(format!("{base}{sync}/jobs?$skiptoken={}", page + 2));
            }
            return ok(body);
        }
        if path == format!("{sync}/templates") {
            return ok(json!({"value": [testdata("template.json")]}));
        }
        if path == format!("{sync}/templates/scim") {
            return ok(testdata("template.json"));
        }
        if path == format!("{sync}/templates/scim/schema") {
            return ok(testdata("small-schema.json"));
        }
        for job in JOBS {
            let prefix = format!("{sync}/jobs/{job}");
            if path == prefix {
                let mut value = testdata("job.json");
                value["id"] = json!(job);
                // Never written, should a server ever include it.
                value["secrets"] = json!([{"key": "SecretToken", "value": "hunter2-secret"}]);
                return ok(value);
            }
            match path.strip_prefix(&prefix) {
                Some("/schema") => return ok(testdata("entra-to-scim.schema.json")),
                Some("/schema/functions") => return ok(testdata("functions.json")),
                Some("/schema/filterOperators") => return ok(testdata("filter-operators.json")),
                _ => {}
            }
        }
        graph_error(404, "Request_ResourceNotFound", "Resource does not exist")
    })
}

/// The fake Graph refusing (403) the schema of one job.
fn graph_denying_schema_of(job: &'static str) -> Server {
    graph(move |request, _| {
        request
            .target
            .ends_with(&format!("/jobs/{job}/schema"))
            .then(|| {
                graph_error(
                    403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation.",
                )
            })
    })
}

pub(super) fn plain_graph() -> Server {
    graph(|_, _| None)
}

pub(super) fn options(server: &Server) -> GraphOptions {
    GraphOptions {
        graph_url: Some(server.url.clone()),
        authority_url: Some(server.url.clone()),
        http: HttpSettings {
            connect_timeout: Duration::from_secs(2),
            read_timeout: Duration::from_secs(2),
            request_timeout: Duration::from_secs(5),
            max_retries: 3,
            backoff_base: Duration::from_millis(10),
            max_wait: Duration::from_secs(1),
            concurrency: 2,
            proxy: None,
            no_proxy: Vec::new(),
        },
        ..GraphOptions::default()
    }
}

pub(super) fn token_env() -> Env {
    Env::from_pairs([("SYNCLENS_TOKEN", TOKEN)])
}

pub(super) fn fetch_options(out: &Path) -> FetchOptions {
    FetchOptions {
        service_principal: SP.to_owned(),
        out: out.to_owned(),
        ..FetchOptions::default()
    }
}

pub(super) fn fetch(
    server: &Server,
    options: &FetchOptions,
) -> Result<synclens::fetch::FetchReport, FetchError> {
    Session::connect(&self::options(server), &token_env(), None)?.fetch(options)
}

/// Every file below a folder, relative, sorted (temporary files would show here).
pub(super) fn tree(folder: &Path) -> Vec<String> {
    fn walk(folder: &Path, base: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, base, found);
            } else {
                found.push(
                    path.strip_prefix(base)
                        .unwrap()
                        .display()
                        .to_string()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut found = Vec::new();
    walk(folder, folder, &mut found);
    found.sort();
    found
}

pub(super) fn job_files(job: &str) -> Vec<String> {
    [
        "filter-operators.json",
        "functions.json",
        "job.json",
        "schema.json",
    ]
    .iter()
    .map(|file| format!("{SP}/jobs/{job}/{file}"))
    .collect()
}

/// Every request was a GET with the token to the Graph server.
fn assert_only_authorised_gets(server: &Server) {
    for request in server.seen() {
        assert_eq!(request.method, "GET", "{request:?}");
        assert_eq!(
            request.authorization.as_deref(),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    }
}

#[test]
fn fetch_pages_through_jobs_and_writes_canonical_valid_files() {
    let server = plain_graph();
    let out = tempfile::tempdir().unwrap();
    let report = fetch(&server, &fetch_options(out.path())).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.objects, 3);
    let expected: Vec<String> = JOBS.iter().flat_map(|job| job_files(job)).collect();
    assert_eq!(tree(out.path()), expected);
    assert_eq!(report.written.len(), 12);
    let job: Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join(SP).join("jobs/scim.bbb2/job.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(job["id"], "scim.bbb2");
    assert!(job.get("status").is_none(), "status is volatile: left out");
    assert!(job.get("schedule").is_some());
    for file in tree(out.path()) {
        let text = std::fs::read_to_string(out.path().join(&file)).unwrap();
        assert!(!text.contains("hunter2-secret"), "{file} holds a secret");
        assert!(!text.contains(TOKEN), "{file} holds the token");
    }
    // Three pages were followed verbatim.
    let pages = server
        .seen()
        .iter()
        .filter(|r| {
            r.target.contains("/synchronization/jobs?$skiptoken=")
                || r.target.ends_with("/synchronization/jobs")
        })
        .count();
    assert_eq!(pages, 3);
    assert_only_authorised_gets(&server);
    let folder = out.path().to_str().unwrap();
    let (code, stdout, stderr) = synclens(&["fmt", "--check", folder]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (code, stdout, stderr) = synclens(&["validate", folder]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // Fetching again rewrites the same bytes.
    let before = std::fs::read(out.path().join(SP).join("jobs/scim.aaa1/schema.json")).unwrap();
    fetch(&server, &fetch_options(out.path())).unwrap();
    let after = std::fs::read(out.path().join(SP).join("jobs/scim.aaa1/schema.json")).unwrap();
    assert_eq!(before, after);
}

#[test]
fn one_job_with_status_and_templates() {
    let server = plain_graph();
    let out = tempfile::tempdir().unwrap();
    let report = fetch(
        &server,
        &FetchOptions {
            job: Some("scim.ccc3".to_owned()),
            templates: true,
            with_status: true,
            ..fetch_options(out.path())
        },
    )
    .unwrap();
    assert!(report.failures.is_empty());
    let mut expected = job_files("scim.ccc3");
    expected.extend([
        format!("{SP}/templates/scim/schema.json"),
        format!("{SP}/templates/scim/template.json"),
    ]);
    assert_eq!(tree(out.path()), expected);
    let job = std::fs::read_to_string(out.path().join(SP).join("jobs/scim.ccc3/job.json")).unwrap();
    assert!(job.contains("\"status\""));
    let template =
        std::fs::read_to_string(out.path().join(SP).join("templates/scim/template.json")).unwrap();
    assert!(
        !template.contains("\"schema\""),
        "the schema has its own file"
    );
    let loaded = synclens::load::load_path(
        &out.path().join(SP).join("templates/scim/template.json"),
        synclens::load::LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(loaded.kind(), Kind::Template);
    // The job list was not requested.
    assert!(
        !server
            .seen()
            .iter()
            .any(|r| r.target.ends_with("/synchronization/jobs"))
    );
}

#[test]
fn prune_removes_what_the_tenant_no_longer_has_and_keeps_other_files() {
    let out = tempfile::tempdir().unwrap();
    let all = FetchOptions {
        templates: true,
        ..fetch_options(out.path())
    };
    fetch(&plain_graph(), &all).unwrap();
    // A note of the user's own beside a job that will be deleted in the tenant.
    let kept_note = out.path().join(SP).join("jobs/scim.bbb2/NOTES.md");
    std::fs::write(&kept_note, "why this job exists").unwrap();

    // Now the tenant lists only scim.aaa1 and no template.
    let shrunk = || {
        graph(|request, base| {
            let target = request.target.as_str();
            if target.ends_with("/synchronization/jobs") {
                return Some(reply(
                    200,
                    json!({"@odata.context": format!("{base}/v1.0/$metadata#jobs"),
                        "value": [{"id": "scim.aaa1", "templateId": "scim"}]})
                    .to_string(),
                ));
            }
            target
                .ends_with("/synchronization/templates")
                .then(|| reply(200, json!({"value": []}).to_string()))
        })
    };
    // Without --prune nothing is removed; with --job, pruning is off.
    let report = fetch(&shrunk(), &all).unwrap();
    assert!(report.pruned.is_empty());
    assert!(out.path().join(SP).join("jobs/scim.ccc3/job.json").exists());
    let report = fetch(
        &shrunk(),
        &FetchOptions {
            job: Some("scim.aaa1".to_owned()),
            prune: true,
            ..fetch_options(out.path())
        },
    )
    .unwrap();
    assert!(report.pruned.is_empty());
    assert!(out.path().join(SP).join("jobs/scim.ccc3/job.json").exists());

    let report = fetch(
        &shrunk(),
        &FetchOptions {
            prune: true,
            ..all.clone()
        },
    )
    .unwrap();
    let sp = out.path().join(SP);
    assert_eq!(
        report.pruned,
        [
            sp.join("jobs/scim.bbb2"),
            sp.join("jobs/scim.ccc3"),
            sp.join("templates/scim"),
        ]
    );
    let mut expected = job_files("scim.aaa1");
    expected.push(format!("{SP}/jobs/scim.bbb2/NOTES.md"));
    assert_eq!(tree(out.path()), expected);
    assert!(!sp.join("jobs/scim.ccc3").exists());
    assert!(!sp.join("templates/scim").exists());
    assert!(kept_note.exists());
}

#[test]
fn requests_in_flight_are_bounded() {
    let current = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (now, peak) = (Arc::clone(&current), Arc::clone(&most));
    let server = graph(move |request, _| {
        if request.target.contains("/synchronization/jobs/") {
            let running = now.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(running, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(60));
            now.fetch_sub(1, Ordering::SeqCst);
        }
        None
    });
    let out = tempfile::tempdir().unwrap();
    let report = fetch(&server, &fetch_options(out.path())).unwrap();
    assert!(report.failures.is_empty());
    // options() allows two in flight; three jobs of four requests each.
    assert_eq!(most.load(Ordering::SeqCst), 2);
}

#[test]
fn a_next_link_that_loops_is_an_error() {
    let server = graph(|request, base| {
        request.target.contains("/synchronization/jobs").then(|| {
            reply(
                200,
                json!({"value": [], "@odata.nextLink": format!("{base}/v1.0/servicePrincipals/{SP}/synchronization/jobs?$skiptoken=1")})
                    .to_string(),
            )
        })
    });
    let out = tempfile::tempdir().unwrap();
    let error = fetch(&server, &fetch_options(out.path())).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the nextLink repeats an earlier page"),
        "{error}"
    );
}

#[test]
fn throttling_429_waits_retry_after_then_succeeds() {
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    let server = graph(move |request, _| {
        let throttled = request.target.ends_with("/synchronization/jobs")
            && counter.fetch_add(1, Ordering::SeqCst) < 2;
        throttled.then(|| Reply::Full {
            status: 429,
            headers: vec![("Retry-After", "0.15".to_owned())],
            body: json!({"error": {"code": "TooManyRequests", "message": "Please retry again later."}}).to_string(),
        })
    });
    let out = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let report = fetch(&server, &fetch_options(out.path())).unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(report.failures.is_empty());
    assert_eq!(count.load(Ordering::SeqCst), 3);
    assert_eq!(tree(out.path()).len(), 12);
}

#[test]
fn a_503_backs_off_then_succeeds_and_endless_throttling_gives_up() {
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    let server = graph(move |request, _| {
        (request.target.ends_with("/jobs/scim.aaa1/schema")
            && counter.fetch_add(1, Ordering::SeqCst) < 1)
            .then(|| graph_error(503, "ServiceUnavailable", "busy"))
    });
    let out = tempfile::tempdir().unwrap();
    let report = fetch(&server, &fetch_options(out.path())).unwrap();
    assert!(report.failures.is_empty());
    assert_eq!(count.load(Ordering::SeqCst), 2);

    let always = graph(|request, _| {
        request
            .target
            .ends_with("/jobs/scim.aaa1/schema")
            .then(|| graph_error(429, "TooManyRequests", "Please retry again later."))
    });
    let out = tempfile::tempdir().unwrap();
    let report = fetch(&always, &fetch_options(out.path())).unwrap();
    assert_eq!(report.failures.len(), 1);
    let message = report.failures[0].error.to_string();
    assert!(
        message
            .contains("HTTP 429 Too Many Requests: TooManyRequests: Please retry again later. (request-id req-429)"),
        "{message}"
    );
    assert!(message.contains("kept throttling"), "{message}");
    let tries = always
        .seen()
        .iter()
        .filter(|r| r.target.ends_with("/jobs/scim.aaa1/schema"))
        .count();
    assert_eq!(tries, 4, "one try and three retries");
    assert!(!out.path().join(SP).join("jobs/scim.aaa1").exists());
}

#[test]
fn a_401_is_explained_and_nothing_is_written() {
    let server = graph(|_, _| {
        Some(graph_error(
            401,
            "InvalidAuthenticationToken",
            "Access token has expired or is not yet valid.",
        ))
    });
    let out = tempfile::tempdir().unwrap();
    let error = fetch(&server, &fetch_options(out.path())).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("HTTP 401 Unauthorized: InvalidAuthenticationToken: Access token has expired or is not yet valid. (request-id req-401)"), "{message}");
    assert!(message.contains("the token was rejected"), "{message}");
    assert!(!message.contains(TOKEN));
    assert!(tree(out.path()).is_empty());
}

#[test]
fn a_403_on_one_schema_fails_that_job_only_and_names_the_permissions() {
    let server = graph_denying_schema_of("scim.bbb2");
    let out = tempfile::tempdir().unwrap();
    let report = fetch(&server, &fetch_options(out.path())).unwrap();
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.failures[0].object, "jobs/scim.bbb2");
    let message = report.failures[0].error.to_string();
    for needed in [
        "Authorization_RequestDenied",
        "request-id req-403",
        "Synchronization.Read.All",
        "Application.Read.All",
        "CustomSecAttributeProvisioning.Read.All",
    ] {
        assert!(message.contains(needed), "{message}");
    }
    let mut expected = job_files("scim.aaa1");
    expected.extend(job_files("scim.ccc3"));
    assert_eq!(tree(out.path()), expected);
}

#[test]
fn a_truncated_body_or_invalid_json_fails_the_job_and_leaves_no_partial_file() {
    let server = graph(|request, _| {
        if request.target.ends_with("/jobs/scim.aaa1/schema") {
            let schema = testdata("entra-to-scim.schema.json").to_string();
            return Some(Reply::Truncated(schema[..schema.len() / 2].to_owned()));
        }
        request
            .target
            .ends_with("/jobs/scim.ccc3/schema/functions")
            .then(|| reply(200, "{\"value\": [ {\"id\": \"Append\", "))
    });
    let out = tempfile::tempdir().unwrap();
    let report = fetch(&server, &fetch_options(out.path())).unwrap();
    let failed: Vec<&str> = report.failures.iter().map(|f| f.object.as_str()).collect();
    assert_eq!(failed, ["jobs/scim.aaa1", "jobs/scim.ccc3"]);
    assert!(
        matches!(report.failures[0].error, FetchError::Transport { .. }),
        "{:?}",
        report.failures[0].error
    );
    assert!(
        matches!(report.failures[1].error, FetchError::InvalidJson { .. }),
        "{:?}",
        report.failures[1].error
    );
    assert!(
        report.failures[1]
            .error
            .to_string()
            .contains("is not valid JSON")
    );
    assert_eq!(tree(out.path()), job_files("scim.bbb2"));
}

#[test]
fn a_next_link_to_another_origin_is_refused_and_gets_no_token() {
    let foreign = Server::start(|_, _| reply(200, "{\"value\": []}"));
    let foreign_url = foreign.url.clone();
    let server = graph(move |request, _| {
        request.target.ends_with("/synchronization/jobs").then(|| {
            reply(
                200,
                json!({"value": [{"id": "scim.aaa1"}],
                    "@odata.nextLink": format!("{foreign_url}/v1.0/servicePrincipals/{SP}/synchronization/jobs?$skiptoken=2")})
                .to_string(),
            )
        })
    });
    let out = tempfile::tempdir().unwrap();
    let error = fetch(&server, &fetch_options(out.path())).unwrap_err();
    assert!(matches!(error, FetchError::ForeignHost { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("neither a request nor the token")
    );
    assert!(
        foreign.seen().is_empty(),
        "the foreign server was contacted"
    );
    assert!(tree(out.path()).is_empty());
    // `localhost` on the same port is another origin too.
    let port = server.url.rsplit(':').next().unwrap().to_owned();
    let local = graph(move |request, _| {
        request.target.ends_with("/synchronization/jobs").then(|| {
            reply(
                200,
                json!({"value": [], "@odata.nextLink": format!("http://localhost:{port}/x")})
                    .to_string(),
            )
        })
    });
    assert!(matches!(
        fetch(&local, &fetch_options(out.path())),
        Err(FetchError::ForeignHost { .. })
    ));
}

#[test]
fn redirects_are_not_followed() {
    let foreign = Server::start(|_, _| reply(200, "{}"));
    let location = format!("{}/elsewhere", foreign.url);
    let server = graph(move |request, _| {
        request
            .target
            .ends_with("/jobs/scim.aaa1")
            .then(|| Reply::Full {
                status: 302,
                headers: vec![("Location", location.clone())],
                body: String::new(),
            })
    });
    let out = tempfile::tempdir().unwrap();
    let report = fetch(&server, &fetch_options(out.path())).unwrap();
    assert_eq!(report.failures.len(), 1);
    let message = report.failures[0].error.to_string();
    assert!(message.contains("HTTP 302"), "{message}");
    assert!(message.contains("does not follow redirects"), "{message}");
    assert!(foreign.seen().is_empty());
}

#[test]
fn a_response_slower_than_the_timeout_fails_fast() {
    let server = graph(|request, _| {
        request
            .target
            .ends_with("/jobs/scim.aaa1")
            .then(|| Reply::Slow(Duration::from_secs(3), Box::new(reply(200, "{}"))))
    });
    let mut options = options(&server);
    options.http.read_timeout = Duration::from_millis(200);
    let out = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let report = Session::connect(&options, &token_env(), None)
        .unwrap()
        .fetch(&fetch_options(out.path()))
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(report.failures.len(), 1);
    assert!(
        matches!(report.failures[0].error, FetchError::Timeout { .. }),
        "{:?}",
        report.failures[0].error
    );
    assert!(
        report.failures[0]
            .error
            .to_string()
            .contains("no response within 0.2 s")
    );
    let mut expected = job_files("scim.bbb2");
    expected.extend(job_files("scim.ccc3"));
    assert_eq!(tree(out.path()), expected);
}

/// A Graph that also answers the token endpoint with `issued-token`.
fn graph_with_login() -> Server {
    graph(|request, _| {
        (request.method == "POST").then(|| {
            if request.target == "/tenant-1/oauth2/v2.0/token" && !request.body.contains("wrong") {
                reply(200, json!({"token_type": "Bearer", "expires_in": 3599, "access_token": "issued-token"}).to_string())
            } else {
                reply(401, json!({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1"}).to_string())
            }
        })
    })
}

#[test]
fn client_credentials_are_exchanged_at_the_token_endpoint() {
    let server = graph_with_login();
    let env = Env::from_pairs([
        ("AZURE_TENANT_ID", "tenant-1"),
        ("AZURE_CLIENT_ID", "client-1"),
        ("AZURE_CLIENT_SECRET", "s3cret value&="),
        ("SYNCLENS_TOKEN", ""),
    ]);
    let out = tempfile::tempdir().unwrap();
    let session = Session::connect(&options(&server), &env, None).unwrap();
    let report = session.fetch(&fetch_options(out.path())).unwrap();
    assert!(report.failures.is_empty());
    let seen = server.seen();
    let post = &seen[0];
    assert_eq!(post.method, "POST");
    assert_eq!(post.target, "/tenant-1/oauth2/v2.0/token");
    assert!(post.authorization.is_none());
    let mut form: Vec<&str> = post.body.split('&').collect();
    form.sort_unstable();
    let scope = format!(
        "scope={}%2F.default",
        server.url.replace(':', "%3A").replace('/', "%2F")
    );
    assert_eq!(
        form,
        [
            "client_id=client-1",
            "client_secret=s3cret+value%26%3D",
            "grant_type=client_credentials",
            scope.as_str(),
        ]
    );
    for request in &seen[1..] {
        assert_eq!(request.method, "GET");
        assert_eq!(
            request.authorization.as_deref(),
            Some("Bearer issued-token")
        );
        assert!(!request.target.contains("s3cret"));
    }
    // A refused secret is explained without showing it.
    let env = Env::from_pairs([
        ("AZURE_TENANT_ID", "tenant-1"),
        ("AZURE_CLIENT_ID", "client-1"),
        ("AZURE_CLIENT_SECRET", "wrong-secret"),
    ]);
    let error = Session::connect(&options(&server), &env, None)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("client credentials sign-in failed"),
        "{error}"
    );
    assert!(
        error.contains(
            "HTTP 401 Unauthorized: invalid_client: AADSTS7000215: Invalid client secret provided."
        ),
        "{error}"
    );
    assert!(!error.contains("wrong-secret"), "{error}");
}

#[test]
fn federated_tokens_and_managed_identity_get_a_token() {
    let server = graph_with_login();
    let folder = tempfile::tempdir().unwrap();
    let assertion = folder.path().join("token");
    std::fs::write(&assertion, "eyJhbGciOi.federated.sig\n").unwrap();
    let env = Env::from_pairs([
        ("AZURE_TENANT_ID", "tenant-1".to_owned()),
        ("AZURE_CLIENT_ID", "client-1".to_owned()),
        (
            "AZURE_FEDERATED_TOKEN_FILE",
            assertion.display().to_string(),
        ),
    ]);
    let session = Session::connect(&options(&server), &env, None).unwrap();
    session.resolve_service_principal(SP).unwrap();
    let post = &server.seen()[0];
    assert!(
        post.body
            .contains("client_assertion=eyJhbGciOi.federated.sig&")
            || post
                .body
                .ends_with("client_assertion=eyJhbGciOi.federated.sig"),
        "{}",
        post.body
    );
    assert!(post.body.contains(
        "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
    ));

    let identity = graph(|request, _| {
        request
            .target
            .starts_with("/metadata/identity/oauth2/token?")
            .then(|| {
                reply(
                    200,
                    json!({"access_token": TOKEN, "resource": "x"}).to_string(),
                )
            })
    });
    let env = Env::from_pairs([(
        "SYNCLENS_IMDS_ENDPOINT",
        format!("{}/metadata/identity/oauth2/token", identity.url),
    )]);
    let session = Session::connect(&options(&identity), &env, None).unwrap();
    session.resolve_service_principal(SP).unwrap();
    let seen = identity.seen();
    assert_eq!(seen[0].metadata.as_deref(), Some("true"));
    assert!(seen[0].authorization.is_none());
    assert!(
        seen[0]
            .target
            .contains("api-version=2018-02-01&resource=http%3A%2F%2F127.0.0.1"),
        "{}",
        seen[0].target
    );
    assert_eq!(
        seen[1].authorization.as_deref(),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[cfg(unix)]
#[test]
fn the_azure_cli_is_asked_last() {
    use std::os::unix::fs::PermissionsExt;
    let server = plain_graph();
    let bin = tempfile::tempdir().unwrap();
    let az = bin.path().join("az");
    std::fs::write(
        &az,
        format!("#!/bin/sh\n[ \"$1 $2 $3\" = \"account get-access-token --resource\" ] || exit 3\necho '{{\"accessToken\": \"{TOKEN}\", \"tokenType\": \"Bearer\"}}'\n"),
    )
    .unwrap();
    std::fs::set_permissions(&az, std::fs::Permissions::from_mode(0o755)).unwrap();
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let imds = format!(
        "http://127.0.0.1:{}/token",
        closed.local_addr().unwrap().port()
    );
    drop(closed);
    let env = Env::from_pairs([
        ("PATH", bin.path().display().to_string()),
        ("SYNCLENS_IMDS_ENDPOINT", imds),
        ("AZURE_CLIENT_SECRET", String::new()),
    ]);
    let session = Session::connect(&options(&server), &env, None).unwrap();
    session.resolve_service_principal(SP).unwrap();
    assert_only_authorised_gets(&server);
}

#[test]
fn service_principals_resolve_by_id_app_id_and_unique_display_name() {
    let server = plain_graph();
    let session = Session::connect(&options(&server), &token_env(), None).unwrap();
    for query in [SP, APP, "Contoso SCIM"] {
        let found = session.resolve_service_principal(query).unwrap();
        assert_eq!(found.id, SP, "{query}");
    }
    assert!(server.seen().iter().any(|r| {
        r.target
            .contains("$filter=displayName%20eq%20%27Contoso%20SCIM%27")
    }));
    let error = session.resolve_service_principal("Twin").unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "2 service principals are named \"Twin\"; pass one's object id or appId: \"Twin\" (id {SP}, appId {APP}); \"Twin\" (id {SP_TWIN}, appId {APP})"
        )
    );
    let error = session
        .resolve_service_principal("Nobody's app")
        .unwrap_err();
    assert!(matches!(error, FetchError::NotFound { .. }), "{error:?}");
    assert!(
        server
            .seen()
            .iter()
            .any(|r| r.target.contains("Nobody%27%27s%20app")),
        "quotes are doubled"
    );
}

#[test]
fn a_graph_side_loads_the_live_schema() {
    let server = plain_graph();
    let loaded = load_graph_side(
        &format!("graph:servicePrincipals/{SP}/jobs/scim.aaa1"),
        &options(&server),
        &token_env(),
    )
    .unwrap();
    assert_eq!(loaded.kind(), Kind::Schema);
    assert!(matches!(
        load_graph_side("graph:servicePrincipals/x", &options(&server), &token_env()),
        Err(FetchError::GraphSide { .. })
    ));
}

pub(super) fn cli(arguments: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    outcome(
        Command::new(env!("CARGO_BIN_EXE_synclens"))
            .args(arguments)
            .env_clear()
            .envs(env.iter().copied())
            .env("NO_COLOR", "1"),
    )
}

pub(super) fn fetch_cli(server: &Server, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut arguments = vec![
        "fetch",
        "--service-principal",
        "Contoso SCIM",
        "--graph-url",
        &server.url,
        "--token-env",
        "GRAPH_TOKEN",
        "--timeout",
        "2",
        "--out",
        out.to_str().unwrap(),
    ];
    arguments.extend_from_slice(extra);
    cli(&arguments, &[("GRAPH_TOKEN", TOKEN)])
}

#[test]
fn cli_exit_codes_and_no_token_in_verbose_output() {
    let server = plain_graph();
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = fetch_cli(&server, out.path(), &["--verbose"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!(
            "fetched 3 of 3 objects of \"Contoso SCIM\" (id {SP}"
        )),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!(
            "GET {}/v1.0/servicePrincipals?$filter=",
            server.url
        )),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN) && !stdout.contains(TOKEN));
    assert!(
        !stderr.contains("fetched 1/3"),
        "no progress when stderr is not a terminal"
    );
    // A job deleted in the tenant since the last fetch.
    let gone = out.path().join(SP).join("jobs/scim.gone");
    std::fs::create_dir_all(&gone).unwrap();
    std::fs::write(gone.join("job.json"), "{}").unwrap();
    let (code, stdout, stderr) = fetch_cli(&server, out.path(), &["--prune"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!(
            "pruned {} (no longer in the tenant)",
            gone.display()
        )),
        "{stdout}"
    );
    assert!(!gone.exists());

    let partial = graph_denying_schema_of("scim.ccc3");
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = fetch_cli(&partial, out.path(), &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains("synclens: jobs/scim.ccc3 failed: GET "),
        "{stderr}"
    );
    assert!(stdout.contains("fetched 2 of 3 objects"), "{stdout}");

    let denied = graph(|_, _| Some(graph_error(401, "InvalidAuthenticationToken", "expired")));
    let (code, _, stderr) = fetch_cli(&denied, out.path(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("HTTP 401"), "{stderr}");

    let (code, _, stderr) = cli(
        &[
            "fetch",
            "--service-principal",
            "x",
            "--out",
            "o",
            "--graph-url",
            "http://graph.example.com",
        ],
        &[("SYNCLENS_TOKEN", TOKEN)],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("plain http is only allowed to loopback"),
        "{stderr}"
    );
    let (code, _, stderr) = cli(
        &[
            "fetch",
            "--service-principal",
            "x",
            "--out",
            "o",
            "--graph-url",
            &server.url,
            "--auth",
            "token",
        ],
        &[],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--auth token: SYNCLENS_TOKEN is unset or empty"),
        "{stderr}"
    );
    let (code, _, _) = cli(&["fetch", "--service-principal", "x"], &[]);
    assert_eq!(code, 2, "--out is required");
}

#[test]
fn diff_compares_a_committed_schema_with_the_live_one() {
    let server = plain_graph();
    let out = tempfile::tempdir().unwrap();
    let (code, _, stderr) = fetch_cli(&server, out.path(), &["--job", "scim.aaa1"]);
    assert_eq!(code, 0, "{stderr}");
    let committed: PathBuf = out.path().join(SP).join("jobs/scim.aaa1/schema.json");
    let side = format!("graph:servicePrincipals/{SP}/jobs/scim.aaa1");
    let args = |file: &str| {
        vec![
            "diff".to_owned(),
            side.clone(),
            file.to_owned(),
            "--graph-url".to_owned(),
            server.url.clone(),
            "--fail-on".to_owned(),
            "any".to_owned(),
        ]
    };
    let run = |file: &str| {
        let arguments = args(file);
        let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
        cli(&arguments, &[("SYNCLENS_TOKEN", TOKEN)])
    };
    let (code, stdout, stderr) = run(committed.to_str().unwrap());
    assert_eq!(code, 0, "{stdout}{stderr}");
    let other = root().join("testdata/valid/small-schema.json");
    let (code, stdout, stderr) = run(other.to_str().unwrap());
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains(&side), "{stdout}");
    let (code, _, stderr) = run("graph:servicePrincipals/x");
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a Graph side"), "{stderr}");
}

#[test]
fn no_usable_credentials_list_each_method_on_its_own_line() {
    // A managed identity endpoint that refuses (a host without an identity): its
    // answer is shown, not Graph's permission advice, since no Graph call was made.
    let imds = Server::start(|_, _| {
        reply(
            400,
            json!({"error": "invalid_request", "error_description": "Identity not found"})
                .to_string(),
        )
    });
    let out = tempfile::tempdir().unwrap();
    let endpoint = format!("{}/metadata/identity/oauth2/token", imds.url);
    let (code, stdout, stderr) = cli(
        &[
            "fetch",
            "--service-principal",
            SP,
            "--out",
            out.path().to_str().unwrap(),
        ],
        &[("SYNCLENS_IMDS_ENDPOINT", endpoint.as_str()), ("PATH", "")],
    );
    assert_eq!(code, 2, "{stdout}{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some("synclens: no credentials found; tried, in order:"),
        "{stderr}"
    );
    for (index, method) in [
        "token: SYNCLENS_TOKEN unset",
        "client-secret: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET unset",
        "federated: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE unset",
        "azure-pipelines: SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN, \
         AZURESUBSCRIPTION_SERVICE_CONNECTION_ID unset",
        "managed-identity: the endpoint ",
        "azure-cli: az not found on PATH",
    ]
    .into_iter()
    .enumerate()
    {
        assert!(
            lines
                .get(index + 1)
                .is_some_and(|line| line.starts_with(&format!("  {method}"))),
            "line {}: {stderr}",
            index + 1
        );
    }
    let managed = lines.get(5).copied().unwrap_or_default();
    assert!(
        managed.contains("HTTP 400") && managed.contains("Identity not found"),
        "{managed}"
    );
    assert!(managed.contains("no managed identity"), "{managed}");
    for graph_advice in [
        "Synchronization.Read.All",
        "Application.Read.All",
        "permission",
    ] {
        assert!(!stderr.contains(graph_advice), "{stderr}");
    }
    assert_eq!(imds.seen().len(), 1, "the endpoint is probed once");
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

/// A `parseExpression` answer: parsed and evaluated to `value`.
fn evaluated(value: &str) -> Reply {
    reply(
        200,
        json!({"parsingSucceeded": true, "evaluationSucceeded": true,
            "evaluationResult": [value], "error": null})
        .to_string(),
    )
}

/// The fake Graph answering `parseExpression` for job `scim.aaa1`: `answer` gets the
/// request body and gives the response body.
fn graph_parsing(answer: impl Fn(&Value) -> Reply + Send + Sync + 'static) -> Server {
    graph(move |request, _| {
        let path = format!(
            "/v1.0/servicePrincipals/{SP}/synchronization/jobs/scim.aaa1/schema/parseExpression"
        );
        (request.method == "POST" && request.target == path)
            .then(|| answer(&serde_json::from_str(&request.body).unwrap_or(Value::Null)))
    })
}

fn eval_online(server: &Server, extra: &[&str]) -> (i32, String, String) {
    let side = format!("graph:servicePrincipals/{SP}/jobs/scim.aaa1");
    let mut arguments = vec![
        "eval",
        "Join(\"@\", [givenName], \"contoso.com\")",
        "--set",
        "givenName=Zoe",
        "--online",
        &side,
        "--graph-url",
        &server.url,
        "--token-env",
        "GRAPH_TOKEN",
        "--timeout",
        "2",
    ];
    arguments.extend_from_slice(extra);
    cli(&arguments, &[("GRAPH_TOKEN", TOKEN)])
}

#[test]
fn eval_online_sends_the_expression_and_object_and_reports_agreement() {
    let server = graph_parsing(|body| {
        let given = &body["testInputObject"]["properties"][0];
        let value = format!("{}@contoso.com", given["value"].as_str().unwrap_or("?"));
        evaluated(&value)
    });
    let (code, stdout, stderr) = eval_online(&server, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("value: \"Zoe@contoso.com\""), "{stdout}");
    assert!(
        stdout.contains("online value: \"Zoe@contoso.com\"\nonline: agrees"),
        "{stdout}"
    );
    let posts: Vec<Seen> = server
        .seen()
        .into_iter()
        .filter(|seen| seen.method == "POST")
        .collect();
    assert_eq!(posts.len(), 1, "one parseExpression call");
    assert_eq!(
        posts[0].authorization.as_deref(),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    let body: Value = serde_json::from_str(&posts[0].body).unwrap();
    assert_eq!(
        body["expression"],
        "Join(\"@\", [givenName], \"contoso.com\")"
    );
    assert_eq!(
        body["testInputObject"],
        json!({"properties": [{"key": "givenName", "value": "Zoe"}]})
    );
    // Everything else is a read.
    assert!(
        server
            .seen()
            .iter()
            .all(|seen| seen.method == "GET" || seen.target.ends_with("/parseExpression"))
    );

    let (code, stdout, _) = eval_online(&server, &["--format", "json"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["agrees"], true);
    assert_eq!(report["online"]["values"], json!(["Zoe@contoso.com"]));
}

#[test]
fn eval_online_flags_a_disagreement_and_a_service_error() {
    let server = graph_parsing(|_| evaluated("zoe@contoso.com"));
    let (code, stdout, _) = eval_online(&server, &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("online value: \"zoe@contoso.com\"\nonline: DISAGREES"),
        "{stdout}"
    );

    let failing = graph_parsing(|_| {
        reply(
            200,
            json!({"parsingSucceeded": false, "evaluationSucceeded": false,
                "evaluationResult": null,
                "error": {"code": "BadRequest", "message": "Syntax error at 5\u{1b}[2J"}})
            .to_string(),
        )
    });
    let (code, stdout, _) = eval_online(&failing, &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("online value: (error)"), "{stdout}");
    assert!(
        stdout.contains("online error: Syntax error at 5\\u{1b}[2J"),
        "control characters from the server are escaped: {stdout}"
    );

    let denied = graph(|request, _| {
        (request.method == "POST").then(|| {
            graph_error(
                403,
                "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation.",
            )
        })
    });
    let (code, _, stderr) = eval_online(&denied, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("403") && stderr.contains("Synchronization"),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN), "{stderr}");
}

#[test]
fn an_azure_pipelines_service_connection_gets_a_token() {
    const OIDC: &str = "/oidc/token?api-version=7.1&serviceConnectionId=conn-1";
    let server = graph(|request, _| {
        if request.method != "POST" {
            return None;
        }
        if request.target == OIDC {
            let allowed = request.authorization.as_deref() == Some("Bearer job-token-1")
                && request.fed_auth_redirect.as_deref() == Some("Suppress");
            return Some(if allowed {
                reply(200, json!({"oidcToken": "pipeline.oidc.jwt"}).to_string())
            } else {
                reply(
                    401,
                    json!({"message": "TF400813: not authorized"}).to_string(),
                )
            });
        }
        let exchanged = request.target == "/tenant-1/oauth2/v2.0/token"
            && request.body.contains("client_assertion=pipeline.oidc.jwt")
            && request.body.contains("client_id=client-1");
        Some(if exchanged {
            reply(200, json!({"access_token": "issued-token"}).to_string())
        } else {
            reply(401, json!({"error": "invalid_client"}).to_string())
        })
    });
    let env = |job_token: &str| {
        Env::from_pairs([
            (
                "SYSTEM_OIDCREQUESTURI",
                format!("{}/oidc/token", server.url),
            ),
            ("SYSTEM_ACCESSTOKEN", job_token.to_owned()),
            (
                "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
                "conn-1".to_owned(),
            ),
            ("AZURESUBSCRIPTION_TENANT_ID", "tenant-1".to_owned()),
            ("AZURESUBSCRIPTION_CLIENT_ID", "client-1".to_owned()),
        ])
    };
    // Found by the chain: nothing else is configured.
    let session = Session::connect(&options(&server), &env("job-token-1"), None).unwrap();
    session.resolve_service_principal(SP).unwrap();
    let seen = server.seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].target.as_str()),
        ("POST", OIDC)
    );
    assert_eq!(seen[1].target, "/tenant-1/oauth2/v2.0/token");
    assert!(
        seen[1].authorization.is_none(),
        "the job token goes to Azure DevOps only"
    );
    assert_eq!(
        seen[2].authorization.as_deref(),
        Some("Bearer issued-token")
    );

    // A job token the service refuses: explained, with the fix, and never shown.
    let error = Session::connect(&options(&server), &env("stale-job-token"), None)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("Azure Pipelines OIDC sign-in failed"),
        "{error}"
    );
    assert!(error.contains("HTTP 401"), "{error}");
    assert!(
        error.contains("SYSTEM_ACCESSTOKEN: $(System.AccessToken)"),
        "{error}"
    );
    assert!(!error.contains("stale-job-token"), "{error}");

    // Without the variables the chain says what was missing.
    let error = Session::connect(
        &options(&server),
        &Env::from_pairs([("SYSTEM_OIDCREQUESTURI", "https://dev.azure.com/x")]),
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains(
            "azure-pipelines: SYSTEM_ACCESSTOKEN, AZURESUBSCRIPTION_SERVICE_CONNECTION_ID unset"
        ),
        "{error}"
    );
}

/// A fake `/users` of 2,500 users on pages of `$top`, as Graph pages them.
fn graph_users() -> Server {
    graph(|request, base| {
        let (path, query) = request.target.split_once('?')?;
        if request.method != "GET" || path != "/v1.0/users" {
            return None;
        }
        let top: usize = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("$top="))
            .and_then(|top| top.parse().ok())
            .unwrap_or(100);
        let skip: usize = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("$skiptoken="))
            .and_then(|skip| skip.parse().ok())
            .unwrap_or(0);
        let users: Vec<Value> = (skip..(skip + top).min(2500))
            .map(|i| {
                json!({"@odata.type": "#microsoft.graph.user", "id": format!("u{i}"),
                    "userPrincipalName": format!("user{i}@contoso.test"),
                    "givenName": "Zoë", "accountEnabled": i % 2 == 0})
            })
            .collect();
        let mut page =
            json!({"@odata.context": format!("{base}/v1.0/$metadata#users"), "value": users});
        if skip + top < 2500 {
            page["@odata.nextLink"] = json!(format!(
                "{base}/v1.0/users?$select=x&$top={top}&$skiptoken={}",
                skip + top
            ));
        }
        Some(reply(200, page.to_string()))
    })
}

#[test]
fn fetch_users_writes_a_sample_with_the_attributes_the_mapping_reads() {
    let server = graph_users();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("users.jsonl");
    let schema = root().join("testdata/valid/entra-to-scim.schema.json");
    let (code, stdout, stderr) = cli(
        &[
            "fetch",
            "--users",
            "1200",
            "--schema",
            schema.to_str().unwrap(),
            "--object-mapping",
            "Synchronize Azure Active Directory Users to customappsso",
            "--out",
            file.to_str().unwrap(),
            "--graph-url",
            &server.url,
            "--token-env",
            "GRAPH_TOKEN",
        ],
        &[("GRAPH_TOKEN", TOKEN)],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.starts_with("fetched 1,200 users into "), "{stdout}");
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 1200);
    assert_eq!(lines[1000]["userPrincipalName"], "user1000@contoso.test");
    assert!(lines[0].get("@odata.type").is_none(), "{}", lines[0]);
    // Two pages of 999 (the most Graph gives), each with the token, nothing else.
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen[0].target.starts_with("/v1.0/users?$select="));
    assert!(
        seen[0].target.contains("userPrincipalName"),
        "{}",
        seen[0].target
    );
    assert!(seen[0].target.ends_with("&$top=999"), "{}", seen[0].target);
    assert_only_authorised_gets(&server);
    assert!(!text.contains(TOKEN) && !stdout.contains(TOKEN) && !stderr.contains(TOKEN));
    // The sample previews with the schema it was fetched for.
    let (code, _, stderr) = synclens(&[
        "preview",
        schema.to_str().unwrap(),
        "--sample",
        file.to_str().unwrap(),
        "--object-mapping",
        "Synchronize Azure Active Directory Users to customappsso",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
}
