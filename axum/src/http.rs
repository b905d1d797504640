//! The HTTP side: handlers that turn query strings into [`answers`]
//! questions and answers into JSON responses; the token check; ETags.

use crate::answers::{self, AnswerError, DependencyQuery, ErrorKind, ExportFormat, RouteQuery};
use axum::extract::rejection::QueryRejection;
use axum::extract::{OriginalUri, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use conduit::Registry;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What every handler shares.
pub(crate) struct Shared {
    pub registry: &'static Registry<'static>,
    pub token: Option<String>,
    /// `"<source hash>-<crate version>"`, quoted: the registry cannot change
    /// while the process runs, and the page changes only with this crate.
    pub etag: HeaderValue,
    /// The explorer page, rendered once.
    pub page: String,
}

pub(crate) type AppState = Arc<Shared>;

/// An error response: a status and `{"error": message}`.
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

impl From<AnswerError> for ApiError {
    fn from(e: AnswerError) -> Self {
        let status = match e.kind() {
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
        };
        ApiError::new(status, e.message())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, e.body_text())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body<'a> {
            error: &'a str,
        }
        let mut r = json(
            self.status,
            &Body {
                error: &self.message,
            },
        );
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

/// `value` as a JSON response with `status`.
fn json(status: StatusCode, value: &impl Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

type Answer = Result<Response, ApiError>;

fn ok(value: &impl Serialize) -> Answer {
    Ok(json(StatusCode::OK, value))
}

/// The query string, or a 400 saying what is wrong with it.
fn params<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    Ok(q?.0)
}

/// `/`: the explorer page, its links made absolute for where it is mounted.
pub(crate) async fn explorer(State(s): State<AppState>, OriginalUri(uri): OriginalUri) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        crate::explorer::with_base(&s.page, uri.path()),
    )
        .into_response()
}

pub(crate) async fn resources(State(s): State<AppState>) -> Answer {
    ok(&answers::resources(s.registry))
}

