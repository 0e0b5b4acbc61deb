//! `synclens plan` and `synclens apply` against the loopback Graph of `fetch.rs`, made
//! stateful for one job: its schema is read with GET and replaced with PUT, and its
//! `version` changes on every write, as the service's does. What is checked: one PUT
//! with the committed canonical body to the job's schema URL with the token and no
//! other write; refusals (the live schema moved, the file moved, validate errors, no
//! terminal and no `--yes`) that send no PUT; the backup written before the PUT and
//! equal to the live schema; a failed PUT that leaves the live schema and the backup;
//! a server that normalises what it is sent; the token kept out of everything.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::fetch::{SP, Server, TOKEN, cli, graph, graph_error, reply};
use super::root;

const JOB: &str = "scim.aaa1";

/// The job's live schema and how the fake service treats a PUT.
struct Tenant {
    schema: Value,
    version: u32,
    /// Status to answer PUTs with (204 by default).
    put_status: u16,
    /// Whether the service changes what it is sent (displayName from mail becomes
    /// add-only).
    normalises: bool,
    /// The backup folder, looked at when a PUT arrives; and whether it then held one
    /// file, equal to the live schema.
    backups: Option<PathBuf>,
    backup_held: bool,
}

fn live_schema() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(root().join("testdata/valid/entra-to-scim.schema.json")).unwrap(),
    )
    .unwrap()
}

fn with_version(schema: &Value, version: u32) -> Value {
    let mut schema = schema.clone();
    schema["version"] = json!(format!("Date:2026-01-0{version}, ActivityId:{version}"));
    schema
}

/// The loopback Graph with one stateful job schema.
fn tenant_server(tenant: Arc<Mutex<Tenant>>) -> Server {
    graph(move |request, _| {
        let path = format!("/v1.0/servicePrincipals/{SP}/synchronization/jobs/{JOB}/schema");
        if request.target != path {
            return None;
        }
        let mut tenant = tenant.lock().unwrap();
        match request.method.as_str() {
            "GET" => Some(reply(
                200,
                with_version(&tenant.schema, tenant.version).to_string(),
            )),
            "PUT" => {
                if let Some(folder) = &tenant.backups {
                    let live = canonical(&with_version(&tenant.schema, tenant.version));
                    let found = backups(folder);
                    tenant.backup_held =
                        found.len() == 1 && std::fs::read_to_string(&found[0]).ok() == Some(live);
                }
                if tenant.put_status != 204 {
                    return Some(graph_error(
                        tenant.put_status,
                        "InternalServerError",
                        "boom",
                    ));
                }
                let mut sent: Value = serde_json::from_str(&request.body).unwrap();
                if tenant.normalises {
                    // The service writes displayName from mail only when it creates.
                    for rule in sent["synchronizationRules"].as_array_mut().unwrap() {
                        for mapping in rule["objectMappings"].as_array_mut().unwrap() {
                            for attribute in mapping["attributeMappings"].as_array_mut().unwrap() {
                                if attribute["source"]["name"] == "mail"
                                    && attribute["targetAttributeName"] == "displayName"
                                {
                                    attribute["flowType"] = json!("ObjectAddOnly");
                                }
                            }
                        }
                    }
                }
                tenant.schema = sent;
                tenant.version += 1;
                Some(reply(204, ""))
            }
            _ => Some(graph_error(405, "MethodNotAllowed", "no")),
        }
    })
}

/// A schema's canonical text, as `fetch` writes it.
fn canonical(schema: &Value) -> String {
    let loaded = synclens::load::load_bytes(
        Path::new("live.json"),
        schema.to_string().into_bytes(),
        synclens::load::LoadOptions::default(),
    )
    .unwrap();
    synclens::canonical::canonical(&loaded.document)
}

fn tenant() -> Arc<Mutex<Tenant>> {
    Arc::new(Mutex::new(Tenant {
        schema: live_schema(),
        version: 1,
        put_status: 204,
        normalises: false,
        backups: None,
        backup_held: false,
    }))
}

