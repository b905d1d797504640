//! `#[resource(...)]`: name, table, path, operations, nesting, middleware, hooks.

use super::values::{self, Seen, key, span};
use crate::ast::{HookDef, MiddlewareDef, ResourceDef, Spanned};
use crate::ctxt::Ctxt;
use crate::suggest::did_you_mean;
use conduit_format::{HookKind, Operation};
use syn::meta::ParseNestedMeta;

const OPTIONS: &[&str] = &[
    "name",
    "table",
    "path",
    "operations",
    "nested_under",
    "middleware",
    "hooks",
    "param",
    "singular",
    "list_query",
];
const OP_NAMES: &[&str] = &["list", "show", "create", "update", "delete"];
const HOOK_NAMES: &[&str] = &[
    "before_create",
    "after_create",
    "before_update",
    "after_update",
    "before_delete",
    "after_delete",
    "before_save",
    "after_save",
];

/// Parses one `#[resource(...)]` attribute into `def`.
pub fn parse(cx: &Ctxt, attr: &syn::Attribute, def: &mut ResourceDef, seen: &mut Seen) {
    values::each(cx, attr, |meta| {
        let k = key(&meta);
        if OPTIONS.contains(&k.as_str()) && !seen.first(cx, &meta, "resource") {
            return values::skip_value(&meta);
        }
        match k.as_str() {
            // #[resource(name = "BlogPost")]
            "name" => {
                if let Some(v) = values::string_or_empty(cx, &meta, "name = \"BlogPost\"")? {
                    if v.value.trim().is_empty() {
                        cx.error(
                            v.span,
                            format!(
                                "`name` must not be empty; remove it to use the struct's name `{}`",
                                def.ident
                            ),
                        );
                    } else {
                        def.name = v;
                    }
                }
            }
            // #[resource(table = "posts")]
            "table" => def.table = values::string(cx, &meta, "table = \"posts\"")?,
            // #[resource(path = "/posts")]
            "path" => {
                def.path = values::string(cx, &meta, "path = \"/posts\"")?;
                if let Some(p) = &def.path {
                    if !p.value.starts_with('/') {
                        cx.error(
                            p.span,
                            format!(
                                "`path` must start with `/`: write `path = \"/{}\"`",
                                p.value
                            ),
                        );
                    }
                }
            }
            // #[resource(operations(list, show))]
            "operations" => def.operations = Some(operations(cx, &meta, "operations(list, show)")?),
            // #[resource(nested_under = User)]
            "nested_under" if !meta.input.peek(syn::token::Paren) => {
                def.nested_under = values::path(cx, &meta, "nested_under = User")?
            }
            // #[resource(nested_under(Article, param = "slug", only))]
            "nested_under" => nested_under(cx, &meta, def)?,
            // #[resource(param = "slug")]
            "param" => {
                def.param = values::string(cx, &meta, "param = \"slug\"")?;
                if let Some(p) = &def.param {
                    if !crate::rules::is_identifier(&p.value) {
                        cx.error(
                            p.span,
                            format!("`param = {:?}` must be an identifier (it names a route parameter), e.g. `param = \"slug\"`", p.value),
                        );
                        def.param = None;
                    }
                }
            }
            // #[resource(singular)]
            "singular" => {
                if values::flag(cx, &meta)? {
                    def.singular = Some(span(&meta));
                }
            }
            // #[resource(list_query(tag: String, limit: u32 = 20))]
            "list_query" => {
                def.list_query =
                    super::query::parse(cx, &meta, "list_query(tag: String, limit: u32 = 20)")?
            }
            // #[resource(middleware(create = ["auth"], list = ["cache(300)"]))]
            "middleware" => middleware(cx, &meta, def)?,
            // #[resource(hooks(before_create = f, after_update(g, async, transaction)))]
            "hooks" => hooks(cx, &meta, def)?,
            _ => values::unknown(cx, &meta, "resource", OPTIONS)?,
        }
        Ok(())
    });
}

/// `nested_under(Parent, param = "slug", only)`
fn nested_under(cx: &Ctxt, meta: &ParseNestedMeta, def: &mut ResourceDef) -> syn::Result<()> {
    const EXAMPLE: &str = "nested_under(Article, param = \"slug\", only)";
    let mut seen = Seen::default();
    let listed = values::each_nested(cx, meta, EXAMPLE, |m| {
        let k = key(&m);
        let valued = m.input.peek(syn::Token![=]) || m.input.peek(syn::token::Paren);
        match k.as_str() {
            "param" | "only" if !seen.first(cx, &m, "nested_under") => values::skip_value(&m),
            "param" => {
                def.nested_param = values::string(cx, &m, "param = \"slug\"")?;
                if let Some(p) = &def.nested_param {
                    if !crate::rules::is_identifier(&p.value) {
                        cx.error(
                            p.span,
                            format!("`param = {:?}` must be an identifier (it names the parent's route parameter), e.g. `param = \"slug\"`", p.value),
                        );
                        def.nested_param = None;
                    }
                }
                Ok(())
            }
            "only" => {
                if values::flag(cx, &m)? {
                    def.nested_only = Some(span(&m));
                }
                Ok(())
            }
            _ if !valued && def.nested_under.is_none() => {
                def.nested_under = Some(m.path.clone());
                Ok(())
            }
            _ => values::unknown(cx, &m, "nested_under", &["param", "only"]),
        }
    })?;
    if listed && def.nested_under.is_none() {
        cx.error(
            span(meta),
            format!("`nested_under(...)` needs the parent resource first, e.g. `{EXAMPLE}`"),
        );
    }
    Ok(())
}

