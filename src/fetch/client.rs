//! The HTTP side of fetch: where Graph and the login service are (clouds, overrides,
//! API version), which URLs may be called (https, or plain http to loopback only), one
//! [`ureq`] agent for every request, retries on throttling, timeouts, Graph error
//! bodies, and paging over `@odata.nextLink`.
//!
//! The bearer token is attached in exactly one place, [`GraphClient::get_json`], and
//! only after the URL's origin (scheme, host and port) has been compared with the
//! configured Graph origin: a nextLink to any other origin (another host, or another
//! port on the same host) is an error and receives no request at all. Only `GET` is
//! sent to Graph; `POST` only goes to token endpoints (see [`super::auth`]).

use std::fmt::{self, Write as _};
use std::hash::{BuildHasher, Hasher};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::FetchError;
use super::redact::{Redactor, escape};

/// A national cloud: where Graph and the login service are (SPEC.md §5.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cloud {
    /// The global service (also Microsoft 365 GCC).
    #[default]
    Global,
    /// US Government L4 (GCC High).
    UsGov,
    /// US Government L5 (DoD).
    UsGovDod,
    /// China, operated by 21Vianet.
    China,
}

impl Cloud {
    /// The Graph root (no API version, no trailing slash).
    pub fn graph_root(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGov => "https://graph.microsoft.us",
            Cloud::UsGovDod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The login (authority) root, without the tenant.
    pub fn authority_root(self) -> &'static str {
        match self {
            Cloud::Global => "https://login.microsoftonline.com",
            Cloud::UsGov | Cloud::UsGovDod => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }
}

/// The Graph API version appended to the Graph root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiVersion {
    /// `v1.0`.
    #[default]
    V1,
    /// `beta`.
    Beta,
}

impl ApiVersion {
    /// The path segment.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }
}

/// Timeouts, retries and parallelism. The defaults suit Graph; tests shorten them.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Time allowed to open a connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time allowed between two reads of a response (headers or body).
    pub read_timeout: Duration,
    /// Time allowed for a whole request, from connecting to the last byte of the body
    /// (a server dripping its body byte by byte is cut off here).
    pub request_timeout: Duration,
    /// Retries after a 429 or 503 (the request is sent at most `max_retries + 1` times).
    pub max_retries: u32,
    /// First wait of the exponential backoff when a 429/503 has no `Retry-After`;
    /// doubles on each retry, with jitter (a random 50–100 % of the step).
    pub backoff_base: Duration,
    /// The longest single wait between retries. A `Retry-After` asking for more is
    /// not waited for: the request fails at once, saying so.
    pub max_wait: Duration,
    /// Requests in flight at once (objects fetched in parallel).
    pub concurrency: usize,
    /// An HTTP(S) proxy for non-loopback hosts (`http://host:port`).
    pub proxy: Option<String>,
    /// Hosts reached without the proxy, as `NO_PROXY` lists them (see
    /// [`HttpSettings::bypasses_proxy`]).
    pub no_proxy: Vec<String>,
}

impl HttpSettings {
    /// Whether `host` is reached directly although a proxy is set, by the `NO_PROXY`
    /// conventions curl and most HTTP clients share: `*` means every host; `example.com`,
    /// `.example.com` and `*.example.com` mean that domain and every host below it; an
    /// entry's `:port` is ignored; an IP address matches itself (no CIDR ranges).
    pub fn bypasses_proxy(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.no_proxy.iter().any(|entry| {
            let entry = entry.trim().to_ascii_lowercase();
            if entry == "*" {
                return true;
            }
            let bracketed = entry
                .strip_prefix('[')
                .and_then(|rest| rest.split_once(']').map(|(address, _)| address));
            let entry = bracketed.unwrap_or_else(|| match entry.split_once(':') {
                // `host:port`; more colons make a bare IPv6 address.
                Some((name, port)) if !port.contains(':') => name,
                _ => entry.as_str(),
            });
            let domain = entry
                .trim_start_matches("*.")
                .trim_start_matches('.')
                .trim_end_matches('.');
            !domain.is_empty()
                && (host == domain
                    || host
                        .strip_suffix(domain)
                        .is_some_and(|prefix| prefix.ends_with('.')))
        })
    }
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_mins(1),
            request_timeout: Duration::from_mins(1),
            max_retries: 5,
            backoff_base: Duration::from_secs(1),
            max_wait: Duration::from_mins(2),
            concurrency: 4,
            proxy: None,
            no_proxy: Vec::new(),
        }
    }
}

