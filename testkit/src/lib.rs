//! Sample registries for conduit's own tests and examples: a small blog
//! schema (Comment, Post, User) with every kind of record, analysed by the
//! real build-time analyses, and an encoder for hand-made schemas.
//!
//! Dev-only (`publish = false`): the runtime's doctests, the integration
//! tests, the CLI's and the benches' tests use it; nothing that ships does.
//!
//! ```
//! use conduit_testkit::REGISTRY;
//! assert_eq!(REGISTRY.resource("Post").unwrap().table(), "posts");
//! assert_eq!(conduit::Registry::from_bytes(conduit_testkit::blob()).unwrap().len(), 3);
//! ```
#![deny(missing_docs)]

use conduit::{AlignedBytes, Registry};
use conduit_format::schema::{
    Computed, Constraint, CustomRoute, Field, FieldFlags, Hook, Location, Middleware, Relationship,
    Resource, Schema, Scope, Validation,
};
use conduit_format::{HookKind, Method, Operation, ReferentialAction, RelationKind};
use std::sync::{LazyLock, OnceLock};

fn at(file: u32, line: u32, column: u32) -> Location {
    Location { file, line, column }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn field(name: &str, rust_type: &str, ty: &str, location: Location) -> Field {
    Field {
        name: name.into(),
        rust_type: rust_type.into(),
        ty: ty.into(),
        location,
        ..Field::default()
    }
}

fn primary_id(location: Location) -> Field {
    Field {
        flags: FieldFlags {
            primary: true,
            auto: true,
            ..FieldFlags::default()
        },
        constraints: strings(&["primary", "auto"]),
        ..field("id", "Uuid", "uuid", location)
    }
}

fn comment() -> Resource {
    Resource {
        name: "Comment".into(),
        rust_path: "crate::models::Comment".into(),
        table: "comments".into(),
        path: "/comments".into(),
        location: at(0, 3, 1),
        fields: vec![
            primary_id(at(0, 5, 5)),
            field("body", "String", "text", at(0, 6, 5)),
            Field {
                flags: FieldFlags {
                    index: true,
                    ..FieldFlags::default()
                },
                ..field("post_id", "Uuid", "uuid", at(0, 8, 5))
            },
        ],
        relationships: vec![Relationship {
            name: "post".into(),
            kind: RelationKind::BelongsTo,
            target: "Post".into(),
            foreign_key: Some("post_id".into()),
            through: None,
            on_delete: Some(ReferentialAction::Cascade),
            on_update: None,
            location: at(0, 7, 5),
        }],
        middleware: vec![Middleware {
            operation: Operation::Create,
            chain: strings(&["auth"]),
            location: at(0, 2, 3),
        }],
        operations: vec![Operation::List, Operation::Create],
        nested_under: Some("Post".into()),
        fingerprint: 0xc0,
        ..Resource::default()
    }
}

fn post() -> Resource {
    Resource {
        name: "Post".into(),
        rust_path: "crate::models::Post".into(),
        table: "posts".into(),
        path: "/posts".into(),
        docs: "A blog post.".into(),
        location: at(1, 12, 1),
        fields: vec![
            primary_id(at(1, 14, 5)),
            Field {
                constraints: strings(&["min(5)", "max(200)"]),
                docs: "Shown in listings.".into(),
                tags: strings(&["searchable", "listed"]),
                ..field("title", "String", "string", at(1, 17, 5))
            },
            Field {
                flags: FieldFlags {
                    unique: true,
                    ..FieldFlags::default()
                },
                constraints: strings(&["unique"]),
                ..field("slug", "String", "string", at(1, 19, 5))
            },
            Field {
                default_value: Some("false".into()),
                constraints: strings(&["default(false)"]),
                ..field("published", "bool", "bool", at(1, 21, 5))
            },
            Field {
                flags: FieldFlags {
                    nullable: true,
                    ..FieldFlags::default()
                },
                ..field("subtitle", "Option<String>", "string", at(1, 23, 5))
            },
            Field {
                flags: FieldFlags {
                    auto: true,
                    auto_update: true,
                    ..FieldFlags::default()
                },
                ..field("updated_at", "DateTime<Utc>", "timestamp", at(1, 25, 5))
            },
        ],
        relationships: vec![
            Relationship {
                name: "author".into(),
                kind: RelationKind::BelongsTo,
                target: "User".into(),
                foreign_key: Some("author_id".into()),
                through: None,
                on_delete: Some(ReferentialAction::Restrict),
                on_update: Some(ReferentialAction::Cascade),
                location: at(1, 9, 1),
            },
            Relationship {
                name: "comments".into(),
                kind: RelationKind::HasMany,
                target: "Comment".into(),
                foreign_key: Some("post_id".into()),
                through: None,
                on_delete: None,
                on_update: None,
                location: at(1, 10, 1),
            },
            Relationship {
                name: "likers".into(),
                kind: RelationKind::HasManyThrough,
                target: "User".into(),
                foreign_key: None,
                through: Some("post_likes".into()),
                on_delete: None,
                on_update: None,
                location: at(1, 11, 1),
            },
        ],
        hooks: vec![
            Hook {
                kind: HookKind::BeforeCreate,
                function: "slugify_title".into(),
                transaction: false,
                is_async: false,
                source: Some(
                    "fn slugify_title(post: &mut Post) {\n    post.slug = slugify(&post.title);\n}"
                        .into(),
                ),
                source_location: Some(at(1, 40, 1)),
                calls: strings(&["slugify"]),
                location: at(1, 7, 5),
            },
            Hook {
                kind: HookKind::AfterUpdate,
                function: "notify_followers".into(),
                transaction: true,
                is_async: true,
                source: None,
                source_location: None,
                calls: Vec::new(),
                location: at(1, 7, 40),
            },
        ],
        validations: vec![
            Validation {
                field: "title".into(),
                kind: "min".into(),
                value: Some("5".into()),
                message: None,
                location: at(1, 16, 13),
            },
            Validation {
                field: "title".into(),
                kind: "max".into(),
                value: Some("200".into()),
                message: Some("title is too long".into()),
                location: at(1, 16, 20),
            },
        ],
        constraints: vec![Constraint {
            name: "title_not_blank".into(),
            operations: vec![Operation::Create, Operation::Update],
            condition: "!title.trim().is_empty()".into(),
            error: "title must not be blank".into(),
            location: at(1, 5, 1),
        }],
        middleware: vec![
            Middleware {
                operation: Operation::List,
                chain: strings(&["cache(300)"]),
                location: at(1, 4, 40),
            },
            Middleware {
                operation: Operation::Create,
                chain: strings(&["auth", "rate_limit(5/hour)"]),
                location: at(1, 4, 5),
            },
        ],
        operations: Operation::ALL.to_vec(),
        nested_under: Some("User".into()),
        scopes: vec![Scope {
            name: "published".into(),
            query: "published = true".into(),
            location: at(1, 6, 1),
        }],
        computed: vec![Computed {
            name: "word_count".into(),
            ty: "int".into(),
            expr: "content.split_whitespace().count()".into(),
            location: at(1, 8, 1),
        }],
        custom_routes: vec![CustomRoute {
            method: Method::Post,
            path: "/posts/:id/publish".into(),
            handler: "Post.publish".into(),
            middleware: strings(&["auth"]),
            location: at(1, 3, 1),
        }],
        fingerprint: 0x9057,
        ..Resource::default()
    }
}

fn user() -> Resource {
    Resource {
        name: "User".into(),
        rust_path: "crate::models::User".into(),
        table: "users".into(),
        path: "/users".into(),
        docs: "Someone who writes posts.".into(),
        location: at(2, 4, 1),
        fields: vec![
            primary_id(at(2, 6, 5)),
            Field {
                flags: FieldFlags {
                    unique: true,
                    index: true,
                    ..FieldFlags::default()
                },
                constraints: strings(&["unique", "email"]),
                tags: strings(&["pii"]),
                ..field("email", "String", "string", at(2, 8, 5))
            },
            Field {
                default_value: Some("\"member\"".into()),
                constraints: strings(&["default(\"member\")"]),
                ..field("role", "String", "string", at(2, 10, 5))
            },
        ],
        relationships: vec![Relationship {
            name: "posts".into(),
            kind: RelationKind::HasMany,
            target: "Post".into(),
            foreign_key: Some("author_id".into()),
            through: None,
            on_delete: None,
            on_update: None,
            location: at(2, 3, 1),
        }],
        hooks: vec![Hook {
            kind: HookKind::BeforeSave,
            function: "crate::auth::hash_password".into(),
            transaction: true,
            is_async: false,
            source: None,
            source_location: None,
            calls: strings(&["bcrypt::hash"]),
            location: at(2, 2, 1),
        }],
        validations: vec![Validation {
            field: "email".into(),
            kind: "email".into(),
            value: None,
            message: None,
            location: at(2, 7, 13),
        }],
        middleware: vec![
            Middleware {
                operation: Operation::Update,
                chain: strings(&["auth"]),
                location: at(2, 2, 1),
            },
            Middleware {
                operation: Operation::Delete,
                chain: strings(&["auth"]),
                location: at(2, 2, 1),
            },
        ],
        operations: Operation::ALL.to_vec(),
        fingerprint: 0x05e2,
        ..Resource::default()
    }
}

/// The sample schema, as the derive and the scanner produce it (before the
/// build step's analyses).
///
/// ```
/// assert_eq!(conduit_testkit::schema().resources.len(), 3);
/// ```
pub fn schema() -> Schema {
    Schema {
        version: "1.0.0".into(),
        source_hash: 0x5eed,
        files: strings(&[
            "src/models/comment.rs",
            "src/models/post.rs",
            "src/models/user.rs",
        ]),
        resources: vec![comment(), post(), user()],
        ..Schema::default()
    }
}

/// The sample registry: [`blob`] loaded with `Registry::from_bytes`.
///
/// ```
/// use conduit_testkit::REGISTRY;
/// assert_eq!(REGISTRY.version(), "1.0.0");
/// ```
pub static REGISTRY: LazyLock<Registry<'static>> = LazyLock::new(|| {
    Registry::from_bytes(blob())
        .unwrap_or_else(|e| panic!("conduit-testkit: the sample registry does not load: {e}"))
});

