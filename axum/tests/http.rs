//! The router over loopback with a real HTTP client (reqwest): every
//! endpoint, status and error, with and without a token, ETag and 304.
//! Servers listen on 127.0.0.1, port 0, and stop with their test's runtime.

use conduit_axum::{Options, router};
use reqwest::StatusCode;
use serde_json::Value;

/// Serves the blog's registry nested at `/_conduit`; the base URL.
async fn serve(options: Options) -> String {
    let app = axum::Router::new().nest("/_conduit", router(&blog::REGISTRY, options));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/_conduit")
}

struct Reply {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The `error` of a JSON error body.
    fn error(&self) -> String {
        let v = self.json();
        v["error"]
            .as_str()
            .unwrap_or_else(|| panic!("no error: {v}"))
            .to_owned()
    }
}

async fn get_with(client: &reqwest::Client, url: &str, headers: &[(&str, &str)]) -> Reply {
    let mut req = client.get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let r = req.send().await.unwrap();
    Reply {
        status: r.status(),
        headers: r.headers().clone(),
        text: r.text().await.unwrap(),
    }
}

/// `base` + `path`; `/` is the nested router's root, `base` itself.
fn url(base: &str, path: &str) -> String {
    if path == "/" {
        base.to_owned()
    } else {
        format!("{base}{path}")
    }
}

async fn get(base: &str, path: &str) -> Reply {
    get_with(&reqwest::Client::new(), &url(base, path), &[]).await
}

