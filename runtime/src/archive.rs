//! Turning blob bytes into the archived schema: trusted for the blob embedded
//! by `conduit-build`, validated for bytes read at run time.
//!
//! This is the only module of the crate allowed to use `unsafe`.

use crate::__private::Aligned;
use crate::Error;
use conduit_format::header::{HEADER_LEN, PAYLOAD_ALIGN};
use conduit_format::schema::ArchivedSchema;
use conduit_format::{Header, HeaderError};
use core::mem::{align_of, size_of};
use rkyv::rancor::BoxedError;

// The wrapper generated code embeds blobs in gives the payload the alignment
// the format requires (the header's length is a multiple of it).
const _: () = assert!(align_of::<Aligned<[u8; 0]>>() == PAYLOAD_ALIGN);

/// Why an embedded blob was refused (a compile error, see
/// [`crate::__private::registry`]).
pub(crate) enum EmbedError {
    /// The header did not check out.
    Header(HeaderError),
    /// The payload is too short to hold the root of the archive.
    TooShort,
}

/// The payload of a blob embedded by `conduit-build`, trusted without
/// validation.
///
/// It can only be built by [`Embedded::new`], from a 16-byte aligned blob
/// whose header names this exact format.
#[derive(Clone, Copy)]
pub(crate) struct Embedded(&'static [u8]);

impl Embedded {
    /// Checks the header of an embedded blob and keeps its payload.
    ///
    /// # Safety
    ///
    /// `blob` must be the bytes `conduit-build` wrote (and validated) for
    /// this crate, as embedded by the code it generated: the payload is then
    /// read without validation.
    pub(crate) const unsafe fn new(blob: &'static Aligned<[u8]>) -> Result<Self, EmbedError> {
        if let Err(e) = Header::check(&blob.0) {
            return Err(EmbedError::Header(e));
        }
        match blob.0.split_at_checked(HEADER_LEN) {
            Some((_, payload)) if payload.len() >= size_of::<ArchivedSchema>() => {
                Ok(Embedded(payload))
            }
            _ => Err(EmbedError::TooShort),
        }
    }

    /// The archived schema, read in place.
    #[inline]
    pub(crate) fn schema(self) -> &'static ArchivedSchema {
        // SAFETY: `Embedded` is only built by the `unsafe fn Embedded::new`,
        // whose caller (`__private::registry`, itself `unsafe`, called only by
        // the code `conduit-build` generates) promises the blob is the one
        // generated code embeds; safe code cannot build one. So:
        // - the payload is exactly what `conduit-build` wrote with
        //   `rkyv::to_bytes::<Schema>` (root at the end) after validating it
        //   with `rkyv::access::<ArchivedSchema, _>`;
        // - the header, checked at compile time by `__private::registry`,
        //   proves the blob is conduit-build output in this exact format
        //   (magic, format version, layout fingerprint of every archived type,
        //   payload length), so the validated layout is the one read here, and
        //   the payload is at least as long as the root;
        // - the blob is a `&'static Aligned<[u8]>` (`repr(align(16))`) and the
        //   header is 32 bytes long, so the payload is 16-byte aligned, which
        //   covers the alignment of every archived type;
        // - the bytes are `'static` and immutable.
        unsafe { rkyv::access_unchecked::<ArchivedSchema>(self.0) }
    }
}

/// Checks a whole blob (header, checksum, payload alignment, archive, and the
/// consistency of its tables) and returns its archived schema.
pub(crate) fn validate(bytes: &[u8]) -> Result<&ArchivedSchema, Error> {
    // The cheap checks first: header fields, then alignment, then the
    // checksum (one pass over the payload), then the archive.
    Header::check(bytes)?;
    let payload = bytes.get(HEADER_LEN..).unwrap_or_default();
    let address = payload.as_ptr().addr();
    if address % PAYLOAD_ALIGN != 0 {
        return Err(Error::Misaligned { address });
    }
    Header::verify(bytes)?;
    let schema = rkyv::access::<ArchivedSchema, BoxedError>(payload)
        .map_err(|e| Error::InvalidArchive(e.to_string()))?;
    crate::consistency::check(schema).map_err(Error::InvalidArchive)?;
    Ok(schema)
}

#[cfg(test)]
mod tests {
    #[test]
    fn include_registry_includes_the_file_the_build_step_writes() {
        // `include_registry!` needs a literal in `concat!`: pin it to the one
        // definition of the path.
        let literal = format!("\"/{}\"", conduit_format::generated::SOURCE_FILE);
        assert!(include_str!("lib.rs").contains(&literal), "{literal}");
    }
}
