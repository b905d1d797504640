//! The functions a hook's body calls, for the metadata and the dependency graph.

use syn::visit::Visit;

/// Paths of the functions called in `block` (`helper(x)`, `text::slugify(t)`,
/// `Self::normalize(x)`), each once, in first-call order. Method calls and
/// macro invocations are not included.
///
/// ```
/// let f: syn::ItemFn = syn::parse_quote! {
///     fn hook(p: &mut Post) { p.slug = slugify(&p.title); audit::log(p); slugify(""); }
/// };
/// assert_eq!(conduit_codegen::calls::calls(&f.block), ["slugify", "audit::log"]);
/// ```
pub fn calls(block: &syn::Block) -> Vec<String> {
    let mut v = Calls(Vec::new());
    v.visit_block(block);
    v.0
}

struct Calls(Vec<String>);

impl<'ast> Visit<'ast> for Calls {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*call.func {
            let name = crate::types::canonical_path(&p.path);
            if !self.0.contains(&name) {
                self.0.push(name);
            }
        }
        syn::visit::visit_expr_call(self, call);
    }

    // Nested items are not part of this function's behaviour.
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}
