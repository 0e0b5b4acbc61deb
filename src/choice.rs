//! Closed sets of named values that the command line offers as choices (document
//! kinds, output formats). Each set is one table in the library; the CLI's argument
//! parser reads the same table, so a value, its name and its help never drift apart.

/// A value of a closed, named set.
pub trait Choice: Copy + Send + Sync + 'static {
    /// Every value, in the order help lists them.
    const ALL: &'static [Self];
    /// The value's name on the command line and in JSON output.
    fn name(self) -> &'static str;
    /// One line for `--help`.
    fn help(self) -> &'static str;
    /// The value with this name (exact match).
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.name() == name)
    }
}
