//! Getting a Graph access token: a token from the environment, client credentials,
//! workload identity federation, managed identity, or the Azure CLI — in that order
//! unless the caller picks one.
//!
//! The environment is passed in as a value ([`Env`]), never read globally, so every
//! path is testable without touching the process environment. An empty variable counts
//! as unset. Tokens and secrets are held as [`Secret`]s and appear in no error message:
//! each is given to the client's [`super::Redactor`] as soon as it is read, and every
//! text a token endpoint or the Azure CLI sends back goes through it. The Azure CLI is
//! killed when it does not answer within [`AuthOptions::cli_timeout`], and the
//! federated token file is read only up to [`MAX_TOKEN_FILE`] bytes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use super::FetchError;
use super::http::{Http, Request, Response};
use super::redact::Secret;

pub use super::credentials::{
    AuthError, AuthMethod, AuthOptions, DEFAULT_CLI_TIMEOUT, Env, IMDS_ENDPOINT_VAR,
    MAX_TOKEN_FILE, TOKEN_VAR,
};

const DEFAULT_IMDS_ENDPOINT: &str = "http://169.254.169.254/metadata/identity/oauth2/token";

/// Where tokens come from: the login root and the resource (the Graph root).
#[derive(Debug, Clone)]
pub(crate) struct TokenTarget<'a> {
    /// `https://login.microsoftonline.com` (no tenant, no trailing slash).
    pub(crate) authority: &'a str,
    /// `https://graph.microsoft.com` (no trailing slash).
    pub(crate) resource: &'a str,
}

/// Gets a token with the chosen method, or the first method that applies. A variable
/// named with `--token-env` picks the token method: it must be set.
pub(crate) fn acquire(
    http: &Http,
    env: &Env,
    options: &AuthOptions,
    target: &TokenTarget<'_>,
) -> Result<Secret, FetchError> {
    let chosen = options
        .method
        .or(options.token_env.as_ref().map(|_| AuthMethod::Token));
    // Every secret of the environment is redacted, whichever method is used.
    for name in [
        token_var(options),
        TOKEN_VAR,
        "AZURE_CLIENT_SECRET",
        "IDENTITY_HEADER",
        PIPELINE_ACCESS_TOKEN,
    ] {
        if let Some(value) = env.get(name) {
            http.redactor().hold(value);
        }
    }
    let token = acquire_method(http, env, options, target, chosen)?;
    http.redactor().hold(token.expose());
    Ok(token)
}

fn acquire_method(
    http: &Http,
    env: &Env,
    options: &AuthOptions,
    target: &TokenTarget<'_>,
    chosen: Option<AuthMethod>,
) -> Result<Secret, FetchError> {
    if let Some(method) = chosen {
        return Ok(acquire_with(http, env, options, target, method)?);
    }
    let mut tried = Vec::new();
    for method in [
        AuthMethod::Token,
        AuthMethod::ClientSecret,
        AuthMethod::Federated,
        AuthMethod::AzurePipelines,
        AuthMethod::ManagedIdentity,
        AuthMethod::AzureCli,
    ] {
        match applies(env, options, method) {
            Err(reason) => tried.push(format!("{}: {reason}", method.as_str())),
            Ok(()) if method == AuthMethod::ManagedIdentity => {
                // Only probed: a machine without the endpoint is not an error here.
                match managed_identity(http, env, target, true) {
                    Ok(token) => return Ok(token),
                    Err(reason) => tried.push(format!("managed-identity: {reason}")),
                }
            }
            Ok(()) => return Ok(acquire_with(http, env, options, target, method)?),
        }
    }
    Err(AuthError::NoCredentials { tried }.into())
}

