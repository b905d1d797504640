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

/// The parameter names of a route path (`:name` segments and a `*rest`
/// catch-all), in order.
///
/// ```
/// assert_eq!(conduit_codegen::naming::params("/users/:user_id/posts/:id"), ["user_id", "id"]);
/// assert_eq!(conduit_codegen::naming::params("/files/*rest"), ["rest"]);
/// ```
pub fn params(path: &str) -> Vec<String> {
    segments(path)
        .filter_map(|s| s.strip_prefix(':').or_else(|| s.strip_prefix('*')))
        .map(str::to_owned)
        .collect()
}

/// A path with its `{param}` segments written `:param` and `{*rest}`
/// written `*rest`: the form routes are stored in.
///
/// ```
/// use conduit_codegen::naming::colon_form;
/// assert_eq!(colon_form("/articles/{slug}/files/{*rest}"), "/articles/:slug/files/*rest");
/// assert_eq!(colon_form("/a/:id"), "/a/:id");
/// ```
pub fn colon_form(path: &str) -> String {
    map_segments(path, |seg| {
        match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(inner) if inner.starts_with('*') => inner.to_owned(),
            Some(inner) => format!(":{inner}"),
            None => seg.to_owned(),
        }
    })
}

/// A path with `{param}` segments (`{*rest}` for a catch-all), as axum 0.8
/// and OpenAPI write them.
///
/// ```
/// use conduit_codegen::naming::template_form;
/// assert_eq!(template_form("/articles/:slug/files/*rest"), "/articles/{slug}/files/{*rest}");
/// ```
pub fn template_form(path: &str) -> String {
    map_segments(path, |seg| {
        if let Some(name) = seg.strip_prefix(':') {
            format!("{{{name}}}")
        } else if seg.starts_with('*') {
            format!("{{{seg}}}")
        } else {
            seg.to_owned()
        }
    })
}

fn map_segments(path: &str, f: impl Fn(&str) -> String) -> String {
    path.split('/').map(f).collect::<Vec<_>>().join("/")
}

/// The parent's parameter in a nested resource's routes: the one given
/// (`nested_under(Article, param = "slug")`), or `{parent}_{its param}`.
///
/// ```
/// use conduit_codegen::naming::nested_param;
/// assert_eq!(nested_param("User", "id", None), "user_id");
/// assert_eq!(nested_param("Article", "slug", None), "article_slug");
/// assert_eq!(nested_param("Article", "slug", Some("slug")), "slug");
/// ```
pub fn nested_param(parent: &str, parent_param: &str, given: Option<&str>) -> String {
    match given {
        Some(p) => p.to_owned(),
        None => format!("{}_{parent_param}", snake_case(parent)),
    }
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
