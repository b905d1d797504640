//! The blog example's registry, checked field by field against its source
//! (`examples/blog/src/models/*.rs`).

use blog::REGISTRY;
use blog::models::{Comment, Post, Tag, User};
use conduit::{
    HookKind, Method, Operation, ReferentialAction, RelationKind, Resource, ResourceRef,
    ValidationKind,
};

fn res(name: &str) -> ResourceRef<'static> {
    REGISTRY
        .resource(name)
        .unwrap_or_else(|| panic!("`{name}` is in the registry"))
}

#[test]
fn registry_lists_every_resource_in_name_order() {
    let names: Vec<&str> = REGISTRY.resources().map(|r| r.name()).collect();
    assert_eq!(names, ["Comment", "Post", "Tag", "User"]);
    assert_eq!(REGISTRY.len(), 4);
    assert_eq!(REGISTRY.version(), env!("CARGO_PKG_VERSION"));
    assert_ne!(REGISTRY.source_hash(), 0);
}

#[test]
fn unknown_names_give_none() {
    assert!(REGISTRY.resource("Posts").is_none());
    assert!(REGISTRY.resource("").is_none());
    assert!(REGISTRY.resource("post").is_none());
    assert!(res("Post").field("nope").is_none());
}

#[test]
fn typed_access_reads_the_same_record_as_lookup_by_name() {
    assert_eq!(Post::meta(), res("Post"));
    assert_eq!(User::meta(), res("User"));
    assert_eq!(Comment::meta(), res("Comment"));
    assert_eq!(Tag::meta(), res("Tag"));
    assert_eq!(<Post as Resource>::NAME, "Post");
}

#[test]
fn post_resource_level_attributes() {
    let post = res("Post");
    assert_eq!(post.table(), "posts");
    assert_eq!(post.path(), "/posts");
    assert_eq!(post.docs(), "A blog post.");
    assert_eq!(post.rust_path(), "crate::models::post::Post");
    assert_eq!(post.nested_under(), Some("User"));
    assert_eq!(post.operations().collect::<Vec<_>>(), Operation::ALL);
    let loc = post.location();
    assert_eq!(loc.file(), "src/models/post.rs");
    assert_eq!((loc.line(), loc.column()), (35, 12));
}

#[test]
fn post_fields_in_declaration_order_without_skipped_ones() {
    let post = res("Post");
    let fields: Vec<(&str, &str, &str, bool)> = post
        .fields()
        .map(|f| (f.name(), f.ty(), f.rust_type(), f.nullable()))
        .collect();
    assert_eq!(
        fields,
        [
            ("id", "int", "u64", false),
            ("title", "string", "String", false),
            ("slug", "string", "String", false),
            ("content", "text", "String", false),
            ("published", "bool", "bool", false),
            ("author_id", "int", "u64", false),
            ("subtitle", "string", "Option<String>", true),
            ("updated_at", "timestamp", "SystemTime", false),
        ]
    );
    assert!(
        post.field("cached_html").is_none(),
        "skipped fields are not metadata"
    );
}

#[test]
fn post_field_options() {
    let post = res("Post");
    let id = post.field("id").unwrap();
    assert!(id.primary() && id.required() && !id.unique());
    assert_eq!(id.constraints().collect::<Vec<_>>(), ["primary", "auto"]);
    assert_eq!((id.location().line(), id.location().column()), (37, 9));

    let title = post.field("title").unwrap();
    assert_eq!(title.docs(), "Shown in listings.");
    assert_eq!(
        title.constraints().collect::<Vec<_>>(),
        ["min(5)", "max(200)"]
    );

    let slug = post.field("slug").unwrap();
    assert!(slug.unique());
    assert_eq!(
        slug.constraints().collect::<Vec<_>>(),
        ["unique", "pattern(\"^[a-z0-9-]+$\")"]
    );

    let published = post.field("published").unwrap();
    assert_eq!(published.default_value(), Some("false"));
    assert!(published.index());

    let updated = post.field("updated_at").unwrap();
    assert!(updated.auto() && updated.auto_update());

    let subtitle = post.field("subtitle").unwrap();
    assert!(subtitle.nullable() && !subtitle.required());
    assert_eq!(subtitle.default_value(), None);
}