/// Whether a method's inputs are present (`Err` says what is missing).
fn applies(env: &Env, options: &AuthOptions, method: AuthMethod) -> Result<(), String> {
    let missing = |names: &[&str]| -> Result<(), String> {
        let absent: Vec<&str> = names
            .iter()
            .copied()
            .filter(|name| env.get(name).is_none())
            .collect();
        if absent.is_empty() {
            Ok(())
        } else {
            Err(format!("{} unset", absent.join(", ")))
        }
    };
    match method {
        AuthMethod::Token => missing(&[token_var(options)]),
        AuthMethod::ClientSecret => {
            missing(&["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"])
        }
        AuthMethod::Federated => missing(&[
            "AZURE_TENANT_ID",
            "AZURE_CLIENT_ID",
            "AZURE_FEDERATED_TOKEN_FILE",
        ]),
        AuthMethod::AzurePipelines => {
            missing(&[
                PIPELINE_OIDC_URI,
                PIPELINE_ACCESS_TOKEN,
                PIPELINE_CONNECTION,
            ])?;
            for (names, what) in [
                (PIPELINE_TENANT, "the tenant id"),
                (PIPELINE_CLIENT, "the client id"),
            ] {
                if first_set(env, names).is_none() {
                    return Err(format!("{what} unset ({})", names.join(" or ")));
                }
            }
            Ok(())
        }
        AuthMethod::ManagedIdentity => Ok(()),
        AuthMethod::AzureCli => find_program(env, "az")
            .map(|_| ())
            .ok_or_else(|| "az not found on PATH".to_owned()),
    }
}

fn token_var(options: &AuthOptions) -> &str {
    options.token_env.as_deref().unwrap_or(TOKEN_VAR)
}

fn acquire_with(
    http: &Http,
    env: &Env,
    options: &AuthOptions,
    target: &TokenTarget<'_>,
    method: AuthMethod,
) -> Result<Secret, AuthError> {
    let need = |variable: &str| -> Result<String, AuthError> {
        env.get(variable)
            .map(str::to_owned)
            .ok_or_else(|| AuthError::Missing {
                method,
                variable: variable.to_owned(),
            })
    };
    match method {
        AuthMethod::Token => Ok(Secret::new(need(token_var(options))?.trim())),
        AuthMethod::ClientSecret => {
            let tenant = need("AZURE_TENANT_ID")?;
            let client = need("AZURE_CLIENT_ID")?;
            let secret = need("AZURE_CLIENT_SECRET")?;
            token_endpoint(
                http,
                target,
                &tenant,
                method,
                vec![
                    ("client_id", client),
                    ("client_secret", secret),
                    ("scope", format!("{}/.default", target.resource)),
                    ("grant_type", "client_credentials".to_owned()),
                ],
            )
        }
        AuthMethod::Federated => {
            let tenant = need("AZURE_TENANT_ID")?;
            let client = need("AZURE_CLIENT_ID")?;
            let file = PathBuf::from(need("AZURE_FEDERATED_TOKEN_FILE")?);
            let assertion = read_token_file(&file).map_err(|source| AuthError::TokenFile {
                path: file.clone(),
                source,
            })?;
            http.redactor().hold(&assertion);
            let form = assertion_form(client, assertion.trim(), target);
            token_endpoint(http, target, &tenant, method, form)
        }
        AuthMethod::AzurePipelines => {
            let either = |names: &[&str]| {
                first_set(env, names).ok_or_else(|| AuthError::Missing {
                    method,
                    variable: names.join(" or "),
                })
            };
            let tenant = either(PIPELINE_TENANT)?;
            let client = either(PIPELINE_CLIENT)?;
            let assertion = pipeline_oidc_token(http, env, method)?;
            http.redactor().hold(assertion.expose());
            let form = assertion_form(client, assertion.expose(), target);
            token_endpoint(http, target, &tenant, method, form)
        }
        AuthMethod::ManagedIdentity => {
            managed_identity(http, env, target, false).map_err(|detail| AuthError::Endpoint {
                method: "managed identity",
                url: imds_endpoint(env).0,
                detail,
            })
        }
        AuthMethod::AzureCli => azure_cli(
            env,
            target,
            options.cli_timeout.unwrap_or(DEFAULT_CLI_TIMEOUT),
            http.redactor(),
        ),
    }
}

/// The token request of workload identity federation: client credentials with a
/// signed assertion (a federated token) instead of a secret.
fn assertion_form(
    client: String,
    assertion: &str,
    target: &TokenTarget<'_>,
) -> Vec<(&'static str, String)> {
    vec![
        ("client_id", client),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_owned(),
        ),
        ("client_assertion", assertion.to_owned()),
        ("scope", format!("{}/.default", target.resource)),
        ("grant_type", "client_credentials".to_owned()),
    ]
}

