//! The codegen parser never panics: whatever tokens reach
//! `#[derive(Resource)]`, it answers with compile errors (or an expansion),
//! and whatever files sit under `src/`, the build step answers `Ok` or `Err`.
//!
//! Property tests feed the derive arbitrary strings, token soup, a struct
//! with random attribute contents built from the attribute vocabulary (real
//! option names, misspellings, literals of every kind, punctuation, paths,
//! keywords), and random field types. Each case runs under `catch_unwind`,
//! so a failure prints the input that panicked.

use conduit_codegen::{BuildStep, derive_resource};
use proc_macro2::TokenStream;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::Config;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::str::FromStr;

// ------------------------------------------------------------- vocabulary

/// Option names of every attribute, and values the grammar knows.
const OPTIONS: &[&str] = &[
    "name",
    "table",
    "path",
    "operations",
    "nested_under",
    "middleware",
    "hooks",
    "primary",
    "auto",
    "auto_update",
    "unique",
    "index",
    "default",
    "min",
    "max",
    "pattern",
    "email",
    "url",
    "ty",
    "skip",
    "rename",
    "tags",
    "validate",
    "value",
    "message",
    "foreign_key",
    "on_delete",
    "on_update",
    "through",
    "on",
    "condition",
    "error",
    "query",
    "expr",
    "method",
    "handler",
    "list",
    "show",
    "create",
    "update",
    "delete",
    "before_create",
    "before_update",
    "before_delete",
    "before_save",
    "after_create",
    "after_update",
    "after_delete",
    "after_save",
    "async",
    "transaction",
    "cascade",
    "restrict",
    "set_null",
    "no_action",
    "range",
    "length",
    "profanity_free",
    "resource",
    "field",
    "belongs_to",
    "has_one",
    "has_many",
    "constraint",
    "scope",
    "computed",
    "route",
];

/// Near misses and wrong spellings.
const MISSPELLINGS: &[&str] = &[
    "primry",
    "nmae",
    "tabel",
    "foreign_keys",
    "foriegn_key",
    "ondelete",
    "on_delet",
    "befor_create",
    "before_creat",
    "after",
    "before",
    "before_",
    "after_",
    "before_list",
    "after_show",
    "operation",
    "middlewares",
    "hook",
    "Primary",
    "PRIMARY",
    "uniq",
    "defualt",
    "mins",
    "maxx",
    "throught",
    "asyncc",
    "transactions",
    "r#name",
    "r#async",
    "_",
    "__",
    "x",
];

/// Literals of every kind, including out-of-range and odd ones.
const LITERALS: &[&str] = &[
    "0",
    "1",
    "5",
    "200",
    "-1",
    "-0",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "1u8",
    "256u8",
    "1i128",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "1e10",
    "1.5",
    "-2.5",
    "3.0f32",
    "1e400",
    "NaN",
    "true",
    "false",
    "\"\"",
    "\"abc\"",
    "\"posts\"",
    "\"/posts/:id\"",
    "\"/posts/:id/publish\"",
    "\"^[a-z0-9-]+$\"",
    "\"(\"",
    "\"[\"",
    "\"cascade\"",
    "\"CASCADE\"",
    "\"set null\"",
    "\"GET\"",
    "\"get\"",
    "\"FETCH\"",
    "\"auth\"",
    "\"rate_limit(5/hour)\"",
    "\"post_tags\"",
    "\"author_id\"",
    "\"!title.trim().is_empty()\"",
    "\"published = true\"",
    "\"text\"",
    "\"int\"",
    "\"Post.publish\"",
    "\"\\u{0}\"",
    "\"\\n\\t\\\\\"",
    "\"\\u{10FFFF}\"",
    "\"é\u{301}\"",
    "\"🦀\"",
    "r\"raw\"",
    "r#\"raw \"quoted\"\"#",
    "b\"bytes\"",
    "br\"raw bytes\"",
    "c\"cstr\"",
    "'a'",
    "'\\n'",
    "b'a'",
    "'static",
    "'a",
];

