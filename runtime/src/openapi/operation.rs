//! One route as an OpenAPI Operation: its id, summary, parameters, request
//! body, responses and security.

use super::{Auth, BEARER, OpenApiOptions, schema};
use crate::{FieldRef, Operation, Registry, ResourceRef, RouteRef};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// An operation and whether it needs the bearer security scheme.
pub(super) struct Built {
    pub value: Value,
    pub secured: bool,
}

/// The `operationId`s handed out so far: each is unique in the document.
#[derive(Default)]
pub(super) struct OperationIds(BTreeSet<String>);

impl OperationIds {
    /// `base`, or `base2`, `base3`… if taken (routes are visited in registry
    /// order, so the same registry always gives the same ids).
    fn claim(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut n = 2u32;
        while self.0.contains(&id) {
            id = format!("{base}{n}");
            n = n.saturating_add(1);
        }
        self.0.insert(id.clone());
        id
    }
}

/// The OpenAPI spelling of a route path: `:id` and `*rest` segments (and
/// `{*rest}`) as `{id}`, `{rest}`.
pub(super) fn openapi_path(path: &str) -> String {
    let segments: Vec<String> = path
        .split('/')
        .map(|s| match param_name(s) {
            Some(name) => format!("{{{name}}}"),
            None => s.to_owned(),
        })
        .collect();
    segments.join("/")
}

/// The parameter a path segment names, if it is one: `:id`, `{id}`, `*rest`,
/// `{*rest}`.
fn param_name(segment: &str) -> Option<&str> {
    if let Some(name) = segment.strip_prefix(':').or(segment.strip_prefix('*')) {
        return Some(name);
    }
    let inner = segment.strip_prefix('{')?.strip_suffix('}')?;
    Some(inner.strip_prefix('*').unwrap_or(inner))
}

/// `Post.show` → `postShow`: the handler's words in camelCase.
fn camel_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        let Some(first) = chars.next() else { continue };
        if out.is_empty() {
            out.push(first.to_ascii_lowercase());
        } else {
            out.push(first.to_ascii_uppercase());
        }
        out.extend(chars);
    }
    if out.is_empty() {
        out.push_str("operation");
    }
    out
}

/// The parent resource of a nested copy of a REST route
/// (`/users/:user_id/posts`), `None` for a top-level route.
fn nesting_parent<'a>(
    registry: &Registry<'a>,
    route: RouteRef<'a>,
    resource: ResourceRef<'a>,
) -> Option<ResourceRef<'a>> {
    let own = route.path() == resource.path()
        || route
            .path()
            .strip_prefix(resource.path())
            .is_some_and(|rest| rest.starts_with('/'));
    if own {
        return None;
    }
    registry.resource(resource.nested_under()?)
}

/// The key a member route addresses its resource by.
///
/// Today the primary key; a resource that names its member parameter
/// (`#[resource(param = "slug")]`) is addressed by that field instead.
fn member_key(resource: ResourceRef<'_>) -> Option<FieldRef<'_>> {
    resource.fields().find(|f| f.primary())
}

/// What the path parameter at segment `index` of `route` addresses: the
/// key of the resource whose path ends just before it (the route's resource
/// first, then its parent), else a field of the route's resource of the
/// same name.
fn addressed<'a>(
    registry: &Registry<'a>,
    resource: ResourceRef<'a>,
    segments: &[&str],
    index: usize,
    name: &str,
) -> Option<(ResourceRef<'a>, FieldRef<'a>)> {
    let before = segments.get(..index).unwrap_or_default().join("/");
    let parent = resource.nested_under().and_then(|p| registry.resource(p));
    for owner in core::iter::once(resource).chain(parent) {
        if before.ends_with(owner.path()) {
            if let Some(key) = member_key(owner) {
                return Some((owner, key));
            }
        }
    }
    resource.field(name).map(|f| (resource, f))
}

/// The operation's path parameters, in path order, each typed from the field
/// it addresses (a string when it addresses none).
pub(super) fn path_parameters<'a>(
    registry: &Registry<'a>,
    route: RouteRef<'a>,
    resource: ResourceRef<'a>,
    options: &OpenApiOptions,
) -> Vec<Value> {
    let segments: Vec<&str> = route.path().split('/').collect();
    let mut params = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let Some(name) = param_name(segment) else {
            continue;
        };
        let mut p = Map::new();
        p.insert("name".into(), name.into());
        p.insert("in".into(), "path".into());
        p.insert("required".into(), true.into());
        match addressed(registry, resource, &segments, i, name) {
            Some((owner, field)) => {
                let what = format!("The {}'s `{}`", owner.name(), field.name());
                p.insert("description".into(), what.into());
                p.insert(
                    "schema".into(),
                    schema::parameter_schema(owner, field, options.openapi),
                );
            }
            None => {
                p.insert("schema".into(), json!({ "type": "string" }));
            }
        }
        params.push(Value::Object(p));
    }
    params
}

