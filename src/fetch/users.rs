//! `synclens fetch --users N`: a sample of Entra ID users for `preview` and `diff
//! --sample`, read-only: `GET /users?$select=…&$top=…`, following `@odata.nextLink`
//! until N users, written as JSON Lines (atomically) under the source attribute names
//! the schema reads.
//!
//! Provisioning's source attribute names for Entra ID are mostly Graph's user property
//! names; where they differ the table [`GRAPH_NAMES`] maps them (`objectId` is Graph's
//! `id`; `extensionAttribute1`…`15` sit in `onPremisesExtensionAttributes`). A name the
//! table does not hold is asked of Graph as it is; Graph refuses a property it does not
//! have (HTTP 400 naming it), and the error says so. Names Graph has no property for
//! (`IsSoftDeleted`, references such as `manager`) are left out and reported.

use std::path::PathBuf;

use serde_json::{Map, Value};

use super::{FetchError, Session};

/// Users per page: the most Graph's `/users` gives.
const PAGE: usize = 999;

/// Source attributes whose Graph property has another name (source → Graph).
const GRAPH_NAMES: &[(&str, &str)] = &[("objectId", "id")];

/// Source attributes that are not properties of a Graph user: synthesised by the
/// provisioning service, or references that need another request.
const NOT_PROPERTIES: &[&str] = &["IsSoftDeleted", "manager", "appRoleAssignments"];

/// What to fetch.
#[derive(Debug, Clone)]
pub struct UsersOptions {
    /// How many users, at most.
    pub count: usize,
    /// The source attributes to read (as the schema names them).
    pub attributes: Vec<String>,
    /// The JSON Lines file to write.
    pub out: PathBuf,
}

/// What was fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsersReport {
    /// Users written.
    pub written: usize,
    /// The file.
    pub out: PathBuf,
    /// The Graph properties asked for (`$select`).
    pub select: Vec<String>,
    /// Source attributes left out: not properties of a Graph user.
    pub left_out: Vec<String>,
}

/// `extensionAttribute1`…`extensionAttribute15`: the number, when `name` is one.
fn extension_attribute(name: &str) -> Option<&str> {
    let number = name.strip_prefix("extensionAttribute")?;
    let value: u8 = number.parse().ok()?;
    (1..=15).contains(&value).then_some(number)
}

/// The Graph properties for `attributes`, and the attributes left out.
fn select(attributes: &[String]) -> (Vec<String>, Vec<String>) {
    let mut select = std::collections::BTreeSet::new();
    let mut left_out = Vec::new();
    for name in attributes {
        if NOT_PROPERTIES
            .iter()
            .any(|other| other.eq_ignore_ascii_case(name))
        {
            left_out.push(name.clone());
        } else if extension_attribute(name).is_some() {
            select.insert("onPremisesExtensionAttributes".to_owned());
        } else if let Some((_, graph)) = GRAPH_NAMES
            .iter()
            .find(|(source, _)| source.eq_ignore_ascii_case(name))
        {
            select.insert((*graph).to_owned());
        } else if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            select.insert(name.clone());
        } else {
            left_out.push(name.clone());
        }
    }
    // The object's id always comes: it names the user in every report.
    select.insert("id".to_owned());
    (select.into_iter().collect(), left_out)
}

/// A Graph user as a source object: source attribute names, no OData annotations.
fn source_object(user: Map<String, Value>, attributes: &[String]) -> Map<String, Value> {
    let mut object = Map::new();
    for (name, value) in user {
        if name.contains('@') {
            continue;
        }
        if name == "onPremisesExtensionAttributes" {
            if let Value::Object(extensions) = value {
                for (extension, value) in extensions {
                    if !value.is_null() {
                        object.insert(extension, value);
                    }
                }
            }
            continue;
        }
        let source = GRAPH_NAMES
            .iter()
            .find(|(_, graph)| *graph == name)
            .filter(|(source, _)| {
                attributes
                    .iter()
                    .any(|wanted| wanted.eq_ignore_ascii_case(source))
            })
            .map_or(name, |(source, _)| (*source).to_owned());
        object.insert(source, value);
    }
    object
}

impl Session {
    /// Reads up to `options.count` users with the properties `options.attributes`
    /// need, and writes them as JSON Lines to `options.out` (atomically: a reader
    /// never sees half a file, a failure leaves the file as it was).
    pub fn fetch_users(&self, options: &UsersOptions) -> Result<UsersReport, FetchError> {
        let (select, left_out) = select(&options.attributes);
        let client = self.client();
        let mut next = Some(client.url(&format!(
            "/users?$select={}&$top={}",
            select.join(","),
            options.count.clamp(1, PAGE)
        )));
        let mut text = String::new();
        let mut written = 0;
        let mut pages = std::collections::BTreeSet::new();
        while let Some(url) = next.take() {
            if written >= options.count {
                break;
            }
            if !pages.insert(url.clone()) {
                return Err(FetchError::Paging {
                    url: self.redactor().clean(&url),
                    reason: "the nextLink repeats an earlier page".to_owned(),
                });
            }
            let page = client.get_json(&url)?;
            let Some(users) = page.get("value").and_then(Value::as_array) else {
                return Err(FetchError::Paging {
                    url: self.redactor().clean(&url),
                    reason: "the response has no \"value\" array".to_owned(),
                });
            };
            for user in users {
                if written >= options.count {
                    break;
                }
                let Value::Object(user) = user else {
                    continue;
                };
                let object = source_object(user.clone(), &options.attributes);
                text.push_str(&Value::Object(object).to_string());
                text.push('\n');
                written += 1;
            }
            next = page
                .get("@odata.nextLink")
                .and_then(Value::as_str)
                .map(str::to_owned);
        }
        crate::fs::write_atomically(&options.out, text.as_bytes())?;
        Ok(UsersReport {
            written,
            out: options.out.clone(),
            select,
            left_out,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_names_become_graph_properties_and_back() {
        let attributes: Vec<String> = [
            "objectId",
            "userPrincipalName",
            "extensionAttribute3",
            "IsSoftDeleted",
            "manager",
            "givenName",
        ]
        .map(str::to_owned)
        .to_vec();
        let (select, left_out) = select(&attributes);
        assert_eq!(
            select,
            [
                "givenName",
                "id",
                "onPremisesExtensionAttributes",
                "userPrincipalName"
            ]
        );
        assert_eq!(left_out, ["IsSoftDeleted", "manager"]);
        let user = serde_json::json!({
            "@odata.type": "#microsoft.graph.user",
            "id": "u1",
            "givenName": "Zoë",
            "onPremisesExtensionAttributes": {"extensionAttribute3": "x", "extensionAttribute4": null},
        });
        let Value::Object(user) = user else {
            unreachable!()
        };
        assert_eq!(
            Value::Object(source_object(user, &attributes)),
            serde_json::json!({"objectId": "u1", "givenName": "Zoë", "extensionAttribute3": "x"})
        );
    }
}
