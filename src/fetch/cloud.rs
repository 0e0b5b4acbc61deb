//! Cloud policy: where Graph and the login service are (national clouds, API
//! versions), which URLs may be called (https, or plain http to loopback only) and
//! which origin (scheme, host and port) a URL has — what decides whether a token may
//! be sent to it — and how a path segment or query value is encoded.

use std::fmt::{self, Write as _};
use std::net::IpAddr;

use super::FetchError;

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
    pub(super) fn is_metadata_service(&self) -> bool {
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
    fn components_are_percent_encoded() {
        assert_eq!(encode_component("a b'c/é"), "a%20b%27c%2F%C3%A9");
        assert_eq!(encode_component("scim.ab-12_~"), "scim.ab-12_~");
    }
}