/// Punctuation and separators (parentheses and brackets come from the tree
/// structure, so every generated attribute is balanced).
const PUNCT: &[&str] = &[
    "=", ",", ",", ":", "::", ";", "-", "+", "*", "/", "!", "?", ".", "..", "..=", "#", "$", "@",
    "&", "|", "^", "%", "<", ">", "=>", "->", "==", "~",
];

/// Keywords and paths.
const WORDS: &[&str] = &[
    "async",
    "await",
    "fn",
    "struct",
    "enum",
    "union",
    "impl",
    "dyn",
    "mut",
    "ref",
    "self",
    "Self",
    "super",
    "crate",
    "where",
    "move",
    "in",
    "as",
    "type",
    "let",
    "match",
    "if",
    "else",
    "Post",
    "User",
    "Comment",
    "Tag",
    "NotAResource",
    "crate::models::Post",
    "super::User",
    "self::Tag",
    "::std::string::String",
    "hooks::slugify_title",
    "slugify_title",
    "Self::method",
    "Vec<u8>",
    "Option<String>",
    "<T>",
    "std::vec::Vec::<u8>",
];

fn pick(words: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(words).prop_map(str::to_owned)
}

/// A string literal: short text from the characters attribute values use
/// (and a few that break them), or arbitrary text, escaped as Rust does.
fn string_literal() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-z_ /:(){}\\[\\]\\.0-9!=<>,$^*+?|-]{0,16}".prop_map(|s| format!("{s:?}")),
        1 => any::<String>().prop_map(|s| format!("{s:?}")),
    ]
    .boxed()
}

/// A value: a literal, a path or word, or an option name.
fn value() -> BoxedStrategy<String> {
    prop_oneof![
        4 => pick(LITERALS),
        2 => string_literal(),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => any::<u64>().prop_map(|n| format!("{n}u64")),
        2 => pick(WORDS),
        2 => pick(OPTIONS),
    ]
    .boxed()
}

/// One token of junk: anything that may appear between the structured
/// parts.
fn junk() -> BoxedStrategy<String> {
    prop_oneof![
        2 => pick(PUNCT),
        1 => pick(MISSPELLINGS),
        1 => value(),
    ]
    .boxed()
}

/// Balanced attribute contents, mostly shaped like the grammar (`key`,
/// `key = value`, `key(...)`, `[...]`) with misspelt keys, wrong value
/// kinds and junk mixed in, nested a few levels.
fn tree() -> BoxedStrategy<String> {
    let key = prop_oneof![5 => pick(OPTIONS), 1 => pick(MISSPELLINGS)];
    let base = prop_oneof![
        4 => (key.clone(), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        3 => key.clone(),
        1 => value(),
        1 => junk(),
    ];
    base.prop_recursive(4, 48, 6, move |inner| {
        let list = prop::collection::vec(inner.clone(), 0..6);
        let sep = prop::sample::select(&[", ", ", ", ", ", " ", ",", " , ", ", ,"][..]);
        prop_oneof![
            4 => (key.clone(), list.clone(), sep.clone())
                .prop_map(|(k, v, s)| format!("{k}({})", v.join(s))),
            3 => (key.clone(), list.clone(), sep.clone())
                .prop_map(|(k, v, s)| format!("{k} = [{}]", v.join(s))),
            2 => (key.clone(), inner.clone()).prop_map(|(k, v)| format!("{k} = {v}")),
            1 => (list.clone(), sep.clone()).prop_map(|(v, s)| format!("[{}]", v.join(s))),
            1 => (list.clone(), sep.clone()).prop_map(|(v, s)| format!("({})", v.join(s))),
            1 => (list, sep).prop_map(|(v, s)| format!("{{{}}}", v.join(s))),
            1 => (inner.clone(), junk(), inner).prop_map(|(a, j, b)| format!("{a} {j} {b}")),
        ]
    })
    .boxed()
}

/// The contents of one attribute: a separated list of trees.
fn contents() -> BoxedStrategy<String> {
    (
        prop::collection::vec(tree(), 0..7),
        prop::sample::select(&[", ", ", ", ", ", ",", " ", ", ,"][..]),
        any::<bool>(),
    )
        .prop_map(|(items, sep, trailing)| {
            let mut s = items.join(sep);
            if trailing && !s.is_empty() {
                s.push(',');
            }
            s
        })
        .boxed()
}

/// An attribute on the struct or a field: a helper name (or a near miss)
/// with random contents, sometimes in `key = value` or bare form.
fn attribute(names: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        8 => (pick(names), contents()).prop_map(|(n, c)| format!("#[{n}({c})]")),
        // A target first, as relationships want it.
        4 => (pick(names), pick(TARGETS), contents()).prop_map(|(n, t, c)| format!("#[{n}({t}, {c})]")),
        1 => (pick(names), tree()).prop_map(|(n, v)| format!("#[{n} = {v}]")),
        1 => pick(names).prop_map(|n| format!("#[{n}]")),
        1 => (pick(names), contents()).prop_map(|(n, c)| format!("#[{n}[{c}]]")),
        1 => string_literal().prop_map(|d| format!("#[doc = {d}]")),
        1 => string_literal().prop_map(|d| format!("/// {}", d.trim_matches('"'))),
    ]
    .boxed()
}

