//! Wording shared by every message and report: a count with its noun.

/// A count and its noun, the noun with an `s` unless the count is one: `1 error`,
/// `3 files`, `0 object mappings`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(plural(1, "file"), "1 file");
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(plural(2, "object mapping"), "2 object mappings");
    }
}
