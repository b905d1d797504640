//! "Did you mean" suggestions for misspelled names, shared by the derive's
//! and the build script's errors and by the CLI.

/// The candidate closest to `input` by edit distance, if it is close enough
/// to be a plausible typo (at most a third of the input's length, at least 1).
///
/// ```
/// use conduit_format::suggest::closest;
/// assert_eq!(closest("foriegn_key", ["foreign_key", "through"]), Some("foreign_key"));
/// assert_eq!(closest("zzz", ["foreign_key", "through"]), None);
/// ```
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (input.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| {
            (
                distance(&input.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// `"; did you mean `x`?"` or an empty string.
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match closest(input, candidates) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits_and_transpositions() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("uniuqe", "unique"), 1);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn suggestions_prefer_the_closest_then_the_first_by_name() {
        assert_eq!(closest("primry", ["primary", "unique"]), Some("primary"));
        assert_eq!(closest("Usr", ["User", "Post"]), Some("User"));
        assert_eq!(
            did_you_mean("tabel", ["table", "path"]),
            "; did you mean `table`?"
        );
        assert_eq!(did_you_mean("completely_off", ["table"]), "");
    }
}