/// Relationship targets, good and bad.
const TARGETS: &[&str] = &[
    "Post",
    "User",
    "Comment",
    "Self",
    "crate::models::Post",
    "super::User",
    "NotAResource",
    "Vec<Post>",
    "\"Post\"",
    "1",
    "Post::<u8>",
    "dyn Post",
];

const STRUCT_ATTRS: &[&str] = &[
    "resource",
    "resource",
    "belongs_to",
    "has_one",
    "has_many",
    "has_many",
    "constraint",
    "scope",
    "computed",
    "route",
    "route",
    "field",
    "resourse",
    "has_manny",
    "cfg_attr",
    "allow",
];

const FIELD_ATTRS: &[&str] = &[
    "field",
    "field",
    "field",
    "belongs_to",
    "belongs_to",
    "has_many",
    "resource",
    "fields",
    "serde",
];

/// A field type, as written: primitives, paths, generics, references,
/// tuples, arrays, function pointers, trait objects, nested a few levels.
fn field_type() -> BoxedStrategy<String> {
    pick(&[
        "u64",
        "i32",
        "u8",
        "i128",
        "f32",
        "f64",
        "bool",
        "char",
        "String",
        "str",
        "SystemTime",
        "std::time::SystemTime",
        "chrono::DateTime<chrono::Utc>",
        "chrono::NaiveDate",
        "uuid::Uuid",
        "Uuid",
        "serde_json::Value",
        "Json",
        "Post",
        "crate::models::User",
        "Self",
        "()",
        "!",
        "_",
        "dyn std::any::Any",
        "impl Fn()",
        "fn(u8) -> u8",
        "&'static str",
        "*const u8",
        "[u8]",
        "Option",
        "Vec",
        "Option<>",
        "T",
        "<Post as Trait>::Assoc",
        "r#type",
    ])
    .prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| format!("Option<{t}>")),
            inner.clone().prop_map(|t| format!("Vec<{t}>")),
            inner.clone().prop_map(|t| format!("Box<{t}>")),
            inner
                .clone()
                .prop_map(|t| format!("std::option::Option<{t}>")),
            (inner.clone(), inner.clone())
                .prop_map(|(k, v)| format!("std::collections::HashMap<{k}, {v}>")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}, {b})")),
            inner.clone().prop_map(|t| format!("({t},)")),
            (inner.clone(), 0u8..4).prop_map(|(t, n)| format!("[{t}; {n}]")),
            inner.clone().prop_map(|t| format!("&mut {t}")),
            inner.clone().prop_map(|t| format!("Option<Option<{t}>>")),
            inner.prop_map(|t| format!("Result<{t}, ()>")),
        ]
    })
    .boxed()
}

/// A field: random attributes, a name (sometimes a keyword or raw), a type.
fn field() -> BoxedStrategy<String> {
    (
        prop::collection::vec(attribute(FIELD_ATTRS), 0..3),
        pick(&[
            "id",
            "title",
            "author_id",
            "post_id",
            "r#type",
            "r#async",
            "_",
            "_x",
            "name",
            "x",
            "id",
        ]),
        field_type(),
        pick(&["pub ", "", "pub(crate) ", "pub(super) "]),
    )
        .prop_map(|(attrs, name, ty, vis)| {
            format!("{}\n    {vis}{name}: {ty}", attrs.join("\n    "))
        })
        .boxed()
}

