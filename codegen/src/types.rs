//! Rust types: a canonical spelling (identical in the derive and the build
//! script, whatever proc-macro2 backend prints them) and the normalized type.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;

/// The normalized types a `ty = "..."` override may name.
pub const NORMALIZED: &[&str] = &[
    "string",
    "text",
    "int",
    "float",
    "bool",
    "uuid",
    "timestamp",
    "date",
    "json",
];

/// Prints tokens deterministically: no spaces except between two words, after
/// commas and around `->`/`=`. `Option < String >` and `Option<String>`
/// both become `Option<String>`.
///
/// ```
/// let ty: syn::Type = syn::parse_quote!(HashMap<String, Vec<u8>>);
/// assert_eq!(conduit_codegen::types::canonical(&ty), "HashMap<String, Vec<u8>>");
/// ```
pub fn canonical(tokens: &impl ToTokens) -> String {
    let mut out = String::new();
    write_tokens(&mut out, tokens.to_token_stream());
    out
}

/// [`canonical`] of a path, without printing it to tokens first when its
/// generic arguments are plain type paths (`crate::models::User`,
/// `Option<std::time::SystemTime>`): the build step spells thousands.
///
/// ```
/// use conduit_codegen::types::{canonical, canonical_path};
/// let p: syn::Path = syn::parse_quote!(::std::collections::HashMap<String, Vec<u8>>);
/// assert_eq!(canonical_path(&p), canonical(&p));
/// ```
pub fn canonical_path(path: &syn::Path) -> String {
    spelled(path, write_path)
}

/// [`canonical`] of a type, as fast as [`canonical_path`] for type paths.
///
/// ```
/// use conduit_codegen::types::{canonical, canonical_type};
/// let t: syn::Type = syn::parse_quote!(Option<crate::Money>);
/// assert_eq!(canonical_type(&t), canonical(&t));
/// ```
pub fn canonical_type(ty: &syn::Type) -> String {
    spelled(ty, write_type)
}

/// `x` spelled by `fast`, or by [`canonical`] where `fast` declines.
fn spelled<T: ToTokens>(x: &T, fast: fn(&mut String, &T) -> bool) -> String {
    let mut out = String::new();
    if fast(&mut out, x) { out } else { canonical(x) }
}

/// Writes `path` as [`canonical`] spells it; `false` (with `out` partly
/// written) for anything but segments with no arguments or angle-bracketed
/// type paths without a trailing comma.
fn write_path(out: &mut String, path: &syn::Path) -> bool {
    use std::fmt::Write as _;
    if path.leading_colon.is_some() {
        out.push_str("::");
    }
    for (i, seg) in path.segments.iter().enumerate() {
        if i > 0 {
            out.push_str("::");
        }
        let _ = write!(out, "{}", seg.ident);
        match &seg.arguments {
            syn::PathArguments::None => {}
            syn::PathArguments::AngleBracketed(a)
                if a.colon2_token.is_none() && !a.args.trailing_punct() =>
            {
                out.push('<');
                for (j, arg) in a.args.iter().enumerate() {
                    if j > 0 {
                        out.push_str(", ");
                    }
                    let syn::GenericArgument::Type(t) = arg else {
                        return false;
                    };
                    if !write_type(out, t) {
                        return false;
                    }
                }
                out.push('>');
            }
            _ => return false,
        }
    }
    true
}

/// [`write_path`] for a type: only paths without a `qself`.
fn write_type(out: &mut String, ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => write_path(out, &p.path),
        _ => false,
    }
}

fn write_tokens(out: &mut String, tokens: TokenStream) {
    let mut prev_word = false;
    for tt in tokens {
        match tt {
            TokenTree::Ident(i) => {
                if prev_word {
                    out.push(' ');
                }
                out.push_str(&i.to_string());
                prev_word = true;
            }
            TokenTree::Literal(l) => {
                if prev_word {
                    out.push(' ');
                }
                out.push_str(&l.to_string());
                prev_word = true;
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                match c {
                    ',' => out.push_str(", "),
                    '=' if out.ends_with('-') => {
                        out.pop();
                        out.push_str(" -> ");
                    }
                    '>' if out.ends_with('-') => {
                        out.pop();
                        out.push_str(" -> ");
                    }
                    _ => out.push(c),
                }
                // A lifetime's name is a word glued to its quote.
                prev_word = false;
            }
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                if prev_word && g.delimiter() == Delimiter::Brace {
                    out.push(' ');
                }
                out.push_str(open);
                write_tokens(out, g.stream());
                out.push_str(close);
                prev_word = false;
            }
        }
    }
}

