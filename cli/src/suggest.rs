//! "Did you mean" for misspelled names on the command line: the closest
//! candidate by edit distance (`conduit_format::suggest`, shared with the
//! derive and the build script), or else the list of known names.

use conduit_format::suggest::closest;

/// The end of an "unknown name" message: `; did you mean `x`?` when one is
/// close, otherwise the list of known names (at most ten), or nothing.
pub fn hint<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> String {
    if let Some(c) = closest(input, candidates.clone()) {
        return format!("; did you mean `{c}`?");
    }
    let all: Vec<&str> = candidates.into_iter().collect();
    match all.len() {
        0 => String::new(),
        n if n <= 10 => format!("; known: {}", all.join(", ")),
        n => format!("; known: {}, … ({n} in all)", all[..10].join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested_case_insensitively() {
        let names = ["Comment", "Post", "Tag", "User"];
        assert_eq!(hint("Pots", names), "; did you mean `Post`?");
        assert_eq!(hint("post", names), "; did you mean `Post`?");
        assert_eq!(hint("usr", names), "; did you mean `User`?");
        assert_eq!(hint("GETT", ["GET", "POST"]), "; did you mean `GET`?");
    }

    #[test]
    fn without_a_close_name_the_known_ones_are_listed() {
        assert_eq!(
            hint("Invoice", ["Comment", "Post"]),
            "; known: Comment, Post"
        );
        assert_eq!(hint("x", std::iter::empty()), "");
        let many: Vec<String> = (0..12).map(|i| format!("Resource{i}")).collect();
        let h = hint("Zebra", many.iter().map(String::as_str));
        assert!(h.ends_with("(12 in all)"), "{h}");
        assert!(h.starts_with("; known: Resource0, Resource1,"), "{h}");
    }
}
