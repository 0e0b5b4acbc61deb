//! Wording shared by every message and report: a count with its noun, thousands
//! separated in prose.

/// A count and its noun, the noun with an `s` unless the count is one: `1 error`,
/// `3 files`, `0 object mappings`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// A count with thousands separated by commas, as English prose writes it: `1,203`.
pub fn thousands(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// [`plural`] with the count's thousands separated: `1,203 users`.
pub fn many(count: usize, noun: &str) -> String {
    let counted = plural(count, noun);
    let digits = count.to_string();
    format!("{}{}", thousands(count), &counted[digits.len()..])
}

#[cfg(test)]
mod tests {
    use super::{many, plural, thousands};

    #[test]
    fn large_counts_have_their_thousands_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(many(1, "user"), "1 user");
        assert_eq!(many(12_345, "user"), "12,345 users");
    }

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(plural(1, "file"), "1 file");
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(plural(2, "object mapping"), "2 object mappings");
    }
}
