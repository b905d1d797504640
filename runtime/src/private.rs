//! Support for generated code (`include_registry!`, `#[derive(Resource)]`).
//!
//! For generated code only, not public API: anything here may change in any
//! release.

use crate::archive::{EmbedError, Embedded};
use crate::{Registry, Resource, ResourceRef};
use conduit_format::HeaderError;
use conduit_format::schema::ArchivedSchema;
use core::future::Future;
use std::sync::OnceLock;

pub use conduit_format::phash::PerfectHash;
/// `phf`, which the index of resource names used up to 0.2: superseded by
/// [`PerfectHash`] (its SipHash-1-3 cost 200 instructions per lookup, see
/// PERFORMANCE.md); kept for generated code of other tools.
pub use phf;

/// Aligns its contents to 16 bytes, so that an embedded blob's payload (after
/// the 32-byte header) meets the archive's alignment.
///
/// ```
/// use conduit::__private::Aligned;
/// static BYTES: Aligned<[u8; 4]> = Aligned([1, 2, 3, 4]);
/// let unsized_: &Aligned<[u8]> = &BYTES;
/// assert_eq!(unsized_.0.as_ptr().addr() % 16, 0);
/// ```
#[repr(C, align(16))]
pub struct Aligned<T: ?Sized>(pub T);

/// The registry of the blob embedded by `conduit-build`; generated code calls
/// it in the initializer of `REGISTRY`.
///
/// It checks the blob's header at compile time: a blob from an incompatible
/// `conduit-build` is a compile error. The payload itself is trusted, without
/// validation: the build script validated it before writing it.
///
/// # Safety
///
/// `blob` must be the blob `conduit-build` wrote to `OUT_DIR` for this crate,
/// embedded unchanged by the code it generated (`include_bytes!` of
/// [`conduit_format::generated::BLOB_FILE`]). Any other bytes may be misread
/// as pointers: use [`Registry::from_bytes`], which validates, or
/// [`checked_registry`], which validates on first use.
///
/// # Panics
///
/// (At compile time, in the static's initializer.) If the header is refused.
///
/// ```
/// use conduit::__private::{Aligned, PerfectHash, registry};
/// static BLOB: Aligned<[u8; 32]> = Aligned([0; 32]);
/// static INDEX: PerfectHash<'static> = PerfectHash::EMPTY;
/// // `static REGISTRY: conduit::Registry = unsafe { registry(&BLOB, &INDEX) };`
/// // does not compile: the header is all zeros.
/// // SAFETY: not sound for these bytes, but the header check refuses them
/// // before any payload byte is read.
/// assert!(std::panic::catch_unwind(|| unsafe { registry(&BLOB, &INDEX) }).is_err());
/// ```
// The one `unsafe fn` outside `archive`: its contract is what lets generated
// code skip validation; the unchecked read itself stays in `archive`.
#[allow(unsafe_code)]
pub const unsafe fn registry(
    blob: &'static Aligned<[u8]>,
    index: &'static PerfectHash<'static>,
) -> Registry<'static> {
    // SAFETY: forwarded from this function's own contract.
    match unsafe { Embedded::new(blob) } {
        Ok(payload) => Registry::embedded(payload, index),
        Err(EmbedError::Header(HeaderError::TooShort)) => panic!(
            "conduit: the registry blob is shorter than its header; \
             run `cargo clean -p <your crate>` and rebuild"
        ),
        Err(EmbedError::Header(HeaderError::BadMagic)) => panic!(
            "conduit: the embedded registry blob is not a conduit registry (bad magic bytes); \
             run `cargo clean -p <your crate>` and rebuild"
        ),
        Err(EmbedError::Header(HeaderError::VersionMismatch { .. })) => panic!(
            "conduit: the registry blob was written by an incompatible conduit-build \
             (format version mismatch); run `cargo clean -p <your crate>` and make conduit \
             and conduit-build the same version"
        ),
        Err(EmbedError::Header(HeaderError::FingerprintMismatch { .. })) => panic!(
            "conduit: the registry blob was written by an incompatible conduit-build \
             (format fingerprint mismatch); run `cargo clean -p <your crate>` and make conduit \
             and conduit-build the same version"
        ),
        Err(EmbedError::Header(HeaderError::ChecksumMismatch { .. })) => panic!(
            "conduit: the embedded registry blob's checksum does not match; \
             run `cargo clean -p <your crate>` and rebuild"
        ),
        Err(EmbedError::Header(HeaderError::LengthMismatch { .. })) => panic!(
            "conduit: the registry blob's length does not match its header (truncated or \
             padded file); run `cargo clean -p <your crate>` and rebuild"
        ),
        Err(EmbedError::TooShort) => panic!(
            "conduit: the registry blob's payload is too short to hold a schema; \
             run `cargo clean -p <your crate>` and rebuild"
        ),
    }
}

