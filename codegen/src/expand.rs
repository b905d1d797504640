//! The derive's output: the `Resource` impl bound to the generated registry,
//! the freshness check, and the type checks the compiler can do for us.

use crate::ast::{HookDef, ResourceDef};
use crate::ctxt::Ctxt;
use crate::fingerprint::fingerprint;
use conduit_format::generated;
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

/// Where the derive learns whether the build step ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuildStep {
    /// `OUT_DIR/conduit/registry.rs` exists: the registry can be referenced.
    Present,
    /// The crate has no build script (`OUT_DIR` is unset).
    NoBuildScript,
    /// The crate has a build script, but it did not run conduit's build step.
    NotRun,
}

impl BuildStep {
    /// Inspects the environment of the running compiler.
    pub fn detect() -> Self {
        match std::env::var_os("OUT_DIR") {
            None => BuildStep::NoBuildScript,
            Some(dir)
                if std::path::Path::new(&dir)
                    .join(conduit_format::generated::SOURCE_FILE)
                    .is_file() =>
            {
                BuildStep::Present
            }
            Some(_) => BuildStep::NotRun,
        }
    }
}

/// The whole derive: parse, check, expand. Never panics; mistakes become
/// `compile_error!`s next to a stub impl so they do not cascade.
///
/// ```
/// use conduit_codegen::{derive_resource, BuildStep};
/// let out = derive_resource(quote::quote!(struct Post { #[field(primry)] id: u64 }), BuildStep::Present);
/// assert!(out.to_string().contains("did you mean `primary`"));
/// ```
pub fn derive_resource(input: TokenStream, step: BuildStep) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let cx = Ctxt::new();
    let def = crate::attr::parse_resource(&cx, &input);
    match (cx.finish(), def) {
        (Ok(()), Some(def)) => expand(&def, step),
        (Err(e), _) => {
            let mut out = e.to_compile_error();
            out.extend(stub(&input.ident, &input.generics));
            out
        }
        (Ok(()), None) => stub(&input.ident, &input.generics),
    }
}

/// An impl that satisfies the trait without data, emitted beside errors so
/// that they do not cascade (generics kept, although they are themselves an error).
fn stub(ident: &syn::Ident, generics: &syn::Generics) -> TokenStream {
    let name = ident.to_string();
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::conduit::Resource for #ident #ty_generics #where_clause {
            const NAME: &'static str = #name;
            fn meta() -> ::conduit::ResourceRef<'static> {
                ::core::unreachable!("a `compile_error!` above stops this crate from building")
            }
        }
    }
}

/// The expansion for a valid resource: one `const _` block holding the
/// registry binding and the type checks.
///
/// What it costs the compiler, per derive, is what `cargo build` of a crate
/// with thousands of resources spends most of its time on (PERFORMANCE.md,
/// "Derive cost"): so the registry check is one call with no message text
/// (the runtime writes the messages), `meta` is `#[inline]` (not compiled
/// unless called), and the type checks are calls of `const fn`s evaluated
/// in the block (not a closure to type-check and borrow-check).
pub fn expand(def: &ResourceDef, step: BuildStep) -> TokenStream {
    let ident = &def.ident;
    let checks = type_checks(def);
    match step {
        BuildStep::Present => registry_binding(def, checks),
        BuildStep::NoBuildScript => build_step_error(
            ident.span(),
            "`#[derive(Resource)]` needs conduit's build step, but this crate has no build script: add `conduit-build` to `[build-dependencies]`, create `build.rs` with `fn main() { conduit_build::Builder::new().scan(\"src\").build().unwrap_or_else(|e| e.exit()); }`, and call `conduit::include_registry!();` at the crate root",
            ident,
            checks,
        ),
        BuildStep::NotRun => build_step_error(
            ident.span(),
            "`#[derive(Resource)]` needs conduit's build step, but this crate's build.rs did not run it: call `conduit_build::Builder::new().scan(\"src\").build().unwrap_or_else(|e| e.exit());` from `build.rs`, and `conduit::include_registry!();` at the crate root",
            ident,
            checks,
        ),
    }
}

fn build_step_error(span: Span, msg: &str, ident: &syn::Ident, checks: TokenStream) -> TokenStream {
    let mut out = quote_spanned!(span=> ::core::compile_error!(#msg););
    out.extend(stub(ident, &syn::Generics::default()));
    out.extend(quote! {
        #[doc(hidden)]
        const _: () = { #checks };
    });
    out
}

fn registry_binding(def: &ResourceDef, checks: TokenStream) -> TokenStream {
    let ident = &def.ident;
    let name = &def.name.value;
    let fp = fingerprint(def);
    let span = def.name.span;
    let module = syn::Ident::new(generated::MODULE, span);
    let table = syn::Ident::new(generated::RESOURCES, span);
    let registry = syn::Ident::new(generated::REGISTRY, span);
    quote_spanned! {span=>
        #[doc(hidden)]
        const _: () = {
            const __CONDUIT_INDEX: usize =
                ::conduit::__private::resource_index(crate::#module::#table, #name, #fp);
            #[automatically_derived]
            impl ::conduit::Resource for #ident {
                const NAME: &'static str = #name;
                #[inline]
                fn meta() -> ::conduit::ResourceRef<'static> {
                    ::conduit::__private::resource_at(&crate::#registry, __CONDUIT_INDEX)
                }
            }
            // Evaluated with the block, whether `meta` is ever called or not.
            let _ = __CONDUIT_INDEX;
            #checks
        };
    }
}

/// `Self` in a user path means the struct; inside our `const _` it would not.
fn replace_self(path: &syn::Path, ident: &syn::Ident) -> syn::Path {
    let mut path = path.clone();
    if let Some(first) = path.segments.first_mut() {
        if first.ident == "Self" {
            first.ident = syn::Ident::new(&ident.to_string(), first.ident.span());
        }
    }
    path
}

fn type_checks(def: &ResourceDef) -> TokenStream {
    let ident = &def.ident;
    let mut out = TokenStream::new();
    let targets = def
        .relationships
        .iter()
        .map(|r| &r.target)
        .chain(def.nested_under.as_ref());
    for target in targets {
        let target = replace_self(target, ident);
        let span = target.span();
        out.extend(quote_spanned! {span=> ::conduit::__private::assert_resource::<#target>(); });
    }
    for hook in &def.hooks {
        out.extend(hook_check(hook, ident));
    }
    out
}

fn hook_check(hook: &HookDef, ident: &syn::Ident) -> TokenStream {
    let function = replace_self(&hook.function, ident);
    let span = function.span();
    let checker = match (hook.kind.is_before(), hook.is_async) {
        (true, false) => quote_spanned!(span=> before_hook),
        (false, false) => quote_spanned!(span=> after_hook),
        (true, true) => quote_spanned!(span=> async_before_hook),
        (false, true) => quote_spanned!(span=> async_after_hook),
    };
    quote_spanned! {span=> ::conduit::__private::#checker::<#ident, _, _>(#function); }
}