/// `(list, show, ...)`: a list of operation names.
pub fn operations(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    example: &str,
) -> syn::Result<Vec<Spanned<Operation>>> {
    let mut ops: Vec<Spanned<Operation>> = Vec::new();
    values::each_nested(cx, meta, example, |m| {
        let k = key(&m);
        match k.parse::<Operation>() {
            Ok(op) if ops.iter().any(|o| o.value == op) => {
                cx.error(
                    span(&m),
                    format!("operation `{k}` is listed twice; remove one"),
                );
            }
            Ok(op) => ops.push(Spanned::new(op, span(&m))),
            Err(_) => cx.error(
                span(&m),
                format!(
                    "unknown operation `{k}`{}",
                    hint(
                        &k,
                        OP_NAMES,
                        "; operations are `list`, `show`, `create`, `update`, `delete`"
                    )
                ),
            ),
        }
        values::flag(cx, &m).map(drop)
    })?;
    Ok(ops)
}

fn hint(input: &str, known: &[&str], fallback: &str) -> String {
    let h = did_you_mean(input, known.iter().copied());
    if h.is_empty() { fallback.to_owned() } else { h }
}

fn middleware(cx: &Ctxt, meta: &ParseNestedMeta, def: &mut ResourceDef) -> syn::Result<()> {
    values::each_nested(cx, meta, "middleware(create = [\"auth\"])", |m| {
        let k = key(&m);
        let Ok(op) = k.parse::<Operation>() else {
            cx.error(
                span(&m),
                format!(
                    "unknown operation `{k}` in `middleware(...)`{}",
                    hint(
                        &k,
                        OP_NAMES,
                        "; operations are `list`, `show`, `create`, `update`, `delete`"
                    )
                ),
            );
            return values::skip_value(&m);
        };
        let chain = values::middleware_list(cx, &m, "create = [\"auth\", \"rate_limit(5/hour)\"]")?;
        if def.middleware.iter().any(|mw| mw.operation == op) {
            cx.error(
                span(&m),
                format!("middleware for `{k}` is given twice; merge the chains"),
            );
        } else if let Some(chain) = chain {
            def.middleware.push(MiddlewareDef {
                operation: op,
                chain,
                span: span(&m),
            });
        }
        Ok(())
    })?;
    Ok(())
}

fn hooks(cx: &Ctxt, meta: &ParseNestedMeta, def: &mut ResourceDef) -> syn::Result<()> {
    values::each_nested(cx, meta, "hooks(before_create = slugify_title)", |m| {
        let k = key(&m);
        let Ok(kind) = k.parse::<HookKind>() else {
            cx.error(
                span(&m),
                format!(
                    "unknown hook kind `{k}`{}",
                    hint(&k, HOOK_NAMES, "; hooks are `before_*` or `after_*` of `create`, `update`, `delete`, `save`")
                ),
            );
            return values::skip_value(&m);
        };
        if !m.input.peek(syn::Token![=]) && !m.input.peek(syn::token::Paren) {
            cx.error(
                span(&m),
                format!(
                    "`{k}` needs a hook function: write `{k} = my_hook` or `{k}(my_hook, async)`"
                ),
            );
            return Ok(());
        }
        if m.input.peek(syn::Token![=]) {
            // before_create = path
            if let Some(function) = values::path(cx, &m, "before_create = slugify_title")? {
                def.hooks.push(HookDef {
                    kind,
                    function,
                    transaction: false,
                    is_async: false,
                    span: span(&m),
                });
            }
            return Ok(());
        }
        // after_update(path, async, transaction)
        let mut function = None;
        let (mut transaction, mut is_async) = (false, false);
        let mut seen = Seen::default();
        let listed = values::each_nested(cx, &m, "after_update(notify_followers, async)", |o| {
            let ok = key(&o);
            if (ok == "async" || ok == "transaction") && !seen.first(cx, &o, &k) {
                return values::skip_value(&o);
            }
            match ok.as_str() {
                "async" if values::flag(cx, &o)? => is_async = true,
                "transaction" if values::flag(cx, &o)? => transaction = true,
                "async" | "transaction" => {}
                _ if function.is_none()
                    && !o.input.peek(syn::Token![=])
                    && !o.input.peek(syn::token::Paren) =>
                {
                    function = Some(o.path.clone());
                }
                _ => values::unknown(cx, &o, &k, &["async", "transaction"])?,
            }
            Ok(())
        })?;
        match function {
            Some(function) => def.hooks.push(HookDef {
                kind,
                function,
                transaction,
                is_async,
                span: span(&m),
            }),
            None if listed => cx.error(
                span(&m),
                format!("`{k}(...)` needs the hook function first, e.g. `{k}(my_hook, async)`"),
            ),
            None => {}
        }
        Ok(())
    })?;
    Ok(())
}
