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

/// Declares a closed set of named values as ONE table: each line a variant, its name
/// and its help (which is also its documentation). The enum, [`Choice::ALL`],
/// [`Choice::name`] and [`Choice::help`] all come from that table, so a value cannot be
/// added without a name, nor left out of the list the command line offers; the
/// compiler then asks for it in every `match` (dispatch, rendering).
macro_rules! choices {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($variant:ident = $text:literal : $help:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name {
            $(#[doc = $help] $variant,)+
        }

        impl $crate::choice::Choice for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];

            fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }

            fn help(self) -> &'static str {
                match self {
                    $(Self::$variant => $help,)+
                }
            }
        }
    };
}

pub(crate) use choices;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::Choice;
    use crate::model::Kind;
    use crate::render::Format;
    use crate::render::diff::DiffFormat;
    use crate::render::expr::TreeFormat;
    use crate::render::preview::PreviewFormat;
    use crate::render::test::TestFormat;
    use crate::render::validate::ValidateFormat;

    /// Names unique, lower-case and found again; help present.
    fn well_formed<T: Choice + PartialEq + std::fmt::Debug>() {
        let names: BTreeSet<&str> = T::ALL.iter().map(|value| value.name()).collect();
        assert_eq!(names.len(), T::ALL.len(), "duplicate names");
        for &value in T::ALL {
            let name = value.name();
            assert!(
                !name.is_empty() && name == name.to_ascii_lowercase(),
                "{value:?}: `{name}`"
            );
            assert!(!value.help().trim().is_empty(), "{value:?} has no help");
            assert_eq!(T::from_name(name), Some(value));
        }
        assert_eq!(T::from_name("no-such-value"), None);
    }

    #[test]
    fn every_choice_set_is_well_formed() {
        well_formed::<Kind>();
        well_formed::<Format>();
        well_formed::<DiffFormat>();
        well_formed::<TreeFormat>();
        well_formed::<TestFormat>();
        well_formed::<ValidateFormat>();
        well_formed::<PreviewFormat>();
    }
}
