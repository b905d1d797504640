//! The RealWorld example (`examples/realworld`) against the spec's list of
//! operations (gothinkster/realworld `api/openapi.yml`, server `/api`):
//! exactly its 19 method+path pairs, each reached by `match_route`, `auth`
//! exactly where the spec says `security: Token`.

use conduit::{EdgeKind, Method, NodeKind, Operation, PatternCategory, RouteKind};
use realworld::REGISTRY;

/// The spec: method, path (OpenAPI form), handler, a concrete request
/// path, its parameters, and the security (`Some(true)` required,
/// `Some(false)` optional, `None` none).
type SpecOperation = (
    Method,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    Option<bool>,
);

const SPEC: &[SpecOperation] = &[
    (
        Method::Post,
        "/api/users/login",
        "User.login",
        "/api/users/login",
        &[],
        None,
    ),
    (
        Method::Post,
        "/api/users",
        "User.register",
        "/api/users",
        &[],
        None,
    ),
    (
        Method::Get,
        "/api/user",
        "User.show",
        "/api/user",
        &[],
        Some(true),
    ),
    (
        Method::Put,
        "/api/user",
        "User.update",
        "/api/user",
        &[],
        Some(true),
    ),
    (
        Method::Get,
        "/api/profiles/{username}",
        "Profile.show",
        "/api/profiles/jake",
        &[("username", "jake")],
        Some(false),
    ),
    (
        Method::Post,
        "/api/profiles/{username}/follow",
        "Profile.follow",
        "/api/profiles/jake/follow",
        &[("username", "jake")],
        Some(true),
    ),
    (
        Method::Delete,
        "/api/profiles/{username}/follow",
        "Profile.unfollow",
        "/api/profiles/jake/follow",
        &[("username", "jake")],
        Some(true),
    ),
    (
        Method::Get,
        "/api/articles/feed",
        "Article.feed",
        "/api/articles/feed?limit=5",
        &[],
        Some(true),
    ),
    (
        Method::Get,
        "/api/articles",
        "Article.list",
        "/api/articles?tag=dragons&limit=10",
        &[],
        Some(false),
    ),
    (
        Method::Post,
        "/api/articles",
        "Article.create",
        "/api/articles",
        &[],
        Some(true),
    ),
    (
        Method::Get,
        "/api/articles/{slug}",
        "Article.show",
        "/api/articles/how-to-train-your-dragon",
        &[("slug", "how-to-train-your-dragon")],
        None,
    ),
    (
        Method::Put,
        "/api/articles/{slug}",
        "Article.update",
        "/api/articles/how-to-train-your-dragon",
        &[("slug", "how-to-train-your-dragon")],
        Some(true),
    ),
    (
        Method::Delete,
        "/api/articles/{slug}",
        "Article.delete",
        "/api/articles/how-to-train-your-dragon",
        &[("slug", "how-to-train-your-dragon")],
        Some(true),
    ),
    (
        Method::Get,
        "/api/articles/{slug}/comments",
        "Comment.list",
        "/api/articles/how-to-train-your-dragon/comments",
        &[("slug", "how-to-train-your-dragon")],
        Some(false),
    ),
    (
        Method::Post,
        "/api/articles/{slug}/comments",
        "Comment.create",
        "/api/articles/how-to-train-your-dragon/comments",
        &[("slug", "how-to-train-your-dragon")],
        Some(true),
    ),
    (
        Method::Delete,
        "/api/articles/{slug}/comments/{id}",
        "Comment.delete",
        "/api/articles/how-to-train-your-dragon/comments/7",
        &[("slug", "how-to-train-your-dragon"), ("id", "7")],
        Some(true),
    ),
    (
        Method::Post,
        "/api/articles/{slug}/favorite",
        "Article.favorite",
        "/api/articles/how-to-train-your-dragon/favorite",
        &[("slug", "how-to-train-your-dragon")],
        Some(true),
    ),
    (
        Method::Delete,
        "/api/articles/{slug}/favorite",
        "Article.unfavorite",
        "/api/articles/how-to-train-your-dragon/favorite",
        &[("slug", "how-to-train-your-dragon")],
        Some(true),
    ),
    (Method::Get, "/api/tags", "Tag.list", "/api/tags", &[], None),
];

#[test]
fn the_registry_has_exactly_the_spec_operations_and_no_other_route() {
    let mut got: Vec<(Method, &str)> = REGISTRY
        .routes()
        .map(|r| (r.method(), r.path_template()))
        .collect();
    let mut want: Vec<(Method, &str)> = SPEC.iter().map(|s| (s.0, s.1)).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(REGISTRY.routes().len(), 19);
}

