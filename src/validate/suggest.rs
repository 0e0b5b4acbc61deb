//! "Did you mean …?": the nearest known name to a misspelled one.

/// Longest input (in bytes) a suggestion is looked for: names are short, and
/// Jaro-Winkler costs time proportional to the product of the lengths, so a
/// megabyte-long value would take seconds per candidate.
const MAX_INPUT: usize = 512;

/// The candidate closest to `input` (Jaro-Winkler similarity, case-insensitive),
/// when it is close enough to be a plausible intent.
pub(crate) fn nearest<'c>(
    input: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    if input.len() > MAX_INPUT {
        return None;
    }
    let input = input.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::jaro_winkler(&input, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// `" (did you mean X?)"` or nothing.
pub(crate) fn did_you_mean<'c>(
    input: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> String {
    nearest(input, candidates).map_or_else(String::new, |name| format!("; did you mean `{name}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_near_name() {
        assert_eq!(
            nearest("displayNme", ["displayName", "mail"]),
            Some("displayName")
        );
    }

    #[test]
    fn a_huge_value_gets_no_suggestion_and_costs_nothing() {
        // Found by the mutation corpus: a 4 MiB enum value took seconds per candidate.
        let huge = "x".repeat(4 << 20);
        let started = std::time::Instant::now();
        assert_eq!(nearest(&huge, ["ReadWrite", "ReadOnly", "WriteOnly"]), None);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }
}
