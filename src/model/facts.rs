//! Facts about Graph documents that hold whatever the type: which property names are
//! OData annotations, and which names look like they hold a credential.

/// Whether a property name is an OData annotation (`@odata.context`,
/// `value@odata.nextLink`, …): metadata the service adds, not a property of the type.
pub fn is_odata_annotation(key: &str) -> bool {
    key.contains("@odata.")
}

/// Words that make a setting or secret name a credential (`ClientSecret`,
/// `AdminPassword`, `RefreshToken`, …), compared ignoring ASCII case.
pub const CREDENTIAL_WORDS: [&str; 6] = [
    "secret",
    "password",
    "token",
    "connectionstring",
    "apikey",
    "privatekey",
];

/// Whether `text` contains a [`CREDENTIAL_WORDS`] word (ignoring ASCII case): a
/// name such as a job setting's that synclens does not know but that holds a
/// credential by its name.
pub fn looks_like_credential(text: &str) -> bool {
    let bytes = text.as_bytes();
    CREDENTIAL_WORDS.iter().any(|word| {
        bytes
            .windows(word.len())
            .any(|window| window.eq_ignore_ascii_case(word.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_are_odata_names_alone_or_after_a_property() {
        assert!(is_odata_annotation("@odata.context"));
        assert!(is_odata_annotation("value@odata.nextLink"));
        assert!(!is_odata_annotation("odata"));
        assert!(!is_odata_annotation("@search.score"));
    }

    #[test]
    fn credential_words_match_ignoring_case() {
        assert!(looks_like_credential("AdminPassword"));
        assert!(looks_like_credential("oauth2RefreshTOKEN"));
        assert!(looks_like_credential("SQLConnectionString"));
        assert!(!looks_like_credential("BaseAddress"));
    }
}
