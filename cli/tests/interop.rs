//! Interop with the reference's metadata JSON: `conduit-build`'s
//! `schema_file` imports the reference's files (`tests/fixtures/`), the
//! registry's `to_json` writes them back, and the two are compared modulo
//! key order and what conduit does not model:
//!
//! - `generated` (left out for reproducible output) and `source_hash`
//!   (conduit's own hash of its inputs);
//! - locations: `file_path`, `line`, `line_number` point into the imported
//!   JSON file, not the reference's `.cdt` sources;
//! - a field's `required` (always `!nullable`) and the `!`/`?` suffix of its
//!   `type` (the same fact as `nullable`);
//! - patterns, which are computed again from the resources by conduit's
//!   rules, never imported;
//! - a route's `description`; the reference compiler's `get` operation is
//!   conduit's `show`, and REST handlers are `Resource.operation` (a route
//!   without operation or handler in the file gets the inferred ones);
//! - resources compare by name and routes and graph edges as sets (conduit
//!   orders them its own way).

use conduit::{AlignedBytes, Registry};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// A scratch package: `src/lib.rs` (scanned) and `schema/<name>.json`.
fn package(test: &str, lib_rs: &str, schema: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("interop")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("schema")).unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib_rs).unwrap();
    for (name, text) in schema {
        std::fs::write(dir.join("schema").join(name), text).unwrap();
    }
    dir
}

fn build(dir: &Path, schema: &[&str], version: &str) -> Result<PathBuf, conduit_build::Error> {
    let mut b = conduit_build::Builder::new()
        .manifest_dir(dir)
        .out_dir(dir.join("out"))
        .version(version)
        .quiet();
    for s in schema {
        b = b.schema_file(format!("schema/{s}"));
    }
    Ok(b.build()?.blob_path)
}

fn load(blob: &Path) -> AlignedBytes {
    AlignedBytes::read(blob).unwrap()
}

/// Imports fixture `name` alone; the registry's `to_json_value()`.
fn round_trip(name: &str) -> (Value, Value) {
    let text = fixture(name);
    let original: Value = serde_json::from_str(&text).unwrap();
    let version = original["version"].as_str().unwrap_or("0.0.0");
    let dir = package(name, "", &[(name, &text)]);
    let blob = build(&dir, &[name], version).unwrap_or_else(|e| panic!("{name}: {e}"));
    let bytes = load(&blob);
    let exported = Registry::from_bytes(&bytes).unwrap().to_json_value();
    (original, exported)
}