/// The Azure Pipelines variables of [`AuthMethod::AzurePipelines`]: the OIDC endpoint
/// every job gets, the job's access token (mapped into the step's environment with
/// `SYSTEM_ACCESSTOKEN: $(System.AccessToken)`), and what AzureCLI@2 and
/// AzurePowerShell@5 set for the task's service connection.
const PIPELINE_OIDC_URI: &str = "SYSTEM_OIDCREQUESTURI";
const PIPELINE_ACCESS_TOKEN: &str = "SYSTEM_ACCESSTOKEN";
const PIPELINE_CONNECTION: &str = "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID";
const PIPELINE_TENANT: &[&str] = &["AZURESUBSCRIPTION_TENANT_ID", "AZURE_TENANT_ID"];
const PIPELINE_CLIENT: &[&str] = &["AZURESUBSCRIPTION_CLIENT_ID", "AZURE_CLIENT_ID"];
/// The version of the OIDC token API the Azure SDKs call.
const PIPELINE_OIDC_API_VERSION: &str = "7.1";

/// The first of the variables that is set.
fn first_set(env: &Env, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|name| env.get(name))
        .map(str::to_owned)
}

/// Asks Azure Pipelines for the service connection's OIDC token:
/// `POST <SYSTEM_OIDCREQUESTURI>?api-version=7.1&serviceConnectionId=<id>` with the
/// job's access token and `X-TFS-FedAuthRedirect: Suppress` (a 401 instead of a
/// sign-in page), answered `{"oidcToken": "…"}`.
fn pipeline_oidc_token(http: &Http, env: &Env, method: AuthMethod) -> Result<Secret, AuthError> {
    let need = |variable: &str| {
        env.get(variable)
            .map(str::to_owned)
            .ok_or_else(|| AuthError::Missing {
                method,
                variable: variable.to_owned(),
            })
    };
    let endpoint = need(PIPELINE_OIDC_URI)?;
    let job_token = need(PIPELINE_ACCESS_TOKEN)?;
    let connection = need(PIPELINE_CONNECTION)?;
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    let url = format!(
        "{endpoint}{separator}api-version={PIPELINE_OIDC_API_VERSION}&serviceConnectionId={}",
        super::cloud::encode_component(&connection)
    );
    let fail = |detail: String| AuthError::Endpoint {
        method: "Azure Pipelines OIDC",
        url: url.clone(),
        detail,
    };
    let response = http
        .send(&Request::PostJson {
            url: &url,
            headers: vec![
                ("Authorization", format!("Bearer {job_token}")),
                ("X-TFS-FedAuthRedirect", "Suppress".to_owned()),
            ],
            body: String::new(),
        })
        .map_err(|error| fail(error.scrub(http.redactor()).to_string()))?;
    if !(200..=299).contains(&response.status) {
        let mut detail = endpoint_failure(http, &response);
        if response.status == 401 || response.status == 403 {
            detail.push_str(
                "; map the job's token into the step (env: SYSTEM_ACCESSTOKEN: \
                 $(System.AccessToken)) and run in a task of the service connection \
                 (AzureCLI@2 or AzurePowerShell@5)",
            );
        }
        return Err(fail(detail));
    }
    access_token(&response.body, "oidcToken").map_err(fail)
}

