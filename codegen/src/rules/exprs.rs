//! Constraint conditions and computed expressions are Rust expressions over
//! the resource's fields: they must parse, and every plain lowercase name in
//! them must be a field, a computed field, `self`, or a name the expression
//! binds itself (a closure parameter, a `let`, a pattern).

use crate::ast::ResourceDef;
use crate::ctxt::Ctxt;
use crate::suggest::did_you_mean;
use proc_macro2::Span;
use std::collections::BTreeSet;
use syn::ext::IdentExt as _;
use syn::visit::Visit;

/// The free lowercase identifiers of an expression, in first-use order:
/// what it must find among the resource's fields. Function names
/// (`slugify(title)`), paths with `::`, capitalised names (constants, enum
/// variants) and macro arguments are not included.
///
/// ```
/// let e: syn::Expr = syn::parse_str("title.len() > min_len && tags.iter().any(|t| t == &label)").unwrap();
/// assert_eq!(conduit_codegen::rules::identifiers(&e), ["title", "min_len", "tags", "label"]);
/// ```
pub fn identifiers(expr: &syn::Expr) -> Vec<String> {
    let mut v = Free::default();
    v.visit_expr(expr);
    v.free
}

#[derive(Default)]
struct Free {
    bound: BTreeSet<String>,
    free: Vec<String>,
}

impl<'ast> Visit<'ast> for Free {
    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        let Some(ident) = p.path.get_ident().filter(|_| p.qself.is_none()) else {
            return;
        };
        let name = ident.unraw().to_string();
        let lower = name.starts_with(|c: char| c.is_lowercase() || c == '_');
        if lower && name != "self" && !self.bound.contains(&name) && !self.free.contains(&name) {
            self.free.push(name);
        }
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        // `f(x)`: `f` names a function, not a field.
        if !matches!(&*call.func, syn::Expr::Path(_)) {
            self.visit_expr(&call.func);
        }
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
        self.bound.insert(p.ident.unraw().to_string());
        syn::visit::visit_pat_ident(self, p);
    }
}

pub fn check(cx: &Ctxt, def: &ResourceDef) {
    let known: Vec<String> = def
        .kept_fields()
        .flat_map(|f| [f.ident.unraw().to_string(), f.name.clone()])
        .chain(def.computed.iter().map(|c| c.name.clone()))
        .collect();
    for c in &def.constraints {
        let what = format!("the condition of constraint `{}`", c.name);
        check_expr(
            cx,
            def,
            &known,
            &c.condition,
            c.condition_span,
            &what,
            "condition",
        );
    }
    for c in &def.computed {
        let what = format!("the expression of computed field `{}`", c.name);
        // A computed field cannot be defined by itself.
        let known: Vec<String> = known.iter().filter(|k| **k != c.name).cloned().collect();
        check_expr(cx, def, &known, &c.expr, c.expr_span, &what, "expr");
    }
}

fn check_expr(
    cx: &Ctxt,
    def: &ResourceDef,
    known: &[String],
    text: &str,
    span: Span,
    what: &str,
    option: &str,
) {
    let expr = match syn::parse_str::<syn::Expr>(text) {
        Ok(e) => e,
        Err(e) => {
            return cx.error(
                span,
                format!(
                    "{what} is not a Rust expression ({e}); write it as Rust over the fields, e.g. `{option} = \"!title.trim().is_empty()\"`"
                ),
            );
        }
    };
    for name in identifiers(&expr) {
        if known.contains(&name) {
            continue;
        }
        let hint = did_you_mean(&name, known.iter().map(String::as_str));
        let hint = if hint.is_empty() {
            let fields: Vec<String> = def.kept_fields().map(|f| format!("`{}`", f.name)).collect();
            format!(
                "; it may use the fields of `{}` ({})",
                def.name.value,
                fields.join(", ")
            )
        } else {
            hint
        };
        cx.error(
            span,
            format!(
                "{what} uses `{name}`, which is not a field of `{}`{hint}",
                def.name.value
            ),
        );
    }
}
