//! Renderers: reports turned into text for people, CI systems and machines. One
//! file per format; renderers compute nothing, they only present.

pub mod azure;
pub mod diff_human;
pub mod diff_markdown;
mod diff_text;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

/// Styling of human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Whether to use ANSI colours.
    pub color: bool,
}