/// The live schema with the user mapping's displayName taken from another attribute,
/// written where fetch would write it.
fn committed(folder: &Path, edit: impl Fn(&mut Value)) -> PathBuf {
    let mut schema = live_schema();
    edit(&mut schema);
    let path = folder.join("schema.json");
    std::fs::write(&path, serde_json::to_string_pretty(&schema).unwrap()).unwrap();
    path
}

fn display_name_from_mail(schema: &mut Value) {
    let text = schema.to_string().replace(
        "\"expression\":\"[displayName]\"",
        "\"expression\":\"[mail]\"",
    );
    *schema = serde_json::from_str(&text).unwrap();
    for rule in schema["synchronizationRules"].as_array_mut().unwrap() {
        for mapping in rule["objectMappings"].as_array_mut().unwrap() {
            for attribute in mapping["attributeMappings"].as_array_mut().unwrap() {
                if attribute["targetAttributeName"] == "displayName" {
                    attribute["source"] = json!({"expression": "[mail]", "name": "mail",
                        "type": "Attribute", "parameters": []});
                }
            }
        }
    }
}

fn graph_flags(server: &Server) -> Vec<String> {
    vec![
        "--graph-url".to_owned(),
        server.url.clone(),
        "--token-env".to_owned(),
        "GRAPH_TOKEN".to_owned(),
        "--timeout".to_owned(),
        "5".to_owned(),
        "--max-retries".to_owned(),
        "0".to_owned(),
    ]
}

fn run(server: &Server, arguments: &[&str]) -> (i32, String, String) {
    let mut all: Vec<String> = arguments.iter().map(|a| (*a).to_owned()).collect();
    all.extend(graph_flags(server));
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    let outcome = cli(&all, &[("GRAPH_TOKEN", TOKEN)]);
    assert!(
        !outcome.1.contains(TOKEN) && !outcome.2.contains(TOKEN),
        "the token in output: {outcome:?}"
    );
    outcome
}

fn plan(server: &Server, schema: &Path, out: &Path) -> (i32, String, String) {
    run(
        server,
        &[
            "plan",
            schema.to_str().unwrap(),
            "--service-principal",
            SP,
            "--job",
            JOB,
            "--out",
            out.to_str().unwrap(),
        ],
    )
}

fn apply(server: &Server, plan: &Path, backups: &Path, yes: bool) -> (i32, String, String) {
    let mut arguments = vec![
        "apply",
        plan.to_str().unwrap(),
        "--backup-dir",
        backups.to_str().unwrap(),
    ];
    if yes {
        arguments.push("--yes");
    }
    run(server, &arguments)
}

fn puts(server: &Server) -> Vec<super::fetch::Seen> {
    server
        .seen()
        .into_iter()
        .filter(|request| request.method != "GET")
        .collect()
}

fn backups(folder: &Path) -> Vec<PathBuf> {
    let dir = folder.join(JOB);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    entries.map(|entry| entry.unwrap().path()).collect()
}