#[test]
fn parameter_names_are_the_spec_ones_in_both_spellings() {
    for &(method, template, handler, _, params, _) in SPEC {
        let route = REGISTRY
            .routes()
            .find(|r| r.method() == method && r.path_template() == template)
            .unwrap_or_else(|| panic!("{method} {template}"));
        assert_eq!(route.handler(), handler);
        let names: Vec<&str> = params.iter().map(|(n, _)| *n).collect();
        assert!(route.params().eq(names.iter().copied()), "{handler}");
        let colon: String = template
            .split('/')
            .map(
                |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => format!(":{name}"),
                    None => s.to_owned(),
                },
            )
            .collect::<Vec<_>>()
            .join("/");
        assert_eq!(route.path(), colon);
    }
}

#[test]
fn match_route_reaches_every_operation_from_a_concrete_request() {
    for &(method, template, handler, request, params, _) in SPEC {
        let m = REGISTRY
            .match_route(method, request)
            .unwrap_or_else(|| panic!("{method} {request} matches {template}"));
        assert_eq!(m.route().handler(), handler, "{method} {request}");
        assert_eq!(m.params().collect::<Vec<_>>(), params, "{method} {request}");
    }
    // Outside the mount prefix, nothing matches; nor do unlisted methods.
    assert!(REGISTRY.match_route(Method::Get, "/articles").is_none());
    assert!(REGISTRY.match_route(Method::Patch, "/api/user").is_none());
    assert!(REGISTRY.match_route(Method::Get, "/api/users").is_none());
}

#[test]
fn auth_is_on_exactly_the_twelve_token_operations_and_optional_on_three() {
    for &(method, template, handler, _, _, security) in SPEC {
        let route = REGISTRY
            .routes()
            .find(|r| r.method() == method && r.path_template() == template)
            .unwrap_or_else(|| panic!("{handler}"));
        let chain: Vec<&str> = route.middleware().collect();
        let want: &[&str] = match security {
            Some(true) => &["auth"],
            Some(false) => &["auth(optional)"],
            None => &[],
        };
        assert_eq!(chain, want, "{handler}");
    }
    let auth = REGISTRY.pattern("authenticated_handler").unwrap();
    assert_eq!((auth.frequency(), auth.template()), (12, "[auth]"));
    assert_eq!(auth.category(), PatternCategory::Authentication);
    let optional = REGISTRY.pattern("authenticated_optional_handler").unwrap();
    assert_eq!(
        (optional.frequency(), optional.template()),
        (3, "[auth(optional)]")
    );
    assert!(
        optional
            .examples()
            .eq(["Article.list", "Comment.list", "Profile.show"])
    );
    assert_eq!(
        REGISTRY
            .patterns_by_category(PatternCategory::Authentication)
            .len(),
        2
    );
}

#[test]
fn the_graph_weighs_auth_by_every_operation_that_uses_it() {
    let uses = |resource: &str, middleware: &str| {
        let r = REGISTRY.resource(resource).unwrap();
        let deps = r.dependencies(conduit::DepQuery::new().depth(1).kinds([EdgeKind::Uses]));
        deps.edges()
            .find(|e| e.to().name() == middleware && e.to().kind() == NodeKind::Middleware)
            .map(|e| e.weight())
    };
    assert_eq!(uses("Article", "auth"), Some(6));
    assert_eq!(uses("Article", "auth(optional)"), Some(1));
    assert_eq!(uses("User", "auth"), Some(2));
    assert_eq!(uses("Profile", "auth"), Some(2));
    assert_eq!(uses("Comment", "auth"), Some(2));
    assert_eq!(uses("Tag", "auth"), None);
}

#[test]
fn the_mount_prefix_is_stored_and_resource_paths_stay_as_declared() {
    assert_eq!(REGISTRY.path_prefix(), "/api");
    let article = REGISTRY.resource("Article").unwrap();
    assert_eq!(article.path(), "/articles");
    assert!(REGISTRY.routes().all(|r| r.path().starts_with("/api/")));
}

#[test]
fn member_routes_use_the_declared_parameter() {
    let article = REGISTRY.resource("Article").unwrap();
    assert_eq!(article.param(), "slug");
    assert_eq!(REGISTRY.resource("Comment").unwrap().param(), "id");
    let show = REGISTRY
        .routes_for(Method::Get, "Article")
        .unwrap()
        .nth(1)
        .unwrap();
    assert_eq!(
        (show.path(), show.operation()),
        ("/api/articles/:slug", Some(Operation::Show))
    );
}

