//! The `const` path of generated code: a `static` registry over an embedded
//! blob and a perfect-hash index, and the compile-time header check.

use crate::__private::{Aligned, PerfectHash, registry, resource_at, resource_index};
use crate::{Registry, Resource, ResourceRef};
use conduit_format::Header;
use conduit_format::header::HEADER_LEN;
use conduit_format::schema::{Field, Location, Resource as RawResource, Schema};

/// The schema whose archive is [`PAYLOAD`] (checked by
/// `the_payload_is_the_archive_of_the_tiny_schema`).
pub(super) fn tiny_schema() -> Schema {
    Schema {
        version: "1.0.0".into(),
        source_hash: 7,
        files: vec!["src/lib.rs".into()],
        resources: vec![RawResource {
            name: "Post".into(),
            table: "posts".into(),
            path: "/posts".into(),
            fields: vec![Field {
                name: "id".into(),
                ty: "uuid".into(),
                rust_type: "Uuid".into(),
                flags: conduit_format::schema::FieldFlags {
                    primary: true,
                    ..Default::default()
                },
                location: Location {
                    file: 0,
                    line: 4,
                    column: 5,
                },
                ..Field::default()
            }],
            location: Location {
                file: 0,
                line: 2,
                column: 1,
            },
            fingerprint: 0x1234,
            ..RawResource::default()
        }],
        ..Schema::default()
    }
}

/// Prints [`PAYLOAD`] for `tiny_schema()`: after a format change, run
/// `cargo test -p conduit print_payload -- --ignored --nocapture` and paste
/// the output over the literal.
#[test]
#[ignore = "a generator for PAYLOAD, not a test"]
fn print_payload() {
    let bytes = conduit_format::strings::to_bytes(&tiny_schema()).unwrap();
    println!("PAYLOAD [u8; {}]", bytes.len());
    for chunk in bytes.chunks(16) {
        let line: Vec<String> = chunk.iter().map(|b| format!("{b:#04x}")).collect();
        println!("    {},", line.join(", "));
    }
}

/// `conduit_format::strings::to_bytes(&tiny_schema())`, as a literal so that it can be embedded
/// in a `static`, as `include_bytes!` does in generated code.
#[rustfmt::skip]
const PAYLOAD: [u8; 456] = [
    0x73, 0x72, 0x63, 0x2f, 0x6c, 0x69, 0x62, 0x2e, 0x72, 0x73, 0x00, 0x00, 0x8a, 0x00, 0x00, 0x00,
    0xf4, 0xff, 0xff, 0xff, 0x11, 0x00, 0x00, 0x02, 0x0f, 0x00, 0x00, 0x04, 0x13, 0x00, 0x00, 0x04,
    0x02, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x05, 0x00, 0x00, 0x04,
    0x09, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x05, 0x09, 0x00, 0x00, 0x06, 0x09, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0xbc, 0xff, 0xff, 0xff, 0x01, 0x00, 0x00, 0x00,
    0xdc, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xd4, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
    0xcc, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xc4, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
    0xbc, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xb4, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
    0xff, 0xff, 0xff, 0xff, 0xa8, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xa0, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x00, 0x00, 0x98, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x31, 0x2e, 0x30, 0x2e, 0x30, 0x50, 0x6f, 0x73, 0x74, 0x2f, 0x70, 0x6f,
    0x73, 0x74, 0x73, 0x55, 0x75, 0x69, 0x64, 0x75, 0x75, 0x69, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x0c, 0xff, 0xff, 0xff, 0x01, 0x00, 0x00, 0x00, 0x34, 0xff, 0xff, 0xff, 0x01, 0x00, 0x00, 0x00,
    0xc0, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xb8, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
    0xb0, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xa8, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
    0xa0, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x00, 0x00, 0x8c, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x84, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x00, 0x00, 0x7c, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x74, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x00, 0x00, 0x6c, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x64, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x00, 0x00, 0x5c, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x54, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x00, 0x00, 0x4c, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x44, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x00, 0x00, 0x3c, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x30, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x24, 0xff, 0xff, 0xff,
    0x01, 0x00, 0x00, 0x00, 0x97, 0x00, 0x00, 0x00, 0x20, 0xff, 0xff, 0xff, 0x30, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
];