pub(crate) async fn resource(
    State(s): State<AppState>,
    Path(name): Path<String>,
    q: Result<Query<ResourceParams>, QueryRejection>,
) -> Answer {
    let p = params(q)?;
    ok(&answers::resource(
        s.registry,
        &name,
        p.detail.unwrap_or(false),
    )?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResourceParams {
    detail: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RouteParams {
    method: Option<String>,
    resource: Option<String>,
    middleware: Option<String>,
}

pub(crate) async fn routes(
    State(s): State<AppState>,
    q: Result<Query<RouteParams>, QueryRejection>,
) -> Answer {
    let p = params(q)?;
    let query = RouteQuery {
        method: p.method,
        resource: p.resource,
        middleware: p.middleware,
        path: None,
    };
    ok(&answers::routes(s.registry, &query)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MatchParams {
    method: Option<String>,
    path: Option<String>,
}

pub(crate) async fn match_path(
    State(s): State<AppState>,
    q: Result<Query<MatchParams>, QueryRejection>,
) -> Answer {
    let p = params(q)?;
    let Some(path) = p.path else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "`/match` needs `path`, a request path such as `/posts/42`",
        ));
    };
    let query = RouteQuery {
        method: p.method,
        path: Some(path),
        ..RouteQuery::default()
    };
    ok(&answers::routes(s.registry, &query)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DepParams {
    depth: Option<u32>,
    reverse: Option<bool>,
    /// Comma-separated edge kinds.
    kinds: Option<String>,
}

pub(crate) async fn dependencies(
    State(s): State<AppState>,
    Path(name): Path<String>,
    q: Result<Query<DepParams>, QueryRejection>,
) -> Answer {
    let p = params(q)?;
    let query = DependencyQuery {
        depth: p.depth.unwrap_or(0),
        reverse: p.reverse.unwrap_or(false),
        kinds: p
            .kinds
            .as_deref()
            .map(|k| k.split(',').map(str::to_owned).collect())
            .unwrap_or_default(),
    };
    ok(&answers::dependencies(s.registry, &name, &query)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PatternParams {
    category: Option<String>,
}

pub(crate) async fn patterns(
    State(s): State<AppState>,
    q: Result<Query<PatternParams>, QueryRejection>,
) -> Answer {
    let p = params(q)?;
    ok(&answers::patterns(s.registry, p.category.as_deref())?)
}

pub(crate) async fn cycles(State(s): State<AppState>) -> Answer {
    ok(&answers::cycles(s.registry))
}

/// `/export.json`: `Registry::to_json`, as is.
pub(crate) async fn export_json(State(s): State<AppState>) -> Answer {
    ok(&answers::export(s.registry, ExportFormat::Json).content)
}

/// `/openapi.json`: the OpenAPI 3.1 document (`Registry::to_openapi`).
pub(crate) async fn openapi(State(s): State<AppState>) -> Answer {
    ok(&answers::openapi(s.registry))
}

pub(crate) async fn not_found(uri: axum::http::Uri) -> ApiError {
    const ENDPOINTS: [&str; 10] = [
        "/",
        "/resources",
        "/resources/{name}",
        "/routes",
        "/match",
        "/dependencies/{name}",
        "/patterns",
        "/cycles",
        "/export.json",
        "/openapi.json",
    ];
    let path = uri.path();
    let hint = answers::hint(path, ENDPOINTS);
    ApiError::new(StatusCode::NOT_FOUND, format!("no endpoint `{path}`{hint}"))
}

pub(crate) async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("`{method}` is not allowed: every endpoint is read-only (GET)"),
    )
}

/// Whether `a` and `b` are equal, in time that depends only on their
/// lengths (not on where they differ).
pub(crate) fn same_secret(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= usize::from(x ^ y);
    }
    core::hint::black_box(diff) == 0
}

/// The bearer token of a request, if it has one.
fn bearer(headers: &HeaderMap) -> Option<&[u8]> {
    let value = headers.get(header::AUTHORIZATION)?.as_bytes();
    let (scheme, rest) = value.split_at_checked(7)?;
    scheme.eq_ignore_ascii_case(b"bearer ").then_some(rest)
}

/// Whether an `If-None-Match` header matches `etag` (`*`, a list, weak tags).
fn matches_etag(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(Ok(text)) = headers.get(header::IF_NONE_MATCH).map(|v| v.to_str()) else {
        return false;
    };
    let Ok(etag) = etag.to_str() else {
        return false;
    };
    text.split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
}

/// Every request: the token first (401 without it), then ETag and
/// `If-None-Match` (304) for successful answers.
pub(crate) async fn guard(State(s): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(token) = &s.token {
        let given = bearer(request.headers());
        if !given.is_some_and(|g| same_secret(g, token.as_bytes())) {
            let why = if given.is_some() {
                "wrong bearer token"
            } else {
                "this endpoint needs `Authorization: Bearer <token>`"
            };
            return ApiError::new(StatusCode::UNAUTHORIZED, why).into_response();
        }
    }
    let cached = matches_etag(request.headers(), &s.etag);
    let mut response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    if cached {
        response = StatusCode::NOT_MODIFIED.into_response();
    }
    let headers = response.headers_mut();
    headers.insert(header::ETAG, s.etag.clone());
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cret", b"s3cres"));
        assert!(!same_secret(b"s3cret", b"s3cret2"));
        assert!(!same_secret(b"", b"x"));
        assert!(same_secret(b"", b""));
    }

    #[test]
    fn bearer_tokens_are_read_in_any_case() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer abc"),
        );
        assert_eq!(bearer(&h), Some(&b"abc"[..]));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer(&h), None);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bear"));
        assert_eq!(bearer(&h), None);
    }

    #[test]
    fn if_none_match_lists_and_weak_tags_match() {
        let etag = HeaderValue::from_static("\"abc\"");
        let mut h = HeaderMap::new();
        assert!(!matches_etag(&h, &etag));
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"x\", W/\"abc\""),
        );
        assert!(matches_etag(&h, &etag));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(matches_etag(&h, &etag));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"abcd\""));
        assert!(!matches_etag(&h, &etag));
    }
}
