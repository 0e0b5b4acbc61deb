//! Graph's own evaluation of an expression: `POST …/jobs/{id}/schema/parseExpression`
//! (or `…/templates/{id}/…`) with the expression and a test input object, the answer
//! read as an [`OnlineEvaluation`] — what `synclens eval --online` sets beside the
//! offline result. The action changes nothing in the tenant; the token, origin,
//! retry and redaction rules of fetch hold.

use serde_json::{Map, Value as Json, json};

use super::auth::Env;
use super::cloud::encode_component;
use super::side::GraphSide;
use super::{FetchError, GraphOptions, Session};
use crate::expr::eval::{Object, OnlineEvaluation, Value};

/// The `testInputObject` of a request: one property per attribute with a value (an
/// absent attribute is left out, as the service reads it); multi-valued attributes
/// typed `#Collection(String)` as the reference example does.
pub fn test_input_object(object: &Object) -> Json {
    let properties: Vec<Json> = object
        .iter()
        .filter_map(|(name, value)| {
            let mut property = Map::new();
            property.insert("key".to_owned(), Json::from(name.as_str()));
            match value {
                Value::Null => return None,
                Value::List(items) => {
                    property.insert("value".to_owned(), json!(items));
                    property.insert(
                        "value@odata.type".to_owned(),
                        Json::from("#Collection(String)"),
                    );
                }
                Value::Complex(json) => {
                    property.insert("value".to_owned(), json.clone());
                }
                other => {
                    property.insert(
                        "value".to_owned(),
                        Json::from(other.text().unwrap_or_default()),
                    );
                }
            }
            Some(Json::Object(property))
        })
        .collect();
    json!({ "properties": properties })
}

impl Session {
    /// Asks Graph to parse and evaluate `expression` for `object` in the schema of the
    /// job or template a `graph:` side names.
    pub fn parse_expression(
        &self,
        spec: &str,
        expression: &str,
        object: &Object,
    ) -> Result<OnlineEvaluation, FetchError> {
        let side: GraphSide = spec.parse()?;
        let service_principal = self
            .resolve(&side.service_principal)
            .map_err(|error| error.scrub(self.redactor()))?;
        let url = self.client.url(&format!(
            "/servicePrincipals/{}/synchronization/{}/{}/schema/parseExpression",
            encode_component(&service_principal.id),
            if side.job { "jobs" } else { "templates" },
            encode_component(&side.id)
        ));
        let body = json!({
            "expression": expression,
            "testInputObject": test_input_object(object),
        });
        let answer = self
            .client
            .post_json(&url, &body)
            .map_err(|error| error.scrub(self.redactor()))?;
        Ok(self.read_answer(&answer))
    }

    fn read_answer(&self, answer: &Json) -> OnlineEvaluation {
        let flag = |key: &str| answer.get(key).and_then(Json::as_bool).unwrap_or(false);
        let values = match answer.get("evaluationResult") {
            Some(Json::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Json::String(text) => self.redactor().clean(text),
                    other => self.redactor().clean(&other.to_string()),
                })
                .collect(),
            Some(Json::String(text)) => vec![self.redactor().clean(text)],
            _ => Vec::new(),
        };
        let error = answer
            .get("error")
            .filter(|error| !error.is_null())
            .map(|error| {
                let text = error
                    .get("message")
                    .and_then(Json::as_str)
                    .map_or_else(|| error.to_string(), str::to_owned);
                self.redactor().clean(&text)
            });
        OnlineEvaluation {
            parsing_succeeded: flag("parsingSucceeded"),
            evaluation_succeeded: flag("evaluationSucceeded"),
            values,
            error,
        }
    }
}

/// Connects and asks Graph to evaluate `expression` for `object` (see
/// [`Session::parse_expression`]). The side is checked before a token is asked for.
pub fn evaluate_online(
    spec: &str,
    expression: &str,
    object: &Object,
    options: &GraphOptions,
    env: &Env,
) -> Result<OnlineEvaluation, FetchError> {
    spec.parse::<GraphSide>()?;
    Session::connect(options, env, None)?.parse_expression(spec, expression, object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_input_leaves_out_absent_attributes_and_types_lists() {
        let object: Object = [
            ("givenName".to_owned(), Value::String("Zoë".to_owned())),
            ("mobile".to_owned(), Value::Null),
            (
                "proxyAddresses".to_owned(),
                Value::List(vec!["SMTP:a@b".to_owned()]),
            ),
            ("enabled".to_owned(), Value::Boolean(true)),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            test_input_object(&object),
            json!({"properties": [
                {"key": "enabled", "value": "True"},
                {"key": "givenName", "value": "Zoë"},
                {"key": "proxyAddresses", "value": ["SMTP:a@b"],
                 "value@odata.type": "#Collection(String)"}
            ]})
        );
    }
}
