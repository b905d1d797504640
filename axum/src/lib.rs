//! The conduit registry served over HTTP, for axum applications: JSON
//! endpoints for tools and a self-contained explorer page for people.
//!
//! ```no_run
//! # use conduit_testkit::REGISTRY; // your crate's `conduit::include_registry!()`
//! # async fn run() -> std::io::Result<()> {
//! let app = axum::Router::new()
//!     .nest("/_conduit", conduit_axum::router(&REGISTRY, conduit_axum::Options::new()));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! axum::serve(listener, app).await
//! # }
//! ```
//!
//! # Endpoints
//!
//! All `GET`, all JSON but `/`; the shapes are those of [`answers`] (the
//! same ones `conduit mcp` gives assistants).
//!
//! | path | answer |
//! |---|---|
//! | `/` | the explorer: resources, fields, relationships, routes (with a filter box), the dependency graph (SVG), patterns |
//! | `/resources` | every resource in one line ([`answers::resources`]) |
//! | `/resources/{name}?detail=` | everything about one resource; `detail=true` adds hook sources |
//! | `/routes?method=&resource=&middleware=` | the routes, filtered |
//! | `/match?method=&path=` | the route(s) a concrete path hits, with parameter values |
//! | `/dependencies/{name}?depth=&reverse=&kinds=` | the dependency graph from one resource (`kinds`: comma-separated) |
//! | `/patterns?category=` | the patterns, most frequent first |
//! | `/cycles` | the dependency cycles |
//! | `/export.json` | the whole registry (`Registry::to_json`) |
//! | `/openapi.json` | the OpenAPI 3.1 document (`Registry::to_openapi`) |
//!
//! Errors are JSON, `{"error": "..."}`: `400` for a bad query parameter
//! (an unknown method, edge kind or category, a depth that is no number, a
//! parameter that does not exist), `404` for an unknown name (with a "did
//! you mean"), an unknown endpoint or a path no route matches, `405` for
//! any method but `GET`, `401` without the token (see [`Options::token`]).
//!
//! Every successful answer carries an `ETag` (the registry's source hash
//! and this crate's version) and `Cache-Control: no-cache`; a request with
//! a matching `If-None-Match` gets `304 Not Modified`.
//!
//! An application with state (`Router<AppState>`) mounts it with
//! `.nest_service("/_conduit", conduit_axum::router(...))`.
//!
//! # Features
//!
//! - `router` (default): [`router`] and [`Options`] (axum).
//! - `schema`: `schemars::JsonSchema` for every answer type.
//!
//! Without `router`, only [`answers`] is built: no axum.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod answers;
#[cfg(feature = "router")]
mod explorer;
#[cfg(feature = "router")]
mod http;
#[cfg(feature = "router")]
mod options;
#[cfg(feature = "router")]
mod svg;

#[cfg(feature = "router")]
pub use options::Options;

/// The router serving `registry`: nest it where you like
/// (`app.nest("/_conduit", router(&REGISTRY, Options::new()))`).
///
/// The explorer page is rendered here, once; every JSON answer reads the
/// registry when it is asked.
///
/// ```
/// use conduit_axum::{Options, router};
/// # use conduit_testkit::REGISTRY;
/// let app: axum::Router = axum::Router::new().nest("/_conduit", router(&REGISTRY, Options::new().token("s3cret")));
/// # drop(app);
/// ```
#[cfg(feature = "router")]
pub fn router(registry: &'static conduit::Registry<'static>, options: Options) -> axum::Router {
    use axum::routing::get;
    let etag = format!(
        "\"{:016x}-{}\"",
        registry.source_hash(),
        env!("CARGO_PKG_VERSION")
    );
    let state = std::sync::Arc::new(http::Shared {
        registry,
        token: options.token,
        etag: axum::http::HeaderValue::from_str(&etag)
            .unwrap_or_else(|_| axum::http::HeaderValue::from_static("\"conduit\"")),
        page: explorer::page(registry),
    });
    axum::Router::new()
        .route("/", get(http::explorer))
        .route("/resources", get(http::resources))
        .route("/resources/{name}", get(http::resource))
        .route("/routes", get(http::routes))
        .route("/match", get(http::match_path))
        .route("/dependencies/{name}", get(http::dependencies))
        .route("/patterns", get(http::patterns))
        .route("/cycles", get(http::cycles))
        .route("/export.json", get(http::export_json))
        .route("/openapi.json", get(http::openapi))
        .fallback(http::not_found)
        .method_not_allowed_fallback(http::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::guard,
        ))
        .with_state(state)
}