#[test]
fn post_validations_one_record_per_attribute() {
    let v: Vec<(&str, ValidationKind, Option<&str>)> = res("Post")
        .validations()
        .map(|v| (v.field(), v.kind(), v.value()))
        .collect();
    assert_eq!(
        v,
        [
            ("title", ValidationKind::Min, Some("5")),
            ("title", ValidationKind::Max, Some("200")),
            ("slug", ValidationKind::Pattern, Some("^[a-z0-9-]+$")),
            ("content", ValidationKind::Min, Some("100")),
        ]
    );
}

#[test]
fn post_relationships() {
    let rels: Vec<_> = res("Post")
        .relationships()
        .map(|r| {
            (
                r.name(),
                r.kind(),
                r.target(),
                r.foreign_key(),
                r.through(),
                r.on_delete(),
            )
        })
        .collect();
    assert_eq!(
        rels,
        [
            (
                "comments",
                RelationKind::HasMany,
                "Comment",
                Some("post_id"),
                None,
                Some(ReferentialAction::Cascade)
            ),
            (
                "tags",
                RelationKind::HasManyThrough,
                "Tag",
                None,
                Some("post_tags"),
                None
            ),
            (
                "author",
                RelationKind::BelongsTo,
                "User",
                Some("author_id"),
                None,
                Some(ReferentialAction::Restrict)
            ),
        ]
    );
    let author = res("Post").relationship("author").unwrap();
    assert_eq!(author.target_resource().map(|r| r.name()), Some("User"));
    assert_eq!(author.on_update(), None);
}

#[test]
fn post_hooks_with_their_source_and_calls() {
    let post = res("Post");
    let hooks: Vec<_> = post.hooks().collect();
    assert_eq!(hooks.len(), 2);
    let slug = hooks[0];
    assert_eq!(slug.kind(), HookKind::BeforeCreate);
    assert_eq!(slug.function(), "slugify_title");
    assert!(!slug.is_async() && !slug.transaction());
    assert_eq!(slug.calls().collect::<Vec<_>>(), ["slugify"]);
    let src = slug.source().expect("the build script sees hooks.rs");
    assert!(
        src.starts_with("pub fn slugify_title(post: &mut Post)"),
        "{src}"
    );
    assert!(src.ends_with('}'));
    let at = slug.source_location().unwrap();
    assert_eq!((at.file(), at.line()), ("src/hooks.rs", 6));

    let notify = hooks[1];
    assert_eq!(notify.kind(), HookKind::AfterUpdate);
    assert!(notify.is_async() && notify.transaction());
    assert_eq!(notify.calls().collect::<Vec<_>>(), ["enqueue"]);
}

#[test]
fn post_middleware_per_operation() {
    let post = res("Post");
    assert_eq!(
        post.middleware(Operation::Create).collect::<Vec<_>>(),
        ["auth", "rate_limit(5/hour)", "log"]
    );
    assert_eq!(
        post.middleware(Operation::List).collect::<Vec<_>>(),
        ["cache(300)"]
    );
    assert_eq!(post.middleware(Operation::Show).count(), 0);
}