/// What the client is doing, for a caller that shows progress or `--verbose` output.
/// Never carries a token or a secret.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// A request got a response (or failed without one: `status` is `None`).
    Request {
        /// `GET` or `POST`.
        method: &'static str,
        /// The URL (never holds a secret: secrets travel in headers and form bodies).
        url: String,
        /// The HTTP status.
        status: Option<u16>,
        /// How long it took.
        elapsed: Duration,
    },
    /// A throttled request is retried after a wait.
    Retry {
        /// The URL.
        url: String,
        /// The status that caused the retry (429 or 503).
        status: u16,
        /// How long the client waits.
        wait: Duration,
        /// The retry number, from 1.
        attempt: u32,
    },
    /// Objects done out of the total (jobs and templates).
    Progress {
        /// Objects finished (fetched or failed).
        done: usize,
        /// All objects.
        total: usize,
    },
}

/// Receives [`Event`]s; called from several threads.
pub type Observer = Arc<dyn Fn(&Event) + Send + Sync>;

/// A secret (a token or a client secret): never shown by `Debug`, no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Scheme, host and port of a URL: what decides whether a token may go there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// `https` or `http`.
    pub scheme: String,
    /// The host, lower case (IPv6 without brackets).
    pub host: String,
    /// The port (the scheme's default when not written).
    pub port: u16,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let default = matches!(
            (self.scheme.as_str(), self.port),
            ("https", 443) | ("http", 80)
        );
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if default {
            write!(f, "{}://{host}", self.scheme)
        } else {
            write!(f, "{}://{host}:{}", self.scheme, self.port)
        }
    }
}

impl Origin {
    /// Reads the origin of an absolute http(s) URL.
    pub fn of(url: &str) -> Result<Origin, FetchError> {
        let invalid = |reason: &str| FetchError::InvalidUrl {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        let uri: ureq::http::Uri = url.parse().map_err(|_| invalid("not a URL"))?;
        let scheme = uri
            .scheme_str()
            .ok_or_else(|| invalid("not an absolute URL"))?
            .to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "https" => 443,
            "http" => 80,
            _ => return Err(invalid("only https (or http to loopback) is supported")),
        };
        let host = uri.host().ok_or_else(|| invalid("no host"))?;
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        if host.is_empty() {
            return Err(invalid("no host"));
        }
        if uri
            .authority()
            .is_some_and(|authority| authority.as_str().contains('@'))
        {
            return Err(invalid(
                "user names and passwords in URLs are not supported",
            ));
        }
        Ok(Origin {
            scheme,
            host,
            port: uri.port_u16().unwrap_or(default_port),
        })
    }

    /// Whether the host is a loopback address (`localhost`, `127.0.0.0/8`, `::1`).
    pub fn is_loopback(&self) -> bool {
        self.host == "localhost"
            || self
                .host
                .parse::<IpAddr>()
                .is_ok_and(|address| address.is_loopback())
    }

    /// Whether the host is the link-local instance metadata address.
    fn is_metadata_service(&self) -> bool {
        self.host == "169.254.169.254"
    }
}

/// Checks a configured root URL (`--graph-url`, `--authority-url`): absolute, https
/// (http only to loopback), no query; returns it without a trailing slash.
pub fn checked_root(url: &str) -> Result<(Origin, String), FetchError> {
    let origin = Origin::of(url)?;
    if origin.scheme == "http" && !origin.is_loopback() {
        return Err(FetchError::InsecureUrl {
            url: url.to_owned(),
        });
    }
    if url.contains('?') || url.contains('#') {
        return Err(FetchError::InvalidUrl {
            url: url.to_owned(),
            reason: "a root URL takes no query or fragment".to_owned(),
        });
    }
    Ok((origin, url.trim_end_matches('/').to_owned()))
}

