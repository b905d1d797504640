//! Every accessor of every view, on the sample schema.

use super::sample;
use crate::*;

fn post() -> ResourceRef<'static> {
    sample().resource("Post").unwrap()
}

#[test]
fn registry_accessors() {
    let reg = sample();
    assert_eq!(reg.version(), "1.0.0");
    assert_eq!(reg.source_hash(), 0x5eed);
    assert_eq!(reg.len(), 3);
    assert!(!reg.is_empty());
    let names: Vec<_> = reg.resources().map(ResourceRef::name).collect();
    assert_eq!(names, ["Comment", "Post", "User"]);
    for name in names {
        assert_eq!(reg.resource(name).unwrap().name(), name);
    }
    assert!(reg.resource("Tag").is_none());
    assert!(reg.resource("").is_none());
    assert!(reg.resource("Zzz").is_none());
    assert_eq!(
        format!("{reg:?}"),
        r#"Registry { version: "1.0.0", resources: 3 }"#
    );
}

#[test]
fn resource_accessors() {
    let post = post();
    assert_eq!(post.name(), "Post");
    assert_eq!(post.rust_path(), "crate::models::Post");
    assert_eq!(post.table(), "posts");
    assert_eq!(post.path(), "/posts");
    assert_eq!(post.docs(), "A blog post.");
    assert_eq!(post.location().parts(), ("src/models/post.rs", 12, 1));
    assert_eq!(post.fields().len(), 6);
    assert_eq!(post.relationships().len(), 3);
    assert_eq!(post.hooks().len(), 2);
    assert_eq!(post.validations().len(), 2);
    assert_eq!(post.constraints().len(), 1);
    assert!(post.middleware(Operation::List).eq(["cache(300)"]));
    assert!(
        post.middleware(Operation::Create)
            .eq(["auth", "rate_limit(5/hour)"])
    );
    assert_eq!(post.middleware(Operation::Update).len(), 0);
    assert!(post.operations().eq(Operation::ALL.iter().copied()));
    assert_eq!(post.nested_under(), Some("User"));
    assert_eq!(post.scopes().len(), 1);
    assert_eq!(post.computed_fields().len(), 1);
    assert_eq!(post.custom_routes().len(), 1);
    assert_eq!(format!("{post:?}"), r#"ResourceRef("Post")"#);

    let user = sample().resource("User").unwrap();
    assert_eq!(user.nested_under(), None);
    assert_eq!(user.scopes().len(), 0);
    assert_eq!(user.custom_routes().len(), 0);
    assert_eq!(user.middleware(Operation::Create).len(), 0);
}

#[test]
fn field_accessors() {
    let post = post();
    let title = post.field("title").unwrap();
    assert_eq!(title.name(), "title");
    assert_eq!(title.ty(), "string");
    assert_eq!(title.rust_type(), "String");
    assert!(!title.nullable());
    assert!(title.required());
    assert!(!title.primary() && !title.unique() && !title.index());
    assert!(!title.auto() && !title.auto_update());
    assert_eq!(title.default_value(), None);
    assert!(title.constraints().eq(["min(5)", "max(200)"]));
    assert_eq!(title.docs(), "Shown in listings.");
    assert!(title.tags().eq(["searchable", "listed"]));
    assert_eq!(title.location().to_string(), "src/models/post.rs:17:5");
    assert_eq!(format!("{title:?}"), r#"FieldRef("title", "string")"#);

    let id = post.field("id").unwrap();
    assert!(id.primary() && id.auto() && !id.auto_update());
    assert_eq!(id.ty(), "uuid");
    assert!(post.field("slug").unwrap().unique());
    assert_eq!(
        post.field("published").unwrap().default_value(),
        Some("false")
    );
    let subtitle = post.field("subtitle").unwrap();
    assert!(subtitle.nullable() && !subtitle.required());
    assert_eq!(subtitle.rust_type(), "Option<String>");
    assert!(post.field("updated_at").unwrap().auto_update());
    assert!(post.field("nope").is_none());
    let comment = sample().resource("Comment").unwrap();
    assert!(comment.field("post_id").unwrap().index());
    assert_eq!(comment.field("body").unwrap().tags().len(), 0);
}

#[test]
fn relationship_accessors() {
    let post = post();
    let author = post.relationship("author").unwrap();
    assert_eq!(author.name(), "author");
    assert_eq!(author.kind(), RelationKind::BelongsTo);
    assert_eq!(author.target(), "User");
    assert_eq!(author.target_resource().unwrap().name(), "User");
    assert_eq!(author.foreign_key(), Some("author_id"));
    assert_eq!(author.through(), None);
    assert_eq!(author.on_delete(), Some(ReferentialAction::Restrict));
    assert_eq!(author.on_update(), Some(ReferentialAction::Cascade));
    assert_eq!(author.location().to_string(), "src/models/post.rs:9:1");
    assert_eq!(
        format!("{author:?}"),
        r#"RelationshipRef("author", BelongsTo, "User")"#
    );

    let likers = post.relationship("likers").unwrap();
    assert_eq!(likers.kind(), RelationKind::HasManyThrough);
    assert_eq!(likers.through(), Some("post_likes"));
    assert_eq!(likers.foreign_key(), None);
    assert_eq!(likers.on_delete(), None);
    assert_eq!(likers.on_update(), None);

    let comments = post.relationship("comments").unwrap();
    assert_eq!(comments.target_resource().unwrap().table(), "comments");
    assert!(post.relationship("tags").is_none());
}

#[test]
fn target_resource_agrees_with_lookup_in_every_direction() {
    let reg = sample();
    for resource in reg.resources() {
        for rel in resource.relationships() {
            assert_eq!(rel.target_resource(), reg.resource(rel.target()));
        }
    }
}

#[test]
fn hook_accessors() {
    let mut hooks = post().hooks();
    let slugify = hooks.next().unwrap();
    assert_eq!(slugify.kind(), HookKind::BeforeCreate);
    assert_eq!(slugify.function(), "slugify_title");
    assert!(!slugify.transaction());
    assert!(!slugify.is_async());
    assert!(slugify.source().unwrap().contains("slugify(&post.title)"));
    assert_eq!(
        slugify.source_location().map(|l| l.parts()),
        Some(("src/models/post.rs", 40, 1))
    );
    assert!(slugify.calls().eq(["slugify"]));
    assert_eq!(slugify.location().to_string(), "src/models/post.rs:7:5");
    assert_eq!(
        format!("{slugify:?}"),
        r#"HookRef(BeforeCreate, "slugify_title")"#
    );

    let notify = hooks.next().unwrap();
    assert_eq!(notify.kind(), HookKind::AfterUpdate);
    assert!(notify.transaction() && notify.is_async());
    assert_eq!(notify.source(), None);
    assert_eq!(notify.source_location(), None);
    assert_eq!(notify.calls().len(), 0);
    assert!(hooks.next().is_none());
}

#[test]
fn validation_accessors() {
    let mut rules = post().validations();
    let min = rules.next().unwrap();
    assert_eq!(
        (min.field(), min.kind(), min.value(), min.message()),
        ("title", ValidationKind::Min, Some("5"), None)
    );
    assert_eq!(min.location().to_string(), "src/models/post.rs:16:13");
    let max = rules.next().unwrap();
    assert_eq!(max.message(), Some("title is too long"));
    assert_eq!(
        format!("{max:?}"),
        r#"ValidationRef("title", Max, Some("200"))"#
    );
    let email = sample()
        .resource("User")
        .unwrap()
        .validations()
        .next()
        .unwrap();
    assert_eq!((email.kind(), email.value()), (ValidationKind::Email, None));
}

#[test]
fn constraint_scope_computed_and_route_accessors() {
    let post = post();
    let c = post.constraints().next().unwrap();
    assert_eq!(c.name(), "title_not_blank");
    assert!(c.operations().eq([Operation::Create, Operation::Update]));
    assert_eq!(c.condition(), "!title.trim().is_empty()");
    assert_eq!(c.error(), "title must not be blank");
    assert_eq!(c.location().line(), 5);
    assert_eq!(format!("{c:?}"), r#"ConstraintRef("title_not_blank")"#);

    let s = post.scopes().next().unwrap();
    assert_eq!((s.name(), s.query()), ("published", "published = true"));
    assert_eq!(s.location().to_string(), "src/models/post.rs:6:1");
    assert_eq!(format!("{s:?}"), r#"ScopeRef("published")"#);

    let wc = post.computed_fields().next().unwrap();
    assert_eq!(wc.name(), "word_count");
    assert_eq!(wc.ty(), "int");
    assert_eq!(wc.expr(), "content.split_whitespace().count()");
    assert_eq!(wc.location().line(), 8);
    assert_eq!(format!("{wc:?}"), r#"ComputedRef("word_count", "int")"#);

    let r = post.custom_routes().next().unwrap();
    assert_eq!(r.method(), Method::Post);
    assert_eq!(r.path(), "/posts/:id/publish");
    assert_eq!(r.handler(), "Post.publish");
    assert!(r.middleware().eq(["auth"]));
    assert_eq!(r.location().to_string(), "src/models/post.rs:3:1");
    assert!(r.is_custom());
    assert_eq!((r.operation(), r.action()), (None, "publish"));
    assert_eq!(r.resource(), "Post");
    assert_eq!(
        format!("{r:?}"),
        "RouteRef(POST /posts/:id/publish -> Post.publish)"
    );
    assert_eq!(post.routes().last(), Some(r));
    let show = post.routes().nth(1).unwrap();
    assert!(!show.is_custom());
    assert_eq!(
        (show.operation(), show.action()),
        (Some(Operation::Show), "show")
    );
}

#[test]
fn location_parts_and_display() {
    let loc = post().field("title").unwrap().location();
    assert_eq!(
        (loc.file(), loc.line(), loc.column()),
        ("src/models/post.rs", 17, 5)
    );
    assert_eq!(loc.parts(), ("src/models/post.rs", 17, 5));
    assert_eq!(loc.to_string(), "src/models/post.rs:17:5");
    assert_eq!(
        format!("{loc:?}"),
        r#"Location { file: "src/models/post.rs", line: 17, column: 5 }"#
    );
    // Equality and order are by value, not by record.
    let id = post().field("id").unwrap().location();
    assert!(id < loc);
    assert_eq!(loc, post().fields().nth(1).unwrap().location());
    assert_ne!(id, loc);
}

#[test]
fn views_compare_by_identity() {
    let reg = sample();
    let a = reg.resource("Post").unwrap();
    let b = reg.resources().nth(1).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, reg.resource("User").unwrap());
    assert_eq!(a.field("id"), b.fields().next());
    assert_ne!(a.field("id"), a.field("title"));
}

#[test]
fn iterators_are_exact_double_ended_and_cloneable() {
    let post = post();
    let mut fields = post.fields();
    assert_eq!(fields.size_hint(), (6, Some(6)));
    let copy = fields.clone();
    assert_eq!(fields.next_back().unwrap().name(), "updated_at");
    assert_eq!(fields.nth_back(0).unwrap().name(), "subtitle");
    assert_eq!(fields.nth(1).unwrap().name(), "title");
    assert_eq!(fields.len(), 2);
    assert_eq!(fields.clone().last().unwrap().name(), "published");
    assert_eq!(fields.count(), 2);
    assert_eq!(copy.len(), 6);
    let names: Vec<_> = copy.rev().map(FieldRef::name).collect();
    assert_eq!(names[0], "updated_at");

    let mut chain = post.middleware(Operation::Create);
    assert_eq!(chain.len(), 2);
    assert_eq!(chain.clone().last(), Some("rate_limit(5/hour)"));
    assert_eq!(chain.nth_back(1), Some("auth"));
    assert_eq!(chain.next(), None);
    assert_eq!(chain.next(), None);

    let mut ops = post.operations();
    assert_eq!(ops.len(), 5);
    assert_eq!(ops.next_back(), Some(Operation::Delete));
    assert_eq!(ops.nth(1), Some(Operation::Show));
    assert_eq!(ops.clone().count(), 2);
    assert_eq!(ops.last(), Some(Operation::Update));

    assert_eq!(
        format!("{:?}", post.middleware(Operation::Create)),
        r#"["auth", "rate_limit(5/hour)"]"#
    );
    assert_eq!(
        format!("{:?}", sample().resources()),
        r#"[ResourceRef("Comment"), ResourceRef("Post"), ResourceRef("User")]"#
    );
    assert_eq!(
        format!("{:?}", post.constraints().next().unwrap().operations()),
        "[Create, Update]"
    );
}

#[test]
fn a_file_index_out_of_range_gives_an_empty_file_name() {
    use conduit_format::schema::{Location as RawLocation, Resource as RawResource, Schema};
    let schema = Schema {
        resources: vec![RawResource {
            name: "A".into(),
            location: RawLocation {
                file: 7,
                line: 1,
                column: 2,
            },
            ..RawResource::default()
        }],
        ..Schema::default()
    };
    let blob = super::encode(&schema);
    let reg = Registry::from_bytes(&blob).unwrap();
    assert_eq!(reg.resource("A").unwrap().location().to_string(), ":1:2");
}

#[test]
fn an_empty_registry_answers_every_query() {
    let blob = super::encode(&conduit_format::schema::Schema::default());
    let reg = Registry::from_bytes(&blob).unwrap();
    assert!(reg.is_empty());
    assert_eq!(reg.len(), 0);
    assert_eq!(reg.resources().next(), None);
    assert!(reg.resource("Post").is_none());
    assert_eq!(reg.version(), "");
}

#[test]
fn queries_are_send_sync_and_copy() {
    fn check<T: Send + Sync + Copy>() {}
    check::<Registry<'static>>();
    check::<ResourceRef<'static>>();
    check::<FieldRef<'static>>();
    check::<RelationshipRef<'static>>();
    check::<HookRef<'static>>();
    check::<ValidationRef<'static>>();
    check::<ConstraintRef<'static>>();
    check::<ScopeRef<'static>>();
    check::<ComputedRef<'static>>();
    check::<RouteRef<'static>>();
    check::<PatternRef<'static>>();
    check::<NodeRef<'static>>();
    check::<EdgeRef<'static>>();
    check::<RouteMatch<'static, 'static>>();
    check::<Location<'static>>();
    fn check_iter<T: Send + Sync + Clone>() {}
    check_iter::<iter::Records<'static, FieldRef<'static>>>();
    check_iter::<iter::Strs<'static>>();
    check_iter::<iter::Operations<'static>>();
}
