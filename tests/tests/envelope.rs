//! The blob envelope on the blog's real blob: its checksum catches a changed
//! byte anywhere in the payload, here inside a string the runtime would
//! otherwise display as data.

use conduit::{Error, HeaderError, Operation, Registry};
use conduit_format::envelope::{AlignedBlob, reseal};
use conduit_format::header::HEADER_LEN;

fn blog_blob() -> AlignedBlob {
    let mut blob = AlignedBlob::new();
    blob.extend_from_slice(&blog::__conduit_registry::BLOB.0);
    blob
}

/// The offset of the first occurrence of `needle` in the payload.
fn find(blob: &[u8], needle: &[u8]) -> usize {
    HEADER_LEN
        + blob[HEADER_LEN..]
            .windows(needle.len())
            .position(|w| w == needle)
            .expect("the string is in the blob")
}

#[test]
fn the_real_blob_loads() {
    let blob = blog_blob();
    assert_eq!(
        Registry::from_bytes(&blob).unwrap().len(),
        blog::REGISTRY.len()
    );
}

#[test]
fn one_changed_byte_inside_a_string_is_refused() {
    let mut blob = blog_blob();
    // A middleware string: changing a letter keeps the archive well formed.
    let at = find(&blob, b"rate_limit");
    blob[at] = b'R';
    match Registry::from_bytes(&blob) {
        Err(Error::Header(HeaderError::ChecksumMismatch { .. })) => {}
        other => panic!("a changed string byte must be refused: {other:?}"),
    }
    // The same bytes with a matching checksum load and show the change: the
    // checksum, not the archive validation, is what refused them.
    reseal(&mut blob);
    let registry = Registry::from_bytes(&blob).expect("well formed");
    let ops = [
        Operation::List,
        Operation::Show,
        Operation::Create,
        Operation::Update,
        Operation::Delete,
    ];
    let shown = registry.resources().any(|r| {
        ops.iter()
            .any(|&op| r.middleware(op).any(|m| m.starts_with("Rate_limit")))
            || r.routes()
                .any(|route| route.middleware().any(|m| m.starts_with("Rate_limit")))
    });
    assert!(shown, "the changed byte is in a middleware string");
}