/// Percent-encodes a path segment or query value (everything but `A-Z a-z 0-9 - . _ ~`).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// The `{"error": {…}}` body Graph (and the login service, in its own shape) returns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GraphErrorBody {
    /// `error.code` (Graph) or `error` (login service).
    pub code: Option<String>,
    /// `error.message` (Graph) or `error_description` (login service), first line.
    pub message: Option<String>,
    /// `error.innerError.request-id`, or the `request-id` response header.
    pub request_id: Option<String>,
}

impl GraphErrorBody {
    /// Reads an error body; every text goes through `redactor` (secrets redacted
    /// before anything is cut, control characters escaped).
    pub(crate) fn parse(
        body: &[u8],
        header_request_id: Option<String>,
        redactor: &Redactor,
    ) -> Self {
        let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let text = |value: Option<&Value>, limit: usize| {
            value
                .and_then(Value::as_str)
                .map(|text| escape(&first_line(&redactor.redact(text), limit)))
                .filter(|text| !text.is_empty())
        };
        let mut parsed = match value.get("error") {
            Some(Value::Object(error)) => GraphErrorBody {
                code: text(error.get("code"), 100),
                message: text(error.get("message"), 400),
                request_id: text(
                    error
                        .get("innerError")
                        .or_else(|| error.get("innererror"))
                        .and_then(|inner| inner.get("request-id")),
                    100,
                ),
            },
            Some(code @ Value::String(_)) => GraphErrorBody {
                code: text(Some(code), 100),
                message: text(value.get("error_description"), 400),
                request_id: None,
            },
            _ => GraphErrorBody::default(),
        };
        if parsed.request_id.is_none() {
            parsed.request_id =
                header_request_id.map(|id| escape(&first_line(&redactor.redact(&id), 100)));
        }
        parsed
    }

    /// Whether the body said anything.
    pub(crate) fn is_empty(&self) -> bool {
        self.code.is_none() && self.message.is_none() && self.request_id.is_none()
    }
}

impl fmt::Display for GraphErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(code) = &self.code {
            parts.push(code.clone());
        }
        if let Some(message) = &self.message {
            parts.push(message.clone());
        }
        write!(f, "{}", parts.join(": "))?;
        if let Some(request_id) = &self.request_id {
            write!(f, " (request-id {request_id})")?;
        }
        Ok(())
    }
}

fn first_line(text: &str, limit: usize) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    match line.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_owned(),
    }
}

/// What a request sends: a GET (with headers) or a form POST.
pub(crate) enum Request<'a> {
    /// `GET url` with extra headers.
    Get {
        url: &'a str,
        headers: Vec<(&'static str, String)>,
    },
    /// `POST url` with a form body (token endpoints only).
    PostForm {
        url: &'a str,
        form: Vec<(&'static str, String)>,
    },
}

impl Request<'_> {
    fn url(&self) -> &str {
        match self {
            Request::Get { url, .. } | Request::PostForm { url, .. } => url,
        }
    }

    fn method(&self) -> &'static str {
        match self {
            Request::Get { .. } => "GET",
            Request::PostForm { .. } => "POST",
        }
    }
}

/// A whole response: status, body and the headers fetch cares about.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    pub(crate) request_id: Option<String>,
    pub(crate) location: Option<String>,
    /// The `Retry-After` of a 429 or 503 that was longer than the client waits.
    pub(crate) unwaited: Option<Duration>,
}

/// Responses larger than this are refused (the largest real schemas are a few MB).
const BODY_LIMIT: u64 = 256 * 1024 * 1024;
/// Pages followed at most in one collection (a loop guard).
const MAX_PAGES: usize = 10_000;
/// Items read at most from one collection, every page together (jobs, templates, a
/// catalog, service principals of one name); a larger listing is refused while it is
/// read, so it costs no more memory than this many items.
pub const MAX_COLLECTION_ITEMS: usize = 10_000;

/// The transport: two agents (direct, and through the proxy when one is set), retries
/// and events.
#[derive(Clone)]
pub(crate) struct Http {
    direct: ureq::Agent,
    proxied: Option<ureq::Agent>,
    settings: HttpSettings,
    observer: Option<Observer>,
    redactor: Redactor,
}