/// A whole struct: random struct-level attributes and fields; sometimes
/// generics, a tuple body or a unit body, or `enum`/`union` instead.
fn resource_struct() -> BoxedStrategy<String> {
    (
        prop::collection::vec(attribute(STRUCT_ATTRS), 0..6),
        pick(&["Post", "User", "r#Type", "X", "Self_"]),
        prop_oneof![12 => Just(String::new()), 1 => pick(&["<T>", "<'a>", "<const N: usize>", "<T: Clone>"])],
        prop::collection::vec(field(), 0..5),
        0u8..16,
    )
        .prop_map(|(attrs, name, generics, fields, shape)| {
            let attrs = attrs.join("\n");
            let body = fields.join(",\n    ");
            match shape {
                0 => format!("{attrs}\npub struct {name}{generics};"),
                1 => format!("{attrs}\npub struct {name}{generics}(u64, String);"),
                2 => format!("{attrs}\npub enum {name}{generics} {{ A, B(u8) }}"),
                3 => format!("{attrs}\npub union {name}{generics} {{ a: u8, b: u16 }}"),
                _ => format!("{attrs}\npub struct {name}{generics} {{\n    {body}\n}}"),
            }
        })
        .boxed()
}

// ------------------------------------------------------------- harness

/// Runs the derive on `tokens` with every kind of build step and reports a
/// panic with the input.
fn derive_never_panics(source: &str, tokens: TokenStream) -> Result<(), TestCaseError> {
    for step in [
        BuildStep::Present,
        BuildStep::NoBuildScript,
        BuildStep::NotRun,
    ] {
        let input = tokens.clone();
        let result = catch_unwind(AssertUnwindSafe(|| derive_resource(input, step)));
        match result {
            Ok(output) => {
                let text = output.to_string();
                prop_assert!(
                    syn_file_parses(&text),
                    "the derive emitted tokens that are not Rust items for input:\n{source}\n--- output:\n{text}"
                );
            }
            Err(payload) => {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                prop_assert!(
                    false,
                    "derive_resource panicked ({message}) on input:\n{source}"
                );
            }
        }
    }
    Ok(())
}

/// Whether `text` (the derive's output, printed) is a sequence of Rust
/// items: the expansion, or `compile_error!`s and a stub.
fn syn_file_parses(text: &str) -> bool {
    syn::parse_str::<syn::File>(text).is_ok()
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        // No regression files in the source tree; a failure prints its input.
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(1000))]

    /// Arbitrary strings, lexed (those that do not lex are skipped).
    #[test]
    fn arbitrary_strings(s in any::<String>()) {
        if let Ok(tokens) = TokenStream::from_str(&s) {
            derive_never_panics(&s, tokens)?;
        }
    }

}