#[test]
fn plan_then_apply_sends_one_put_with_the_committed_body_after_a_backup() {
    let tenant = tenant();
    let server = tenant_server(Arc::clone(&tenant));
    let folder = tempfile::tempdir().unwrap();
    let schema = committed(folder.path(), display_name_from_mail);
    let plan_file = folder.path().join("plan.json");
    let (code, stdout, stderr) = plan(&server, &schema, &plan_file);
    assert_eq!(code, 0, "a plan: {stdout}{stderr}");
    assert!(stdout.contains("displayName"), "{stdout}");
    let plan_text = std::fs::read_to_string(&plan_file).unwrap();
    assert!(!plan_text.contains(TOKEN));
    let planned: Value = serde_json::from_str(&plan_text).unwrap();
    let job = &planned["jobs"][0];
    assert_eq!(job["target"]["job"], JOB);
    assert_eq!(job["target"]["servicePrincipal"], SP);
    assert_eq!(job["liveVersion"], "Date:2026-01-01, ActivityId:1");
    assert!(puts(&server).is_empty(), "plan writes nothing");

    let backup_dir = folder.path().join("backups");
    tenant.lock().unwrap().backups = Some(backup_dir.clone());
    let (code, stdout, stderr) = apply(&server, &plan_file, &backup_dir, true);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("applied and verified"), "{stdout}");
    assert!(
        stderr.contains(&format!("backup of the live schema of job {JOB}: ")),
        "{stderr}"
    );
    let writes = puts(&server);
    assert_eq!(writes.len(), 1, "{writes:?}");
    let put = &writes[0];
    assert_eq!(put.method, "PUT");
    assert_eq!(
        put.target,
        format!("/v1.0/servicePrincipals/{SP}/synchronization/jobs/{JOB}/schema")
    );
    assert_eq!(
        put.authorization.as_deref(),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    // The body: the committed schema's canonical form without OData annotations.
    let canonical = std::process::Command::new(env!("CARGO_BIN_EXE_synclens"))
        .args(["fmt", "--stdout", schema.to_str().unwrap()])
        .output()
        .unwrap();
    let mut expected: Value = serde_json::from_slice(&canonical.stdout).unwrap();
    expected
        .as_object_mut()
        .unwrap()
        .retain(|name, _| !name.contains("@odata."));
    assert_eq!(serde_json::from_str::<Value>(&put.body).unwrap(), expected);
    // The backup was in place, holding the live schema, when the PUT arrived.
    assert!(tenant.lock().unwrap().backup_held);
    let written = backups(&backup_dir);
    assert!(
        stderr.contains(&written[0].display().to_string()),
        "{stderr}"
    );
    assert!(
        !std::fs::read_to_string(&written[0])
            .unwrap()
            .contains(TOKEN)
    );
}

#[test]
fn a_live_change_after_the_plan_is_refused_with_no_put() {
    let tenant = tenant();
    let server = tenant_server(Arc::clone(&tenant));
    let folder = tempfile::tempdir().unwrap();
    let schema = committed(folder.path(), display_name_from_mail);
    let plan_file = folder.path().join("plan.json");
    let planned = plan(&server, &schema, &plan_file);
    assert_eq!(planned.0, 0, "{planned:?}");
    // Someone edits the job in the portal.
    tenant.lock().unwrap().version += 1;
    let backup_dir = folder.path().join("backups");
    let (code, _, stderr) = apply(&server, &plan_file, &backup_dir, true);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("changed since the plan was made"),
        "{stderr}"
    );
    assert!(puts(&server).is_empty());
    assert!(backups(&backup_dir).is_empty());
}

#[test]
fn a_committed_file_changed_after_the_plan_is_refused() {
    let server = tenant_server(tenant());
    let folder = tempfile::tempdir().unwrap();
    let schema = committed(folder.path(), display_name_from_mail);
    let plan_file = folder.path().join("plan.json");
    let planned = plan(&server, &schema, &plan_file);
    assert_eq!(planned.0, 0, "{planned:?}");
    committed(folder.path(), |_| {});
    let (code, _, stderr) = apply(&server, &plan_file, &folder.path().join("b"), true);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("changed since the plan was made"),
        "{stderr}"
    );
    assert!(puts(&server).is_empty());
}

#[test]
fn a_committed_schema_with_validate_errors_gets_no_plan() {
    let server = tenant_server(tenant());
    let folder = tempfile::tempdir().unwrap();
    let schema = committed(folder.path(), |schema| {
        schema["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][0]["source"] = json!({"expression": "Join(", "name": "Join", "type": "Function",
                "parameters": []});
    });
    let plan_file = folder.path().join("plan.json");
    let (code, _, stderr) = plan(&server, &schema, &plan_file);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("validate error"), "{stderr}");
    assert!(!plan_file.exists());
}

