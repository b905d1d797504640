//! The current user (`/user`), registration and login.

use crate::hooks;
use conduit::Resource;

/// The authenticated user: `GET /user` and `PUT /user` act on whoever the
/// token names, so the resource is singular. Registration and login are
/// the API's two free-form routes: they act on the `/users` collection the
/// resource does not otherwise expose.
// Clippy's `duplicated_attributes` reads the two `#[route]`s' shared
// `method = "POST"` as a repeated attribute; they are two routes.
#[allow(clippy::duplicated_attributes)]
#[derive(Resource)]
#[resource(
    singular,
    path = "/user",
    operations(show, update),
    middleware(show = ["auth"], update = ["auth"]),
    hooks(before_save = hooks::normalize_email),
)]
#[route(method = "POST", path = "/users", handler = "User.register")]
#[route(method = "POST", path = "/users/login", handler = "User.login")]
pub struct User {
    #[field(primary, auto)]
    pub id: u64,
    #[field(unique, email)]
    pub email: String,
    #[field(unique, min = 1, max = 64)]
    pub username: String,
    #[field(max = 1000)]
    pub bio: Option<String>,
    #[field(url)]
    pub image: Option<String>,
    /// Never part of the metadata.
    #[field(skip)]
    pub password_hash: String,
}