#[test]
fn the_singular_user_has_no_parameter_and_no_list() {
    let user = REGISTRY.resource("User").unwrap();
    assert!(user.is_singular());
    assert_eq!(user.param(), "");
    assert!(user.operations().eq([Operation::Show, Operation::Update]));
    let rest: Vec<(Method, &str)> = user
        .routes()
        .filter(|r| r.kind() == RouteKind::Rest)
        .map(|r| (r.method(), r.path()))
        .collect();
    assert_eq!(
        rest,
        [(Method::Get, "/api/user"), (Method::Put, "/api/user")]
    );
    assert_eq!(REGISTRY.routes().filter(|r| r.is_custom()).count(), 2);
}

#[test]
fn comments_exist_only_below_their_article() {
    let comment = REGISTRY.resource("Comment").unwrap();
    assert_eq!(comment.nested_under(), Some("Article"));
    assert!(
        comment
            .routes()
            .all(|r| r.path().starts_with("/api/articles/:slug/comments"))
    );
    assert!(REGISTRY.match_route(Method::Get, "/api/comments").is_none());
    assert!(
        REGISTRY
            .match_route(Method::Delete, "/api/comments/7")
            .is_none()
    );
}

#[test]
fn actions_are_operations_of_their_resource() {
    let article = REGISTRY.resource("Article").unwrap();
    let actions: Vec<(&str, Method, &str)> = article
        .routes()
        .filter(|r| r.is_action())
        .map(|r| (r.action(), r.method(), r.path()))
        .collect();
    assert_eq!(
        actions,
        [
            ("feed", Method::Get, "/api/articles/feed"),
            ("favorite", Method::Post, "/api/articles/:slug/favorite"),
            ("unfavorite", Method::Delete, "/api/articles/:slug/favorite"),
        ]
    );
    let favorite = REGISTRY
        .match_route(Method::Post, "/api/articles/dragons/favorite")
        .unwrap()
        .route();
    assert_eq!(favorite.operation(), None);
    assert!(!favorite.is_custom());
    assert!(article.middleware_of("favorite").unwrap().eq(["auth"]));
    assert!(
        article
            .middleware_of("list")
            .unwrap()
            .eq(["auth(optional)"])
    );
    // The collection action wins over the member route: `feed` is static.
    let feed = REGISTRY
        .match_route(Method::Get, "/api/articles/feed")
        .unwrap();
    assert_eq!(feed.route().handler(), "Article.feed");
}

#[test]
fn every_route_is_located_at_its_declaration() {
    // A REST route where its resource is declared, an action or a custom
    // route at its own attribute (the blob reads these from the
    // declaration the route comes from).
    let at = |r: conduit::RouteRef<'_>| {
        let (file, line, column) = r.location().parts();
        (
            r.handler().to_owned(),
            file.rsplit('/').next().unwrap().to_owned(),
            line,
            column,
        )
    };
    let article = REGISTRY.resource("Article").unwrap();
    for r in article.routes().filter(|r| r.kind() == RouteKind::Rest) {
        assert_eq!(r.location(), article.location(), "{}", r.handler());
    }
    let declared: Vec<_> = REGISTRY
        .routes()
        .filter(|r| r.kind() != RouteKind::Rest)
        .map(at)
        .collect();
    let expected = [
        ("Article.feed", "article.rs", 17),
        ("Article.favorite", "article.rs", 18),
        ("Article.unfavorite", "article.rs", 19),
        ("Profile.follow", "profile.rs", 15),
        ("Profile.unfollow", "profile.rs", 16),
        ("User.register", "user.rs", 21),
        ("User.login", "user.rs", 22),
    ];
    assert_eq!(
        declared,
        expected.map(|(h, f, line)| (h.to_owned(), f.to_owned(), line, 1))
    );
}

#[test]
fn list_and_feed_declare_their_query_parameters() {
    let list = REGISTRY
        .match_route(Method::Get, "/api/articles?tag=x")
        .unwrap()
        .route();
    let params: Vec<(&str, &str, &str, Option<&str>, bool)> = list
        .query_params()
        .map(|q| {
            (
                q.name(),
                q.ty(),
                q.rust_type(),
                q.default_value(),
                q.required(),
            )
        })
        .collect();
    assert_eq!(
        params,
        [
            ("tag", "string", "String", None, false),
            ("author", "string", "String", None, false),
            ("favorited", "string", "String", None, false),
            ("limit", "int", "u32", Some("20"), false),
            ("offset", "int", "u32", Some("0"), false),
        ]
    );
    let feed = REGISTRY
        .match_route(Method::Get, "/api/articles/feed")
        .unwrap()
        .route();
    assert!(
        feed.query_params()
            .map(|q| q.name())
            .eq(["limit", "offset"])
    );
    assert_eq!(
        feed.query_param("limit").unwrap().default_value(),
        Some("20")
    );
    assert!(feed.query_param("tag").is_none());
    // Only `list` and actions have them.
    let create = REGISTRY
        .routes_for(Method::Post, "Article")
        .unwrap()
        .next()
        .unwrap();
    assert_eq!(create.query_params().len(), 0);
}