fn list(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

fn bare_type(v: &Value) -> String {
    v.as_str()
        .unwrap_or_default()
        .trim_end_matches(['!', '?'])
        .to_owned()
}

/// `original[key]` (when the file has it) equals `exported[key]`, `null`
/// and absent reading as empty.
fn same(original: &Value, exported: &Value, keys: &[&str], what: &str) {
    for key in keys {
        let Some(o) = original.get(*key) else {
            continue;
        };
        let e = exported.get(*key).unwrap_or(&Value::Null);
        let empty =
            |v: &Value| v.is_null() || v == &json!([]) || v == &json!({}) || v == &json!("");
        if empty(o) && empty(e) {
            continue;
        }
        assert_eq!(o, e, "{what}: `{key}` differs");
    }
}

fn compare_resource(o: &Value, e: &Value) {
    let name = o["name"].as_str().unwrap();
    same(o, e, &["documentation", "middleware"], name);
    let (of, ef) = (list(&o["fields"]), list(&e["fields"]));
    assert_eq!(of.len(), ef.len(), "{name}: fields");
    for (a, b) in of.iter().zip(&ef) {
        let what = format!("{name}.{}", a["name"]);
        same(
            a,
            b,
            &[
                "name",
                "nullable",
                "constraints",
                "default_value",
                "documentation",
                "tags",
            ],
            &what,
        );
        assert_eq!(bare_type(&a["type"]), bare_type(&b["type"]), "{what}: type");
    }
    let (or, er) = (list(&o["relationships"]), list(&e["relationships"]));
    assert_eq!(or.len(), er.len(), "{name}: relationships");
    for (a, b) in or.iter().zip(&er) {
        let what = format!("{name}.{}", a["name"]);
        same(
            a,
            b,
            &[
                "name",
                "type",
                "target_resource",
                "foreign_key",
                "through_table",
                "on_delete",
                "on_update",
            ],
            &what,
        );
    }
    let (oh, eh) = (list(&o["hooks"]), list(&e["hooks"]));
    assert_eq!(oh.len(), eh.len(), "{name}: hooks");
    for (a, b) in oh.iter().zip(&eh) {
        let keys = [
            "type",
            "timing",
            "event",
            "transaction",
            "has_transaction",
            "async",
            "has_async",
            "source_code",
        ];
        same(a, b, &keys, &format!("{name} hook"));
    }
    if !o["validations"].is_null() {
        assert_eq!(o["validations"], e["validations"], "{name}: validations");
    }
    let (oc, ec) = (list(&o["constraints"]), list(&e["constraints"]));
    assert_eq!(oc.len(), ec.len(), "{name}: constraints");
}

type RouteKey = (String, String, String, String, String);

/// A route as compared: method, path, resource, operation, handler.
fn route_key(r: &Value, from_reference: bool) -> RouteKey {
    let s = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
    let (mut op, mut handler) = (s("operation"), s("handler"));
    if from_reference {
        if op == "get" {
            op = "show".into();
            handler = format!("{}.show", s("resource"));
        }
        if op.is_empty() || handler.is_empty() {
            handler = "*".into();
        }
        if op.is_empty() {
            op = "*".into();
        }
    }
    (s("method"), s("path"), s("resource"), op, handler)
}

fn compare(original: &Value, exported: &Value, name: &str) {
    assert_eq!(original["version"], exported["version"], "{name}: version");
    assert!(exported.get("generated").is_none(), "no timestamp");
    let (or, er) = (list(&original["resources"]), list(&exported["resources"]));
    assert_eq!(or.len(), er.len(), "{name}: resources");
    for o in &or {
        let e = er
            .iter()
            .find(|e| e["name"] == o["name"])
            .unwrap_or_else(|| panic!("{name}: {} lost", o["name"]));
        compare_resource(o, e);
    }
    let mut expected: Vec<RouteKey> = list(&original["routes"])
        .iter()
        .map(|r| route_key(r, true))
        .collect();
    let mut got: Vec<RouteKey> = list(&exported["routes"])
        .iter()
        .map(|r| route_key(r, false))
        .collect();
    // Wildcards (`*`) from the reference match whatever was inferred.
    expected.sort();
    got.sort();
    let wild = |e: &RouteKey, g: &RouteKey| {
        e.0 == g.0
            && e.1 == g.1
            && e.2 == g.2
            && (e.3 == "*" || e.3 == g.3)
            && (e.4 == "*" || e.4 == g.4)
    };
    assert_eq!(
        expected.len(),
        got.len(),
        "{name}: routes\n{expected:?}\n{got:?}"
    );
    for e in &expected {
        assert!(
            got.iter().any(|g| wild(e, g)),
            "{name}: route {e:?} lost; got {got:?}"
        );
    }
    // The runtime fixtures leave the graph to the reference's runtime (null).
    let deps = &original["dependencies"];
    if deps["nodes"].as_object().is_some_and(|n| !n.is_empty()) {
        let nodes = |d: &Value| -> BTreeSet<(String, String)> {
            d["nodes"]
                .as_object()
                .map(|m| {
                    m.values()
                        .map(|n| (n["id"].to_string(), n["type"].to_string()))
                        .collect()
                })
                .unwrap_or_default()
        };
        let edges = |d: &Value| -> Vec<String> {
            let mut v: Vec<String> = list(&d["edges"])
                .iter()
                .map(|e| {
                    format!(
                        "{} -{}/{}-> {}",
                        e["from"], e["relationship"], e["weight"], e["to"]
                    )
                })
                .collect();
            v.sort();
            v
        };
        assert_eq!(
            nodes(deps),
            nodes(&exported["dependencies"]),
            "{name}: graph nodes"
        );
        assert_eq!(
            edges(deps),
            edges(&exported["dependencies"]),
            "{name}: graph edges"
        );
    }
}

#[test]
fn the_reference_compiler_output_round_trips() {
    for name in ["minimal.metadata.json", "todo-app.metadata.json"] {
        let (original, exported) = round_trip(name);
        compare(&original, &exported, name);
    }
    let (_, todo) = round_trip("todo-app.metadata.json");
    let t = &todo["resources"][0];
    assert_eq!(t["file_path"], "schema/todo-app.metadata.json");
    assert_eq!(
        t["line"], 6,
        "the line of the resource's name in the JSON file"
    );
    assert_eq!(
        t["operations"],
        json!(["list", "show", "create", "update", "delete"])
    );
    assert_eq!(t["fields"][4]["default_value"], "\"pending\"");
    // `min(3)` and `max(200)` are validations too, as `#[field(min = 3)]` gives.
    assert_eq!(
        t["validations"][0],
        json!({"field": "title", "type": "min", "value": "3", "line_number": 19})
    );
}

#[test]
fn the_reference_runtime_fixtures_round_trip() {
    for name in [
        "api_bench.json",
        "chain10.json",
        "chain50.json",
        "depgraph50.json",
        "large50.json",
    ] {
        let (original, exported) = round_trip(name);
        compare(&original, &exported, name);
    }
}

#[test]
fn a_bare_resource_array_gives_the_reference_middleware_patterns() {
    // The fixture repeats 24 names (ResourceA..Z, then A..X): conduit keys
    // resources by name and refuses that.
    let name = "patterns50_resources.json";
    let text = fixture(name);
    let dir = package(name, "", &[(name, &text)]);
    let err = build(&dir, &[name], "1.0.0").unwrap_err().to_string();
    assert!(
        err.contains("error: duplicate resource name `ResourceA`"),
        "{err}"
    );
    assert!(err.contains("conduit-build found 24 problems"), "{err}");

    // With the repeats renamed, the reference's patterns come out.
    let mut resources: Vec<Value> = serde_json::from_str(&text).unwrap();
    let mut seen = BTreeSet::new();
    for r in &mut resources {
        let n = r["name"].as_str().unwrap().to_owned();
        if !seen.insert(n.clone()) {
            r["name"] = json!(format!("{n}2"));
        }
    }
    let text = serde_json::to_string(&resources).unwrap();
    let dir = package("patterns50-renamed", "", &[(name, &text)]);
    let bytes = load(&build(&dir, &[name], "1.0.0").unwrap());
    let exported = Registry::from_bytes(&bytes).unwrap().to_json_value();
    compare(
        &json!({ "resources": resources, "version": "1.0.0" }),
        &exported,
        name,
    );
    let patterns: Vec<(&str, u64, &str)> = exported["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                p["frequency"].as_u64().unwrap(),
                p["category"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        patterns,
        [
            ("authenticated_handler", 100, "authentication"),
            ("authenticated_cached_handler", 50, "authentication"),
            ("cached_handler", 50, "caching"),
        ]
    );
}

#[test]
fn conduit_export_imports_back_unchanged() {
    // The blog-like sample, written, imported, written again.
    let sample = *conduit_testkit::REGISTRY;
    let first = sample.to_json();
    let dir = package("re-import", "", &[("sample.json", &first)]);
    let blob = build(&dir, &["sample.json"], sample.version()).unwrap();
    let bytes = load(&blob);
    let second = Registry::from_bytes(&bytes).unwrap().to_json_value();
    let mut first: Value = serde_json::from_str(&first).unwrap();
    // Only locations, the hash and pattern examples' locations move.
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for k in ["file_path", "line", "line_number", "source_hash"] {
                    m.remove(k);
                }
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut second = second;
    strip(&mut first);
    strip(&mut second);
    assert_eq!(first, second);
}

#[test]
fn imported_resources_join_scanned_ones() {
    let lib = r#"
use conduit::Resource;
#[derive(Resource)]
pub struct Author {
    #[field(primary)]
    pub id: u64,
}
"#;
    let schema = r#"{"resources": [{"name": "Book", "fields": [{"name": "id", "type": "uuid!", "nullable": false}],
        "relationships": [{"name": "author", "type": "belongs_to", "target_resource": "Author"}]}]}"#;
    let dir = package("joined", lib, &[("books.json", schema)]);
    let bytes = load(&build(&dir, &["books.json"], "1.0.0").unwrap());
    let registry = Registry::from_bytes(&bytes).unwrap();
    let names: Vec<&str> = registry.resources().map(|r| r.name()).collect();
    assert_eq!(names, ["Author", "Book"]);
    let book = registry.resource("Book").unwrap();
    assert_eq!(book.location().to_string(), "schema/books.json:1:25");
    assert_eq!(
        book.relationships()
            .next()
            .unwrap()
            .target_resource()
            .unwrap()
            .name(),
        "Author"
    );
    assert_eq!(
        book.routes().len(),
        0,
        "no routes in the file, none generated"
    );

    // The `conduit` binary reads the blob.
    let out = Command::new(env!("CARGO_BIN_EXE_conduit"))
        .args([
            "introspect",
            blob_path(&dir).to_str().unwrap(),
            "deps",
            "Book",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Book") && text.contains("belongs_to") && text.contains("Author"),
        "{text}"
    );
}

