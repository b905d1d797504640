//! [`Registry::to_openapi`]: an OpenAPI 3.1 (or 3.0.3) document of every
//! route and every resource's schema (feature `openapi`).
//!
//! The document is built from the public query API only, so it says exactly
//! what the registry knows, nothing written twice:
//!
//! - `info`: the title of [`OpenApiOptions::title`], the version of
//!   [`OpenApiOptions::version`] or else the registry's
//!   [`version`](Registry::version);
//! - `servers`: [`OpenApiOptions::server`]s (none by default: `/`);
//! - `tags`: one per resource with routes, described by its doc comment;
//! - `paths`: every route is an operation (`:id` is written `{id}`), with an
//!   `operationId` made from its handler (`Post.show` → `postShow`; nested
//!   copies add the parent, `postShowByUser`), the resource as tag, path
//!   parameters typed from the field they address (`:id` → the primary key,
//!   a parent's `:user_id` → the parent's key), a request body on `create`
//!   and `update` (`<Resource>Input`: the schema without read-only fields),
//!   responses (`200`/`201` with the resource or an array of it, `204` on
//!   `delete`, `404` wherever a path parameter can miss) and a bearer
//!   `security` requirement where the middleware chain holds one of the
//!   [`auth_middleware`](OpenApiOptions::auth_middleware) (an
//!   [`optional_auth_middleware`](OpenApiOptions::optional_auth_middleware)
//!   adds `{}`, "or anonymous");
//! - `components.schemas`: per resource, `<Resource>` (every field, auto
//!   fields `readOnly`) and `<Resource>Input` (when it has `create` or
//!   `update`), with each field's type and format, nullability (3.1:
//!   `type: [T, "null"]`; 3.0: `nullable: true`), `required`, `default`,
//!   `minLength`/`maxLength`/`minimum`/`maximum`/`pattern` from validations
//!   and `description` from doc comments.
//!
//! What OpenAPI has no word for is carried in `x-conduit-*` extensions,
//! which tools ignore unless they know them:
//!
//! | extension | on | value |
//! |---|---|---|
//! | `x-conduit-relationships` | a resource schema | `[{name, kind, target, schema, foreign_key?, through?, on_delete?, on_update?}]`; `kind` is `belongs_to`, `has_one`, `has_many` or `has_many_through`; `schema` the target's `#/components/schemas/…` |
//! | `x-conduit-validations` | a property | custom validations: `[{kind, value?, message?}]` |
//! | `x-conduit-default` | a property | a default whose source text is no JSON value of the field's type |
//! | `x-conduit-rust-type` | a property | the Rust type of a field whose type JSON Schema cannot name |
//! | `x-conduit-handler` | an operation | the route's handler, e.g. `Post.show` |
//! | `x-conduit-middleware` | an operation | the middleware chain, in the order it runs |
//!
//! The output is deterministic: paths sorted, methods in the specification's
//! order, schemas in name order, properties in declaration order.

mod operation;
mod schema;
#[cfg(test)]
mod tests;

use crate::Registry;
use core::fmt;
use core::str::FromStr;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The OpenAPI version a document is written for.
///
/// ```
/// use conduit::OpenApiVersion;
/// assert_eq!(OpenApiVersion::default(), OpenApiVersion::V3_1);
/// assert_eq!("3.0".parse::<OpenApiVersion>().unwrap().as_str(), "3.0.3");
/// assert!("2.0".parse::<OpenApiVersion>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OpenApiVersion {
    /// OpenAPI 3.0.3: nullability as `nullable: true`; what most code
    /// generators read.
    V3_0,
    /// OpenAPI 3.1.0 (JSON Schema 2020-12): nullability as
    /// `type: [T, "null"]`.
    #[default]
    V3_1,
}

impl OpenApiVersion {
    /// Both versions, oldest first.
    pub const ALL: &'static [OpenApiVersion] = &[OpenApiVersion::V3_0, OpenApiVersion::V3_1];

