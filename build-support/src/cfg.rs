//! Evaluates `#[cfg(...)]` and expands `#[cfg_attr(...)]` the way rustc will
//! for the crate being built, from the `CARGO_CFG_*` and `CARGO_FEATURE_*`
//! variables Cargo gives build scripts.
//!
//! `cfg(test)` is false: the build script runs once for every profile, so
//! test-only resources cannot be part of the registry (the derive says so if
//! one is attempted).

use syn::punctuated::Punctuated;
use syn::{Meta, Token};

/// Looks up build-script environment variables.
pub type Env<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// Whether a cfg predicate holds. Unparsable predicates count as true, so
/// the item stays visible and rustc reports the mistake.
pub fn holds(pred: &Meta, env: Env) -> bool {
    match pred {
        Meta::Path(p) => {
            let Some(name) = p.get_ident().map(|i| i.to_string()) else {
                return true;
            };
            match name.as_str() {
                "test" | "doc" | "doctest" | "miri" => false,
                _ => env(&format!("CARGO_CFG_{}", name.to_uppercase())).is_some(),
            }
        }
        Meta::NameValue(nv) => {
            let Some(name) = nv.path.get_ident().map(|i| i.to_string()) else {
                return true;
            };
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(v),
                ..
            }) = &nv.value
            else {
                return true;
            };
            let v = v.value();
            if name == "feature" {
                let var = format!("CARGO_FEATURE_{}", v.to_uppercase().replace('-', "_"));
                return env(&var).is_some();
            }
            env(&format!("CARGO_CFG_{}", name.to_uppercase()))
                .is_some_and(|vals| vals.split(',').any(|x| x == v))
        }
        Meta::List(list) => {
            let Ok(args) = list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
            else {
                return true;
            };
            if list.path.is_ident("all") {
                args.iter().all(|m| holds(m, env))
            } else if list.path.is_ident("any") {
                args.iter().any(|m| holds(m, env))
            } else if list.path.is_ident("not") {
                args.len() != 1 || !holds(&args[0], env)
            } else {
                true
            }
        }
    }
}

/// Whether every `#[cfg(...)]` among `attrs` holds.
pub fn enabled(attrs: &[syn::Attribute], env: Env) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .all(|a| match a.parse_args::<Meta>() {
            Ok(pred) => holds(&pred, env),
            Err(_) => true,
        })
}

/// Replaces each `#[cfg_attr(pred, a, b)]` by `#[a] #[b]` when `pred` holds
/// (recursively), and drops it otherwise.
pub fn expand_cfg_attr(attrs: &mut Vec<syn::Attribute>, env: Env) {
    let mut out = Vec::with_capacity(attrs.len());
    for attr in attrs.drain(..) {
        if !attr.path().is_ident("cfg_attr") {
            out.push(attr);
            continue;
        }
        let Ok(args) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) else {
            out.push(attr);
            continue;
        };
        let mut args = args.into_iter();
        let Some(pred) = args.next() else { continue };
        if !holds(&pred, env) {
            continue;
        }
        let mut inner: Vec<syn::Attribute> = args
            .map(|meta| syn::Attribute {
                pound_token: attr.pound_token,
                style: attr.style,
                bracket_token: attr.bracket_token,
                meta,
            })
            .collect();
        expand_cfg_attr(&mut inner, env);
        out.extend(inner);
    }
    *attrs = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "CARGO_FEATURE_POSTGRES" => Some("1".into()),
            "CARGO_CFG_UNIX" => Some(String::new()),
            "CARGO_CFG_TARGET_OS" => Some("linux".into()),
            "CARGO_CFG_TARGET_FEATURE" => Some("sse,sse2".into()),
            _ => None,
        }
    }

    fn eval(src: &str) -> bool {
        holds(&syn::parse_str::<Meta>(src).unwrap(), &env)
    }

    #[test]
    fn predicates_follow_cargo_environment() {
        assert!(eval("feature = \"postgres\""));
        assert!(!eval("feature = \"sqlite\""));
        assert!(eval("unix"));
        assert!(!eval("windows"));
        assert!(eval("target_os = \"linux\""));
        assert!(eval("target_feature = \"sse2\""));
        assert!(eval("all(unix, not(windows))"));
        assert!(eval("any(windows, feature = \"postgres\")"));
        assert!(!eval("test"));
    }

    #[test]
    fn cfg_attr_expands_only_when_its_predicate_holds() {
        let item: syn::ItemStruct = syn::parse_quote! {
            #[cfg_attr(feature = "postgres", resource(table = "pg"), cfg_attr(unix, derive(Resource)))]
            #[cfg_attr(windows, resource(table = "win"))]
            struct S;
        };
        let mut attrs = item.attrs;
        expand_cfg_attr(&mut attrs, &env);
        let names: Vec<String> = attrs
            .iter()
            .map(conduit_codegen::types::canonical)
            .collect();
        assert_eq!(names, ["#[resource(table=\"pg\")]", "#[derive(Resource)]"]);
    }
}
