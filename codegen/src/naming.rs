//! Default names: snake_case, plural table names, relationship names.

/// `PostTag` → `post_tag`, `HTTPRequest` → `http_request`.
///
/// ```
/// assert_eq!(conduit_codegen::naming::snake_case("BlogPost"), "blog_post");
/// ```
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// English plural good enough for table names: `post` → `posts`,
/// `category` → `categories`, `address` → `addresses`.
///
/// ```
/// assert_eq!(conduit_codegen::naming::plural("category"), "categories");
/// ```
pub fn plural(word: &str) -> String {
    let vowel_before_y = word
        .strip_suffix('y')
        .and_then(|s| s.chars().last())
        .is_some_and(|c| "aeiou".contains(c));
    if word.ends_with('y') && !vowel_before_y && word.len() > 1 {
        format!("{}ies", &word[..word.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|s| word.ends_with(s))
    {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// The default table of a resource: snake_case plural of its name.
///
/// ```
/// assert_eq!(conduit_codegen::naming::table_name("PostTag"), "post_tags");
/// ```
pub fn table_name(resource: &str) -> String {
    plural(&snake_case(resource))
}

/// The last segment of a path: the name a target has when not resolved.
pub fn last_segment(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// The `:param` names of a route path, in order.
///
/// ```
/// assert_eq!(conduit_codegen::naming::params("/users/:user_id/posts/:id"), ["user_id", "id"]);
/// ```
pub fn params(path: &str) -> Vec<String> {
    segments(path)
        .filter_map(|s| s.strip_prefix(':'))
        .map(str::to_owned)
        .collect()
}

/// The non-empty segments of a route path.
pub(crate) fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_words_and_acronyms() {
        assert_eq!(snake_case("Post"), "post");
        assert_eq!(snake_case("HTTPRequest"), "http_request");
        assert_eq!(snake_case("Resource10"), "resource10");
        assert_eq!(snake_case("already_snake"), "already_snake");
    }

    #[test]
    fn plural_follows_common_english_endings() {
        assert_eq!(plural("post"), "posts");
        assert_eq!(plural("key"), "keys");
        assert_eq!(plural("box"), "boxes");
        assert_eq!(plural("match"), "matches");
        assert_eq!(table_name("User"), "users");
    }
}
