//! The provisioning service's own evaluation of an expression (Graph's
//! `parseExpression`, fetched by `synclens::fetch`), and whether it agrees with the
//! offline one: the same values written, or both failing.

use super::{Evaluation, Output};

/// What the service answered for an expression and a test object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlineEvaluation {
    /// Whether the service parsed the expression (`parsingSucceeded`).
    pub parsing_succeeded: bool,
    /// Whether it evaluated it (`evaluationSucceeded`).
    pub evaluation_succeeded: bool,
    /// The values it would write (`evaluationResult`; empty: nothing flows).
    pub values: Vec<String>,
    /// Its error message, when it sent one.
    pub error: Option<String>,
}

impl OnlineEvaluation {
    /// Whether it parsed and evaluated the expression.
    pub fn succeeded(&self) -> bool {
        self.parsing_succeeded && self.evaluation_succeeded
    }

    /// Whether the offline evaluation gives the same: both fail, or both write the
    /// same values in the same order (nothing flowing is no value).
    pub fn agrees_with(&self, offline: &Evaluation) -> bool {
        match (&offline.error, self.succeeded()) {
            (Some(_), succeeded) => !succeeded,
            (None, false) => false,
            (None, true) => {
                let written: Vec<String> = match (&offline.output, offline.flows) {
                    (_, false) | (Output::Null, _) => Vec::new(),
                    (Output::String(text), true) => vec![text.clone()],
                    (Output::List(items), true) => items.clone(),
                };
                written == self.values
            }
        }
    }
}