#[test]
fn no_terminal_and_no_yes_is_a_refusal() {
    let server = tenant_server(tenant());
    let folder = tempfile::tempdir().unwrap();
    let schema = committed(folder.path(), display_name_from_mail);
    let plan_file = folder.path().join("plan.json");
    let planned = plan(&server, &schema, &plan_file);
    assert_eq!(planned.0, 0, "{planned:?}");
    let backup_dir = folder.path().join("backups");
    let (code, _, stderr) = apply(&server, &plan_file, &backup_dir, false);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("pass --yes"), "{stderr}");
    assert!(puts(&server).is_empty());
    assert!(backups(&backup_dir).is_empty());
}

#[test]
fn a_failed_put_leaves_the_live_schema_and_the_backup() {
    let tenant = tenant();
    let server = tenant_server(Arc::clone(&tenant));
    let folder = tempfile::tempdir().unwrap();
    let schema = committed(folder.path(), display_name_from_mail);
    let plan_file = folder.path().join("plan.json");
    let planned = plan(&server, &schema, &plan_file);
    assert_eq!(planned.0, 0, "{planned:?}");
    tenant.lock().unwrap().put_status = 500;
    let backup_dir = folder.path().join("backups");
    let (code, _, stderr) = apply(&server, &plan_file, &backup_dir, true);
    assert_eq!(code, 2, "{stderr}");
    let written = backups(&backup_dir);
    assert_eq!(written.len(), 1);
    assert!(
        stderr.contains(&format!(
            "the backup of the live schema is {}",
            written[0].display()
        )),
        "{stderr}"
    );
    let tenant = tenant.lock().unwrap();
    assert_eq!(tenant.version, 1);
    assert_eq!(tenant.schema, live_schema());
}

#[test]
fn verification_reports_what_a_normalising_service_changed() {
    let tenant = tenant();
    tenant.lock().unwrap().normalises = true;
    let server = tenant_server(Arc::clone(&tenant));
    let folder = tempfile::tempdir().unwrap();
    let schema = committed(folder.path(), display_name_from_mail);
    let plan_file = folder.path().join("plan.json");
    let planned = plan(&server, &schema, &plan_file);
    assert_eq!(planned.0, 0, "{planned:?}");
    let (code, stdout, stderr) = apply(&server, &plan_file, &folder.path().join("b"), true);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("applied, but the service holds something else"),
        "{stdout}"
    );
    assert!(stdout.contains("ObjectAddOnly"), "{stdout}");
    assert_eq!(puts(&server).len(), 1);
}

#[test]
fn nothing_to_apply_writes_no_plan() {
    let server = tenant_server(tenant());
    let folder = tempfile::tempdir().unwrap();
    let schema = committed(folder.path(), |_| {});
    let plan_file = folder.path().join("plan.json");
    let (code, _, stderr) = plan(&server, &schema, &plan_file);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("nothing to apply"), "{stderr}");
    assert!(!plan_file.exists());
}

