//! What `inspect` reports about catalogs and credential bodies: functions with their
//! parameters, filter operators, and secret names (never their values).

use serde::Serialize;

use super::spelled;
use crate::model::SynchronizationSecretKeyStringValuePair;

/// A function of a catalog.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FunctionSummary {
    /// Function name.
    pub name: Option<String>,
    /// Parameter names in order (`name*` required, `name...` repeatable).
    pub parameters: Vec<String>,
}

/// An operator of a catalog.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OperatorSummary {
    /// Operator name.
    pub name: Option<String>,
    /// Binary or Unary, as written.
    pub arity: Option<String>,
}

/// A secret, without its value.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SecretSummary {
    /// Secret name, as written.
    pub key: Option<String>,
    /// Whether a non-empty value is present.
    pub has_value: bool,
}

/// Names of secrets and whether each has a value; never the values.
pub(super) fn secret_summaries(
    secrets: &[SynchronizationSecretKeyStringValuePair],
) -> Vec<SecretSummary> {
    secrets
        .iter()
        .map(|secret| SecretSummary {
            key: spelled(&secret.key),
            has_value: secret.value.as_str().is_some_and(|v| !v.is_empty()),
        })
        .collect()
}