proptest! {
    #![proptest_config(config(512))]

    /// Token soup from the attribute vocabulary, with a struct keyword
    /// somewhere in front.
    #[test]
    fn token_soup(
        prefix in pick(&["", "struct S", "pub struct S", "#[resource] struct S", "struct S {", "struct"]),
        items in prop::collection::vec(tree(), 0..12),
    ) {
        let s = format!("{prefix} {}", items.join(" "));
        if let Ok(tokens) = TokenStream::from_str(&s) {
            derive_never_panics(&s, tokens)?;
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// A struct with random attribute contents on the struct and its fields.
    #[test]
    fn random_attributes(source in resource_struct()) {
        let tokens = TokenStream::from_str(&source)
            .unwrap_or_else(|e| panic!("the generator writes balanced tokens: {e}\n{source}"));
        derive_never_panics(&source, tokens)?;
    }

}

proptest! {
    #![proptest_config(config(256))]

    /// A well-formed resource whose fields have random types.
    #[test]
    fn random_field_types(
        types in prop::collection::vec(field_type(), 1..5),
        flags in prop::collection::vec(pick(&["", "#[field(primary)]", "#[field(skip)]", "#[field(default = 0)]", "#[field(min = 1, max = 2)]", "#[belongs_to(User)]", "#[field(email)]", "#[field(ty = \"text\")]"]), 1..5),
    ) {
        let fields: Vec<String> = types
            .iter()
            .zip(flags.iter().cycle())
            .enumerate()
            .map(|(i, (ty, flag))| format!("{flag} pub f{i}: {ty}"))
            .collect();
        let source = format!(
            "#[resource(table = \"things\")]\npub struct Thing {{\n    #[field(primary)] pub id: u64,\n    {}\n}}",
            fields.join(",\n    ")
        );
        let tokens = TokenStream::from_str(&source).expect("balanced");
        derive_never_panics(&source, tokens)?;
    }
}

// ------------------------------------------------------------- the build step

/// A fresh scratch package folder for one build-step case.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("parser_no_panic")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).expect("scratch folder");
    dir
}

/// Runs the build step on `dir`, catching a panic.
fn build(dir: &Path) -> Result<Result<conduit_build::Summary, conduit_build::Error>, String> {
    catch_unwind(AssertUnwindSafe(|| {
        conduit_build::Builder::new()
            .manifest_dir(dir)
            .out_dir(dir.join("out"))
            .quiet()
            .scan("src")
            .build()
    }))
    .map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

/// Builds a package whose `src/` holds `files` (path, bytes); panics (the
/// test fails) if the build step panics.
fn build_files(
    case: &str,
    files: &[(&str, &[u8])],
) -> Result<conduit_build::Summary, conduit_build::Error> {
    let dir = scratch(case);
    for (path, bytes) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
    }
    build(&dir).unwrap_or_else(|panic| panic!("the build step panicked on `{case}`: {panic}"))
}

const RESOURCE: &str = "use conduit::Resource;\n#[derive(Resource)]\npub struct Post { #[field(primary)] pub id: u64 }\n";

#[test]
fn build_step_on_an_empty_file() {
    let summary = build_files("empty", &[("src/lib.rs", b"")]).expect("an empty crate builds");
    assert_eq!(summary.resources, 0);
}

#[test]
fn build_step_on_a_file_that_does_not_parse() {
    // rustc reports the syntax error; the build step skips the file.
    let result = build_files(
        "unparsable",
        &[
            ("src/lib.rs", b"mod broken;\nmod fine;\n"),
            ("src/broken.rs", b"pub struct { fn ( ] }"),
            ("src/fine.rs", RESOURCE.as_bytes()),
        ],
    );
    assert_eq!(result.expect("the other files still build").resources, 1);
}

#[test]
fn build_step_on_non_utf8_bytes_names_the_file() {
    let err = build_files(
        "non_utf8",
        &[
            ("src/lib.rs", b"mod latin1;\n"),
            ("src/latin1.rs", b"// caf\xe9\npub struct S;\n\xff\xfe"),
        ],
    )
    .expect_err("a source file that is not UTF-8 is an error");
    let message = err.to_string();
    assert!(message.contains("latin1.rs"), "names the file: {message}");
    assert!(matches!(err, conduit_build::Error::Io { .. }), "{err:?}");

    // The same as the crate root.
    let err = build_files("non_utf8_root", &[("src/lib.rs", b"\xc3\x28 struct S;")])
        .expect_err("a crate root that is not UTF-8 is an error");
    assert!(err.to_string().contains("lib.rs"), "{err}");
}

#[test]
fn build_step_on_a_missing_module_file() {
    // rustc reports the missing file; the build step has nothing to read.
    let result = build_files(
        "missing_mod",
        &[(
            "src/lib.rs",
            b"mod nowhere;\n#[path = \"also/missing.rs\"] mod gone;\n",
        )],
    );
    assert!(result.is_ok(), "{result:?}");
}

#[test]
fn build_step_on_a_path_attribute_naming_a_folder() {
    let result = build_files(
        "path_to_folder",
        &[
            ("src/lib.rs", b"#[path = \"models\"] mod models;\n#[path = \".\"] mod here;\n#[path = \"/\"] mod root;\n#[path = \"\"] mod empty;\n"),
            ("src/models/post.rs", RESOURCE.as_bytes()),
        ],
    );
    assert!(result.is_ok(), "{result:?}");
}

#[test]
fn build_step_on_modules_that_include_themselves() {
    let result = build_files(
        "self_include",
        &[
            ("src/lib.rs", b"#[path = \"lib.rs\"] mod again;\nmod a;\n"),
            (
                "src/a.rs",
                b"#[path = \"../lib.rs\"] mod back;\n#[path = \"a.rs\"] mod me;\n",
            ),
        ],
    );
    assert!(result.is_ok(), "{result:?}");
}

#[cfg(unix)]
#[test]
fn build_step_on_unreadable_entries_names_them() {
    // The tests may run as root, for whom permissions do not stop a read:
    // use entries no one can read as a file instead. A dangling symlink:
    let dir = scratch("dangling_symlink");
    std::fs::write(dir.join("src/lib.rs"), "mod ghost;\n").unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere.rs"), dir.join("src/ghost.rs")).unwrap();
    match build(&dir).expect("no panic") {
        Ok(_) => {}
        Err(e) => assert!(e.to_string().contains("ghost.rs"), "{e}"),
    }
    // Without a crate root every `.rs` file is read: the dangling one too.
    let dir = scratch("dangling_symlink_no_root");
    std::fs::write(dir.join("src/models.rs"), RESOURCE).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere.rs"), dir.join("src/ghost.rs")).unwrap();
    let err = build(&dir)
        .expect("no panic")
        .expect_err("an unreadable source file is an error");
    assert!(
        err.to_string().contains("ghost.rs"),
        "names the file: {err}"
    );
    // A symlink loop.
    let dir = scratch("symlink_loop");
    std::fs::write(dir.join("src/models.rs"), RESOURCE).unwrap();
    std::os::unix::fs::symlink(dir.join("src/loop.rs"), dir.join("src/loop.rs")).unwrap();
    let err = build(&dir)
        .expect("no panic")
        .expect_err("a symlink loop is an error");
    assert!(err.to_string().contains("loop.rs"), "names the file: {err}");
    // A folder named like a source file, and a folder symlinked into itself.
    let dir = scratch("folder_named_rs");
    std::fs::write(dir.join("src/lib.rs"), "mod odd;\n").unwrap();
    std::fs::create_dir_all(dir.join("src/odd.rs")).unwrap();
    std::os::unix::fs::symlink(dir.join("src"), dir.join("src/cycle")).unwrap();
    assert!(build(&dir).is_ok(), "no panic");
    // Permissions (effective when not running as root).
    let dir = scratch("no_permission");
    std::fs::write(dir.join("src/models.rs"), RESOURCE).unwrap();
    std::fs::write(dir.join("src/secret.rs"), "pub struct S;\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        dir.join("src/secret.rs"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let readable = std::fs::read(dir.join("src/secret.rs")).is_ok();
    let result = build(&dir).expect("no panic");
    if !readable {
        let err = result.expect_err("an unreadable file is an error");
        assert!(
            err.to_string().contains("secret.rs"),
            "names the file: {err}"
        );
    }
    std::fs::set_permissions(
        dir.join("src/secret.rs"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
}

#[test]
fn build_step_on_a_missing_or_odd_scan_folder() {
    // The scanned folder does not exist.
    let dir = scratch("no_src");
    std::fs::remove_dir_all(dir.join("src")).unwrap();
    let err = build(&dir)
        .expect("no panic")
        .expect_err("a missing folder is an error");
    assert!(err.to_string().contains("src"), "{err}");
    // The scanned "folder" is a file.
    std::fs::write(dir.join("src"), "pub struct S;").unwrap();
    let err = build(&dir)
        .expect("no panic")
        .expect_err("a file is not a folder");
    assert!(err.to_string().contains("src"), "{err}");
    // The output folder cannot be created (a file is in the way).
    let dir = scratch("out_is_a_file");
    std::fs::write(dir.join("src/lib.rs"), RESOURCE).unwrap();
    std::fs::write(dir.join("out"), "not a folder").unwrap();
    let err = build(&dir)
        .expect("no panic")
        .expect_err("the output folder is a file");
    assert!(err.to_string().contains("out"), "{err}");
}

#[test]
fn build_step_on_odd_but_valid_files() {
    for (case, text) in [
        ("only_comments", "// nothing\n/* here */\n//! inner doc\n"),
        ("bom", "\u{feff}pub struct S;\n"),
        ("shebang", "#!/usr/bin/env rust\npub struct S;\n"),
        (
            "crlf",
            "use conduit::Resource;\r\n#[derive(Resource)]\r\npub struct Post {\r\n #[field(primary)] pub id: u64 }\r\n",
        ),
        ("nul_in_comment", "// \0\npub struct S;\n"),
        (
            "derive_on_enum",
            "#[derive(conduit::Resource)] pub enum E { A }\n#[derive(Resource)] pub struct T(u8);\n#[derive(Resource)] pub struct U;\n",
        ),
        (
            "derive_with_errors",
            "#[derive(Resource)]\n#[resource(tabel = 1, nested_under = Nowhere)]\n#[has_many(Ghost, through = 5)]\npub struct Post { #[field(primry, min = \"x\")] pub id: u64, #[belongs_to(Missing)] pub m: u64 }\n",
        ),
        (
            "derive_in_fn",
            "fn f() { #[derive(Resource)] struct Hidden { id: u64 } }\n",
        ),
        (
            "macro_made",
            "macro_rules! m { () => { #[derive(Resource)] pub struct M { id: u64 } } }\nm!();\n",
        ),
        (
            "cfg_soup",
            "#[cfg_attr(all(), cfg_attr(any(), resource(table = \"x\")), derive(Resource))]\n#[cfg(not(any(all(not(test)))))]\n#[cfg_attr()]\n#[cfg()]\n#[cfg]\npub struct Post { #[cfg_attr(unix, field(primary))] #[cfg(feature = 1)] pub id: u64 }\n",
        ),
        (
            "duplicate_names",
            "#[derive(Resource)] pub struct Post { id: u64 }\nmod a { #[derive(Resource)] pub struct Post { id: u64 } }\n",
        ),
        (
            "deep_modules",
            "mod a { mod b { mod c { mod d { mod e { #[derive(Resource)] pub struct Deep { #[field(primary)] id: u64, #[belongs_to(super::super::super::super::super::Post)] post_id: u64 } } } } } }\n#[derive(Resource)] pub struct Post { #[field(primary)] id: u64 }\n",
        ),
        (
            "hooks_everywhere",
            "#[derive(Resource)]\n#[resource(hooks(before_create = a::b::c, after_update(self::x, async), before_delete = Self::m, after_save = crate::nope))]\npub struct Post { id: u64 }\nimpl Post { fn m(&mut self) { m(); Self::m(self); (|| ())(); } }\nfn x(p: &Post) { x(p) }\n",
        ),
        (
            "weird_uses",
            "use self::{a::{self, *}, b as _, ::c, super::d};\nuse crate::*;\nuse {};\n#[derive(Resource)] pub struct Post { id: u64 }\n",
        ),
    ] {
        let _ = build_files(case, &[("src/lib.rs", text.as_bytes())]);
    }
}

#[test]
fn build_step_on_random_token_soup() {
    // Deterministic soup, written as files and scanned: no panic.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let soup = prop::collection::vec(tree(), 0..40);
    for i in 0..24 {
        let items = soup.new_tree(&mut runner).expect("a value").current();
        let text = format!(
            "#[derive(Resource)] pub struct P{i} {{ id: u64 }}\n{}",
            items.join(" ")
        );
        let _ = build_files(&format!("soup_{i}"), &[("src/lib.rs", text.as_bytes())]);
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// The whole build step (scan, cfg, path resolution, cross-resource
    /// checks, lowering, writing) on a crate holding two random structs that
    /// derive `Resource`.
    #[test]
    fn build_step_on_random_resources(a in resource_struct(), b in resource_struct(), n in 0u32..1_000_000) {
        let text = format!("use conduit::Resource;\n#[derive(Resource)]\n{a}\n#[derive(Resource)]\n{}\n", b.replacen("struct ", "struct B", 1));
        let dir = scratch(&format!("random_{n}"));
        std::fs::write(dir.join("src/lib.rs"), &text).unwrap();
        let result = build(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        prop_assert!(result.is_ok(), "the build step panicked ({}) on:\n{text}", result.unwrap_err());
    }
}
