//! Lifecycle hooks named by the resources' `hooks(...)`.

use crate::models::{Comment, Post, User};

/// Derives the URL slug from the title.
pub fn slugify_title(post: &mut Post) {
    post.slug = slugify(&post.title);
}

/// Tells the author's followers that a post changed.
pub async fn notify_followers(post: &Post) {
    enqueue("post-updated", post.id);
}

/// Lower-cases the address so lookups are case-insensitive.
pub fn normalize_email(user: &mut User) {
    user.email = user.email.trim().to_lowercase();
}

/// Sends the welcome mail.
pub async fn send_welcome(user: &User) {
    enqueue("welcome-mail", user.id);
}

/// Removes HTML tags from a comment.
pub fn strip_markup(comment: &mut Comment) {
    comment.body = strip_tags(&comment.body);
}

/// Records who removed a comment.
pub fn audit_removal(comment: &Comment) {
    enqueue("comment-removed", comment.id);
}

fn slugify(text: &str) -> String {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn enqueue(job: &str, id: u64) {
    let _ = (job, id);
}
