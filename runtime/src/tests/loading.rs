//! `Registry::from_bytes`: what it accepts and what it refuses.

use super::{encode, sample_blob};
use crate::{AlignedBytes, Error, HeaderError, Registry};

fn aligned(bytes: &[u8]) -> AlignedBytes {
    AlignedBytes::from_slice(bytes)
}

#[test]
fn a_well_formed_blob_loads() {
    let reg = Registry::from_bytes(sample_blob()).unwrap();
    assert_eq!(reg.len(), 3);
    let tiny = encode(&super::embedded::tiny_schema());
    assert_eq!(Registry::from_bytes(&tiny).unwrap().source_hash(), 7);
}

#[test]
fn truncated_blobs_are_refused() {
    let blob = sample_blob();
    assert_eq!(
        Registry::from_bytes(&blob[..10]).unwrap_err(),
        Error::Header(HeaderError::TooShort)
    );
    assert!(matches!(
        Registry::from_bytes(&blob[..blob.len() - 1]),
        Err(Error::Header(HeaderError::LengthMismatch { .. }))
    ));
    assert!(Registry::from_bytes(&[]).is_err());
}

#[test]
fn bad_magic_is_refused() {
    let mut blob = aligned(sample_blob());
    blob[0] = b'X';
    assert_eq!(
        Registry::from_bytes(&blob).unwrap_err(),
        Error::Header(HeaderError::BadMagic)
    );
}

#[test]
fn another_layout_is_refused() {
    let mut blob = aligned(sample_blob());
    blob[8] ^= 1;
    let err = Registry::from_bytes(&blob).unwrap_err();
    assert!(matches!(
        err,
        Error::Header(HeaderError::FingerprintMismatch { .. })
    ));
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn a_misaligned_payload_is_refused() {
    let blob = sample_blob();
    for offset in 1..16 {
        let buffer = aligned(&[&vec![0; offset][..], blob].concat());
        let err = Registry::from_bytes(&buffer[offset..]).unwrap_err();
        assert!(matches!(err, Error::Misaligned { .. }), "{err}");
        assert!(err.to_string().contains("16-byte aligned"));
    }
}

#[test]
fn a_corrupt_archive_is_refused() {
    let blob = sample_blob();
    // Flip every byte of the root (the end of the payload) in turn: each
    // change must either still validate or be reported, never crash.
    let mut refused = 0;
    for back in 1..=32 {
        let mut bytes = aligned(blob);
        let at = bytes.len() - back;
        bytes[at] ^= 0xa5;
        // Past the checksum, to the validation behind it.
        conduit_format::envelope::reseal(&mut bytes);
        match Registry::from_bytes(&bytes) {
            Err(Error::InvalidArchive(message)) => {
                assert!(!message.is_empty());
                refused += 1;
            }
            Err(other) => panic!("unexpected error {other}"),
            Ok(reg) => {
                let _ = reg.resources().map(|r| r.fields().count()).sum::<usize>();
            }
        }
    }
    assert!(refused > 0);
}

#[test]
fn a_payload_of_zeros_is_refused() {
    let blob = aligned(
        &[
            &conduit_format::Header::for_payload(&[0; 64])
                .unwrap()
                .encode()[..],
            &[0u8; 64],
        ]
        .concat(),
    );
    // All zeros happen to be a valid empty schema or an invalid one; either
    // way, no undefined behaviour and no panic.
    if let Ok(reg) = Registry::from_bytes(&blob) {
        assert!(reg.is_empty());
    }
    let blob = aligned(
        &[
            &conduit_format::Header::for_payload(&[0; 4])
                .unwrap()
                .encode()[..],
            &[0u8; 4],
        ]
        .concat(),
    );
    assert!(matches!(
        Registry::from_bytes(&blob),
        Err(Error::InvalidArchive(_))
    ));
}

#[test]
fn errors_display_their_cause() {
    let err = Error::from(HeaderError::BadMagic);
    assert_eq!(
        err.to_string(),
        "invalid conduit registry: not a conduit registry (bad magic bytes)"
    );
    assert_eq!(
        Error::InvalidArchive("boom".into()).to_string(),
        "invalid conduit registry archive: boom"
    );
    assert!(std::error::Error::source(&Error::InvalidArchive(String::new())).is_none());
}