/// The last path segment's name and its generic type arguments.
fn last_segment(ty: &syn::Type) -> Option<(String, Vec<&syn::Type>)> {
    let syn::Type::Path(p) = ty else { return None };
    if p.qself.is_some() {
        return None;
    }
    let seg = p.path.segments.last()?;
    let args = match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some((seg.ident.to_string(), args))
}

/// `Some(T)` when `ty` is `Option<T>`.
pub fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    match last_segment(ty)? {
        (name, args) if name == "Option" && args.len() == 1 => Some(args[0]),
        _ => None,
    }
}

/// The normalized type of a Rust type (`Option` already stripped):
/// `string`, `int`, `float`, `bool`, `uuid`, `timestamp`, `date`, `json`,
/// `array<T>`, or the canonical Rust spelling for anything else.
///
/// ```
/// use conduit_codegen::types::normalize;
/// assert_eq!(normalize(&syn::parse_quote!(String)), "string");
/// assert_eq!(normalize(&syn::parse_quote!(Vec<i64>)), "array<int>");
/// assert_eq!(normalize(&syn::parse_quote!(chrono::DateTime<Utc>)), "timestamp");
/// assert_eq!(normalize(&syn::parse_quote!(crate::Money)), "crate::Money");
/// ```
pub fn normalize(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Reference(r) => return normalize(&r.elem),
        syn::Type::Paren(p) => return normalize(&p.elem),
        syn::Type::Group(g) => return normalize(&g.elem),
        syn::Type::Slice(s) => return format!("array<{}>", normalize(&s.elem)),
        syn::Type::Array(a) => return format!("array<{}>", normalize(&a.elem)),
        _ => {}
    }
    let Some((name, args)) = last_segment(ty) else {
        return canonical_type(ty);
    };
    let one = (args.len() == 1).then(|| args[0]);
    match (name.as_str(), one) {
        ("String" | "str", _) => "string".into(),
        ("Cow", _) if args.is_empty() || canonical_type(args[0]) == "str" => "string".into(),
        ("i8" | "i16" | "i32" | "i64" | "i128" | "isize", _)
        | ("u8" | "u16" | "u32" | "u64" | "u128" | "usize", _) => "int".into(),
        ("f32" | "f64", _) => "float".into(),
        ("bool", _) => "bool".into(),
        ("Uuid", _) => "uuid".into(),
        (
            "DateTime" | "NaiveDateTime" | "SystemTime" | "OffsetDateTime" | "PrimitiveDateTime"
            | "Timestamp",
            _,
        ) => "timestamp".into(),
        ("NaiveDate" | "Date", _) => "date".into(),
        ("Json", _) => "json".into(),
        ("Value", _) if canonical_type(ty).contains("json") => "json".into(),
        ("Box" | "Arc" | "Rc", Some(inner)) => normalize(inner),
        ("Option", Some(inner)) => normalize(inner),
        ("Vec" | "VecDeque" | "HashSet" | "BTreeSet" | "SmallVec", Some(inner)) => {
            format!("array<{}>", normalize(inner))
        }
        _ => canonical_type(ty),
    }
}

/// Whether `ty` is a valid `ty = "..."` override: a [`NORMALIZED`] name or
/// `array<...>` of one.
pub fn is_valid_override(ty: &str) -> bool {
    match ty.strip_prefix("array<").and_then(|t| t.strip_suffix('>')) {
        Some(inner) => is_valid_override(inner),
        None => NORMALIZED.contains(&ty),
    }
}

/// Whether `ty` is a normalized type conduit knows (not a Rust path).
pub fn is_known(ty: &str) -> bool {
    is_valid_override(ty)
}

