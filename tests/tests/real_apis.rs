//! The route grammar of 0.2's "real APIs" driven end to end without a build
//! script: structs parsed by `conduit-codegen`, lowered, analysed, encoded
//! and loaded with `Registry::from_bytes`. Covers what the example apps do
//! not use: HEAD and OPTIONS, `{param}` paths, catch-alls, nesting under a
//! parent with its own parameter, pattern names that would collide.

use conduit::{Method, Registry, RouteKind};
use conduit_codegen::lower::{Resolved, lower};
use conduit_format::schema::{Location, Schema};

fn registry(prefix: &str, inputs: Vec<syn::DeriveInput>) -> Registry<'static> {
    let mut resources: Vec<_> = inputs
        .iter()
        .map(|input| {
            let cx = conduit_codegen::Ctxt::new();
            let def = conduit_codegen::parse_resource(&cx, input).expect("a struct");
            if let Err(e) = cx.finish() {
                panic!(
                    "{}",
                    e.into_iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("\n")
                );
            }
            lower(def, Resolved::default(), &|_| Location::default())
        })
        .collect();
    resources.sort_by(|a, b| a.name.cmp(&b.name));
    let mut schema = Schema {
        resources,
        path_prefix: prefix.to_owned(),
        ..Schema::default()
    };
    conduit_codegen::analyze::analyze(&mut schema).expect("no route conflicts");
    let blob = Box::leak(Box::new(conduit_testkit::encode(&schema)));
    Registry::from_bytes(blob).expect("the blob loads")
}

fn docs() -> Registry<'static> {
    registry(
        "",
        vec![syn::parse_quote! {
            #[resource(path = "/docs", param = "slug", operations(show))]
            #[action(HEAD, show_head, member, segment = "raw")]
            #[action(OPTIONS, preflight, collection, segment = "any")]
            #[route(method = "GET", path = "/docs/{slug}/files/{*rest}", handler = "Doc.file")]
            #[route(method = "OPTIONS", path = "/docs/*rest", handler = "Doc.options")]
            struct Doc { #[field(primary)] id: u64, #[field(unique)] slug: String }
        }],
    )
}

#[test]
fn head_and_options_are_methods_of_their_own() {
    let r = docs();
    let head: Vec<&str> = r.routes_by_method(Method::Head).map(|r| r.path()).collect();
    assert_eq!(head, ["/docs/:slug/raw"]);
    assert_eq!(r.routes_by_method(Method::Options).len(), 2);
    assert_eq!("head".parse::<Method>(), Ok(Method::Head));
    assert_eq!(Method::Options.as_str(), "OPTIONS");
    let m = r.match_route(Method::Head, "/docs/intro/raw").unwrap();
    assert_eq!(
        (m.route().handler(), m.param("slug")),
        ("Doc.show_head", Some("intro"))
    );
    assert!(r.match_route(Method::Get, "/docs/intro/raw").is_none());
}

#[test]
fn brace_parameters_are_stored_as_colon_parameters_with_a_template_beside() {
    let r = docs();
    let file = r.routes().find(|r| r.handler() == "Doc.file").unwrap();
    assert_eq!(file.path(), "/docs/:slug/files/*rest");
    assert_eq!(file.path_template(), "/docs/{slug}/files/{*rest}");
    assert!(file.params().eq(["slug", "rest"]));
    assert_eq!(file.kind(), RouteKind::Custom);
}

#[test]
fn a_catch_all_takes_the_rest_of_the_path_as_one_parameter() {
    let r = docs();
    let m = r
        .match_route(Method::Get, "/docs/intro/files/img/logo.svg?v=2")
        .unwrap();
    assert_eq!(m.route().handler(), "Doc.file");
    assert_eq!(
        m.params().collect::<Vec<_>>(),
        [("slug", "intro"), ("rest", "img/logo.svg")]
    );
    assert_eq!(m.param("rest"), Some("img/logo.svg"));
    // One segment is enough; none is not.
    assert_eq!(
        r.match_route(Method::Get, "/docs/intro/files/a")
            .unwrap()
            .param("rest"),
        Some("a")
    );
    assert!(r.match_route(Method::Get, "/docs/intro/files").is_none());
    assert!(r.match_route(Method::Get, "/docs/intro/files/").is_none());
}