impl Http {
    pub(crate) fn new(
        settings: &HttpSettings,
        observer: Option<Observer>,
    ) -> Result<Self, FetchError> {
        let agent = |proxy: Option<ureq::Proxy>| -> ureq::Agent {
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .timeout_global(Some(settings.request_timeout))
                .timeout_connect(Some(settings.connect_timeout))
                .timeout_per_read(Some(settings.read_timeout))
                .timeout_recv_response(Some(settings.read_timeout))
                .proxy(proxy)
                .user_agent(concat!("synclens/", env!("CARGO_PKG_VERSION")))
                .accept("application/json")
                .build()
                .new_agent()
        };
        let proxied = match &settings.proxy {
            Some(proxy) => {
                let proxy = ureq::Proxy::new(proxy).map_err(|_| FetchError::InvalidUrl {
                    url: proxy.clone(),
                    reason: "not a proxy URL".to_owned(),
                })?;
                Some(agent(Some(proxy)))
            }
            None => None,
        };
        Ok(Http {
            direct: agent(None),
            proxied,
            settings: settings.clone(),
            observer,
            redactor: Redactor::new(),
        })
    }

    /// Another client with other settings, no observer, and the same secrets to
    /// redact.
    pub(crate) fn with_settings(&self, settings: &HttpSettings) -> Result<Self, FetchError> {
        let mut http = Http::new(settings, None)?;
        http.redactor = self.redactor.clone();
        Ok(http)
    }

    pub(crate) fn settings(&self) -> &HttpSettings {
        &self.settings
    }

    /// The secrets to redact from what servers say.
    pub(crate) fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    pub(crate) fn emit(&self, event: &Event) {
        if let Some(observer) = &self.observer {
            // URLs can come from a server (nextLinks): cleaned like any server text.
            let event = match event {
                Event::Request {
                    method,
                    url,
                    status,
                    elapsed,
                } => Event::Request {
                    method,
                    url: self.redactor.clean(url),
                    status: *status,
                    elapsed: *elapsed,
                },
                Event::Retry {
                    url,
                    status,
                    wait,
                    attempt,
                } => Event::Retry {
                    url: self.redactor.clean(url),
                    status: *status,
                    wait: *wait,
                    attempt: *attempt,
                },
                other => other.clone(),
            };
            observer(&event);
        }
    }

    /// Sends a request, retrying 429 and 503 a bounded number of times. Returns the
    /// last response whatever its status; transport failures are errors.
    pub(crate) fn send(&self, request: &Request<'_>) -> Result<Response, FetchError> {
        let url = request.url();
        let origin = Origin::of(url)?;
        if origin.scheme == "http" && !origin.is_loopback() && !origin.is_metadata_service() {
            return Err(FetchError::InsecureUrl {
                url: url.to_owned(),
            });
        }
        let agent = match &self.proxied {
            Some(proxied)
                if !origin.is_loopback()
                    && !origin.is_metadata_service()
                    && !self.settings.bypasses_proxy(&origin.host) =>
            {
                proxied
            }
            _ => &self.direct,
        };
        let mut attempt = 0;
        loop {
            let started = Instant::now();
            let result = self.send_once(agent, request);
            self.emit(&Event::Request {
                method: request.method(),
                url: url.to_owned(),
                status: result.as_ref().ok().map(|(response, _)| response.status),
                elapsed: started.elapsed(),
            });
            let (mut response, retry_after) = result?;
            let throttled = matches!(response.status, 429 | 503);
            if !throttled || attempt >= self.settings.max_retries {
                return Ok(response);
            }
            if let Some(asked) = retry_after.filter(|asked| *asked > self.settings.max_wait) {
                // Waiting less than asked only gets throttled again; waiting longer
                // than allowed would outlast --timeout.
                response.unwaited = Some(asked);
                return Ok(response);
            }
            attempt += 1;
            let wait = retry_after
                .unwrap_or_else(|| backoff(&self.settings, attempt))
                .min(self.settings.max_wait);
            self.emit(&Event::Retry {
                url: url.to_owned(),
                status: response.status,
                wait,
                attempt,
            });
            std::thread::sleep(wait);
        }
    }