/// The operation's query parameters (`list_query(...)`, an action's
/// `query(...)`), in declaration order: typed like a field of that type, with
/// their default; none is required (an absent one takes its default).
pub(super) fn query_parameters(route: RouteRef<'_>, _options: &OpenApiOptions) -> Vec<Value> {
    route
        .query_params()
        .map(|q| {
            let mut p = Map::new();
            p.insert("name".into(), q.name().into());
            p.insert("in".into(), "query".into());
            p.insert("required".into(), q.required().into());
            p.insert(
                "schema".into(),
                Value::Object(schema::query_schema(
                    q.ty(),
                    q.rust_type(),
                    q.default_value(),
                )),
            );
            Value::Object(p)
        })
        .collect()
}

/// A JSON body of `schema`.
fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The operation's responses.
fn responses(route: RouteRef<'_>, resource: ResourceRef<'_>, has_params: bool) -> Value {
    let name = resource.name();
    let mut out = Map::new();
    match route.operation() {
        Some(Operation::List) => {
            let body = json!({ "type": "array", "items": schema_ref(name) });
            out.insert(
                "200".into(),
                json!({ "description": format!("The {} list", name), "content": json_content(body) }),
            );
        }
        Some(Operation::Show) => {
            out.insert(
                "200".into(),
                json!({ "description": format!("The {name}"), "content": json_content(schema_ref(name)) }),
            );
        }
        Some(Operation::Create) => {
            out.insert(
                "201".into(),
                json!({ "description": format!("The created {name}"), "content": json_content(schema_ref(name)) }),
            );
        }
        Some(Operation::Update) => {
            out.insert(
                "200".into(),
                json!({ "description": format!("The updated {name}"), "content": json_content(schema_ref(name)) }),
            );
        }
        Some(Operation::Delete) => {
            out.insert(
                "204".into(),
                json!({ "description": format!("The {name} was deleted") }),
            );
        }
        None => {
            out.insert(
                "200".into(),
                json!({ "description": "Success (the registry does not describe this handler's response)" }),
            );
        }
    }
    if has_params {
        out.insert(
            "404".into(),
            json!({ "description": "Not found: a path parameter names no record" }),
        );
    }
    Value::Object(out)
}

/// `List Post`, `Create Comment under a Post`… and `Post.publish` for a
/// custom route.
fn summary(
    route: RouteRef<'_>,
    resource: ResourceRef<'_>,
    parent: Option<ResourceRef<'_>>,
) -> String {
    let name = resource.name();
    let text = match route.operation() {
        Some(Operation::List) => format!("List {name} resources"),
        Some(Operation::Show) => format!("Get a {name}"),
        Some(Operation::Create) => format!("Create a {name}"),
        Some(Operation::Update) => format!("Update a {name}"),
        Some(Operation::Delete) => format!("Delete a {name}"),
        None => return route.handler().to_owned(),
    };
    match parent {
        Some(p) => format!("{text} of a {}", p.name()),
        None => text,
    }
}

/// The route as an Operation object.
pub(super) fn operation<'a>(
    registry: &Registry<'a>,
    route: RouteRef<'a>,
    options: &OpenApiOptions,
    ids: &mut OperationIds,
) -> Built {
    let mut op = Map::new();
    let Some(resource) = route.resource_ref() else {
        // Every route has a resource (the build step guarantees it); a bare
        // operation keeps the document valid if one had none.
        op.insert(
            "operationId".into(),
            ids.claim(camel_case(route.handler())).into(),
        );
        op.insert(
            "responses".into(),
            json!({ "default": { "description": "Response" } }),
        );
        return Built {
            value: op.into(),
            secured: false,
        };
    };
    let parent = nesting_parent(registry, route, resource);
    let mut base = camel_case(route.handler());
    if let Some(p) = parent {
        base.push_str("By");
        base.push_str(p.name());
    }
    op.insert("tags".into(), json!([resource.name()]));
    op.insert("summary".into(), summary(route, resource, parent).into());
    let mut description = resource.docs().to_owned();
    if route.middleware().len() > 0 {
        let chain: Vec<String> = route.middleware().map(|m| format!("`{m}`")).collect();
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str("Middleware: ");
        description.push_str(&chain.join(" → "));
        description.push('.');
    }
    if !description.is_empty() {
        op.insert("description".into(), description.into());
    }
    op.insert("operationId".into(), ids.claim(base).into());

    let mut parameters = path_parameters(registry, route, resource, options);
    let has_params = !parameters.is_empty();
    parameters.extend(query_parameters(route, options));
    if !parameters.is_empty() {
        op.insert("parameters".into(), parameters.into());
    }
    if matches!(
        route.operation(),
        Some(Operation::Create | Operation::Update)
    ) {
        op.insert(
            "requestBody".into(),
            json!({
                "required": true,
                "content": json_content(schema_ref(&schema::input_name(resource.name()))),
            }),
        );
    }
    op.insert("responses".into(), responses(route, resource, has_params));

    let auth = options.auth(route.middleware());
    match auth {
        Auth::Required => {
            op.insert("security".into(), json!([{ BEARER: [] }]));
        }
        Auth::Optional => {
            op.insert("security".into(), json!([{ BEARER: [] }, {}]));
        }
        Auth::None => {}
    }
    op.insert("x-conduit-handler".into(), route.handler().into());
    if route.middleware().len() > 0 {
        let chain: Vec<&str> = route.middleware().collect();
        op.insert("x-conduit-middleware".into(), chain.into());
    }
    Built {
        value: op.into(),
        secured: auth != Auth::None,
    }
}
