//! The Graph calls: a client that attaches the token only after comparing a URL's
//! origin with the configured Graph origin, then what fetch asks Graph for — service
//! principals (by object id, appId or display name), the job and template listings,
//! and the documents of one job (job, schema, functions, filterOperators) or template
//! (template, schema), each read as canonical text.
//!
//! The bearer token is attached in exactly one place, [`GraphClient::get_bytes`], and
//! only after the URL's origin (scheme, host and port) has been compared with the
//! configured Graph origin: a nextLink to any other origin (another host, or another
//! port on the same host) is an error and receives no request at all. Only `GET` is
//! sent to Graph; `POST` only goes to token endpoints (see [`super::auth`]).

use std::fmt;
use std::path::Path;

use serde_json::Value;

use super::cloud::{ApiVersion, Origin, encode_component};
use super::error::ObjectFailure;
use super::http::{Http, Request};
use super::objects::{ObjectKind, ServicePrincipal};
use super::redact::Secret;
use super::{FetchError, Session, layout};
use crate::canonical::canonical;
use crate::load::{LoadOptions, load_bytes};
use crate::model::Kind;

/// An authenticated Graph client: the root (`<graph>/<api>`), its origin, the token.
#[derive(Clone)]
pub struct GraphClient {
    pub(super) http: Http,
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

    /// POSTs a JSON body to a Graph action that changes nothing (`parseExpression`)
    /// on the configured origin, with the token, and parses the answer as JSON.
    pub fn post_json(&self, url: &str, body: &Value) -> Result<Value, FetchError> {
        let origin = Origin::of(url).map_err(|error| error.scrub(self.http.redactor()))?;
        if origin != self.origin {
            return Err(FetchError::ForeignHost {
                url: self.http.redactor.clean(url),
                expected: self.origin.to_string(),
            });
        }
        let response = self.http.send(&Request::PostJson {
            url,
            headers: vec![("Authorization", format!("Bearer {}", self.token.expose()))],
            body: body.to_string(),
        })?;
        if !(200..=299).contains(&response.status) {
            return Err(self.http.status_error("POST", url, &response));
        }
        serde_json::from_slice(&response.body).map_err(|error| FetchError::InvalidJson {
            url: self.http.redactor.clean(url),
            message: error.to_string(),
        })
    }

    /// PUTs a JSON body on the configured origin, with the token (`apply`); any
    /// status outside 2xx is an error.
    pub fn put_json(&self, url: &str, body: &str) -> Result<(), FetchError> {
        let origin = Origin::of(url).map_err(|error| error.scrub(self.http.redactor()))?;
        if origin != self.origin {
            return Err(FetchError::ForeignHost {
                url: self.http.redactor.clean(url),
                expected: self.origin.to_string(),
            });
        }
        let response = self.http.send(&Request::PutJson {
            url,
            headers: vec![("Authorization", format!("Bearer {}", self.token.expose()))],
            body: body.to_owned(),
        })?;
        if !(200..=299).contains(&response.status) {
            return Err(self.http.status_error("PUT", url, &response));
        }
        Ok(())
    }

    /// GETs a URL and parses the body as JSON.
    pub fn get_json(&self, url: &str) -> Result<Value, FetchError> {
        let body = self.get_bytes(url)?;
        serde_json::from_slice(&body).map_err(|error| FetchError::InvalidJson {
            url: self.http.redactor.clean(url),
            message: error.to_string(),
        })
    }
}