/// Where a registry that generated code could not trust without `unsafe`
/// keeps its schema once validated (see [`checked_registry`]).
pub struct Checked(pub(crate) OnceLock<&'static ArchivedSchema>);

impl Checked {
    /// An empty cell, for a `static`.
    pub const fn new() -> Self {
        Checked(OnceLock::new())
    }
}

impl Default for Checked {
    fn default() -> Self {
        Self::new()
    }
}

/// The registry of an embedded blob, for crates that forbid unsafe code
/// (`Builder::no_link_section()`): safe to call with any bytes, because the
/// blob is validated in full ([`Registry::from_bytes`]'s checks) on the first
/// query and the result kept in `cell`. Later queries read the cell (one
/// atomic load), never a lock.
///
/// # Panics
///
/// On the first query, if the blob does not validate — which the build step's
/// own validation rules out for the blob it embedded.
///
/// ```
/// use conduit::__private::{Aligned, Checked, PerfectHash, checked_registry};
/// static BLOB: Aligned<[u8; 32]> = Aligned([0; 32]);
/// static INDEX: PerfectHash<'static> = PerfectHash::EMPTY;
/// static CHECKED: Checked = Checked::new();
/// static REGISTRY: conduit::Registry = checked_registry(&BLOB, &INDEX, &CHECKED);
/// assert!(std::panic::catch_unwind(|| REGISTRY.len()).is_err());
/// ```
pub const fn checked_registry(
    blob: &'static Aligned<[u8]>,
    index: &'static PerfectHash<'static>,
    cell: &'static Checked,
) -> Registry<'static> {
    Registry::checked(blob, index, cell)
}

