//! The RealWorld resources.

mod article;
mod comment;
mod profile;
mod tag;
mod user;

pub use article::Article;
pub use comment::Comment;
pub use profile::Profile;
pub use tag::Tag;
pub use user::User;
