//! `graph:` diff sides: `graph:servicePrincipals/<sp>/(jobs|templates)/<id>[/schema]`
//! parsed, and the live schema it names loaded in canonical form (so its line numbers
//! match a fetched `schema.json`).

use std::path::Path;
use std::str::FromStr;

use super::auth::Env;
use super::cloud::encode_component;
use super::graph::render;
use super::objects::ObjectKind;
use super::{FetchError, GraphOptions, Session};
use crate::load::{LoadOptions, Loaded, load_bytes};
use crate::model::Kind;

impl Session {
    /// Loads the live schema of a `graph:` diff side, in canonical form (so line
    /// numbers match a fetched `schema.json`).
    pub fn load_side(&self, spec: &str) -> Result<Loaded, FetchError> {
        self.load_side_inner(spec)
            .map_err(|error| error.scrub(self.redactor()))
    }

    fn load_side_inner(&self, spec: &str) -> Result<Loaded, FetchError> {
        let side: GraphSide = spec.parse()?;
        let service_principal = self.resolve(&side.service_principal)?;
        let url = self.client.url(&format!(
            "/servicePrincipals/{}/synchronization/{}/{}/schema",
            encode_component(&service_principal.id),
            side.kind.segment(),
            encode_component(&side.id)
        ));
        let schema = self.client.get_json(&url)?;
        let text = render(&url, Kind::Schema, &schema)?;
        load_bytes(
            Path::new(spec),
            text.into_bytes(),
            LoadOptions {
                kind: Some(Kind::Schema),
            },
        )
        .map_err(|error| FetchError::Document {
            url,
            kind: Kind::Schema,
            message: error.kind.to_string(),
        })
    }
}

/// Whether a diff argument names a Graph object rather than a file.
pub fn is_graph_side(text: &str) -> bool {
    text.starts_with("graph:")
}

/// A parsed `graph:servicePrincipals/<sp>/(jobs|templates)/<id>[/schema]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphSide {
    /// Object id, appId or display name.
    pub service_principal: String,
    /// Whether `id` is a job (else a template).
    pub job: bool,
    /// The job or template id.
    pub id: String,
    kind: ObjectKind,
}

impl FromStr for GraphSide {
    type Err = FetchError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let error = || FetchError::GraphSide {
            spec: spec.to_owned(),
        };
        let rest = spec.strip_prefix("graph:").ok_or_else(error)?;
        let rest = rest.trim_start_matches('/');
        let rest = rest.strip_suffix("/schema").unwrap_or(rest);
        let parts: Vec<&str> = rest.split('/').collect();
        let ["servicePrincipals", service_principal, collection, id] = parts.as_slice() else {
            return Err(error());
        };
        let kind = match *collection {
            "jobs" => ObjectKind::Job,
            "templates" => ObjectKind::Template,
            _ => return Err(error()),
        };
        if service_principal.is_empty() || id.is_empty() {
            return Err(error());
        }
        Ok(GraphSide {
            service_principal: (*service_principal).to_owned(),
            job: kind == ObjectKind::Job,
            id: (*id).to_owned(),
            kind,
        })
    }
}

/// Connects and loads the live schema of a `graph:` diff side.
pub fn load_graph_side(
    spec: &str,
    options: &GraphOptions,
    env: &Env,
) -> Result<Loaded, FetchError> {
    // Check the side before asking for a token.
    spec.parse::<GraphSide>()?;
    Session::connect(options, env, None)?.load_side(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_sides_parse() {
        let side: GraphSide = "graph:servicePrincipals/sp-1/jobs/scim.abc"
            .parse()
            .unwrap();
        assert_eq!(side.service_principal, "sp-1");
        assert!(side.job);
        assert_eq!(side.id, "scim.abc");
        let side: GraphSide = "graph:/servicePrincipals/My App/templates/scim/schema"
            .parse()
            .unwrap();
        assert_eq!(side.service_principal, "My App");
        assert!(!side.job);
        for bad in [
            "graph:",
            "graph:servicePrincipals/x",
            "graph:servicePrincipals/x/jobs",
            "graph:servicePrincipals/x/secrets/y",
            "graph:applications/x/templates/y",
            "servicePrincipals/x/jobs/y",
        ] {
            assert!(bad.parse::<GraphSide>().is_err(), "{bad}");
        }
    }
}