fn blob_path(dir: &Path) -> PathBuf {
    dir.join("out/conduit/registry.bin")
}

/// The build error for `schema` (one file), rendered.
fn import_error(test: &str, lib_rs: &str, schema: &str) -> String {
    let dir = package(test, lib_rs, &[("bad.json", schema)]);
    match build(&dir, &["bad.json"], "1.0.0") {
        Ok(_) => panic!("{test}: the import must fail"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn invalid_json_is_reported_at_its_line_and_column() {
    let err = import_error(
        "syntax",
        "",
        "{\n  \"resources\": [\n    {\"name\": \"Post\",}\n  ]\n}\n",
    );
    assert!(
        err.contains("error: invalid schema file `schema/bad.json`: trailing comma"),
        "{err}"
    );
    assert!(err.contains("--> schema/bad.json:3:"), "{err}");
    assert!(
        err.contains("{\"name\": \"Post\",}"),
        "the source line: {err}"
    );
    let err = import_error(
        "type",
        "",
        "{\"resources\": [{\"name\": \"Post\", \"fields\": [{\"name\": \"id\", \"type\": 7}]}]}",
    );
    assert!(
        err.contains("invalid type: integer `7`, expected a string"),
        "{err}"
    );
    assert!(err.contains("--> schema/bad.json:1:"), "{err}");
}

#[test]
fn unknown_kinds_are_reported_with_did_you_mean() {
    let err = import_error(
        "kinds",
        "",
        r#"{
  "resources": [
    {"name": "Post", "relationships": [{"name": "author", "type": "belongs_too", "target_resource": "Post"}],
     "hooks": [{"timing": "before", "event": "creat"}]}
  ],
  "routes": [{"method": "FETCH", "path": "/posts", "resource": "Post"},
             {"method": "GET", "path": "/posts", "resource": "Pots"}]
}"#,
    );
    for expected in [
        "error: unknown relationship type `belongs_too` in schema file `schema/bad.json`",
        "did you mean `belongs_to`?",
        "error: unknown hook kind `before_creat`",
        "did you mean `before_create`?",
        "error: unknown HTTP method `FETCH`",
        "error: route `GET /posts` names unknown resource `Pots`",
        "did you mean `Post`?",
        "--> schema/bad.json:3:",
        "conduit-build found 4 problems",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
}

#[test]
fn conflicts_with_scanned_resources_and_unknown_targets_are_reported() {
    let lib = "#[derive(conduit::Resource)]\npub struct Post {\n    pub id: u64,\n}\n";
    let err = import_error(
        "conflicts",
        lib,
        r#"{"resources": [
  {"name": "Post"},
  {"name": "Book", "relationships": [{"name": "shelf", "type": "belongs_to", "target_resource": "Shelff"}]},
  {"name": "Shelf"}
]}"#,
    );
    assert!(
        err.contains("error: duplicate resource name `Post`"),
        "{err}"
    );
    assert!(err.contains("--> schema/bad.json:2:"), "{err}");
    assert!(err.contains("src/lib.rs:2:"), "the scanned one: {err}");
    assert!(
        err.contains("error: unknown relationship target `Shelff` in `Book`"),
        "{err}"
    );
    assert!(err.contains("did you mean `Shelf`?"), "{err}");
}

#[test]
fn an_unreadable_schema_file_is_an_io_error() {
    let dir = package("missing", "", &[]);
    let err = build(&dir, &["nope.json"], "1.0.0").unwrap_err();
    assert!(matches!(err, conduit_build::Error::Io { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("error: could not read the schema file `"),
        "{err}"
    );
}