/// The sample schema after the build step's analyses (routes, patterns,
/// dependency graph, type index), as `conduit-build` would compile it.
///
/// ```
/// assert!(!conduit_testkit::analyzed_schema().routes.all.is_empty());
/// ```
pub fn analyzed_schema() -> Schema {
    let mut schema = schema();
    if let Err(conflicts) = conduit_codegen::analyze::analyze(&mut schema) {
        panic!("conduit-testkit: the sample schema has route conflicts: {conflicts:?}");
    }
    schema
}

/// The sample blob (header and payload of [`analyzed_schema`]) in a 16-byte
/// aligned buffer, built once.
///
/// ```
/// let blob = conduit_testkit::blob();
/// assert!(blob.starts_with(b"CONDUIT\0"));
/// assert_eq!(blob.as_ptr().addr() % 16, 0);
/// ```
pub fn blob() -> &'static [u8] {
    static BLOB: OnceLock<AlignedBytes> = OnceLock::new();
    BLOB.get_or_init(|| encode(&analyzed_schema()))
}

/// The blob of the sample schema *without* the analyses: no routes,
/// patterns or graph, only the resources' own records.
///
/// ```
/// let reg = conduit::Registry::from_bytes(conduit_testkit::plain_blob()).unwrap();
/// assert_eq!((reg.len(), reg.routes().len()), (3, 0));
/// ```
pub fn plain_blob() -> &'static [u8] {
    static BLOB: OnceLock<AlignedBytes> = OnceLock::new();
    BLOB.get_or_init(|| encode(&schema()))
}