#[test]
fn the_json_export_carries_the_prefix_and_the_query_parameters() {
    let doc = REGISTRY.to_json_value();
    assert_eq!(doc["path_prefix"], "/api");
    let routes = doc["routes"].as_array().unwrap();
    let list = routes
        .iter()
        .find(|r| r["handler"] == "Article.list")
        .unwrap();
    assert_eq!(list["query_params"][3]["name"], "limit");
    assert_eq!(list["query_params"][3]["type"], "int");
    assert_eq!(list["query_params"][3]["default"], "20");
    let show = routes
        .iter()
        .find(|r| r["handler"] == "Article.show")
        .unwrap();
    assert!(show.get("query_params").is_none());
}

#[test]
fn at_most_two_routes_are_hand_written() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/realworld/src");
    let mut count = 0;
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                count += std::fs::read_to_string(&path)
                    .unwrap()
                    .matches("#[route(")
                    .count();
            }
        }
    }
    assert_eq!(count, 2);
}

#[test]
fn a_mount_prefix_without_a_leading_slash_fails_the_build() {
    let dir = std::env::temp_dir().join("conduit-realworld-prefix");
    let err = conduit_build::Builder::new()
        .manifest_dir(&dir)
        .out_dir(&dir)
        .path_prefix("api")
        .quiet()
        .build()
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("must start with `/`"), "{text}");
    assert!(text.contains("path_prefix(\"/api\")"), "{text}");
}

/// The realworld registry's OpenAPI document in `version`.
fn openapi(version: conduit::OpenApiVersion) -> serde_json::Value {
    let options = conduit::OpenApiOptions::new()
        .title("RealWorld")
        .openapi_version(version);
    serde_json::from_str(&REGISTRY.to_openapi(&options)).expect("to_openapi writes JSON")
}

#[test]
fn the_openapi_document_has_the_spec_operations_and_their_security() {
    for version in [conduit::OpenApiVersion::V3_1, conduit::OpenApiVersion::V3_0] {
        let doc = openapi(version);
        let mut got = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("a path item") {
                let Ok(method) = method.to_uppercase().parse::<Method>() else {
                    continue; // `parameters` and other non-operation keys
                };
                let security = op.get("security").map(|s| s.to_string());
                got.push((method, path.clone(), security));
            }
        }
        got.sort();
        let mut want: Vec<(Method, String, Option<String>)> = SPEC
            .iter()
            .map(|s| {
                let security = match s.5 {
                    Some(true) => Some(r#"[{"bearerAuth":[]}]"#.to_owned()),
                    Some(false) => Some(r#"[{"bearerAuth":[]},{}]"#.to_owned()),
                    None => None,
                };
                (s.0, s.1.to_owned(), security)
            })
            .collect();
        want.sort();
        assert_eq!(got, want, "{version:?}");
    }
}

#[test]
fn the_openapi_documents_pass_the_real_validator() {
    let present = std::process::Command::new("python3")
        .args(["-c", "import openapi_spec_validator"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !present {
        assert!(
            std::env::var("CONDUIT_CI").as_deref() != Ok("1"),
            "CONDUIT_CI=1 and openapi-spec-validator is not installed (.ci/run installs it)"
        );
        eprintln!("skipped: openapi-spec-validator is not installed");
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("realworld-openapi");
    std::fs::create_dir_all(&dir).unwrap();
    for (version, name) in [
        (conduit::OpenApiVersion::V3_1, "openapi-3.1.json"),
        (conduit::OpenApiVersion::V3_0, "openapi-3.0.json"),
    ] {
        let file = dir.join(name);
        std::fs::write(&file, openapi(version).to_string()).unwrap();
        let out = std::process::Command::new("python3")
            .args(["-m", "openapi_spec_validator"])
            .arg(&file)
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "{name}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_openapi_document_lists_the_query_parameters_with_their_defaults() {
    let doc = openapi(conduit::OpenApiVersion::V3_1);
    let list = &doc["paths"]["/api/articles"]["get"]["parameters"];
    let names: Vec<&str> = list
        .as_array()
        .expect("GET /api/articles has parameters")
        .iter()
        .filter(|p| p["in"] == "query")
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["tag", "author", "favorited", "limit", "offset"]);
    let limit = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "limit")
        .unwrap();
    assert_eq!(limit["required"], false);
    assert_eq!(limit["schema"]["type"], "integer");
    assert_eq!(limit["schema"]["default"], 20);
    let feed = &doc["paths"]["/api/articles/feed"]["get"]["parameters"];
    let feed: Vec<&str> = feed
        .as_array()
        .expect("the feed action has parameters")
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(feed, ["limit", "offset"]);
}
