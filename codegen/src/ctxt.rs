//! Collects every attribute mistake of one item so the user sees them all in one build.

use proc_macro2::Span;
use std::cell::RefCell;
use std::fmt::Display;

/// An error sink shared by the parsing and checking stages (serde's `Ctxt`).
///
/// Mistakes are reported and skipped, never returned early; [`Ctxt::finish`]
/// combines them into one `syn::Error` carrying every span.
///
/// ```
/// use conduit_codegen::Ctxt;
/// let cx = Ctxt::new();
/// cx.error(proc_macro2::Span::call_site(), "first");
/// cx.error(proc_macro2::Span::call_site(), "second");
/// let err = cx.finish().unwrap_err();
/// assert_eq!(err.into_iter().count(), 2);
/// ```
#[derive(Default)]
pub struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    /// An empty context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error at `span`.
    pub fn error(&self, span: Span, msg: impl Display) {
        self.errors.borrow_mut().push(syn::Error::new(span, msg));
    }

    /// Records an error from a `syn` parser.
    pub fn syn_error(&self, err: syn::Error) {
        self.errors.borrow_mut().push(err);
    }

    /// Whether any error was recorded so far.
    pub fn has_errors(&self) -> bool {
        !self.errors.borrow().is_empty()
    }

    /// `Ok(())` if nothing was recorded, else every error combined.
    pub fn finish(self) -> Result<(), syn::Error> {
        let mut errors = self.errors.into_inner().into_iter();
        let Some(mut first) = errors.next() else {
            return Ok(());
        };
        for e in errors {
            first.combine(e);
        }
        Err(first)
    }
}
