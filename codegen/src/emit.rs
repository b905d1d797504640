//! Emission: the schema into the rkyv blob (validated before it is written)
//! and the Rust source that `conduit::include_registry!()` includes.

use conduit_format::envelope;
use conduit_format::generated::{BLOB, CHECKED, INDEX, MODULE, REGISTRY, RESOURCES};
use conduit_format::phash;
use conduit_format::schema::{ArchivedSchema, Schema};
use std::fmt::Write as _;

pub use conduit_format::generated::{BLOB_FILE, SOURCE_FILE};

/// The two generated files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    /// Rust source defining `REGISTRY` (see [`SOURCE_FILE`]).
    pub source: String,
    /// Header plus rkyv payload (see [`BLOB_FILE`]).
    pub blob: Vec<u8>,
}

/// Choices about the generated source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Put the blob in a named link section ([`conduit_format::header::SECTION_ELF`]
    /// and its Mach-O and PE twins) so that tools such as `conduit
    /// introspect` find it in a compiled binary, and read it without
    /// validation (one audited `unsafe` call). `#[link_section]` and that call
    /// count as unsafe code: crates with `#![forbid(unsafe_code)]` turn this
    /// off, and then get generated code without `unsafe` that validates the
    /// blob once, on the first query (tools find the blob by its header).
    pub link_section: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { link_section: true }
    }
}

/// [`generate_with`] the default [`Options`].
pub fn generate(schema: &Schema) -> Result<Generated, String> {
    generate_with(schema, &Options::default())
}

/// Serializes and validates the blob, and writes the source that embeds it.
/// `schema.resources` must be sorted by name with unique names.
///
/// ```
/// use conduit_format::schema::{Schema, Resource};
/// let schema = Schema {
///     resources: vec![Resource { name: "Post".into(), ..Default::default() }],
///     ..Default::default()
/// };
/// let out = conduit_codegen::emit::generate(&schema).unwrap();
/// assert!(out.source.contains("pub static REGISTRY"));
/// assert!(out.blob.starts_with(b"CONDUIT\0"));
/// ```
pub fn generate_with(schema: &Schema, options: &Options) -> Result<Generated, String> {
    if let Some(w) = schema.resources.windows(2).find(|w| w[0].name >= w[1].name) {
        return Err(format!(
            "resources must be sorted and unique: `{}` before `{}`",
            w[0].name, w[1].name
        ));
    }
    let threads = crate::analyze::parallelism();
    let payload = conduit_format::strings::to_bytes_on(schema, threads)
        .map_err(|e| format!("could not serialize the registry: {e}"))?;
    let blob = envelope::seal(&payload)
        .map_err(|e| e.to_string())?
        .to_vec();
    // The source needs only the blob's length: written while the payload
    // is validated.
    let (valid, source) = crate::analyze::join(
        || rkyv::access::<ArchivedSchema, rkyv::rancor::BoxedError>(&payload).map(drop),
        || source(schema, blob.len(), options),
    );
    valid.map_err(|e| format!("the serialized registry does not validate: {e}"))?;
    Ok(Generated { source, blob })
}

/// The attributes placing the blob in its link section.
fn section_attributes() -> String {
    use conduit_format::header::{SECTION_ELF, SECTION_MACHO, SECTION_PE};
    let apple = "any(target_os = \"macos\", target_os = \"ios\", target_os = \"tvos\", target_os = \"watchos\", target_os = \"visionos\")";
    format!(
        "    #[allow(unsafe_code)]\n    \
         #[used]\n    \
         #[cfg_attr({apple}, unsafe(link_section = \"{SECTION_MACHO}\"))]\n    \
         #[cfg_attr(windows, unsafe(link_section = \"{SECTION_PE}\"))]\n    \
         #[cfg_attr(not(any(windows, {apple})), unsafe(link_section = \"{SECTION_ELF}\"))]\n"
    )
}