    fn send_once(
        &self,
        agent: &ureq::Agent,
        request: &Request<'_>,
    ) -> Result<(Response, Option<Duration>), FetchError> {
        let url = request.url();
        let transport = |error: ureq::Error| self.transport_error(url, error);
        let response = match request {
            Request::Get { headers, .. } => {
                let mut builder = agent.get(url);
                for (name, value) in headers {
                    builder = builder.header(*name, value.as_str());
                }
                builder.call().map_err(transport)?
            }
            Request::PostForm { form, .. } => agent
                .post(url)
                .send_form(form.iter().map(|(key, value)| (*key, value.as_str())))
                .map_err(transport)?,
        };
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let retry_after = header("retry-after").and_then(|value| parse_retry_after(&value));
        let request_id = header("request-id").or_else(|| header("x-ms-request-id"));
        let location = header("location");
        let body = response
            .into_body()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_vec()
            .map_err(transport)?;
        Ok((
            Response {
                status,
                body,
                request_id,
                location,
                unwaited: None,
            },
            retry_after,
        ))
    }

    fn transport_error(&self, url: &str, error: ureq::Error) -> FetchError {
        match error {
            ureq::Error::Timeout(which) => {
                let limit = match which {
                    ureq::Timeout::Connect => self.settings.connect_timeout,
                    ureq::Timeout::Global => self.settings.request_timeout,
                    _ => self.settings.read_timeout,
                };
                FetchError::Timeout {
                    url: url.to_owned(),
                    after: limit,
                }
            }
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                FetchError::Timeout {
                    url: url.to_owned(),
                    after: self.settings.read_timeout,
                }
            }
            other => FetchError::Transport {
                url: url.to_owned(),
                message: self.redactor.clean(&other.to_string()),
            },
        }
    }

    /// Turns a non-success response into an error with the status, the server's text
    /// (redacted and escaped) and what to do.
    pub(crate) fn status_error(
        &self,
        method: &'static str,
        url: &str,
        response: &Response,
    ) -> FetchError {
        let status = response.status;
        let graph = self.error_body(response);
        let location = response
            .location
            .as_deref()
            .map(|location| format!(" to {}", self.redactor.clean(location)))
            .unwrap_or_default();
        let hint = match status {
            300..=399 => Some(format!(
                "the server answered with a redirect{location}; synclens does not follow \
                 redirects, so that no token leaves the configured host; check the URL \
                 (--graph-url, --authority-url, --cloud)"
            )),
            401 => Some(
                "the token was rejected: it may have expired, be for another cloud or \
                 resource (it must be issued for the Graph root used here), or not be an \
                 access token; get a new one"
                    .to_owned(),
            ),
            403 => Some(PERMISSIONS_HINT.to_owned()),
            429 | 503 => Some(match response.unwaited {
                Some(asked) => format!(
                    "the server asked to wait {:.1} s before retrying (Retry-After), longer \
                     than synclens waits ({:.1} s, at most the --timeout); try again later",
                    asked.as_secs_f64(),
                    self.settings.max_wait.as_secs_f64()
                ),
                None => "the server kept throttling after every retry; try again later".to_owned(),
            }),
            500..=599 => Some("the service failed; try again later".to_owned()),
            _ => None,
        };
        FetchError::Http {
            method,
            url: self.redactor.clean(url),
            status,
            reason: reason(status),
            graph: Box::new(graph),
            hint,
        }
    }

    /// The error a response's body states (Graph's or the login service's JSON, or the
    /// first line of any other text), redacted and escaped.
    pub(crate) fn error_body(&self, response: &Response) -> GraphErrorBody {
        let mut graph =
            GraphErrorBody::parse(&response.body, response.request_id.clone(), &self.redactor);
        if graph.code.is_none() && graph.message.is_none() {
            graph.message = self.body_text(&response.body);
        }
        graph
    }

    /// The first non-empty line of a body that is not a JSON error (an HTML error
    /// page, plain text), redacted, cut and escaped; `None` when empty.
    fn body_text(&self, body: &[u8]) -> Option<String> {
        let text = String::from_utf8_lossy(body.get(..4096).unwrap_or(body));
        let redacted = self.redactor.redact(&text);
        let line = redacted
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())?;
        Some(escape(&first_line(line, 200)))
    }
}

/// The standard reason phrase of a status (`Temporary Redirect`), if it has one.
pub(crate) fn reason(status: u16) -> Option<&'static str> {
    ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
}