/// Whether two strings have the same bytes, in `const` contexts.
const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The position of resource `name` in the registry, from `table` (the
/// generated `RESOURCES`: `(fingerprint, position, name)` sorted by
/// fingerprint), checking at compile time that the registry knows the
/// resource and describes the same struct.
///
/// The derive passes the fingerprint it computed from the struct: a hit is
/// a binary search over integers and one name comparison, the cheapest
/// check for the compiler's interpreter to run once per derive. Only on a
/// miss is the table searched by name, to tell a missing resource from a
/// stale one.
///
/// # Panics
///
/// (At compile time, in the derive's constant.) If `name` is not in
/// `table`, or if its fingerprint differs: each with a message naming the
/// resource and saying what to do.
///
/// ```
/// use conduit::__private::resource_index;
/// const TABLE: &[(u64, usize, &str)] = &[(2, 1, "Post"), (7, 0, "Comment")];
/// const POST: usize = resource_index(TABLE, "Post", 2);
/// assert_eq!(POST, 1);
/// ```
pub const fn resource_index(table: &[(u64, usize, &str)], name: &str, fingerprint: u64) -> usize {
    let (mut lo, mut hi) = (0, table.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if table[mid].0 < fingerprint {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if lo < table.len() && table[lo].0 == fingerprint && same_str(table[lo].2, name) {
        return table[lo].1;
    }
    let mut i = 0;
    while i < table.len() {
        if same_str(table[i].2, name) {
            panic_naming(
                "conduit: the registry generated by build.rs describes a different version of `",
                name,
                "` than this source; rebuild (build.rs must scan this file), and keep `cfg(test)` \
                 and other attributes the build script cannot evaluate out of the resource's definition",
            )
        }
        i += 1;
    }
    panic_naming(
        "conduit: `",
        name,
        "` derives `Resource` but the registry generated by build.rs does not contain it; make \
         sure `Builder::scan` covers the file that defines it and that it is not produced by a \
         macro, then rebuild",
    )
}

/// Room for the text of [`resource_index`]'s messages: a name longer than
/// the room left by the rest of the message (about 3,800 bytes) is cut short.
const MESSAGE_ROOM: usize = 4096;

/// Panics with `before`, `name` and `after` joined: the derive's messages
/// name the resource without a string of their own in every expansion
/// (a `const` panic takes one `&str`, so the text is joined in a buffer).
#[cold]
const fn panic_naming(before: &str, name: &str, after: &str) -> ! {
    let name = name.as_bytes();
    let mut name_len = name.len();
    let name_room = MESSAGE_ROOM.saturating_sub(before.len() + after.len());
    if name_len > name_room {
        // Cut at a character boundary: not before a continuation byte.
        name_len = name_room;
        while name_len > 0 && name[name_len] & 0xc0 == 0x80 {
            name_len -= 1;
        }
    }
    let mut room = [0u8; MESSAGE_ROOM];
    let mut len = 0;
    let parts = [before.as_bytes(), name, after.as_bytes()];
    let ends = [before.len(), name_len, after.len()];
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < ends[p] && len < MESSAGE_ROOM {
            room[len] = parts[p][i];
            len += 1;
            i += 1;
        }
        p += 1;
    }
    let (text, _) = room.split_at(len);
    match core::str::from_utf8(text) {
        Ok(message) => panic!("{}", message),
        // Unreachable: whole strings and a name cut at a boundary.
        Err(_) => panic!("{}", after),
    }
}

/// The resource at position `i` of `registry` (a position checked by
/// [`resource_index`]); the derive's `Resource::meta` calls it.
///
/// ```
/// use conduit::__private::resource_at;
/// # use conduit_testkit::REGISTRY;
/// assert_eq!(resource_at(&REGISTRY, 1).name(), "Post");
/// ```
#[inline]
pub fn resource_at(registry: &Registry<'static>, i: usize) -> ResourceRef<'static> {
    match registry.resources().nth(i) {
        Some(resource) => resource,
        None => out_of_sync(),
    }
}

/// Unreachable for generated code: `resource_index` checked the position at
/// compile time against `RESOURCES`, generated from the same schema as the
/// blob.
#[cold]
#[inline(never)]
fn out_of_sync() -> ! {
    panic!(
        "conduit: generated code is out of sync with the embedded registry; \
         run `cargo clean -p <your crate>` and rebuild"
    )
}

/// Compiles only if `T` derives `Resource`: the derive's check of a
/// relationship's target.
///
/// ```
/// # use conduit_testkit::REGISTRY;
/// struct Post;
/// impl conduit::Resource for Post {
///     const NAME: &'static str = "Post";
///     fn meta() -> conduit::ResourceRef<'static> { REGISTRY.resource("Post").unwrap() }
/// }
/// conduit::__private::assert_resource::<Post>();
/// ```
pub const fn assert_resource<T: Resource + ?Sized>() {}

/// Compiles only if `f` can be called as a `before_*` hook of `T`
/// (`f(&mut T)`).
///
/// The hook checkers take the reference's lifetime `'a` as a parameter rather
/// than requiring `F: for<'x> Fn(&'x mut T) -> R`: with one lifetime, the
/// return type `R` may borrow the argument, so `async fn hook(&mut T)` (whose
/// future captures the reference) passes as well as a plain `fn`.
///
/// The checkers, like [`assert_resource`], are `const fn`s: the derive calls
/// them in a `const _` (no closure for the compiler to type-check and
/// borrow-check once per derive). A `const fn` cannot drop a generic value,
/// so they `forget` the function they are given (the derive passes function
/// items, which have nothing to drop).
///
/// ```
/// struct Post { title: String }
/// fn trim(post: &mut Post) { post.title = post.title.trim().to_owned(); }
/// conduit::__private::before_hook::<Post, _, _>(trim);
/// ```
pub const fn before_hook<'a, T: 'a, F: Fn(&'a mut T) -> R, R>(f: F) {
    core::mem::forget(f)
}

/// Compiles only if `f` can be called as an `after_*` hook of `T` (`f(&T)`).
///
/// ```
/// struct Post;
/// fn notify(_: &Post) -> Result<(), String> { Ok(()) }
/// conduit::__private::after_hook::<Post, _, _>(notify);
/// ```
pub const fn after_hook<'a, T: 'a, F: Fn(&'a T) -> R, R>(f: F) {
    core::mem::forget(f)
}

/// Compiles only if `f` can be called as an async `before_*` hook of `T`
/// (`f(&mut T).await`).
///
/// ```
/// struct Post;
/// async fn enrich(_: &mut Post) {}
/// conduit::__private::async_before_hook::<Post, _, _>(enrich);
/// ```
pub const fn async_before_hook<'a, T: 'a, F: Fn(&'a mut T) -> R, R: Future>(f: F) {
    core::mem::forget(f)
}

/// Compiles only if `f` can be called as an async `after_*` hook of `T`
/// (`f(&T).await`).
///
/// ```
/// struct Post;
/// async fn notify(_: &Post) {}
/// conduit::__private::async_after_hook::<Post, _, _>(notify);
/// ```
pub const fn async_after_hook<'a, T: 'a, F: Fn(&'a T) -> R, R: Future>(f: F) {
    core::mem::forget(f)
}