const LEN: usize = PAYLOAD.len();

/// Header and payload, as `conduit-build` writes the blob.
const fn blob<const N: usize, const M: usize>(payload: &[u8; N]) -> [u8; M] {
    let header = Header::new(N as u32, conduit_format::hash::checksum(payload)).encode();
    let mut out = [0u8; M];
    let mut i = 0;
    while i < M {
        out[i] = if i < HEADER_LEN {
            header[i]
        } else {
            payload[i - HEADER_LEN]
        };
        i += 1;
    }
    out
}

// What `include_registry!` brings in, with a one-key perfect-hash map written
// by hand (two buckets with the first pilot, one slot: every key hashes to
// entry 0; a test checks it against what `phash::build` writes).
// (The embedded path does not verify the checksum: that is left to
// `from_bytes`, for bytes that generated code did not embed.)
#[allow(unsafe_code)]
static REGISTRY: Registry<'static> =
    // SAFETY: `BLOB` is a header this runtime accepts followed by
    // `conduit_format::strings::to_bytes(&tiny_schema())`, as conduit-build
    // writes it.
    unsafe { registry(&__conduit_registry::BLOB, &__conduit_registry::INDEX) };

mod __conduit_registry {
    use super::*;

    pub static BLOB: Aligned<[u8; HEADER_LEN + LEN]> =
        Aligned(blob::<LEN, { HEADER_LEN + LEN }>(&PAYLOAD));
    pub static INDEX: PerfectHash<'static> = PerfectHash {
        seed: conduit_format::phash::SEED,
        shift: 63,
        pilots: &[0x4a84_cc8e_e2f7_d2bf, 0x4a84_cc8e_e2f7_d2bf],
        entries: &[(POST_WORDS.0, POST_WORDS.1, 4, 0)],
        long: &[],
    };
    pub const RESOURCES: &[(u64, usize, &str)] = &[(0x1234, 0, "Post")];
    /// "Post" as the index stores it: its 4 bytes read twice, little endian.
    pub const POST_WORDS: (u64, u64) = (0x7473_6f50, 0x7473_6f50);
}

#[test]
fn the_hand_written_index_is_the_one_build_writes() {
    let table = conduit_format::phash::build(&["Post"]);
    let parts = table.parts(&["Post"]);
    assert_eq!(table.seed, __conduit_registry::INDEX.seed);
    assert_eq!(table.shift, __conduit_registry::INDEX.shift);
    assert_eq!(table.pilots, __conduit_registry::INDEX.pilots);
    assert_eq!(parts.entries, __conduit_registry::INDEX.entries);
    assert_eq!(__conduit_registry::INDEX.get("Post"), Some(0));
    assert_eq!(__conduit_registry::INDEX.get("Pos"), None);
}

// What `#[derive(Resource)] struct Post` expands to.
struct Post;

const _: () = {
    const __INDEX: usize = resource_index(__conduit_registry::RESOURCES, "Post", 0x1234);
    impl Resource for Post {
        const NAME: &'static str = "Post";
        fn meta() -> ResourceRef<'static> {
            resource_at(&REGISTRY, __INDEX)
        }
    }
};

#[test]
fn the_payload_is_the_archive_of_the_tiny_schema() {
    let bytes = conduit_format::strings::to_bytes(&tiny_schema()).unwrap();
    assert_eq!(
        bytes.as_slice(),
        PAYLOAD.as_slice(),
        "the archived layout changed: regenerate PAYLOAD from tiny_schema()"
    );
}