    /// The `openapi` field of the document: `3.0.3` or `3.1.0`.
    ///
    /// ```
    /// assert_eq!(conduit::OpenApiVersion::V3_1.as_str(), "3.1.0");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            OpenApiVersion::V3_0 => "3.0.3",
            OpenApiVersion::V3_1 => "3.1.0",
        }
    }
}

impl fmt::Display for OpenApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an [`OpenApiVersion`] that is neither 3.0 nor 3.1.
///
/// ```
/// let err = "2.0".parse::<conduit::OpenApiVersion>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown OpenAPI version `2.0` (expected 3.0 or 3.1)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseOpenApiVersionError(String);

impl fmt::Display for ParseOpenApiVersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown OpenAPI version `{}` (expected 3.0 or 3.1)",
            self.0
        )
    }
}

impl std::error::Error for ParseOpenApiVersionError {}

impl FromStr for OpenApiVersion {
    type Err = ParseOpenApiVersionError;

    /// Parses `3.0`, `3.0.3`, `3.1` or `3.1.0`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "3.0" | "3.0.3" => Ok(OpenApiVersion::V3_0),
            "3.1" | "3.1.0" => Ok(OpenApiVersion::V3_1),
            other => Err(ParseOpenApiVersionError(other.to_owned())),
        }
    }
}

/// What [`Registry::to_openapi`] writes beyond what the registry knows: the
/// version, the title, which middleware authenticate.
///
/// ```
/// use conduit::{OpenApiOptions, OpenApiVersion};
/// let options = OpenApiOptions::new()
///     .title("Blog")
///     .openapi_version(OpenApiVersion::V3_0)
///     .auth_middleware(["auth", "admin_only"]);
/// assert_eq!(options.get_openapi_version(), OpenApiVersion::V3_0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct OpenApiOptions {
    openapi: OpenApiVersion,
    title: String,
    version: Option<String>,
    description: Option<String>,
    auth: Vec<String>,
    optional_auth: Vec<String>,
    servers: Vec<String>,
}

impl Default for OpenApiOptions {
    fn default() -> Self {
        OpenApiOptions {
            openapi: OpenApiVersion::V3_1,
            title: "API".to_owned(),
            version: None,
            description: None,
            auth: vec!["auth".to_owned()],
            optional_auth: vec!["auth(optional)".to_owned()],
            servers: Vec::new(),
        }
    }
}

impl OpenApiOptions {
    /// OpenAPI 3.1, titled `API`, versioned as the registry, `auth` as the
    /// authentication middleware and `auth(optional)` as optional
    /// authentication, no servers.
    ///
    /// ```
    /// let options = conduit::OpenApiOptions::new();
    /// assert_eq!(options, conduit::OpenApiOptions::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Which OpenAPI version to write (default: 3.1).
    ///
    /// ```
    /// use conduit::{OpenApiOptions, OpenApiVersion};
    /// # use conduit_testkit::REGISTRY;
    /// let doc = REGISTRY.to_openapi(&OpenApiOptions::new().openapi_version(OpenApiVersion::V3_0));
    /// assert!(doc.contains(r#""openapi": "3.0.3""#));
    /// ```
    pub fn openapi_version(mut self, version: OpenApiVersion) -> Self {
        self.openapi = version;
        self
    }

    /// The OpenAPI version chosen with
    /// [`openapi_version`](Self::openapi_version).
    ///
    /// ```
    /// use conduit::{OpenApiOptions, OpenApiVersion};
    /// assert_eq!(OpenApiOptions::new().get_openapi_version(), OpenApiVersion::V3_1);
    /// ```
    pub fn get_openapi_version(&self) -> OpenApiVersion {
        self.openapi
    }