#[test]
fn static_segments_and_parameters_win_over_a_catch_all() {
    let r = docs();
    // `/docs/any` is the OPTIONS collection action; anything else below
    // `/docs` falls to the catch-all.
    let any = r.match_route(Method::Options, "/docs/any").unwrap();
    assert_eq!(any.route().handler(), "Doc.preflight");
    let deep = r.match_route(Method::Options, "/docs/a/b/c").unwrap();
    assert_eq!(
        (deep.route().handler(), deep.param("rest")),
        ("Doc.options", Some("a/b/c"))
    );
}

#[test]
fn a_nested_child_names_the_parent_parameter_after_the_parent_by_default() {
    let r = registry(
        "/v1",
        vec![
            syn::parse_quote! {
                #[resource(param = "slug")]
                struct Article { id: u64, slug: String }
            },
            syn::parse_quote! {
                #[resource(nested_under = Article, operations(list))]
                struct Note { id: u64, article_id: u64 }
            },
            syn::parse_quote! {
                #[resource(nested_under(Article, param = "slug"), operations(show))]
                struct Photo { id: u64, article_id: u64 }
            },
        ],
    );
    let paths: Vec<&str> = r.routes().map(|r| r.path()).collect();
    assert!(paths.contains(&"/v1/notes"));
    assert!(paths.contains(&"/v1/articles/:article_slug/notes"));
    assert!(paths.contains(&"/v1/photos/:id"));
    assert!(paths.contains(&"/v1/articles/:slug/photos/:id"));
    assert_eq!(r.path_prefix(), "/v1");
}

#[test]
fn a_resource_at_the_root_is_mounted_at_the_prefix() {
    let r = registry(
        "/api",
        vec![syn::parse_quote! {
            #[resource(path = "/", operations(list))]
            struct Home { id: u64 }
        }],
    );
    assert_eq!(r.routes().next().unwrap().path(), "/api");
    assert!(r.match_route(Method::Get, "/api").is_some());
}

#[test]
fn chains_that_would_share_a_pattern_name_get_distinct_names() {
    let r = registry(
        "",
        vec![syn::parse_quote! {
            #[resource(middleware(
                list = ["auth(optional)"], show = ["auth(optional)"], create = ["auth"],
                update = ["auth"], delete = ["auth(admin)"]
            ))]
            #[action(POST, a, member, middleware = ["auth"])]
            #[action(POST, b, member, middleware = ["auth(admin)"])]
            #[action(POST, c, member, middleware = ["auth(admin)"])]
            #[route(method = "POST", path = "/items/:id/d", handler = "Item.d", middleware = ["auth(optional)"])]
            struct Item { id: u64 }
        }],
    );
    let mut names: Vec<(&str, u32)> = r.patterns().map(|p| (p.name(), p.frequency())).collect();
    names.sort();
    assert_eq!(
        names,
        [
            ("authenticated_admin_handler", 3),
            ("authenticated_handler", 3),
            ("authenticated_optional_handler", 3),
        ]
    );
    assert_eq!(
        r.pattern("authenticated_handler").unwrap().template(),
        "[auth]"
    );
}

#[test]
fn nested_copies_of_an_action_count_once() {
    let r = registry(
        "",
        vec![
            syn::parse_quote! {
                struct User { id: u64 }
            },
            syn::parse_quote! {
                #[resource(nested_under = User, operations(show))]
                #[action(POST, publish, member, middleware = ["auth"])]
                #[action(POST, archive, member, middleware = ["auth"])]
                #[action(POST, pin, member, middleware = ["auth"])]
                struct Post { id: u64, user_id: u64 }
            },
        ],
    );
    // Six action routes (top level and nested), three operations.
    assert_eq!(r.routes().filter(|r| r.is_action()).count(), 6);
    assert_eq!(r.pattern("authenticated_handler").unwrap().frequency(), 3);
    let post = r.resource("Post").unwrap();
    let auth = post.dependencies(conduit::DepQuery::new().depth(1));
    let weight = auth
        .edges()
        .find(|e| e.to().name() == "auth")
        .unwrap()
        .weight();
    assert_eq!(weight, 3);
}