/// The perfect-hash index of the resource names (positions in name order),
/// as a `PerfectHash` literal: the seed and shift, a line of pilots per 8 buckets, an
/// entry per slot and the names longer than 16 bytes.
fn index_literal(schema: &Schema) -> String {
    let names: Vec<&str> = schema.resources.iter().map(|r| r.name.as_str()).collect();
    let table = phash::build(&names);
    let parts = table.parts(&names);
    let mut out = format!(
        "::conduit::__private::PerfectHash {{\n        seed: {:#018x},\n        shift: {},\n        pilots: &[",
        table.seed, table.shift
    );
    for (i, p) in table.pilots.iter().enumerate() {
        let sep = if i % 8 == 0 { "\n            " } else { " " };
        let _ = write!(out, "{sep}{p:#018x},");
    }
    out.push_str("\n        ],\n        entries: &[\n");
    for (a, b, len, position) in &parts.entries {
        let _ = writeln!(out, "            ({a:#x}, {b:#x}, {len}, {position}),");
    }
    out.push_str("        ],\n        long: &[");
    for name in &parts.long {
        let _ = write!(out, "{name:?}, ");
    }
    out.push_str("],\n    }");
    out
}

fn source(schema: &Schema, blob_len: usize, options: &Options) -> String {
    let mut table = String::new();
    // Sorted by fingerprint: the derive's compile-time check is a binary
    // search over integers (see `conduit::__private::resource_index`).
    let mut rows: Vec<(u64, usize, &str)> = schema
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.fingerprint, i, r.name.as_str()))
        .collect();
    rows.sort_unstable();
    for (fingerprint, position, name) in rows {
        let _ = writeln!(
            table,
            "        ({fingerprint:#018x}, {position}, {name:?}),"
        );
    }
    let (registry, section, checked) = if options.link_section {
        (
            format!(
                "#[allow(unsafe_code)]\n\
                 pub static {REGISTRY}: ::conduit::Registry<'static> =\n    \
                     // SAFETY: `{BLOB}` is the blob conduit-build wrote to OUT_DIR for this\n    \
                     // crate, after validating it, next to this file; `include_bytes!` embeds\n    \
                     // exactly those bytes, immutable and 'static.\n    \
                     unsafe {{ ::conduit::__private::registry(&{MODULE}::{BLOB}, &{MODULE}::{INDEX}) }};\n"
            ),
            section_attributes(),
            String::new(),
        )
    } else {
        (
            format!(
                "pub static {REGISTRY}: ::conduit::Registry<'static> = ::conduit::__private::checked_registry(\n    \
                     &{MODULE}::{BLOB},\n    \
                     &{MODULE}::{INDEX},\n    \
                     &{MODULE}::{CHECKED},\n\
                 );\n"
            ),
            String::new(),
            format!(
                "\n    pub static {CHECKED}: ::conduit::__private::Checked = ::conduit::__private::Checked::new();\n"
            ),
        )
    };
    format!(
        "// @generated by conduit-build from {n} resource(s). Do not edit.\n\
         \n\
         /// The schema registry of this crate, generated at build time by `conduit-build`.\n\
         ///\n\
         /// Every query reads static memory: no parsing, no allocation, no lock.\n\
         {registry}\
         \n\
         #[doc(hidden)]\n\
         #[allow(missing_docs, clippy::all)]\n\
         pub mod {MODULE} {{\n\
         {section}    \
             pub static {BLOB}: ::conduit::__private::Aligned<[u8; {blob_len}]> =\n        \
                 ::conduit::__private::Aligned(*::core::include_bytes!(::core::concat!(::core::env!(\"OUT_DIR\"), \"/{BLOB_FILE}\")));\n\
         \n    \
             pub static {INDEX}: ::conduit::__private::PerfectHash<'static> = {index};\n\
         {checked}\
         \n    \
             pub const {RESOURCES}: &[(u64, usize, &str)] = &[\n{table}    ];\n\
         }}\n",
        n = schema.resources.len(),
        index = index_literal(schema),
    )
}