fn names(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn every_endpoint_answers_json() {
    let base = serve(Options::new()).await;

    let r = get(&base, "/resources").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "application/json");
    assert_eq!(names(&r.json()), ["Comment", "Post", "Tag", "User"]);

    let post = get(&base, "/resources/Post").await.json();
    assert_eq!(post["fields"].as_array().unwrap().len(), 8);
    assert_eq!(post["table"], "posts");
    assert!(post["hooks"][0].get("source").is_none());
    let detailed = get(&base, "/resources/Post?detail=true").await.json();
    assert!(
        detailed["hooks"][0]["source"]
            .as_str()
            .unwrap()
            .contains("fn ")
    );

    let gets = get(&base, "/routes?method=get&resource=Post").await.json();
    assert!(
        gets["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["method"] == "GET" && r["resource"] == "Post")
    );
    assert!(gets["total"].as_u64().unwrap() >= 2);
    let auth = get(&base, "/routes?middleware=auth").await.json();
    assert!(auth["total"].as_u64().unwrap() > 0);

    let hit = get(&base, "/match?method=GET&path=/posts/42").await.json();
    assert_eq!(hit["items"][0]["handler"], "Post.show");
    assert_eq!(hit["items"][0]["matched"]["id"], "42");
    let any = get(&base, "/match?path=/posts/42").await.json();
    assert!(any["total"].as_u64().unwrap() >= 3);

    let deps = get(&base, "/dependencies/Comment?depth=1&kinds=belongs_to")
        .await
        .json();
    let nodes: Vec<&str> = deps["nodes"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(nodes[0], "Comment");
    assert!(
        nodes.contains(&"Post") && nodes.contains(&"User"),
        "{nodes:?}"
    );
    let back = get(&base, "/dependencies/User?reverse=true&depth=1")
        .await
        .json();
    assert_eq!(back["reverse"], true);

    let pats = get(&base, "/patterns?category=authentication").await.json();
    assert!(
        pats["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["category"] == "authentication")
    );
    assert!(pats["total"].as_u64().unwrap() > 0);
    let cycles = get(&base, "/cycles").await.json();
    assert!(cycles["cycles"]["total"].as_u64().unwrap() >= 1);

    let export = get(&base, "/export.json").await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.json(), blog::REGISTRY.to_json_value());

    let openapi = get(&base, "/openapi.json").await;
    assert_eq!(openapi.status, StatusCode::OK);
    let expected: Value =
        serde_json::from_str(&blog::REGISTRY.to_openapi(&conduit::OpenApiOptions::new())).unwrap();
    assert_eq!(openapi.json(), expected);
    assert_eq!(
        openapi.json()["paths"]["/posts/{id}"]["get"]["operationId"],
        "postShow"
    );

    let page = get(&base, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.text.contains("<svg"));
    assert!(page.text.contains(r#"href="/_conduit/export.json""#));
}

#[tokio::test]
async fn mistakes_are_json_errors_with_the_right_status() {
    let base = serve(Options::new()).await;
    let cases = [
        (
            "/resources/Pots",
            StatusCode::NOT_FOUND,
            "unknown resource `Pots`; did you mean `Post`?",
        ),
        (
            "/dependencies/Usr",
            StatusCode::NOT_FOUND,
            "did you mean `User`?",
        ),
        (
            "/routes?resource=Tga",
            StatusCode::NOT_FOUND,
            "did you mean `Tag`?",
        ),
        (
            "/routes?middleware=auht",
            StatusCode::NOT_FOUND,
            "did you mean `auth`?",
        ),
        (
            "/routes?method=FETCH",
            StatusCode::BAD_REQUEST,
            "unknown HTTP method `FETCH`",
        ),
        (
            "/routes?colour=red",
            StatusCode::BAD_REQUEST,
            "unknown field `colour`",
        ),
        (
            "/resources/Post?detail=maybe",
            StatusCode::BAD_REQUEST,
            "detail",
        ),
        (
            "/dependencies/Post?depth=deep",
            StatusCode::BAD_REQUEST,
            "depth",
        ),
        (
            "/dependencies/Post?depth=-1",
            StatusCode::BAD_REQUEST,
            "depth",
        ),
        (
            "/dependencies/Post?kinds=belongs_to,owns",
            StatusCode::BAD_REQUEST,
            "unknown edge kind `owns`",
        ),
        (
            "/patterns?category=cachng",
            StatusCode::BAD_REQUEST,
            "did you mean `caching`?",
        ),
        ("/match?method=GET", StatusCode::BAD_REQUEST, "needs `path`"),
        (
            "/match?path=posts/1",
            StatusCode::BAD_REQUEST,
            "starts with `/`",
        ),
        (
            "/match?method=GET&path=/nowhere/at/all",
            StatusCode::NOT_FOUND,
            "no route matches",
        ),
        (
            "/resourcez",
            StatusCode::NOT_FOUND,
            "did you mean `/resources`?",
        ),
    ];
    for (path, status, message) in cases {
        let r = get(&base, path).await;
        assert_eq!(r.status, status, "{path}: {}", r.text);
        assert_eq!(r.headers["content-type"], "application/json", "{path}");
        assert!(r.error().contains(message), "{path}: {}", r.error());
        assert!(
            r.headers.get("etag").is_none(),
            "{path}: errors are not cached"
        );
    }
    let r = reqwest::Client::new()
        .post(format!("{base}/resources"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let v: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert!(v["error"].as_str().unwrap().contains("read-only"));
}

#[tokio::test]
async fn with_a_token_no_endpoint_answers_without_it() {
    let base = serve(Options::new().token("s3cret")).await;
    let client = reqwest::Client::new();
    let paths = [
        "/",
        "/resources",
        "/resources/Post",
        "/routes",
        "/match?path=/posts/1",
        "/dependencies/Post",
        "/patterns",
        "/cycles",
        "/export.json",
        "/openapi.json",
        "/nowhere",
    ];
    for path in paths {
        let url = url(&base, path);
        for headers in [
            &[][..],
            &[("authorization", "Bearer wrong")],
            &[("authorization", "Bearer s3cre")],
            &[("authorization", "Basic s3cret")],
        ] {
            let r = get_with(&client, &url, headers).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path} {headers:?}");
            assert_eq!(r.headers["www-authenticate"], "Bearer");
            assert!(!r.error().is_empty());
            assert!(
                !r.text.contains("Post") || path.contains("Post"),
                "{path} leaks: {}",
                r.text
            );
        }
        let r = get_with(&client, &url, &[("authorization", "Bearer s3cret")]).await;
        assert_ne!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let r = get_with(
        &client,
        &format!("{base}/resources"),
        &[("authorization", "bearer s3cret")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let missing = get_with(&client, &format!("{base}/resources"), &[]).await;
    assert!(missing.error().contains("Authorization: Bearer"));
    let wrong = get_with(
        &client,
        &format!("{base}/resources"),
        &[("authorization", "Bearer nope")],
    )
    .await;
    assert_eq!(wrong.error(), "wrong bearer token");
}

#[tokio::test]
async fn answers_carry_an_etag_and_if_none_match_gives_304() {
    let base = serve(Options::new()).await;
    let client = reqwest::Client::new();
    let first = get(&base, "/resources/Post").await;
    let etag = first.headers["etag"].to_str().unwrap().to_owned();
    assert!(
        etag.starts_with(&format!("\"{:016x}-", blog::REGISTRY.source_hash())),
        "{etag}"
    );
    assert_eq!(first.headers["cache-control"], "no-cache");
    for path in ["/resources/Post", "/routes", "/export.json", "/"] {
        let url = url(&base, path);
        let r = get_with(&client, &url, &[("if-none-match", &etag)]).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(r.text.is_empty());
        assert_eq!(r.headers["etag"], etag.as_str());
        let weak = format!("\"other\", W/{etag}");
        assert_eq!(
            get_with(&client, &url, &[("if-none-match", &weak)])
                .await
                .status,
            StatusCode::NOT_MODIFIED
        );
        let stale = get_with(&client, &url, &[("if-none-match", "\"0000\"")]).await;
        assert_eq!(stale.status, StatusCode::OK, "{path}");
        assert!(!stale.text.is_empty());
    }
    // A 304 is no way around the token.
    let guarded = serve(Options::new().token("t")).await;
    let r = get_with(
        &client,
        &format!("{guarded}/resources"),
        &[("if-none-match", &etag)],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