#[test]
fn a_static_registry_answers_queries() {
    assert_eq!(REGISTRY.version(), "1.0.0");
    assert_eq!(REGISTRY.source_hash(), 7);
    assert_eq!(REGISTRY.len(), 1);
    let post = REGISTRY.resource("Post").unwrap();
    assert_eq!(post.table(), "posts");
    assert_eq!(post.location().to_string(), "src/lib.rs:2:1");
    let id = post.field("id").unwrap();
    assert!(id.primary());
    assert_eq!(id.location().to_string(), "src/lib.rs:4:5");
    assert!(REGISTRY.resource("Comment").is_none());
    assert!(REGISTRY.resource("").is_none());
    assert_eq!(REGISTRY.resources().next(), Some(post));
    assert_eq!(
        format!("{REGISTRY:?}"),
        r#"Registry { version: "1.0.0", resources: 1 }"#
    );
}

#[test]
fn typed_access_reads_the_same_record() {
    assert_eq!(Post::NAME, "Post");
    assert_eq!(Post::meta(), REGISTRY.resource("Post").unwrap());
    crate::__private::assert_resource::<Post>();
}

#[test]
fn static_and_validated_registries_agree() {
    let validated = Registry::from_bytes(&__conduit_registry::BLOB.0).unwrap();
    assert_eq!(validated.version(), REGISTRY.version());
    let (a, b) = (validated.resource("Post").unwrap(), Post::meta());
    // The same archived record, read in place through either path.
    assert_eq!(a, b);
}

#[test]
#[should_panic(expected = "out of sync")]
fn a_resource_position_out_of_range_is_reported() {
    let _ = resource_at(&REGISTRY, 1);
}

// `registry` runs in the initializer of a `static`, where these panics are
// compile errors; called at run time, they are ordinary panics.

static NO_INDEX: PerfectHash<'static> = PerfectHash::EMPTY;

/// Calls `registry` on a blob whose header it refuses before reading any
/// payload byte.
#[allow(unsafe_code)]
fn refuse(blob: &'static Aligned<[u8]>) {
    // SAFETY: every blob given here has a header that `registry` refuses
    // (it panics), so no payload byte is read unchecked.
    let _ = unsafe { registry(blob, &NO_INDEX) };
}

const fn header_with(fingerprint: u64, format_version: u32, payload_len: u32) -> [u8; HEADER_LEN] {
    Header {
        fingerprint,
        format_version,
        payload_len,
        checksum: 0,
    }
    .encode()
}

const GOOD: Header = Header::new(0, 0);

#[test]
#[should_panic(expected = "shorter than its header")]
fn a_blob_shorter_than_a_header_is_refused() {
    static BLOB: Aligned<[u8; 8]> = Aligned(*b"CONDUIT\0");
    refuse(&BLOB);
}

#[test]
#[should_panic(expected = "not a conduit registry (bad magic bytes)")]
fn a_blob_with_bad_magic_is_refused() {
    static BLOB: Aligned<[u8; 64]> = Aligned([0; 64]);
    refuse(&BLOB);
}

#[test]
#[should_panic(expected = "(format version mismatch)")]
fn a_blob_of_another_format_version_is_refused() {
    static BLOB: Aligned<[u8; 32]> = Aligned(header_with(GOOD.fingerprint, 99, 0));
    refuse(&BLOB);
}

#[test]
#[should_panic(expected = "(format fingerprint mismatch)")]
fn a_blob_of_another_layout_is_refused() {
    static BLOB: Aligned<[u8; 32]> = Aligned(header_with(1, GOOD.format_version, 0));
    refuse(&BLOB);
}

#[test]
#[should_panic(expected = "length does not match its header")]
fn a_truncated_blob_is_refused() {
    static BLOB: Aligned<[u8; 32]> = Aligned(header_with(GOOD.fingerprint, GOOD.format_version, 4));
    refuse(&BLOB);
}

#[test]
#[should_panic(expected = "too short to hold a schema")]
fn a_payload_smaller_than_the_root_is_refused() {
    static BLOB: Aligned<[u8; 32]> = Aligned(GOOD.encode());
    refuse(&BLOB);
}
