//! `conduit mcp BIN`: a stdio Model Context Protocol server over the
//! registry of a compiled binary or blob, with the official Rust SDK
//! (`rmcp`). All rmcp code lives in this module (rmcp breaks its API often).
//!
//! Six read-only tools; their answers are `conduit_axum::answers` (the
//! shapes the HTTP router serves too), as structured JSON with output
//! schemas. Unknown names are tool errors with a "did you mean". Lists are
//! bounded (`answers::MAX_ITEMS` entries, one-line summaries of at most
//! `answers::MAX_SUMMARY` characters); only `export` is the whole registry.

use conduit::Registry;
use conduit_axum::answers::{
    self, AnswerError, Bounded, Cycles, Dependencies, DependencyQuery, Export, ExportFormat,
    Overview, PatternLine, ResourceDetail, RouteLine, RouteQuery,
};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{Implementation, ServerCapabilities, ServerConfig};
use rmcp::{Json, ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[cfg(test)]
mod tests;

/// Serves `registry` on stdin/stdout until the client closes it.
pub fn run(registry: &'static Registry<'static>, origin: String) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async move {
        let service = Server::new(registry, origin)
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| format!("MCP initialization failed: {e}"))?;
        service
            .waiting()
            .await
            .map(drop)
            .map_err(|e| format!("MCP server stopped: {e}"))
    })
}

/// The MCP server: the registry and its tools.
#[derive(Clone)]
pub struct Server {
    registry: &'static Registry<'static>,
    /// What was loaded, for the instructions.
    origin: String,
    tool_router: ToolRouter<Self>,
}

/// `resource` arguments.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceArgs {
    /// The resource name, e.g. `Post`.
    pub name: String,
    /// Include each hook's source text.
    #[serde(default)]
    pub detail: bool,
}

/// `routes` arguments: every filter given must hold.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutesArgs {
    /// An HTTP method (any case).
    pub method: Option<String>,
    /// A resource name.
    pub resource: Option<String>,
    /// A middleware name (`rate_limit` matches `rate_limit(5/hour)`).
    pub middleware: Option<String>,
    /// A concrete request path, e.g. `/posts/42`: the routes it hits, with parameter values.
    pub path: Option<String>,
}

/// `dependencies` arguments.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DependenciesArgs {
    /// The start resource.
    pub name: String,
    /// Follow at most this many edges (0 or absent: unlimited).
    pub depth: Option<u32>,
    /// What depends on `name` instead of what it depends on.
    #[serde(default)]
    pub reverse: bool,
    /// Only these edge kinds: belongs_to, has_one, has_many, has_many_through, uses, calls.
    #[serde(default)]
    pub kinds: Vec<String>,
}

/// `patterns` arguments.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatternsArgs {
    /// authentication, caching, rate_limiting, cors, general, hook or validation.
    pub category: Option<String>,
}

/// `export` arguments.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportArgs {
    /// The format (default `json`, the reference metadata format).
    pub format: Option<String>,
}

fn answer<T>(a: Result<T, AnswerError>) -> Result<Json<T>, String> {
    a.map(Json).map_err(|e| e.to_string())
}

#[tool_router]
impl Server {
    /// A server for `registry`, loaded from `origin`.
    pub fn new(registry: &'static Registry<'static>, origin: String) -> Self {
        Server {
            registry,
            origin,
            tool_router: Self::tool_router(),
        }
    }

    #[tool(
        description = "Start here: counts, every resource in one line, the most frequent patterns.",
        annotations(read_only_hint = true)
    )]
    async fn overview(&self) -> Json<Overview> {
        Json(answers::overview(self.registry))
    }

    #[tool(
        description = "One resource: fields, relationships, hooks with source locations, validations, middleware, routes.",
        annotations(read_only_hint = true)
    )]
    async fn resource(
        &self,
        Parameters(a): Parameters<ResourceArgs>,
    ) -> Result<Json<ResourceDetail>, String> {
        answer(answers::resource(self.registry, &a.name, a.detail))
    }

    #[tool(
        description = "Routes filtered by method, resource, middleware; or the routes a concrete path hits, with parameter values.",
        annotations(read_only_hint = true)
    )]
    async fn routes(
        &self,
        Parameters(a): Parameters<RoutesArgs>,
    ) -> Result<Json<Bounded<RouteLine>>, String> {
        let q = RouteQuery {
            method: a.method,
            resource: a.resource,
            middleware: a.middleware,
            path: a.path,
        };
        answer(answers::routes(self.registry, &q))
    }

    #[tool(
        description = "What a resource depends on (or, reverse, what depends on it): nodes and edges.",
        annotations(read_only_hint = true)
    )]
    async fn dependencies(
        &self,
        Parameters(a): Parameters<DependenciesArgs>,
    ) -> Result<Json<Dependencies>, String> {
        let q = DependencyQuery {
            depth: a.depth.unwrap_or(0),
            reverse: a.reverse,
            kinds: a.kinds,
        };
        answer(answers::dependencies(self.registry, &a.name, &q))
    }

    #[tool(
        description = "Recurring conventions (middleware chains, hooks, validations) and the dependency cycles.",
        annotations(read_only_hint = true)
    )]
    async fn patterns(
        &self,
        Parameters(a): Parameters<PatternsArgs>,
    ) -> Result<Json<PatternsAnswer>, String> {
        answer(
            answers::patterns(self.registry, a.category.as_deref()).map(|patterns| {
                PatternsAnswer {
                    patterns,
                    cycles: answers::cycles(self.registry),
                }
            }),
        )
    }

    #[tool(
        description = "The whole registry in one document (large: prefer the other tools).",
        annotations(read_only_hint = true)
    )]
    async fn export(&self, Parameters(a): Parameters<ExportArgs>) -> Result<Json<Export>, String> {
        answer(
            ExportFormat::parse(a.format.as_deref().unwrap_or("json"))
                .map(|f| answers::export(self.registry, f)),
        )
    }
}

/// `patterns`: the patterns and, since they are asked about together, the
/// dependency cycles.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PatternsAnswer {
    /// The patterns, the most frequent first.
    pub patterns: Bounded<PatternLine>,
    /// The dependency cycles.
    pub cycles: Cycles,
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("conduit", env!("CARGO_PKG_VERSION")))
            .with_instructions(format!(
                "Read-only questions about the conduit registry of {}: its resources, routes, \
                 dependency graph and patterns. Start with `overview`; lists hold at most {} \
                 entries (`truncated` says when a filter would help).",
                self.origin,
                answers::MAX_ITEMS
            ))
    }
}