/// `Retry-After` in seconds (fractional allowed, as Graph sends `2.128`). An HTTP date
/// is not read: the exponential backoff applies instead.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let seconds: f64 = value.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0)
        .then(|| Duration::try_from_secs_f64(seconds).ok())
        .flatten()
}

/// The wait before retry `attempt` (from 1): `base * 2^(attempt-1)`, capped, times a
/// random factor in [0.5, 1).
fn backoff(settings: &HttpSettings, attempt: u32) -> Duration {
    let step = settings
        .backoff_base
        .saturating_mul(1_u32 << attempt.saturating_sub(1).min(16))
        .min(settings.max_wait);
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    // 53 random bits as a fraction in [0, 1).
    #[allow(clippy::cast_precision_loss)]
    let fraction = (random >> 11) as f64 / (1_u64 << 53) as f64;
    step.mul_f64(0.5 + fraction / 2.0)
}

/// An authenticated Graph client: the root (`<graph>/<api>`), its origin, the token.
#[derive(Clone)]
pub struct GraphClient {
    http: Http,
    base: String,
    origin: Origin,
    token: Secret,
}

impl fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphClient")
            .field("base", &self.base)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

impl GraphClient {
    pub(crate) fn new(http: Http, graph_root: &str, api: ApiVersion, token: Secret) -> Self {
        let base = format!("{graph_root}/{}", api.as_str());
        let origin = Origin::of(graph_root).unwrap_or(Origin {
            scheme: "https".to_owned(),
            host: String::new(),
            port: 443,
        });
        GraphClient {
            http,
            base,
            origin,
            token,
        }
    }

    pub(crate) fn http(&self) -> &Http {
        &self.http
    }

    /// `<graph root>/<api version>`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The absolute URL of a path below the base (`/servicePrincipals/…`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GETs a URL on the configured Graph origin with the token and returns the
    /// response body; a URL on any other origin is refused before anything is sent.
    pub fn get_bytes(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let origin = Origin::of(url).map_err(|error| error.scrub(self.http.redactor()))?;
        if origin != self.origin {
            return Err(FetchError::ForeignHost {
                url: self.http.redactor.clean(url),
                expected: self.origin.to_string(),
            });
        }
        let response = self.http.send(&Request::Get {
            url,
            headers: vec![("Authorization", format!("Bearer {}", self.token.expose()))],
        })?;
        match response.status {
            200..=299 => Ok(response.body),
            _ => Err(self.http.status_error("GET", url, &response)),
        }
    }

    /// GETs a URL and parses the body as JSON.
    pub fn get_json(&self, url: &str) -> Result<Value, FetchError> {
        let body = self.get_bytes(url)?;
        serde_json::from_slice(&body).map_err(|error| FetchError::InvalidJson {
            url: self.http.redactor.clean(url),
            message: error.to_string(),
        })
    }

    /// GETs a collection, following `@odata.nextLink` verbatim until it is absent.
    /// Returns the first page's `@odata.context` and every item. More than
    /// [`MAX_COLLECTION_ITEMS`] items in all is an error, found while the page is read
    /// (the items past the limit are never built).
    pub fn get_collection(&self, url: &str) -> Result<(Option<Value>, Vec<Value>), FetchError> {
        let mut next = Some(url.to_owned());
        let mut context = None;
        let mut items = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        while let Some(url) = next.take() {
            let paging = |reason: String| FetchError::Paging {
                url: self.http.redactor.clean(&url),
                reason,
            };
            if seen.len() >= MAX_PAGES {
                return Err(paging(format!("more than {MAX_PAGES} pages")));
            }
            if !seen.insert(url.clone()) {
                return Err(paging("the nextLink repeats an earlier page".to_owned()));
            }
            let body = self.get_bytes(&url)?;
            let too_many = std::cell::Cell::new(false);
            let mut deserializer = serde_json::Deserializer::from_slice(&body);
            let page = serde::de::DeserializeSeed::deserialize(
                PageSeed {
                    items: &mut items,
                    too_many: &too_many,
                },
                &mut deserializer,
            )
            .and_then(|page| deserializer.end().map(|()| page));
            let page = match page {
                Ok(page) => page,
                Err(_) if too_many.get() => {
                    return Err(paging(format!(
                        "the collection has more than {MAX_COLLECTION_ITEMS} items, the \
                         most synclens reads from one listing"
                    )));
                }
                Err(error) if error.is_data() => {
                    return Err(paging(
                        "the response is not a JSON object with a \"value\" array".to_owned(),
                    ));
                }
                Err(error) => {
                    return Err(FetchError::InvalidJson {
                        url: self.http.redactor.clean(&url),
                        message: error.to_string(),
                    });
                }
            };
            if !page.has_value {
                return Err(paging("the response has no \"value\" array".to_owned()));
            }
            if context.is_none() {
                context = page.context;
            }
            next = match page.next_link {
                None | Some(Value::Null) => None,
                Some(Value::String(link)) => Some(link),
                Some(_) => return Err(paging("@odata.nextLink is not a string".to_owned())),
            };
        }
        Ok((context, items))
    }
}

