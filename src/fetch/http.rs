//! HTTP: the settings (timeouts, retries, parallelism, proxy and `NO_PROXY`), one
//! [`ureq`] agent (and one through the proxy) for every request, a single exchange
//! with its response size limit and timeouts, and turning a failed exchange or a
//! non-success status into a [`FetchError`] with the server's text redacted. Retries
//! are in `retry`; the events a caller may observe are here.

use std::sync::Arc;
use std::time::Duration;

use super::FetchError;
use super::error::{GraphErrorBody, PERMISSIONS_HINT, first_line};
use super::redact::{Redactor, escape};

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
    /// `POST url` with a JSON body and extra headers (Graph actions that change
    /// nothing, such as `parseExpression`).
    PostJson {
        url: &'a str,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// `PUT url` with a JSON body (`apply`: a job's whole schema).
    PutJson {
        url: &'a str,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
}

impl Request<'_> {
    pub(super) fn url(&self) -> &str {
        match self {
            Request::Get { url, .. }
            | Request::PostForm { url, .. }
            | Request::PostJson { url, .. }
            | Request::PutJson { url, .. } => url,
        }
    }

    pub(super) fn method(&self) -> &'static str {
        match self {
            Request::Get { .. } => "GET",
            Request::PostForm { .. } | Request::PostJson { .. } => "POST",
            Request::PutJson { .. } => "PUT",
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

/// The transport: two agents (direct, and through the proxy when one is set), retries
/// and events.
#[derive(Clone)]
pub(crate) struct Http {
    pub(super) direct: ureq::Agent,
    pub(super) proxied: Option<ureq::Agent>,
    pub(super) settings: HttpSettings,
    observer: Option<Observer>,
    pub(super) redactor: Redactor,
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

    pub(super) fn send_once(
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
            Request::PostJson { headers, body, .. } => {
                let mut builder = agent.post(url).header("Content-Type", "application/json");
                for (name, value) in headers {
                    builder = builder.header(*name, value.as_str());
                }
                builder.send(body.as_str()).map_err(transport)?
            }
            Request::PutJson { headers, body, .. } => {
                let mut builder = agent.put(url).header("Content-Type", "application/json");
                for (name, value) in headers {
                    builder = builder.header(*name, value.as_str());
                }
                builder.send(body.as_str()).map_err(transport)?
            }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
