//! `synclens fetch`: pull a service principal's jobs, schemas, catalogs and templates
//! from Microsoft Graph into a folder (read-only). Also owns the Graph flags
//! ([`GraphArgs`]) that `synclens diff` shares for `graph:` sides.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::anyhow;
use clap::{Args, ValueEnum};

use synclens::fetch::{
    ApiVersion, AuthMethod, AuthOptions, Cloud, Env, Event, FetchOptions, GraphOptions,
    HttpSettings, Observer, Session, is_graph_side, load_graph_side,
};
use synclens::load::Loaded;

use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, print_stdout};

/// A national cloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CloudArg {
    /// graph.microsoft.com, login.microsoftonline.com.
    Global,
    /// US Government L4: graph.microsoft.us, login.microsoftonline.us.
    Usgov,
    /// US Government L5 (DoD): dod-graph.microsoft.us, login.microsoftonline.us.
    UsgovDod,
    /// China (21Vianet): microsoftgraph.chinacloudapi.cn, login.chinacloudapi.cn.
    China,
}

/// A Graph API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ApiArg {
    /// The stable API.
    #[value(name = "v1.0")]
    V1,
    /// The preview API.
    Beta,
}

/// An authentication method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AuthArg {
    /// A bearer token from --token-env VAR or SYNCLENS_TOKEN.
    Token,
    /// AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET.
    ClientSecret,
    /// AZURE_FEDERATED_TOKEN_FILE with AZURE_TENANT_ID and AZURE_CLIENT_ID.
    Federated,
    /// An Azure Pipelines service connection (SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN,
    /// AZURESUBSCRIPTION_SERVICE_CONNECTION_ID, _TENANT_ID, _CLIENT_ID).
    AzurePipelines,
    /// The managed identity endpoint of an Azure host.
    ManagedIdentity,
    /// `az account get-access-token`.
    AzureCli,
}

/// Where Graph is and how to authenticate (shared by `fetch`, `diff` and `eval --online`).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Microsoft Graph (fetch, graph: sides of diff, eval --online)")]
pub(crate) struct GraphArgs {
    /// National cloud.
    #[arg(long, value_enum, default_value = "global")]
    cloud: CloudArg,
    /// Graph root replacing the cloud's, e.g. https://graph.microsoft.com (the API
    /// version is appended). Plain http only to loopback.
    #[arg(long, value_name = "URL")]
    graph_url: Option<String>,
    /// Login root replacing the cloud's; tokens are requested from
    /// <URL>/<tenant>/oauth2/v2.0/token.
    #[arg(long, value_name = "URL")]
    authority_url: Option<String>,
    /// Graph API version.
    #[arg(long, value_enum, default_value = "v1.0")]
    api: ApiArg,
    /// Environment variable holding a bearer token (default SYNCLENS_TOKEN).
    #[arg(long, value_name = "VAR")]
    token_env: Option<String>,
    /// Authentication method; by default the first that applies, in the order listed.
    #[arg(long, value_enum)]
    auth: Option<AuthArg>,
    /// Seconds a request may take as a whole (connecting, waiting, reading the body);
    /// also the longest wait before a retry.
    #[arg(long, value_name = "SECONDS", default_value = "60")]
    timeout: f64,
    /// Seconds `az account get-access-token` may take before it is stopped.
    #[arg(long, value_name = "SECONDS", default_value = "10")]
    az_timeout: f64,
    /// Retries of a throttled request (HTTP 429 or 503).
    #[arg(long, value_name = "N", default_value = "5")]
    max_retries: u32,
    /// First backoff step in milliseconds when Graph sends no Retry-After.
    #[arg(long, value_name = "MS", default_value = "1000", hide = true)]
    backoff_ms: u64,
    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value = "4")]
    parallel: usize,
}