#[test]
fn a_backup_restores_the_schema_it_holds() {
    let tenant = tenant();
    let server = tenant_server(Arc::clone(&tenant));
    let folder = tempfile::tempdir().unwrap();
    let schema = committed(folder.path(), display_name_from_mail);
    let plan_file = folder.path().join("plan.json");
    let planned = plan(&server, &schema, &plan_file);
    assert_eq!(planned.0, 0, "{planned:?}");
    let backup_dir = folder.path().join("backups");
    assert_eq!(apply(&server, &plan_file, &backup_dir, true).0, 0);
    let backup = backups(&backup_dir).remove(0);
    // Later backups (of the restore itself) go to another folder.
    let (code, stdout, stderr) = run(
        &server,
        &[
            "apply",
            "--restore",
            backup.to_str().unwrap(),
            "--service-principal",
            SP,
            "--job",
            JOB,
            "--yes",
            "--backup-dir",
            folder.path().join("before-restore").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("applied and verified"), "{stdout}");
    assert_eq!(puts(&server).len(), 2);
    // The job holds the original schema again.
    let tenant = tenant.lock().unwrap();
    assert_eq!(
        canonical(&with_version(&tenant.schema, 1)),
        canonical(&with_version(&live_schema(), 1))
    );
}

#[test]
fn a_schema_in_fetch_layout_names_its_job_and_applies_in_one_go() {
    let tenant = tenant();
    let server = tenant_server(Arc::clone(&tenant));
    let folder = tempfile::tempdir().unwrap();
    let job_folder = folder.path().join(SP).join("jobs").join(JOB);
    std::fs::create_dir_all(&job_folder).unwrap();
    let schema = committed(&job_folder, display_name_from_mail);
    // plan without --job, with the impact on a sample of two users.
    let sample = folder.path().join("users.jsonl");
    std::fs::write(
        &sample,
        "{\"objectId\": \"u1\", \"displayName\": \"Zoë Müller\", \"mail\": \"zoe@contoso.test\", \"accountEnabled\": true, \"department\": \"Sales\"}\n\
         {\"objectId\": \"u2\", \"displayName\": \"Li\", \"mail\": \"li@contoso.test\", \"accountEnabled\": true, \"department\": \"Sales\"}\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(
        &server,
        &[
            "plan",
            schema.to_str().unwrap(),
            "--service-principal",
            SP,
            "--sample",
            sample.to_str().unwrap(),
            "--object-mapping",
            "Synchronize Azure Active Directory Users to customappsso",
            "--examples",
            "1",
            "--quiet",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("get another value"), "{stdout}");
    // Both users change; --examples 1 (diff's sample options) shows one of them.
    assert_eq!(
        usize::from(stdout.contains("\"zoe@contoso.test\""))
            + usize::from(stdout.contains("\"li@contoso.test\"")),
        1,
        "{stdout}"
    );
    assert!(puts(&server).is_empty());
    // apply SCHEMA --service-principal: planned, shown and applied at once.
    let (code, stdout, stderr) = run(
        &server,
        &[
            "apply",
            schema.to_str().unwrap(),
            "--service-principal",
            SP,
            "--yes",
            "--backup-dir",
            folder.path().join("backups").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("applied and verified"), "{stdout}");
    assert_eq!(puts(&server).len(), 1);
    // Applied: planning again finds nothing.
    let (code, _, stderr) = run(
        &server,
        &["plan", schema.to_str().unwrap(), "--service-principal", SP],
    );
    assert_eq!(code, 0);
    assert!(stderr.contains("nothing to apply"), "{stderr}");
}

#[test]
fn a_service_principal_folder_plans_each_job_and_applies_the_changed_one() {
    let tenant = tenant();
    let server = tenant_server(Arc::clone(&tenant));
    let folder = tempfile::tempdir().unwrap();
    let principal = folder.path().join(SP);
    // scim.aaa1 changed; scim.bbb2 as the tenant has it (the fake Graph serves the
    // bundled schema for it).
    let changed = principal.join("jobs").join(JOB);
    std::fs::create_dir_all(&changed).unwrap();
    committed(&changed, display_name_from_mail);
    let same = principal.join("jobs").join("scim.bbb2");
    std::fs::create_dir_all(&same).unwrap();
    committed(&same, |_| {});
    let plan_file = folder.path().join("plan.json");
    let (code, stdout, stderr) = run(
        &server,
        &[
            "plan",
            principal.to_str().unwrap(),
            "--service-principal",
            SP,
            "--out",
            plan_file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("live job scim.bbb2"), "{stdout}");
    let planned: Value =
        serde_json::from_str(&std::fs::read_to_string(&plan_file).unwrap()).unwrap();
    let jobs: Vec<&str> = planned["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|job| job["target"]["job"].as_str().unwrap())
        .collect();
    assert_eq!(jobs, [JOB]);
    let (code, stdout, stderr) = apply(&server, &plan_file, &folder.path().join("b"), true);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let writes = puts(&server);
    assert_eq!(writes.len(), 1);
    assert!(writes[0].target.contains(JOB));
}