/// Reads the federated token: a regular file (not a FIFO, which would block) of at
/// most [`MAX_TOKEN_FILE`] bytes, as UTF-8.
fn read_token_file(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_TOKEN_FILE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_TOKEN_FILE {
        return Err(std::io::Error::other(format!(
            "larger than {MAX_TOKEN_FILE} bytes; a federated token is a few kilobytes"
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// POSTs a form to `<authority>/<tenant>/oauth2/v2.0/token`.
fn token_endpoint(
    http: &Http,
    target: &TokenTarget<'_>,
    tenant: &str,
    method: AuthMethod,
    form: Vec<(&'static str, String)>,
) -> Result<Secret, AuthError> {
    let url = format!(
        "{}/{}/oauth2/v2.0/token",
        target.authority,
        super::cloud::encode_component(tenant)
    );
    let name = match method {
        AuthMethod::Federated => "workload identity federation",
        AuthMethod::AzurePipelines => "Azure Pipelines workload identity federation",
        _ => "client credentials",
    };
    let fail = |detail: String| AuthError::Endpoint {
        method: name,
        url: url.clone(),
        detail,
    };
    let response = http
        .send(&Request::PostForm { url: &url, form })
        .map_err(|error| fail(error.scrub(http.redactor()).to_string()))?;
    if !(200..=299).contains(&response.status) {
        return Err(fail(endpoint_failure(http, &response)));
    }
    access_token(&response.body, "access_token").map_err(fail)
}

/// What a token endpoint's error response says: the status and its reason, the
/// service's text (redacted and escaped), and what to do.
fn endpoint_failure(http: &Http, response: &Response) -> String {
    let status = response.status;
    let mut detail = format!("HTTP {status}");
    if let Some(reason) = super::http::reason(status) {
        detail.push(' ');
        detail.push_str(reason);
    }
    let body = http.error_body(response);
    if body.is_empty() {
        detail.push_str(" (the response says nothing more)");
    } else {
        detail.push_str(": ");
        detail.push_str(&body.to_string());
    }
    let hint = match status {
        300..=399 => format!(
            "the login service answered with a redirect{}; token requests are never \
             redirected, so that the credential goes nowhere else: check --authority-url \
             and --cloud",
            response
                .location
                .as_deref()
                .map(|location| format!(" to {}", http.redactor().clean(location)))
                .unwrap_or_default()
        ),
        400..=499 => "check the tenant, the client id and the credential".to_owned(),
        500..=599 => "the login service failed; try again later".to_owned(),
        _ => "unexpected from a token endpoint; check --authority-url".to_owned(),
    };
    format!("{detail}; {hint}")
}

fn access_token(body: &[u8], field: &str) -> Result<Secret, String> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|error| format!("the response is not JSON ({error})"))?;
    value
        .get(field)
        .and_then(Value::as_str)
        .filter(|token| !token.is_empty())
        .map(Secret::new)
        .ok_or_else(|| format!("the response has no {field}"))
}

/// The managed identity endpoint and whether it is App Service style
/// (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`).
fn imds_endpoint(env: &Env) -> (String, Option<String>) {
    if let Some(endpoint) = env.get(IMDS_ENDPOINT_VAR) {
        return (endpoint.to_owned(), None);
    }
    if let (Some(endpoint), Some(header)) =
        (env.get("IDENTITY_ENDPOINT"), env.get("IDENTITY_HEADER"))
    {
        return (endpoint.to_owned(), Some(header.to_owned()));
    }
    (DEFAULT_IMDS_ENDPOINT.to_owned(), None)
}

/// Asks the managed identity endpoint for a token (`probe`: a short connect timeout,
/// for the automatic order on machines that may have none).
fn managed_identity(
    http: &Http,
    env: &Env,
    target: &TokenTarget<'_>,
    probe: bool,
) -> Result<Secret, String> {
    let (endpoint, identity_header) = imds_endpoint(env);
    let api_version = if identity_header.is_some() {
        "2019-08-01"
    } else {
        "2018-02-01"
    };
    let mut url = format!(
        "{endpoint}?api-version={api_version}&resource={}",
        super::cloud::encode_component(target.resource)
    );
    if let Some(client) = env.get("AZURE_CLIENT_ID") {
        url.push_str("&client_id=");
        url.push_str(&super::cloud::encode_component(client));
    }
    let mut headers = vec![("Metadata", "true".to_owned())];
    if let Some(header) = identity_header {
        http.redactor().hold(&header);
        headers.push(("X-IDENTITY-HEADER", header));
    }
    let http = if probe {
        let mut settings = http.settings().clone();
        settings.connect_timeout = settings.connect_timeout.min(Duration::from_secs(1));
        settings.max_retries = 0;
        settings.proxy = None;
        http.with_settings(&settings)
            .map_err(|error| error.to_string())?
    } else {
        http.clone()
    };
    let response =
        http.send(&Request::Get { url: &url, headers })
            .map_err(|error| match error {
                FetchError::Timeout { .. } | FetchError::Transport { .. } => {
                    format!("no managed identity endpoint at {endpoint}")
                }
                other => other.to_string(),
            })?;
    if !(200..=299).contains(&response.status) {
        return Err(managed_identity_failure(&http, &endpoint, &response));
    }
    let token = access_token(&response.body, "access_token")?;
    http.redactor().hold(token.expose());
    Ok(token)
}

/// What a managed identity endpoint's refusal says: the status and its reason, the
/// endpoint's text (redacted and escaped), and what to do on the host. Not Graph's
/// permission advice: no Graph call was made.
fn managed_identity_failure(http: &Http, endpoint: &str, response: &Response) -> String {
    let status = response.status;
    let mut detail = format!(
        "the endpoint {} answered HTTP {status}",
        http.redactor().clean(endpoint)
    );
    if let Some(reason) = super::http::reason(status) {
        detail.push(' ');
        detail.push_str(reason);
    }
    let body = http.error_body(response);
    if !body.is_empty() {
        detail.push_str(": ");
        detail.push_str(&body.to_string());
    }
    let hint = match status {
        300..=399 => "a redirect, which is not followed",
        400..=499 => {
            "this host has no managed identity, or none with the AZURE_CLIENT_ID asked for \
             (unset it for the system-assigned identity)"
        }
        500..=599 => "the endpoint failed; try again later",
        _ => "unexpected from a managed identity endpoint",
    };
    format!("{detail}; {hint}")
}

/// Finds a program on the `PATH` of the given environment.
fn find_program(env: &Env, name: &str) -> Option<PathBuf> {
    let path = env.get("PATH")?;
    let names: Vec<String> = if cfg!(windows) {
        vec![format!("{name}.cmd"), format!("{name}.exe")]
    } else {
        vec![name.to_owned()]
    };
    std::env::split_paths(path).find_map(|folder| {
        names
            .iter()
            .map(|name| folder.join(name))
            .find(|candidate| is_executable(candidate))
    })
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// The most of the Azure CLI's output read (a token response is a few kilobytes).
const MAX_CLI_OUTPUT: u64 = 1024 * 1024;

/// `az account get-access-token --resource <graph> --output json`, killed after
/// `timeout`. Its output is read on two threads; a program `az` started that keeps
/// the output open after `az` is killed does not hold synclens up.
fn azure_cli(
    env: &Env,
    target: &TokenTarget<'_>,
    timeout: Duration,
    redactor: &super::Redactor,
) -> Result<Secret, AuthError> {
    use std::io::Read;
    let program = find_program(env, "az").ok_or_else(|| {
        AuthError::AzureCli("is not on PATH (install it and run `az login`)".to_owned())
    })?;
    let mut child = std::process::Command::new(&program)
        .args([
            "account",
            "get-access-token",
            "--resource",
            target.resource,
            "--output",
            "json",
        ])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|error| AuthError::AzureCli(format!("could not be run: {error}")))?;
    let (sender, receiver) = std::sync::mpsc::channel();
    for (index, stream) in [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .enumerate()
    {
        let sender = sender.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(stream) = stream {
                let _ = stream.take(MAX_CLI_OUTPUT).read_to_end(&mut bytes);
            }
            let _ = sender.send((index, bytes));
        });
    }
    drop(sender);
    let deadline = std::time::Instant::now() + timeout;
    let timed_out = || {
        AuthError::AzureCli(format!(
            "did not answer within {:.0} s and was stopped (run `az account \
             get-access-token` yourself to see why; --az-timeout allows more time)",
            timeout.as_secs_f64()
        ))
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(timed_out());
            }
            Err(error) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(AuthError::AzureCli(format!(
                    "could not be waited for: {error}"
                )));
            }
        }
    };
    let mut outputs = [Vec::new(), Vec::new()];
    for _ in 0..2 {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match receiver.recv_timeout(left.max(Duration::from_millis(100))) {
            Ok((index, bytes)) => {
                if let Some(slot) = outputs.get_mut(index) {
                    *slot = bytes;
                }
            }
            Err(_) => break,
        }
    }
    let [stdout, stderr] = outputs;
    if !status.success() {
        let stderr = String::from_utf8_lossy(&stderr);
        let first = stderr
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or("no message");
        return Err(AuthError::AzureCli(format!(
            "failed ({status}): {}",
            redactor.clean(first)
        )));
    }
    access_token(&stdout, "accessToken").map_err(AuthError::AzureCli)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http() -> Http {
        Http::new(&super::super::HttpSettings::default(), None).unwrap()
    }

    const TARGET: TokenTarget<'static> = TokenTarget {
        authority: "https://login.invalid",
        resource: "https://graph.invalid",
    };

    #[test]
    fn empty_variables_count_as_unset() {
        let env = Env::from_pairs([("A", ""), ("B", "x")]);
        assert_eq!(env.get("A"), None);
        assert_eq!(env.get("B"), Some("x"));
        assert!(!format!("{env:?}").contains('x'));
    }

    #[test]
    fn the_token_variable_wins_and_is_trimmed() {
        let env = Env::from_pairs([
            ("SYNCLENS_TOKEN", "abc\n"),
            ("AZURE_TENANT_ID", "t"),
            ("AZURE_CLIENT_ID", "c"),
            ("AZURE_CLIENT_SECRET", "s"),
        ]);
        let token = acquire(&http(), &env, &AuthOptions::default(), &TARGET).unwrap();
        assert_eq!(token.expose(), "abc");
        let options = AuthOptions {
            method: None,
            token_env: Some("MY_TOKEN".to_owned()),
            cli_timeout: None,
        };
        let env = Env::from_pairs([("MY_TOKEN", "mine"), ("SYNCLENS_TOKEN", "other")]);
        assert_eq!(
            acquire(&http(), &env, &options, &TARGET).unwrap().expose(),
            "mine"
        );
    }

    #[test]
    fn a_chosen_method_names_the_missing_variable() {
        let options = AuthOptions {
            method: Some(AuthMethod::ClientSecret),
            token_env: None,
            cli_timeout: None,
        };
        let env = Env::from_pairs([("AZURE_TENANT_ID", "t"), ("AZURE_CLIENT_ID", "")]);
        let error = acquire(&http(), &env, &options, &TARGET).unwrap_err();
        assert_eq!(
            error.to_string(),
            "--auth client-secret: AZURE_CLIENT_ID is unset or empty"
        );
    }

    #[test]
    fn nothing_configured_lists_what_was_tried() {
        // The managed identity endpoint points at a closed loopback port.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = closed.local_addr().unwrap().port();
        drop(closed);
        let env = Env::from_pairs([
            (IMDS_ENDPOINT_VAR, format!("http://127.0.0.1:{port}/token")),
            ("PATH", String::new()),
        ]);
        let error = acquire(&http(), &env, &AuthOptions::default(), &TARGET)
            .unwrap_err()
            .to_string();
        let lines: Vec<&str> = error.lines().collect();
        assert_eq!(
            lines.get(..5),
            Some(
                &[
                    "no credentials found; tried, in order:",
                    "  token: SYNCLENS_TOKEN unset",
                    "  client-secret: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET unset",
                    "  federated: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE unset",
                    "  azure-pipelines: SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN, \
                     AZURESUBSCRIPTION_SERVICE_CONNECTION_ID unset",
                ][..]
            ),
            "{error}"
        );
        assert!(
            lines.get(5).is_some_and(
                |line| line.starts_with("  managed-identity: no managed identity endpoint")
            ),
            "{error}"
        );
        assert_eq!(
            lines.get(6),
            Some(&"  azure-cli: az not found on PATH"),
            "{error}"
        );
        assert!(
            lines
                .get(7)
                .is_some_and(|line| line.starts_with("set SYNCLENS_TOKEN")),
            "{error}"
        );
        assert_eq!(lines.len(), 8, "{error}");
    }
}