#[test]
fn post_constraints_scopes_computed_and_custom_routes() {
    let post = res("Post");
    let c: Vec<_> = post.constraints().collect();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].name(), "title_not_blank");
    assert_eq!(
        c[0].operations().collect::<Vec<_>>(),
        [Operation::Create, Operation::Update]
    );
    assert_eq!(c[0].condition(), "!title.trim().is_empty()");
    assert_eq!(c[0].error(), "title must not be blank");

    let s: Vec<_> = post.scopes().map(|s| (s.name(), s.query())).collect();
    assert_eq!(s, [("published", "published = true")]);

    let k: Vec<_> = post
        .computed_fields()
        .map(|c| (c.name(), c.ty(), c.expr()))
        .collect();
    assert_eq!(
        k,
        [("word_count", "int", "content.split_whitespace().count()")]
    );

    let r: Vec<_> = post
        .custom_routes()
        .map(|r| (r.method(), r.path(), r.handler()))
        .collect();
    assert_eq!(r, [(Method::Post, "/posts/:id/publish", "Post.publish")]);
    assert_eq!(
        post.custom_routes()
            .next()
            .unwrap()
            .middleware()
            .collect::<Vec<_>>(),
        ["auth"]
    );
}

#[test]
fn user_resource() {
    let user = res("User");
    assert_eq!(
        user.operations().collect::<Vec<_>>(),
        [
            Operation::List,
            Operation::Show,
            Operation::Create,
            Operation::Update
        ]
    );
    let email = user.field("email").unwrap();
    assert_eq!(email.docs(), "Login and contact address.");
    assert_eq!(email.tags().collect::<Vec<_>>(), ["pii"]);
    assert!(email.unique());
    assert_eq!(user.field("bio").unwrap().ty(), "text");
    assert!(user.field("password_hash").is_none());
    let rels: Vec<_> = user
        .relationships()
        .map(|r| (r.name(), r.kind(), r.target(), r.foreign_key()))
        .collect();
    assert_eq!(
        rels,
        [
            ("posts", RelationKind::HasMany, "Post", Some("author_id")),
            (
                "comments",
                RelationKind::HasMany,
                "Comment",
                Some("author_id")
            ),
        ]
    );
    let hooks: Vec<_> = user
        .hooks()
        .map(|h| (h.kind(), h.function(), h.is_async()))
        .collect();
    assert_eq!(
        hooks,
        [
            (HookKind::BeforeSave, "hooks::normalize_email", false),
            (HookKind::AfterCreate, "hooks::send_welcome", true),
        ]
    );
    assert!(user.hooks().all(|h| h.source().is_some()));
    assert_eq!(
        user.scopes().map(|s| s.name()).collect::<Vec<_>>(),
        ["active"]
    );
}

#[test]
fn comment_resource() {
    let comment = res("Comment");
    assert_eq!(comment.nested_under(), Some("Post"));
    let rels: Vec<_> = comment
        .relationships()
        .map(|r| (r.name(), r.target(), r.foreign_key(), r.on_delete()))
        .collect();
    assert_eq!(
        rels,
        [
            (
                "post",
                "Post",
                Some("post_id"),
                Some(ReferentialAction::Cascade)
            ),
            (
                "author",
                "User",
                Some("author_id"),
                Some(ReferentialAction::SetNull)
            )
        ]
    );
    let v: Vec<_> = comment
        .validations()
        .map(|v| (v.field(), v.kind(), v.value(), v.message()))
        .collect();
    assert_eq!(
        v,
        [
            ("body", ValidationKind::Min, Some("1"), None),
            ("body", ValidationKind::Max, Some("5000"), None),
            (
                "body",
                ValidationKind::Custom("profanity_free"),
                None,
                Some("please keep it civil")
            ),
            ("score", ValidationKind::Custom("range"), Some("0"), None),
        ]
    );
    assert_eq!(comment.field("score").unwrap().default_value(), Some("0"));
    assert!(comment.field("author_id").unwrap().nullable());
}

#[test]
fn tag_resource() {
    let tag = res("Tag");
    assert_eq!(
        tag.operations().collect::<Vec<_>>(),
        [Operation::List, Operation::Show, Operation::Create]
    );
    let color = tag.field("colour").expect("renamed field");
    assert_eq!(color.default_value(), Some("\"#888888\""));
    assert!(tag.field("color").is_none());
    let rel = tag.relationships().next().unwrap();
    assert_eq!(
        (rel.kind(), rel.target(), rel.through()),
        (RelationKind::HasManyThrough, "Post", Some("post_tags"))
    );
}