/// What a collection page holds besides its items.
#[derive(Default)]
struct Page {
    context: Option<Value>,
    has_value: bool,
    next_link: Option<Value>,
}

/// Reads a page's object, appending its `value` items to `items` up to
/// [`MAX_COLLECTION_ITEMS`] (setting `too_many` and failing past it).
struct PageSeed<'a> {
    items: &'a mut Vec<Value>,
    too_many: &'a std::cell::Cell<bool>,
}

impl<'de> serde::de::DeserializeSeed<'de> for PageSeed<'_> {
    type Value = Page;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Page, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for PageSeed<'_> {
    type Value = Page;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Page, A::Error> {
        let mut page = Page::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "@odata.context" => page.context = Some(map.next_value()?),
                "@odata.nextLink" => page.next_link = Some(map.next_value()?),
                "value" => {
                    map.next_value_seed(ItemsSeed {
                        items: &mut *self.items,
                        too_many: self.too_many,
                    })?;
                    page.has_value = true;
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(page)
    }
}

/// Reads a `value` array into `items`, failing past [`MAX_COLLECTION_ITEMS`].
struct ItemsSeed<'a> {
    items: &'a mut Vec<Value>,
    too_many: &'a std::cell::Cell<bool>,
}

impl<'de> serde::de::DeserializeSeed<'de> for ItemsSeed<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for ItemsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<Value>()? {
            if self.items.len() >= MAX_COLLECTION_ITEMS {
                self.too_many.set(true);
                return Err(serde::de::Error::custom("too many items"));
            }
            self.items.push(item);
        }
        Ok(())
    }
}

