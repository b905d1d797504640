//! Query parameters: `list_query(tag: String, limit: u32 = 20)` on
//! `#[resource]` and `query(...)` on `#[action]`.

use super::values;
use crate::ast::{QueryParamDef, Spanned};
use crate::ctxt::Ctxt;
use crate::types;
use syn::ext::IdentExt as _;
use syn::meta::ParseNestedMeta;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;
use syn::{Token, parenthesized};

/// `name: Type` or `name: Type = <literal>`, as written.
struct Item {
    name: syn::Ident,
    ty: syn::Type,
    default: Option<syn::Expr>,
}

impl Parse for Item {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name = syn::Ident::parse_any(input)?;
        input.parse::<Token![:]>().map_err(|e| {
            syn::Error::new(
                e.span(),
                format!("query parameter `{name}` needs a type: write `{name}: String` or `{name}: u32 = 20`"),
            )
        })?;
        let ty = input.parse()?;
        let default = if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(Item { name, ty, default })
    }
}

/// Parses `key(name: Type = default, ...)`; mistakes are reported to `cx`
/// and the parameters that were read are returned.
pub fn parse(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<Vec<QueryParamDef>> {
    let k = values::key(meta);
    if !meta.input.peek(syn::token::Paren) {
        cx.error(
            meta.path.span(),
            format!("`{k}` takes a list in parentheses, e.g. `{example}`"),
        );
        values::skip_value(meta)?;
        return Ok(Vec::new());
    }
    let content;
    parenthesized!(content in meta.input);
    let items = match Punctuated::<Item, Token![,]>::parse_terminated(&content) {
        Ok(items) => items,
        Err(e) => {
            cx.syn_error(e);
            content.parse::<proc_macro2::TokenStream>()?;
            return Ok(Vec::new());
        }
    };
    if items.is_empty() {
        cx.error(
            meta.path.span(),
            format!("`{k}()` is empty; list parameters in it, e.g. `{example}`"),
        );
    }
    let mut out: Vec<QueryParamDef> = Vec::new();
    for item in items {
        let name = item.name.unraw().to_string();
        if out.iter().any(|q| q.name == name) {
            cx.error(
                item.name.span(),
                format!("query parameter `{name}` is listed twice in `{k}(...)`; remove one"),
            );
            continue;
        }
        let inner = types::option_inner(&item.ty);
        let value_type = inner.unwrap_or(&item.ty);
        let default = match &item.default {
            None => None,
            Some(expr) => match values::literal_text(expr, true) {
                Some((text, _)) => Some(Spanned::new(text, expr.span())),
                None => {
                    cx.error(
                        expr.span(),
                        format!("the default of `{name}` must be a literal (string, number or bool), e.g. `{name}: u32 = 20`"),
                    );
                    None
                }
            },
        };
        out.push(QueryParamDef {
            name,
            rust_type: types::canonical_type(&item.ty),
            value_type: types::canonical_type(value_type),
            ty: types::normalize(value_type),
            default,
            span: item.name.span(),
        });
    }
    Ok(out)
}