    /// `info.title` (default: `API`).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let doc = REGISTRY.to_openapi(&conduit::OpenApiOptions::new().title("Blog"));
    /// assert!(doc.contains(r#""title": "Blog""#));
    /// ```
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// `info.version`: the API's version (default: the registry's
    /// [`version`](Registry::version), the crate's version).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let doc = REGISTRY.to_openapi(&conduit::OpenApiOptions::new().version("2024-06"));
    /// assert!(doc.contains(r#""version": "2024-06""#));
    /// ```
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// `info.description` (default: none).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let doc = REGISTRY.to_openapi(&conduit::OpenApiOptions::new().description("Posts."));
    /// assert!(doc.contains(r#""description": "Posts.""#));
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The middleware that require authentication (default: `auth`). A
    /// chain entry matches a name when it is the name or the name followed by
    /// arguments: `auth` matches `auth` and `auth(admin)`.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let none = conduit::OpenApiOptions::new().auth_middleware(Vec::<String>::new());
    /// assert!(!REGISTRY.to_openapi(&none).contains("bearerAuth"));
    /// ```
    pub fn auth_middleware<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.auth = names.into_iter().map(Into::into).collect();
        self
    }

    /// The middleware that authenticate when credentials are given and let
    /// anonymous requests through (default: `auth(optional)`); they win over
    /// [`auth_middleware`](Self::auth_middleware) for the same entry.
    /// Their routes' `security` is `[{"bearerAuth": []}, {}]`.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let options = conduit::OpenApiOptions::new().optional_auth_middleware(["auth"]);
    /// assert!(REGISTRY.to_openapi(&options).contains("{}"));
    /// ```
    pub fn optional_auth_middleware<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.optional_auth = names.into_iter().map(Into::into).collect();
        self
    }

    /// Adds a server URL (`servers[].url`), e.g. `https://api.example.com`
    /// or `/api`; repeatable. Without one, the document has no `servers`
    /// (OpenAPI then means `/`).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let doc = REGISTRY.to_openapi(&conduit::OpenApiOptions::new().server("/api"));
    /// assert!(doc.contains(r#""url": "/api""#));
    /// ```
    pub fn server(mut self, url: impl Into<String>) -> Self {
        self.servers.push(url.into());
        self
    }
}

/// How a route's middleware chain authenticates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Auth {
    None,
    Optional,
    Required,
}

impl OpenApiOptions {
    /// The authentication a middleware chain asks for.
    fn auth<'a>(&self, chain: impl IntoIterator<Item = &'a str>) -> Auth {
        let names = |list: &[String], entry: &str| {
            list.iter().any(|name| {
                entry == name
                    || entry
                        .strip_prefix(name.as_str())
                        .is_some_and(|args| args.starts_with('('))
            })
        };
        let mut auth = Auth::None;
        for entry in chain {
            if names(&self.optional_auth, entry) {
                auth = auth.max_with(Auth::Optional);
            } else if names(&self.auth, entry) {
                auth = Auth::Required;
            }
        }
        auth
    }
}

impl Auth {
    fn max_with(self, other: Auth) -> Auth {
        match (self, other) {
            (Auth::Required, _) | (_, Auth::Required) => Auth::Required,
            (Auth::Optional, _) | (_, Auth::Optional) => Auth::Optional,
            _ => Auth::None,
        }
    }
}

/// The name of the bearer security scheme in `components.securitySchemes`.
const BEARER: &str = "bearerAuth";

/// The `servers` of the document: the options' URLs.
///
/// The registry's own mount prefix (`Builder::path_prefix`, when the
/// registry records one) belongs here too, as the default server URL.
fn servers(_registry: &Registry<'_>, options: &OpenApiOptions) -> Vec<Value> {
    options
        .servers
        .iter()
        .map(|url| json!({ "url": url }))
        .collect()
}

/// The order of the specification's Path Item fields; unknown methods last.
fn method_rank(method: &str) -> usize {
    const ORDER: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    ORDER
        .iter()
        .position(|m| *m == method)
        .unwrap_or(ORDER.len())
}

