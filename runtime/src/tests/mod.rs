//! Unit tests: every accessor on the sample schema, loading and refusing
//! blobs, the `const` path of generated code, and allocation-freedom.

mod accessors;
mod embedded;
mod generated_code;
mod loading;
mod no_alloc;
mod sizes;

use crate::{AlignedBytes, Registry};
use conduit_format::schema::Schema;

/// The sample blob of `conduit-testkit` (Comment, Post, User, analysed).
///
/// The testkit links the non-test build of this crate, so its `Registry`
/// is another type than ours: only bytes cross over.
pub(crate) fn sample_blob() -> &'static [u8] {
    conduit_testkit::blob()
}

/// The sample registry, loaded by this crate.
pub(crate) fn sample() -> Registry<'static> {
    match Registry::from_bytes(sample_blob()) {
        Ok(registry) => registry,
        Err(e) => panic!("the sample registry does not load: {e}"),
    }
}

/// A whole blob for `schema`, as `conduit-build` writes it.
pub(crate) fn encode(schema: &Schema) -> AlignedBytes {
    AlignedBytes::from_slice(&conduit_testkit::encode(schema))
}
