//! Argument parsing shared by the subcommands: clap value parsers for the library's
//! closed sets ([`synclens::choice::Choice`]: document kinds, output formats).

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use synclens::choice::Choice;

/// A clap value parser offering every value of `T` with its help, as `ValueEnum`
/// would, from the library's one table of `T`.
pub(crate) fn choice<T: Choice>() -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(
        T::ALL
            .iter()
            .map(|value| PossibleValue::new(value.name()).help(value.help())),
    )
    .try_map(|name: String| {
        T::from_name(&name).ok_or_else(|| {
            // Unreachable in practice: the possible values above are exactly T's names.
            clap::Error::raw(
                clap::error::ErrorKind::InvalidValue,
                format!("`{name}` is not a known value"),
            )
        })
    })
}