impl GraphArgs {
    pub(crate) fn options(&self, env: &Env) -> anyhow::Result<GraphOptions> {
        let timeout = Duration::try_from_secs_f64(self.timeout)
            .ok()
            .filter(|timeout| !timeout.is_zero())
            .ok_or_else(|| anyhow!("--timeout takes a positive number of seconds"))?;
        let az_timeout = Duration::try_from_secs_f64(self.az_timeout)
            .ok()
            .filter(|timeout| !timeout.is_zero())
            .ok_or_else(|| anyhow!("--az-timeout takes a positive number of seconds"))?;
        let proxy = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
            .into_iter()
            .find_map(|name| env.get(name))
            .map(str::to_owned);
        let no_proxy = ["NO_PROXY", "no_proxy"]
            .into_iter()
            .find_map(|name| env.get(name))
            .map(|list| {
                list.split(',')
                    .map(str::trim)
                    .filter(|entry| !entry.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Ok(GraphOptions {
            cloud: match self.cloud {
                CloudArg::Global => Cloud::Global,
                CloudArg::Usgov => Cloud::UsGov,
                CloudArg::UsgovDod => Cloud::UsGovDod,
                CloudArg::China => Cloud::China,
            },
            graph_url: self.graph_url.clone(),
            authority_url: self.authority_url.clone(),
            api: match self.api {
                ApiArg::V1 => ApiVersion::V1,
                ApiArg::Beta => ApiVersion::Beta,
            },
            auth: AuthOptions {
                method: self.auth.map(|method| match method {
                    AuthArg::Token => AuthMethod::Token,
                    AuthArg::ClientSecret => AuthMethod::ClientSecret,
                    AuthArg::Federated => AuthMethod::Federated,
                    AuthArg::AzurePipelines => AuthMethod::AzurePipelines,
                    AuthArg::ManagedIdentity => AuthMethod::ManagedIdentity,
                    AuthArg::AzureCli => AuthMethod::AzureCli,
                }),
                token_env: self.token_env.clone(),
                cli_timeout: Some(az_timeout),
            },
            http: HttpSettings {
                connect_timeout: timeout.min(Duration::from_secs(30)),
                read_timeout: timeout,
                request_timeout: timeout,
                // A Retry-After longer than this fails the request at once.
                max_wait: timeout.min(HttpSettings::default().max_wait),
                max_retries: self.max_retries,
                backoff_base: Duration::from_millis(self.backoff_ms),
                concurrency: self.parallel.max(1),
                proxy,
                no_proxy,
            },
        })
    }
}

#[derive(Debug, Args)]
pub(crate) struct FetchArgs {
    /// The service principal: object id, appId, or display name (several with the
    /// name is an error that lists them).
    #[arg(long, value_name = "ID|APPID|NAME", required_unless_present = "users")]
    service_principal: Option<String>,
    /// Only this job.
    #[arg(long, value_name = "JOB_ID")]
    job: Option<String>,
    /// Instead of jobs: a sample of N Entra ID users for `preview` and `diff --sample`
    /// (GET /users, read-only, User.Read.All), with the attributes the object mapping
    /// of --schema reads, written as JSON Lines to --out FILE.
    #[arg(long, value_name = "N", requires = "schema", conflicts_with_all = ["service_principal", "job", "templates", "prune", "with_status"])]
    users: Option<usize>,
    /// With --users: the schema (or job, template) whose object mapping's source
    /// attributes are read.
    #[arg(long, value_name = "SCHEMA", requires = "users")]
    schema: Option<PathBuf>,
    /// With --users: the object mapping (its name or `source -> target`); default: the
    /// only enabled one.
    #[arg(long, value_name = "NAME", requires = "users")]
    object_mapping: Option<String>,
    /// Also the service principal's templates.
    #[arg(long)]
    templates: bool,
    /// Keep each job's volatile status block in job.json.
    #[arg(long)]
    with_status: bool,
    /// Remove the files of jobs (with --templates, also templates) the service
    /// principal no longer has, so the folder mirrors the tenant. Other files in
    /// their folders are kept. Ignored with --job.
    #[arg(long)]
    prune: bool,
    /// Folder that gets one folder per service principal (its object id); with
    /// --users, the JSON Lines file.
    #[arg(long, value_name = "DIR|FILE")]
    out: PathBuf,
    /// Print every request (method, URL, status, time) to stderr; never tokens.
    #[arg(long, short)]
    verbose: bool,
    #[command(flatten)]
    graph: GraphArgs,
}

/// The process environment as a value (names and values that are not UTF-8 are
/// read lossily).
pub(crate) fn process_env() -> Env {
    Env::from_pairs(std::env::vars_os().map(|(name, value)| {
        (
            name.to_string_lossy().into_owned(),
            value.to_string_lossy().into_owned(),
        )
    }))
}

pub(crate) fn observer(verbose: bool) -> Option<Observer> {
    // Progress overwrites its line; TERM=dumb and the like get the line without the
    // erase code (anstream strips what the terminal cannot take).
    let progress = std::io::stderr().is_terminal();
    if !verbose && !progress {
        return None;
    }
    Some(Arc::new(move |event: &Event| {
        let mut stderr = anstream::AutoStream::auto(std::io::stderr().lock());
        // Progress and logging are best effort: a closed stderr is ignored.
        let _ = match event {
            Event::Request {
                method,
                url,
                status,
                elapsed,
            } if verbose => {
                let status = status.map_or_else(|| "failed".to_owned(), |s| s.to_string());
                let clear = if progress { "\r\x1b[K" } else { "" };
                writeln!(
                    stderr,
                    "{clear}{method} {url} -> {status} ({} ms)",
                    elapsed.as_millis()
                )
            }
            Event::Retry {
                url,
                status,
                wait,
                attempt,
            } if verbose => writeln!(
                stderr,
                "HTTP {status} for {url}: retry {attempt} in {:.2} s",
                wait.as_secs_f64()
            ),
            Event::Progress { done, total } if progress => {
                let end = if done == total { "\n" } else { "" };
                write!(stderr, "\r\x1b[Kfetched {done}/{total} objects{end}")
            }
            _ => Ok(()),
        };
    }))
}

/// An error and its causes, `error: cause: cause`, on one line.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

pub(crate) fn run(args: &FetchArgs) -> anyhow::Result<u8> {
    let env = process_env();
    let options = args.graph.options(&env)?;
    if let (Some(count), Some(schema)) = (args.users, &args.schema) {
        // The attributes first: a schema that cannot be read needs no token.
        let schema = synclens::load::schema_of(schema)?;
        let attributes =
            synclens::preview::source_attributes(&schema, args.object_mapping.as_deref())?;
        let session =
            Session::connect(&options, &env, observer(args.verbose)).map_err(anyhow::Error::new)?;
        let report = session
            .fetch_users(&synclens::fetch::UsersOptions {
                count,
                attributes,
                out: args.out.clone(),
            })
            .map_err(anyhow::Error::new)?;
        if !report.left_out.is_empty() {
            eprintln!(
                "note: not read from Graph (no property of a user): {}",
                report.left_out.join(", ")
            );
        }
        print_stdout(&format!(
            "fetched {} into {} ($select={})\n",
            synclens::text::many(report.written, "user"),
            report.out.display(),
            report.select.join(",")
        ))?;
        return Ok(EXIT_OK);
    }
    let session =
        Session::connect(&options, &env, observer(args.verbose)).map_err(anyhow::Error::new)?;
    let report = session
        .fetch(&FetchOptions {
            service_principal: args.service_principal.clone().unwrap_or_default(),
            job: args.job.clone(),
            templates: args.templates,
            with_status: args.with_status,
            prune: args.prune,
            out: args.out.clone(),
        })
        .map_err(anyhow::Error::new)?;
    // Every message from the library is cleaned of secrets and control characters.
    for failure in &report.failures {
        eprintln!(
            "synclens: {} failed: {}",
            failure.object,
            chain(&failure.error)
        );
    }
    for folder in &report.pruned {
        print_stdout(&format!(
            "pruned {} (no longer in the tenant)\n",
            folder.display()
        ))?;
    }
    print_stdout(&format!(
        "fetched {} of {} objects of {} into {} ({} files)\n",
        report.fetched,
        report.objects,
        report.service_principal,
        report.folder.display(),
        report.written.len()
    ))?;
    Ok(if report.failures.is_empty() {
        EXIT_OK
    } else if report.written.is_empty() {
        EXIT_FAILURE
    } else {
        EXIT_FINDINGS
    })
}

/// For `eval --online`: Graph's own evaluation of the expression for the object.
pub(crate) fn evaluate_online(
    spec: &str,
    expression: &str,
    object: &synclens::expr::eval::Object,
    graph: &GraphArgs,
) -> anyhow::Result<synclens::expr::eval::OnlineEvaluation> {
    let env = process_env();
    let options = graph.options(&env)?;
    Ok(synclens::fetch::evaluate_online(
        spec, expression, object, &options, &env,
    )?)
}

/// For `diff`: loads a `graph:…` side from Graph; `None` when the path is a file.
pub(crate) fn graph_side(path: &Path, graph: &GraphArgs) -> Option<anyhow::Result<Loaded>> {
    let spec = path.to_str().filter(|spec| is_graph_side(spec))?;
    Some((|| {
        let env = process_env();
        let options = graph.options(&env)?;
        load_graph_side(spec, &options, &env).map_err(anyhow::Error::new)
    })())
}