/// The files of one job or template, each with its canonical text or why there is none.
pub(super) type Documents = Vec<(&'static str, Result<String, FetchError>)>;

/// `$select` for service principal look-ups.
const SELECT: &str = "$select=id,appId,displayName";

impl Session {
    /// Finds a service principal by object id, then appId (when the text is a GUID),
    /// then exact display name. Several with the name is an error listing them.
    pub fn resolve_service_principal(&self, query: &str) -> Result<ServicePrincipal, FetchError> {
        self.resolve(query)
            .map_err(|error| error.scrub(self.redactor()))
    }

    pub(super) fn resolve(&self, query: &str) -> Result<ServicePrincipal, FetchError> {
        let not_found = || FetchError::NotFound {
            query: query.to_owned(),
        };
        if is_guid(query) {
            let paths = [
                format!("/servicePrincipals/{query}?{SELECT}"),
                format!("/servicePrincipals(appId='{query}')?{SELECT}"),
            ];
            for path in paths {
                match self.client.get_json(&self.client.url(&path)) {
                    Ok(value) => return ServicePrincipal::from_value(&value).ok_or_else(not_found),
                    Err(FetchError::Http { status: 404, .. }) => {}
                    Err(error) => return Err(error),
                }
            }
        }
        let filter = format!("displayName eq '{}'", query.replace('\'', "''"));
        let path = format!(
            "/servicePrincipals?$filter={}&{SELECT}",
            encode_component(&filter)
        );
        let (_, items) = self.client.get_collection(&self.client.url(&path))?;
        let mut matches: Vec<ServicePrincipal> = items
            .iter()
            .filter_map(ServicePrincipal::from_value)
            .collect();
        matches.sort();
        matches.dedup();
        match matches.len() {
            0 => Err(not_found()),
            1 => Ok(matches.remove(0)),
            _ => Err(FetchError::Ambiguous {
                query: query.to_owned(),
                matches,
            }),
        }
    }

    /// Lists the ids of a collection (jobs or templates). Items without an id are one
    /// failure with their count; returns whether every item had one.
    pub(super) fn list(
        &self,
        synchronization: &str,
        kind: ObjectKind,
        objects: &mut Vec<(ObjectKind, String)>,
        failures: &mut Vec<ObjectFailure>,
    ) -> Result<bool, FetchError> {
        let url = self
            .client
            .url(&format!("{synchronization}/{}", kind.segment()));
        let (_, items) = self.client.get_collection(&url)?;
        let mut ids = Vec::new();
        let mut missing = Vec::new();
        let mut count = 0;
        for (index, item) in items.iter().enumerate() {
            if let Some(id) = item
                .get("id")
                .and_then(Value::as_str)
                .filter(|id| !id.is_empty())
            {
                ids.push(id.to_owned());
            } else {
                count += 1;
                if missing.len() < 5 {
                    missing.push(index);
                }
            }
        }
        if count > 0 {
            failures.push(ObjectFailure {
                object: format!("{} listing", kind.segment()),
                error: FetchError::NoId {
                    url,
                    count,
                    first: missing,
                },
            });
        }
        ids.sort();
        ids.dedup();
        objects.extend(ids.into_iter().map(|id| (kind, id)));
        Ok(count == 0)
    }

    /// Fetches every document of one job or template: each file it is written to, with
    /// its canonical text or why that text could not be made (reported when the file
    /// would be written).
    pub(super) fn documents(
        &self,
        synchronization: &str,
        kind: ObjectKind,
        id: &str,
        with_status: bool,
    ) -> Result<Documents, FetchError> {
        let base = self.client.url(&format!(
            "{synchronization}/{}/{}",
            kind.segment(),
            encode_component(id)
        ));
        let schema_url = format!("{base}/schema");
        let mut files = Vec::new();
        match kind {
            ObjectKind::Job => {
                let mut job = self.client.get_json(&base)?;
                strip(&mut job, with_status);
                let schema = self.client.get_json(&schema_url)?;
                let functions_url = format!("{schema_url}/functions");
                let functions = self.collection(&functions_url)?;
                let operators_url = format!("{schema_url}/filterOperators");
                let operators = self.collection(&operators_url)?;
                files.push((layout::JOB_FILE, render(&base, Kind::Job, &job)));
                files.push((
                    layout::SCHEMA_FILE,
                    render(&schema_url, Kind::Schema, &schema),
                ));
                files.push((
                    layout::FUNCTIONS_FILE,
                    render(&functions_url, Kind::Functions, &functions),
                ));
                files.push((
                    layout::FILTER_OPERATORS_FILE,
                    render(&operators_url, Kind::FilterOperators, &operators),
                ));
            }
            ObjectKind::Template => {
                let mut template = self.client.get_json(&base)?;
                strip(&mut template, false);
                let schema = self.client.get_json(&schema_url)?;
                files.push((
                    layout::TEMPLATE_FILE,
                    render(&base, Kind::Template, &template),
                ));
                files.push((
                    layout::SCHEMA_FILE,
                    render(&schema_url, Kind::Schema, &schema),
                ));
            }
        }
        Ok(files)
    }

    /// A whole collection (every page) as one document: the first page's
    /// `@odata.context` and all items.
    fn collection(&self, url: &str) -> Result<Value, FetchError> {
        let (context, items) = self.client.get_collection(url)?;
        let mut document = serde_json::Map::new();
        if let Some(context) = context {
            document.insert("@odata.context".to_owned(), context);
        }
        document.insert("value".to_owned(), Value::Array(items));
        Ok(Value::Object(document))
    }
}

/// Removes what is never written: the volatile `status` (unless kept), the schema
/// expanded inline (it has its own file), secrets should a server include them.
fn strip(document: &mut Value, keep_status: bool) {
    if let Value::Object(object) = document {
        if !keep_status {
            object.remove("status");
        }
        object.remove("schema");
        object.remove("secrets");
    }
}

/// A fetched value as canonical text of the given kind.
pub(super) fn render(url: &str, kind: Kind, value: &Value) -> Result<String, FetchError> {
    let document_error = |message: String| FetchError::Document {
        url: url.to_owned(),
        kind,
        message,
    };
    let bytes = serde_json::to_vec(value).map_err(|error| document_error(error.to_string()))?;
    let loaded = load_bytes(Path::new(url), bytes, LoadOptions { kind: Some(kind) })
        .map_err(|error| document_error(error.kind.to_string()))?;
    Ok(canonical(&loaded.document))
}

/// `8-4-4-4-12` hexadecimal digits.
fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, length)| {
            group.len() == length && group.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_recognised() {
        assert!(is_guid("0c9e9e0a-7f4b-4a7e-9e0f-3e1c2b1a0d9f"));
        assert!(!is_guid("Salesforce"));
        assert!(!is_guid("0c9e9e0a-7f4b-4a7e-9e0f-3e1c2b1a0d9"));
    }

    #[test]
    fn status_schema_and_secrets_are_stripped() {
        let mut job = serde_json::json!({"id": "a", "status": {}, "schema": {}, "secrets": [], "templateId": "t"});
        strip(&mut job, false);
        assert_eq!(job, serde_json::json!({"id": "a", "templateId": "t"}));
        let mut job = serde_json::json!({"id": "a", "status": {"code": "Active"}});
        strip(&mut job, true);
        assert!(job.get("status").is_some());
    }
}
