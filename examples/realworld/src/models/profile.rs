//! Public profiles, addressed by username, with follow/unfollow.

use super::User;
use conduit::Resource;

/// A user as others see them: `GET /profiles/{username}` (authentication
/// optional: it tells whether the reader follows them).
#[derive(Resource)]
#[resource(
    path = "/profiles",
    param = "username",
    operations(show),
    middleware(show = ["auth(optional)"]),
)]
#[action(POST, follow, member, middleware = ["auth"])]
#[action(DELETE, unfollow, member, segment = "follow", middleware = ["auth"])]
pub struct Profile {
    #[field(primary)]
    pub username: String,
    #[belongs_to(User, on_delete = "cascade")]
    pub user_id: u64,
    pub bio: Option<String>,
    pub image: Option<String>,
    /// Whether the reader follows this user (false without a token).
    #[field(default = false)]
    pub following: bool,
}
