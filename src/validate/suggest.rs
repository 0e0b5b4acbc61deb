//! "Did you mean …?": the nearest known name to a misspelled one.

/// The candidate closest to `input` (Jaro-Winkler similarity, case-insensitive),
/// when it is close enough to be a plausible intent.
pub(crate) fn nearest<'c>(
    input: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
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
