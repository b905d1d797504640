//! The blog's resources.

mod comment;
mod post;
mod tag;
mod user;

pub use comment::Comment;
pub use post::Post;
pub use tag::Tag;
pub use user::User;