impl Registry<'_> {
    /// The registry as an OpenAPI document (3.1.0 by default, 3.0.3 with
    /// [`OpenApiVersion::V3_0`]), pretty-printed JSON with two-space indents
    /// and no trailing newline. Byte-identical for the same registry and
    /// options. What goes in, and the `x-conduit-*` extensions, are listed in
    /// the module documentation (see the crate's README).
    ///
    /// Available with the `openapi` feature.
    ///
    /// ```
    /// use conduit::OpenApiOptions;
    /// # use conduit_testkit::REGISTRY;
    /// let doc = REGISTRY.to_openapi(&OpenApiOptions::new().title("Blog"));
    /// let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    /// assert_eq!(doc["openapi"], "3.1.0");
    /// let show = &doc["paths"]["/posts/{id}"]["get"];
    /// assert_eq!(show["operationId"], "postShow");
    /// assert_eq!(show["parameters"][0]["schema"]["format"], "uuid");
    /// let subtitle = &doc["components"]["schemas"]["Post"]["properties"]["subtitle"];
    /// assert_eq!(subtitle["type"], serde_json::json!(["string", "null"]));
    /// ```
    pub fn to_openapi(&self, options: &OpenApiOptions) -> String {
        let doc = self.openapi_document(options);
        // Serializing a `Value` to a `String` cannot fail (its keys are
        // strings); the fallback is never taken.
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    }

    /// The document of [`to_openapi`](Self::to_openapi).
    fn openapi_document(&self, options: &OpenApiOptions) -> Value {
        let version = options.openapi;
        let mut info = Map::new();
        info.insert("title".into(), options.title.as_str().into());
        if let Some(d) = &options.description {
            info.insert("description".into(), d.as_str().into());
        }
        let api_version = options.version.as_deref().unwrap_or(self.version());
        info.insert("version".into(), api_version.into());

        let mut doc = Map::new();
        doc.insert("openapi".into(), version.as_str().into());
        doc.insert("info".into(), info.into());
        let servers = servers(self, options);
        if !servers.is_empty() {
            doc.insert("servers".into(), servers.into());
        }

        let mut tags = Vec::new();
        for r in self.resources().filter(|r| r.routes().next().is_some()) {
            let mut tag = Map::new();
            tag.insert("name".into(), r.name().into());
            if !r.docs().is_empty() {
                tag.insert("description".into(), r.docs().into());
            }
            tags.push(Value::Object(tag));
        }
        doc.insert("tags".into(), tags.into());

        let mut paths: BTreeMap<String, Vec<(usize, String, Value)>> = BTreeMap::new();
        let mut ids = operation::OperationIds::default();
        let mut secured = false;
        for route in self.routes() {
            let op = operation::operation(self, route, options, &mut ids);
            secured |= op.secured;
            let method = route.method().as_str().to_ascii_lowercase();
            paths
                .entry(operation::openapi_path(route.path()))
                .or_default()
                .push((method_rank(&method), method, op.value));
        }
        let mut path_items = Map::new();
        for (path, mut ops) in paths {
            // Stable: two routes with one method and path keep route order
            // (the build step refuses them anyway; the first wins).
            ops.sort_by_key(|(rank, _, _)| *rank);
            let mut item = Map::new();
            for (_, method, op) in ops {
                item.entry(method).or_insert(op);
            }
            path_items.insert(path, item.into());
        }
        doc.insert("paths".into(), path_items.into());

        let mut schemas = Map::new();
        for r in self.resources() {
            schemas.insert(r.name().into(), schema::resource_schema(r, version));
            if schema::has_input(r) {
                schemas.insert(
                    schema::input_name(r.name()),
                    schema::input_schema(r, version),
                );
            }
        }
        let mut components = Map::new();
        components.insert("schemas".into(), schemas.into());
        if secured {
            components.insert(
                "securitySchemes".into(),
                json!({ BEARER: { "type": "http", "scheme": "bearer" } }),
            );
        }
        doc.insert("components".into(), components.into());
        Value::Object(doc)
    }
}
