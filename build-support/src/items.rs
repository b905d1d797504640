//! What the scanner needs beyond walking modules: `cfg(true)`/`cfg(false)`,
//! derives through a renamed import, derives the build step cannot see
//! (inside a function or `const` block), and the items of a file that does
//! not parse as a whole.

use crate::error::{Diagnostic, Span};
use proc_macro2::{Delimiter, Group, Ident, TokenStream, TokenTree};
use std::collections::BTreeMap;
use syn::visit::Visit;

/// `true` → `all()`, `false` → `any()`: the boolean cfg predicates (stable
/// since Rust 1.88) spelled as the older ones `cfg` evaluates.
fn bool_predicates(tokens: TokenStream, stop_at_comma: bool) -> TokenStream {
    let mut out = Vec::new();
    let mut done = false;
    for tt in tokens {
        match tt {
            TokenTree::Punct(p) if stop_at_comma && p.as_char() == ',' => {
                done = true;
                out.push(TokenTree::Punct(p));
            }
            TokenTree::Ident(i) if !done && (i == "true" || i == "false") => {
                let name = if i == "true" { "all" } else { "any" };
                out.push(TokenTree::Ident(Ident::new(name, i.span())));
                let mut g = Group::new(Delimiter::Parenthesis, TokenStream::new());
                g.set_span(i.span());
                out.push(TokenTree::Group(g));
            }
            TokenTree::Group(g) if !done => {
                let mut ng = Group::new(g.delimiter(), bool_predicates(g.stream(), false));
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// Rewrites boolean predicates in `cfg` and `cfg_attr` attributes in place.
pub fn rewrite_bool_cfgs(attrs: &mut [syn::Attribute]) {
    for a in attrs {
        let cfg_attr = a.path().is_ident("cfg_attr");
        if !cfg_attr && !a.path().is_ident("cfg") {
            continue;
        }
        if let syn::Meta::List(list) = &mut a.meta {
            list.tokens = bool_predicates(std::mem::take(&mut list.tokens), cfg_attr);
        }
    }
}

/// [`crate::cfg::enabled`], with boolean predicates understood.
pub fn enabled(attrs: &[syn::Attribute], env: crate::cfg::Env) -> bool {
    if !attrs.iter().any(|a| a.path().is_ident("cfg")) {
        return true;
    }
    let mut attrs = attrs.to_vec();
    rewrite_bool_cfgs(&mut attrs);
    crate::cfg::enabled(&attrs, env)
}

/// Whether `attrs` derive `Resource`: through any path ending in `Resource`,
/// or a name `uses` imports from one (`use conduit::Resource as Model`).
pub fn derives_resource(attrs: &[syn::Attribute], uses: Option<&BTreeMap<String, String>>) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            a.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|paths| {
                paths.iter().any(|p| {
                    let last = p.segments.last().map(|s| s.ident.to_string());
                    last.as_deref() == Some("Resource")
                        || p.get_ident()
                            .and_then(|i| uses?.get(&i.to_string()))
                            .is_some_and(|full| full.ends_with("::Resource"))
                })
            })
        })
}

/// The items of a file that does not parse as a whole: each item that does
/// parse, skipping the tokens of those that do not. `None` when the file
/// does not even lex (unbalanced delimiters).
pub fn recover_items(text: &str) -> Option<Vec<syn::Item>> {
    let tokens: TokenStream = text.parse().ok()?;
    let parser = |input: syn::parse::ParseStream| {
        let mut items = Vec::new();
        // Inner attributes (`#![...]`) of the file.
        let _ = input.call(syn::Attribute::parse_inner);
        while !input.is_empty() {
            let fork = input.fork();
            match fork.parse::<syn::Item>() {
                Ok(item) => {
                    syn::parse::discouraged::Speculative::advance_to(input, &fork);
                    items.push(item);
                }
                Err(_) => {
                    input.parse::<TokenTree>()?;
                }
            }
        }
        Ok(items)
    };
    syn::parse::Parser::parse2(parser, tokens).ok()
}

/// Finds `#[derive(Resource)]` structs the build step cannot see: inside a
/// function body or a `const` block. Items there are not part of any module
/// path, so their registry entry could never be found.
pub fn misplaced(item: &syn::Item, rel: &str, text: &str) -> Vec<Diagnostic> {
    let mut v = Misplaced {
        within: Vec::new(),
        found: Vec::new(),
    };
    v.visit_item(item);
    v.found
        .into_iter()
        .map(|(ident, within)| {
            let lc = ident.span().start();
            let len = ident.to_string().chars().count();
            let span = Span {
                file: rel.to_owned(),
                line: lc.line,
                column: lc.column + 1,
                len,
                source_line: text.lines().nth(lc.line.saturating_sub(1)).unwrap_or_default().to_owned(),
            };
            Diagnostic::new(format!(
                "`#[derive(Resource)]` on `{ident}` inside {within}: resources must be declared at module level"
            ))
            .at(span, format!("declared inside {within}"))
            .help(format!(
                "move `{ident}` out of {within}, next to the other items of its module; the build step reads module-level items only"
            ))
        })
        .collect()
}

struct Misplaced {
    /// Where the visitor is: `fn main`, a `const` block.
    within: Vec<String>,
    found: Vec<(syn::Ident, String)>,
}

impl<'ast> Visit<'ast> for Misplaced {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.within
            .push(format!("the body of `fn {}`", f.sig.ident));
        syn::visit::visit_item_fn(self, f);
        self.within.pop();
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.within
            .push(format!("the body of `fn {}`", f.sig.ident));
        syn::visit::visit_impl_item_fn(self, f);
        self.within.pop();
    }

    fn visit_item_const(&mut self, c: &'ast syn::ItemConst) {
        self.within.push(format!("`const {}`", c.ident));
        syn::visit::visit_item_const(self, c);
        self.within.pop();
    }

    fn visit_item_static(&mut self, s: &'ast syn::ItemStatic) {
        self.within.push(format!("`static {}`", s.ident));
        syn::visit::visit_item_static(self, s);
        self.within.pop();
    }

    fn visit_item_struct(&mut self, s: &'ast syn::ItemStruct) {
        if let Some(within) = self.within.last() {
            if derives_resource(&s.attrs, None) {
                self.found.push((s.ident.clone(), within.clone()));
            }
        }
    }
}