/// The permissions read-only fetching needs (SPEC.md §5.1).
pub const PERMISSIONS_HINT: &str = "the caller lacks a permission: reading jobs, schemas and \
templates needs Synchronization.Read.All (application or delegated, admin-consented), and \
finding a service principal by name or appId needs Application.Read.All; schemas that map \
custom security attributes also need CustomSecAttributeProvisioning.Read.All; delegated \
calls also need a directory role such as Application Administrator or Cloud Application \
Administrator";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let a = Origin::of("https://graph.microsoft.com/v1.0/x").unwrap();
        let b = Origin::of("https://GRAPH.microsoft.com:443/beta").unwrap();
        assert_eq!(a, b);
        assert_ne!(a, Origin::of("https://graph.microsoft.com:8443/").unwrap());
        assert_ne!(a, Origin::of("http://graph.microsoft.com/").unwrap());
        assert!(Origin::of("http://127.0.0.1:9/").unwrap().is_loopback());
        assert!(Origin::of("http://[::1]:9/").unwrap().is_loopback());
        assert!(Origin::of("http://localhost/").unwrap().is_loopback());
        assert!(!Origin::of("http://10.0.0.1/").unwrap().is_loopback());
        assert!(Origin::of("ftp://x/").is_err());
        assert!(Origin::of("https://user:pw@graph.microsoft.com/").is_err());
        assert_eq!(a.to_string(), "https://graph.microsoft.com");
    }

    #[test]
    fn national_clouds_have_their_hosts() {
        let hosts: Vec<(&str, &str)> = [Cloud::Global, Cloud::UsGov, Cloud::UsGovDod, Cloud::China]
            .into_iter()
            .map(|cloud| (cloud.graph_root(), cloud.authority_root()))
            .collect();
        assert_eq!(
            hosts,
            [
                (
                    "https://graph.microsoft.com",
                    "https://login.microsoftonline.com"
                ),
                (
                    "https://graph.microsoft.us",
                    "https://login.microsoftonline.us"
                ),
                (
                    "https://dod-graph.microsoft.us",
                    "https://login.microsoftonline.us"
                ),
                (
                    "https://microsoftgraph.chinacloudapi.cn",
                    "https://login.chinacloudapi.cn"
                ),
            ]
        );
        assert_eq!(ApiVersion::default().as_str(), "v1.0");
        assert_eq!(ApiVersion::Beta.as_str(), "beta");
    }

    #[test]
    fn no_proxy_entries_match_hosts_and_domains() {
        let settings = HttpSettings {
            no_proxy: [
                "graph.microsoft.com",
                ".contoso.net",
                "*.fabrikam.org:443",
                "10.0.0.7",
                "[::1]",
                "fe80::2",
            ]
            .map(str::to_owned)
            .to_vec(),
            ..HttpSettings::default()
        };
        for host in [
            "graph.microsoft.com",
            "GRAPH.microsoft.com.",
            "contoso.net",
            "login.contoso.net",
            "a.b.fabrikam.org",
            "10.0.0.7",
            "::1",
            "fe80::2",
        ] {
            assert!(settings.bypasses_proxy(host), "{host}");
        }
        for host in [
            "microsoft.com",
            "xgraph.microsoft.com",
            "notcontoso.net",
            "10.0.0.70",
            "login.microsoftonline.com",
        ] {
            assert!(!settings.bypasses_proxy(host), "{host}");
        }
        let everything = HttpSettings {
            no_proxy: vec!["*".to_owned()],
            ..HttpSettings::default()
        };
        assert!(everything.bypasses_proxy("graph.microsoft.com"));
        assert!(!HttpSettings::default().bypasses_proxy("graph.microsoft.com"));
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(matches!(
            checked_root("http://graph.example.com"),
            Err(FetchError::InsecureUrl { .. })
        ));
        let (_, root) = checked_root("http://127.0.0.1:8080/").unwrap();
        assert_eq!(root, "http://127.0.0.1:8080");
        assert!(checked_root("https://graph.microsoft.com?x=1").is_err());
    }

    #[test]
    fn retry_after_takes_fractional_seconds() {
        assert_eq!(
            parse_retry_after("2.128"),
            Some(Duration::from_millis(2128))
        );
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("NaN"), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let settings = HttpSettings {
            backoff_base: Duration::from_millis(100),
            max_wait: Duration::from_millis(350),
            ..HttpSettings::default()
        };
        for _ in 0..20 {
            let first = backoff(&settings, 1);
            assert!(first >= Duration::from_millis(50) && first < Duration::from_millis(100));
            let third = backoff(&settings, 3);
            assert!(third >= Duration::from_millis(175) && third < Duration::from_millis(350));
            assert!(backoff(&settings, 40) < Duration::from_millis(350));
        }
    }

    #[test]
    fn graph_error_bodies_give_code_message_and_request_id() {
        let body = br#"{"error":{"code":"TooManyRequests","innerError":{"code":"429","request-id":"r-1"},"message":"Please retry again later."}}"#;
        let parsed = GraphErrorBody::parse(body, None, &Redactor::new());
        assert_eq!(
            parsed.to_string(),
            "TooManyRequests: Please retry again later. (request-id r-1)"
        );
        let login = br#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x"}"#;
        let parsed = GraphErrorBody::parse(login, Some("h".to_owned()), &Redactor::new());
        assert_eq!(
            parsed.to_string(),
            "invalid_client: AADSTS7000215: Invalid client secret provided. (request-id h)"
        );
        assert_eq!(
            GraphErrorBody::parse(b"<html>", None, &Redactor::new()),
            GraphErrorBody::default()
        );
    }

    #[test]
    fn components_are_percent_encoded() {
        assert_eq!(encode_component("a b'c/é"), "a%20b%27c%2F%C3%A9");
        assert_eq!(encode_component("scim.ab-12_~"), "scim.ab-12_~");
    }

    #[test]
    fn secrets_do_not_show_in_debug() {
        let secret = Secret::new("eyJ0eXAi");
        assert!(!format!("{secret:?}").contains("eyJ"));
    }
}