/// The value range of a Rust integer type (`u8` → `0..=255`), by its last
/// path segment; `None` for anything else. `isize`/`usize` count as 64-bit.
///
/// ```
/// use conduit_codegen::types::int_range;
/// assert_eq!(int_range("u8"), Some((0, 255)));
/// assert_eq!(int_range("std::primitive::i16"), Some((-32768, 32767)));
/// assert_eq!(int_range("String"), None);
/// ```
pub fn int_range(rust_type: &str) -> Option<(i128, i128)> {
    let last = rust_type.rsplit("::").next().unwrap_or(rust_type);
    Some(match last {
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" | "isize" => (i64::MIN.into(), i64::MAX.into()),
        "i128" => (i128::MIN, i128::MAX),
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" | "usize" => (0, u64::MAX.into()),
        "u128" => (0, i128::MAX),
        _ => return None,
    })
}

/// Whether values of this normalized type are text (for `email`, `url`, `pattern`).
pub fn is_text(normalized: &str) -> bool {
    matches!(normalized, "string" | "text" | "uuid")
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    #[test]
    fn canonical_spelling_ignores_token_spacing() {
        let a: syn::Type = parse_quote!(Option<Vec<u8>>);
        assert_eq!(canonical(&a), "Option<Vec<u8>>");
        let b: syn::Type = parse_quote!(&'static str);
        assert_eq!(canonical(&b), "&'static str");
        let c: syn::Type = parse_quote!(Box<dyn Fn(u8) -> u8>);
        assert_eq!(canonical(&c), "Box<dyn Fn(u8) -> u8>");
        let d: syn::Type = parse_quote!([u8; 16]);
        assert_eq!(canonical(&d), "[u8; 16]".replace("; ", ";"));
    }

    #[test]
    fn the_fast_spelling_is_the_token_spelling() {
        let types: Vec<syn::Type> = vec![
            parse_quote!(u64),
            parse_quote!(::core::primitive::u64),
            parse_quote!(crate::models::User),
            parse_quote!(Option<std::time::SystemTime>),
            parse_quote!(HashMap<String, Vec<Option<u8>>>),
            parse_quote!(r#type::r#Match<r#u8>),
            parse_quote!(Vec<u8,>),
            parse_quote!(Vec::<u8>),
            parse_quote!(Option<&'static str>),
            parse_quote!(Result<T, E>),
            parse_quote!(Foo<'a, T>),
            parse_quote!(Foo<N = u8>),
            parse_quote!(Foo<{ 3 }>),
            parse_quote!(Box<dyn Fn(u8) -> u8>),
            parse_quote!(<T as Trait>::Out),
            parse_quote!([u8; 4]),
            parse_quote!((u8, String)),
            parse_quote!(Vec<<T as Trait>::Out>),
        ];
        for ty in &types {
            assert_eq!(canonical_type(ty), canonical(ty), "{ty:?}");
            if let syn::Type::Path(p) = ty {
                assert_eq!(canonical_path(&p.path), canonical(&p.path), "{ty:?}");
            }
        }
    }

    #[test]
    fn normalization_covers_the_spec_types() {
        let cases: &[(syn::Type, &str)] = &[
            (parse_quote!(String), "string"),
            (parse_quote!(&'static str), "string"),
            (parse_quote!(u64), "int"),
            (parse_quote!(f32), "float"),
            (parse_quote!(bool), "bool"),
            (parse_quote!(uuid::Uuid), "uuid"),
            (parse_quote!(NaiveDateTime), "timestamp"),
            (parse_quote!(chrono::NaiveDate), "date"),
            (parse_quote!(serde_json::Value), "json"),
            (parse_quote!(Vec<String>), "array<string>"),
            (parse_quote!(Box<i32>), "int"),
            (parse_quote!(Status), "Status"),
        ];
        for (ty, want) in cases {
            assert_eq!(normalize(ty), *want, "{}", canonical(ty));
        }
    }

    #[test]
    fn option_is_detected_by_its_last_segment() {
        let t: syn::Type = parse_quote!(std::option::Option<String>);
        assert_eq!(option_inner(&t).map(canonical).as_deref(), Some("String"));
        assert!(option_inner(&parse_quote!(String)).is_none());
    }

    #[test]
    fn overrides_accept_known_names_and_arrays_of_them() {
        assert!(is_valid_override("text"));
        assert!(is_valid_override("array<uuid>"));
        assert!(!is_valid_override("txt"));
        assert!(!is_valid_override("array<txt>"));
    }
}
