//! The fingerprint of a parsed resource: the derive and the build script each
//! compute it from their own view of the struct; the derive refuses to compile
//! when they differ (the registry is stale or never saw the struct).

use crate::ast::{ResourceDef, Syntax};
use conduit_format::hash::Fnv64;

/// A stable hash of everything the metadata says about `def` (not its
/// source location, which only the build script knows).
///
/// ```
/// use conduit_codegen::{Ctxt, parse_resource, fingerprint::fingerprint};
/// let a: syn::DeriveInput = syn::parse_quote!(struct Post { title: String });
/// let b: syn::DeriveInput = syn::parse_quote!(struct Post { title: Option<String> });
/// let cx = Ctxt::new();
/// let (a, b) = (parse_resource(&cx, &a).unwrap(), parse_resource(&cx, &b).unwrap());
/// assert_ne!(fingerprint(&a), fingerprint(&b));
/// ```
pub fn fingerprint<X: Syntax>(def: &ResourceDef<X>) -> u64 {
    let mut h = Fnv64::new()
        .str("resource")
        .str(&def.ident.to_string())
        .str(&def.name.value)
        .str(&def.table())
        .str(&def.path())
        .str(&def.docs)
        .str(
            &def.nested_under
                .as_ref()
                .map(X::path_text)
                .unwrap_or_default(),
        );
    for op in def.operations() {
        h = h.str(op.as_str());
    }
    h = h
        .str("api")
        .str(def.param())
        .bool(def.singular.is_some())
        .str(def.nested_param.as_ref().map_or("", |p| p.value.as_str()))
        .bool(def.nested_only.is_some());
    let query = |mut h: Fnv64, params: &[crate::ast::QueryParamDef<X>]| {
        for q in params {
            h = h
                .str("query")
                .str(&q.name)
                .str(&q.rust_type)
                .str(q.default.as_ref().map_or("", |d| d.value.as_str()));
        }
        h
    };
    h = query(h, &def.list_query);
    for a in &def.actions {
        h = h
            .str("action")
            .str(a.method.as_str())
            .str(&a.name.value)
            .str(a.kind.as_str())
            .str(a.segment())
            .u64(a.middleware.len() as u64);
        for m in &a.middleware {
            h = h.str(m);
        }
        h = query(h, &a.query);
    }
    for mw in &def.middleware {
        h = h
            .str("mw")
            .str(mw.operation.as_str())
            .u64(mw.chain.len() as u64);
        for m in &mw.chain {
            h = h.str(m);
        }
    }
    for hook in &def.hooks {
        h = h
            .str("hook")
            .str(hook.kind.as_str())
            .str(&X::path_text(&hook.function))
            .bool(hook.transaction)
            .bool(hook.is_async);
    }
    for f in &def.fields {
        h = h
            .str("field")
            .str(&f.ident.to_string())
            .str(&f.name)
            .str(&f.rust_type)
            .str(&f.ty)
            .bool(f.nullable)
            .bool(f.skip.is_some())
            .str(f.default.as_ref().map_or("", |d| d.value.as_str()))
            .str(&f.docs)
            .u64(f.constraints.len() as u64);
        for c in f.constraints.iter().chain(&f.tags) {
            h = h.str(c);
        }
        for v in &f.validations {
            h = h
                .str(&v.kind)
                .str(v.value.as_deref().unwrap_or(""))
                .str(v.message.as_deref().unwrap_or(""));
        }
    }
    for r in &def.relationships {
        h = h
            .str("rel")
            .str(r.kind.as_str())
            .str(&X::path_text(&r.target))
            .str(&r.name)
            .str(r.foreign_key.as_deref().unwrap_or(""))
            .str(r.through.as_deref().unwrap_or(""))
            .str(r.on_delete.map_or("", |a| a.as_str()))
            .str(r.on_update.map_or("", |a| a.as_str()))
            .str(&r.field.as_ref().map(|f| f.to_string()).unwrap_or_default());
    }
    for c in &def.constraints {
        h = h
            .str("constraint")
            .str(&c.name)
            .str(&c.condition)
            .str(&c.error);
        for op in &c.operations {
            h = h.str(op.as_str());
        }
    }
    for s in &def.scopes {
        h = h.str("scope").str(&s.name).str(&s.query);
    }
    for c in &def.computed {
        h = h.str("computed").str(&c.name).str(&c.ty).str(&c.expr);
    }
    for r in &def.routes {
        h = h
            .str("route")
            .str(r.method.as_str())
            .str(&r.path)
            .str(&r.handler);
        for m in &r.middleware {
            h = h.str(m);
        }
    }
    h.finish()
}
