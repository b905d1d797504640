//! Lifecycle hooks named by the resources' `hooks(...)`.

use crate::models::{Article, User};

/// Derives the article's URL slug from its title ("How to train your
/// dragon" → `how-to-train-your-dragon`).
pub fn set_slug(article: &mut Article) {
    article.slug = slugify(&article.title);
}

/// Lower-cases the address so logins are case-insensitive.
pub fn normalize_email(user: &mut User) {
    user.email = user.email.trim().to_lowercase();
}

fn slugify(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        assert_eq!(
            super::slugify("How to train your dragon!"),
            "how-to-train-your-dragon"
        );
    }
}
