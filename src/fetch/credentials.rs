//! The vocabulary of signing in, shared by the token chain ([`super::auth`]) and the
//! errors ([`super::error`]): the environment snapshot ([`Env`]), the methods
//! ([`AuthMethod`]) and options ([`AuthOptions`]), their variables and limits, and why
//! no token could be had ([`AuthError`]).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use super::redact::Redactor;

/// A snapshot of environment variables. Empty values count as unset.
#[derive(Clone, Default)]
pub struct Env {
    vars: BTreeMap<String, String>,
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names only: values may be secrets.
        f.debug_set().entries(self.vars.keys()).finish()
    }
}

impl Env {
    /// An environment with these variables.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Env {
            vars: pairs
                .into_iter()
                .map(|(key, value)| (key.into(), value.into()))
                .collect(),
        }
    }

    /// The value of a variable, `None` when unset or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }
}

/// Variable holding a bearer token when `--token-env` is not given.
pub const TOKEN_VAR: &str = "SYNCLENS_TOKEN";
/// Overrides the managed identity endpoint (for tests, and for hosts with a local
/// token service).
pub const IMDS_ENDPOINT_VAR: &str = "SYNCLENS_IMDS_ENDPOINT";

/// A way to get a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// A bearer token from an environment variable.
    Token,
    /// Client credentials: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET.
    ClientSecret,
    /// Workload identity federation: AZURE_FEDERATED_TOKEN_FILE with AZURE_TENANT_ID
    /// and AZURE_CLIENT_ID.
    Federated,
    /// An Azure Pipelines service connection's workload identity federation: the
    /// pipeline's OIDC token (SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN,
    /// AZURESUBSCRIPTION_SERVICE_CONNECTION_ID) exchanged for the connection's
    /// application (AZURESUBSCRIPTION_TENANT_ID and AZURESUBSCRIPTION_CLIENT_ID, or
    /// AZURE_TENANT_ID and AZURE_CLIENT_ID).
    AzurePipelines,
    /// The managed identity endpoint of an Azure host.
    ManagedIdentity,
    /// `az account get-access-token`.
    AzureCli,
}

impl AuthMethod {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::Token => "token",
            AuthMethod::ClientSecret => "client-secret",
            AuthMethod::Federated => "federated",
            AuthMethod::AzurePipelines => "azure-pipelines",
            AuthMethod::ManagedIdentity => "managed-identity",
            AuthMethod::AzureCli => "azure-cli",
        }
    }
}

/// Which method to use and where the token variable is.
#[derive(Debug, Clone, Default)]
pub struct AuthOptions {
    /// The method, or `None` to try each in order.
    pub method: Option<AuthMethod>,
    /// The variable holding a bearer token (default [`TOKEN_VAR`]).
    pub token_env: Option<String>,
    /// How long `az account get-access-token` may take before it is killed (default
    /// [`DEFAULT_CLI_TIMEOUT`]).
    pub cli_timeout: Option<Duration>,
}

/// How long the Azure CLI may take by default: what the Azure SDKs allow their CLI
/// credential (about 10 s).
pub const DEFAULT_CLI_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest federated token file read (a JWT is a few kilobytes).
pub const MAX_TOKEN_FILE: u64 = 64 * 1024;

/// Why no token could be had.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// Nothing in the environment says how to authenticate. Shown one line per
    /// method tried, each with why it was skipped.
    #[error(
        "no credentials found; tried, in order:\n{}\nset {TOKEN_VAR} (or --token-env VAR), \
         AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET, AZURE_TENANT_ID + \
         AZURE_CLIENT_ID + AZURE_FEDERATED_TOKEN_FILE, run in an Azure Pipelines task of a \
         service connection with SYSTEM_ACCESSTOKEN mapped, run on an Azure host with a \
         managed identity, or sign in with `az login`",
        tried.iter().map(|reason| format!("  {reason}")).collect::<Vec<_>>().join("\n")
    )]
    NoCredentials {
        /// Each method and why it did not apply.
        tried: Vec<String>,
    },
    /// The chosen method lacks a variable.
    #[error("--auth {}: {} is unset or empty", method.as_str(), variable)]
    Missing {
        /// The method.
        method: AuthMethod,
        /// The variable.
        variable: String,
    },
    /// The federated token file cannot be read.
    #[error("cannot read the federated token file {}", path.display())]
    TokenFile {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A token endpoint refused or failed.
    #[error("{method} sign-in failed at {url}: {detail}")]
    Endpoint {
        /// The method's name.
        method: &'static str,
        /// The token endpoint.
        url: String,
        /// Status and the service's error (code, description, request id).
        detail: String,
    },
    /// The Azure CLI is not there or failed.
    #[error("the Azure CLI {0}")]
    AzureCli(String),
}

impl AuthError {
    /// The error with every text from a server or the Azure CLI cleaned (see
    /// [`Redactor::clean`]).
    #[must_use]
    pub fn scrub(self, redactor: &Redactor) -> Self {
        match self {
            AuthError::NoCredentials { tried } => AuthError::NoCredentials {
                tried: tried.iter().map(|reason| redactor.clean(reason)).collect(),
            },
            AuthError::Endpoint {
                method,
                url,
                detail,
            } => AuthError::Endpoint {
                method,
                url: redactor.clean(&url),
                detail: redactor.clean(&detail),
            },
            AuthError::AzureCli(message) => AuthError::AzureCli(redactor.clean(&message)),
            other => other,
        }
    }
}
