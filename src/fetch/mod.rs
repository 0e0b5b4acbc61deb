//! Read-only Microsoft Graph mode: pull a service principal's synchronization jobs,
//! schemas, catalogs and templates into a folder (`synclens fetch`), and load a live
//! schema as one side of a diff (`graph:servicePrincipals/<id>/jobs/<job id>`).
//!
//! Split by what each part owns:
//! - [`cloud`]: national clouds, API versions, which URLs may be called and which
//!   origin a token may be sent to;
//! - `http`: the HTTP client (one agent, proxy, timeouts, response size limit) and
//!   status errors; `retry`: retries on throttling (`Retry-After`, backoff);
//! - `graph`: the Graph client that attaches the token, and the Graph calls
//!   (service principals, jobs, templates, schemas, functions, filterOperators);
//!   `paging`: collections over `@odata.nextLink`;
//! - `job`: fetching objects in parallel and writing their folders (all or nothing,
//!   pruning); [`layout`]: the folder layout;
//! - `side`: `graph:` diff sides;
//! - [`auth`]: the token (environment, client credentials, federation, managed
//!   identity, Azure CLI);
//! - [`redact`]: secrets, and the one place server text is made safe to show
//!   (secrets redacted, control characters escaped);
//! - `error`: what can go wrong, and Graph's error bodies.
//!
//! Only `GET` goes to Graph (SPEC.md §5.1) and `POST` only to token endpoints; nothing
//! is ever changed in the tenant. Documents are written in the canonical form of
//! [`crate::canonical`] (so they pass `synclens fmt --check`), atomically, job by job:
//! a job whose documents cannot all be fetched or written gets no new files (all its
//! temporary files are written before any is renamed), and no symbolic link below the
//! output folder is ever followed. A job's volatile
//! `status` is left out unless asked for, and secret values are never requested nor
//! written. The library never prints: progress and requests are reported as
//! [`Event`]s to an optional [`Observer`].

pub mod auth;
pub mod cloud;
mod credentials;
mod deploy;
mod error;
mod expression;
mod graph;
mod http;
mod job;
pub mod layout;
mod objects;
mod paging;
pub mod redact;
mod retry;
mod side;
mod users;

pub use auth::{AuthError, AuthMethod, AuthOptions, Env};
pub use cloud::{ApiVersion, Cloud};
pub use deploy::{
    Applied, AppliedJob, DEFAULT_BACKUPS, DeployError, JobPlan, LiveSchema, PLAN_FORMAT, Plan,
    PlanChanges, PlanTarget, Planned, PlannedJob, WRITE_PERMISSIONS_HINT, backup_name, job_of,
    put_body, read_plan, schemas_of, sha256,
};
pub use error::{FetchError, GraphErrorBody, ObjectFailure, PERMISSIONS_HINT};
pub use expression::{evaluate_online, test_input_object};
pub use graph::GraphClient;
pub use http::{Event, HttpSettings, Observer};
pub use job::{FetchOptions, FetchReport};
pub use objects::ServicePrincipal;
pub use paging::MAX_COLLECTION_ITEMS;
pub use redact::{Redactor, Secret};
pub use side::{GraphSide, is_graph_side, load_graph_side};
pub use users::{UsersOptions, UsersReport};

/// Where Graph is, how to authenticate, and how to talk HTTP.
#[derive(Debug, Clone, Default)]
pub struct GraphOptions {
    /// The national cloud (default global).
    pub cloud: Cloud,
    /// Replaces the cloud's Graph root (`https://graph.microsoft.com`).
    pub graph_url: Option<String>,
    /// Replaces the cloud's login root (`https://login.microsoftonline.com`).
    pub authority_url: Option<String>,
    /// The API version appended to the Graph root.
    pub api: ApiVersion,
    /// How to get a token.
    pub auth: AuthOptions,
    /// Timeouts, retries, parallelism, proxy.
    pub http: HttpSettings,
}

/// An authenticated connection to Graph.
#[derive(Debug)]
pub struct Session {
    client: GraphClient,
}

impl Session {
    /// Checks the URLs and gets a token.
    pub fn connect(
        options: &GraphOptions,
        env: &Env,
        observer: Option<Observer>,
    ) -> Result<Self, FetchError> {
        let graph = options
            .graph_url
            .as_deref()
            .unwrap_or(options.cloud.graph_root());
        let (_, graph_root) = cloud::checked_root(graph)?;
        let authority = options
            .authority_url
            .as_deref()
            .unwrap_or(options.cloud.authority_root());
        let (_, authority) = cloud::checked_root(authority)?;
        let http = http::Http::new(&options.http, observer)?;
        let token = auth::acquire(
            &http,
            env,
            &options.auth,
            &auth::TokenTarget {
                authority: &authority,
                resource: &graph_root,
            },
        )
        .map_err(|error| error.scrub(http.redactor()))?;
        Ok(Session {
            client: GraphClient::new(http, &graph_root, options.api, token),
        })
    }

    /// The Graph client.
    pub fn client(&self) -> &GraphClient {
        &self.client
    }

    /// The secrets this session holds, to redact from anything a server says.
    pub fn redactor(&self) -> &Redactor {
        self.client.http().redactor()
    }
}