/// A whole blob (header and payload) for `schema`, as `conduit-build` writes
/// it (through `conduit_codegen::emit`), in a 16-byte aligned buffer. The
/// tables are taken as they are: hand-made, possibly inconsistent ones too.
///
/// # Panics
///
/// If the blob cannot be emitted: resources not sorted by name, or a
/// schema over 4 GiB.
///
/// ```
/// use conduit_format::schema::Schema;
/// let blob = conduit_testkit::encode(&Schema { version: "0.1.0".into(), ..Schema::default() });
/// assert_eq!(conduit::Registry::from_bytes(&blob).unwrap().version(), "0.1.0");
/// ```
pub fn encode(schema: &Schema) -> AlignedBytes {
    match conduit_codegen::emit::generate(schema) {
        Ok(generated) => AlignedBytes::from_slice(&generated.blob),
        Err(e) => panic!("conduit-testkit: cannot encode the schema: {e}"),
    }
}

/// [`encode`], leaked: a `'static` blob for `Registry<'static>`.
///
/// ```
/// use conduit_format::schema::Schema;
/// let blob: &'static [u8] = conduit_testkit::leak(&Schema::default());
/// assert!(conduit::Registry::from_bytes(blob).unwrap().is_empty());
/// ```
pub fn leak(schema: &Schema) -> &'static [u8] {
    Box::leak(Box::new(encode(schema)))
}
