//! The Graph objects fetch deals in: the service principal `--service-principal`
//! resolves to, and the kinds of object (jobs, templates) it reads and writes.

use std::fmt;

use serde_json::Value;

use super::redact::escape;

/// A service principal as resolved from `--service-principal`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ServicePrincipal {
    /// Object id.
    pub id: String,
    /// Application (client) id.
    pub app_id: Option<String>,
    /// Display name.
    pub display_name: Option<String>,
}

impl ServicePrincipal {
    pub(super) fn from_value(value: &Value) -> Option<Self> {
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        Some(ServicePrincipal {
            id: text("id").filter(|id| !id.is_empty())?,
            app_id: text("appId"),
            display_name: text("displayName"),
        })
    }
}

impl fmt::Display for ServicePrincipal {
    /// Every part comes from the server: control characters are escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = escape(&self.id);
        match &self.display_name {
            Some(name) => write!(f, "\"{}\" (id {id}", escape(name).replace('"', "\\\""))?,
            None => write!(f, "service principal (id {id}")?,
        }
        if let Some(app_id) = &self.app_id {
            write!(f, ", appId {}", escape(app_id))?;
        }
        f.write_str(")")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum ObjectKind {
    Job,
    Template,
}

impl ObjectKind {
    pub(super) fn segment(self) -> &'static str {
        match self {
            ObjectKind::Job => "jobs",
            ObjectKind::Template => "templates",
        }
    }
}
