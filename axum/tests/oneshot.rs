//! The router as a tower service (`ServiceExt::oneshot`), without a socket:
//! statuses, JSON bodies and headers for the testkit sample registry.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use conduit_axum::{Options, router};
use tower::ServiceExt;

async fn call(
    app: axum::Router,
    uri: &str,
    auth: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut req = Request::get(uri);
    if let Some(a) = auth {
        req = req.header(header::AUTHORIZATION, a);
    }
    let resp = app.oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 22)
        .await
        .unwrap();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

fn app() -> axum::Router {
    router(&conduit_testkit::REGISTRY, Options::new())
}

#[tokio::test]
async fn a_resource_is_json_with_an_etag() {
    let (status, headers, body) = call(app(), "/resources/Post", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert!(
        headers[header::ETAG]
            .to_str()
            .unwrap()
            .starts_with("\"0000000000005eed-")
    );
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["name"], "Post");
}

#[tokio::test]
async fn a_path_match_names_its_parameters() {
    let (status, _, body) = call(app(), "/match?method=delete&path=/posts/7", None).await;
    assert_eq!(status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["items"][0]["handler"], "Post.delete");
    assert_eq!(v["items"][0]["matched"]["id"], "7");
}

#[tokio::test]
async fn unknown_names_are_404_with_a_suggestion() {
    let (status, _, body) = call(app(), "/dependencies/Comentt", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body,
        r#"{"error":"unknown resource `Comentt`; did you mean `Comment`?"}"#
    );
}

#[tokio::test]
async fn the_token_is_checked_before_anything_else() {
    let guarded = router(&conduit_testkit::REGISTRY, Options::new().token("k"));
    let (status, headers, body) = call(guarded.clone(), "/nowhere", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers[header::WWW_AUTHENTICATE], "Bearer");
    assert!(body.starts_with(r#"{"error":"#));
    let (status, _, _) = call(guarded.clone(), "/nowhere", Some("Bearer k")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = call(guarded, "/", Some("Bearer k")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_empty_token_is_no_token() {
    let open = router(&conduit_testkit::REGISTRY, Options::new().token(""));
    assert_eq!(call(open, "/cycles", None).await.0, StatusCode::OK);
}
