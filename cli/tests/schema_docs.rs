//! `conduit introspect BIN openapi` and `… er` on the compiled blog,
//! checked by the real tools: `openapi-spec-validator` (PyPI) for both
//! OpenAPI versions and the Mermaid CLI (npm `@mermaid-js/mermaid-cli`, with
//! Debian's chromium) for the ER diagram; plus the blog's schemas field by
//! field, determinism, and CLI output equal to the library's.
//!
//! The tools are installed by `.ci/run` (the Mermaid CLI into `.ci/node`).
//! A test whose tool is missing skips with a printed reason, except when
//! `CONDUIT_CI=1`: then it fails.
//!
//! The blog is built as `cli.rs` builds it (same folder, same flags), so the
//! two test files share one build.

#[path = "common/examples.rs"]
#[allow(dead_code)] // each test file uses its own part
mod examples;

use conduit::{AlignedBytes, OpenApiOptions, OpenApiVersion, Registry};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const ENTITIES: [&str; 5] = ["Comment", "Post", "Tag", "User", "post_tags"];

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("schema-docs");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// The debug build of the blog.
fn debug_blog() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| examples::example("blog"))
}

/// The blog's registry blob, as its build script wrote it.
fn blob() -> &'static AlignedBytes {
    static BLOB: OnceLock<AlignedBytes> = OnceLock::new();
    BLOB.get_or_init(|| {
        let file = examples::blog_blob_file();
        AlignedBytes::read(&file).unwrap()
    })
}

fn registry() -> Registry<'static> {
    Registry::from_bytes(blob()).unwrap()
}

/// `conduit introspect <blog> <args>`, which must succeed; its stdout.
fn introspect(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_conduit"))
        .arg("introspect")
        .arg(debug_blog())
        .args(args)
        .output()
        .expect("conduit runs");
    assert!(
        out.status.success(),
        "conduit {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn options(version: OpenApiVersion) -> OpenApiOptions {
    OpenApiOptions::new().title("blog").openapi_version(version)
}

fn document(version: OpenApiVersion) -> Value {
    serde_json::from_str(&registry().to_openapi(&options(version))).unwrap()
}

/// Whether a tool the test needs is there; if not, the test skips with
/// `reason` — or fails, under `CONDUIT_CI=1`.
fn tool_present(present: bool, reason: &str) -> bool {
    if present {
        return true;
    }
    assert!(
        std::env::var("CONDUIT_CI").as_deref() != Ok("1"),
        "CONDUIT_CI=1 and {reason} (.ci/run installs it)"
    );
    eprintln!("skipped: {reason}");
    false
}

fn validator_present() -> bool {
    Command::new("python3")
        .args(["-c", "import openapi_spec_validator"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `python3 -m openapi_spec_validator FILE`: its success and output.
fn validate(file: &Path) -> (bool, String) {
    let out = Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(file)
        .output()
        .expect("python3 runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn blog_documents_of_both_versions_pass_openapi_spec_validator() {
    if !tool_present(
        validator_present(),
        "openapi-spec-validator is not installed (pip install openapi-spec-validator)",
    ) {
        return;
    }
    for (flag, version) in [("3.1", "3.1.0"), ("3.0", "3.0.3")] {
        let text = introspect(&["openapi", "--openapi-version", flag]);
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["openapi"], version);
        let file = scratch(&format!("blog-{flag}.json"));
        std::fs::write(&file, &text).unwrap();
        let (ok, out) = validate(&file);
        assert!(ok, "{flag}: {out}");

        // The validator does reject: the same document with a path
        // parameter the path does not declare fails.
        let mut broken = doc.clone();
        broken["paths"]["/posts/{id}"]["get"]["parameters"][0]["name"] = "slug".into();
        let file = scratch(&format!("broken-{flag}.json"));
        std::fs::write(&file, broken.to_string()).unwrap();
        assert!(!validate(&file).0, "{flag}: the broken document passed");
    }
}

#[test]
fn blog_schemas_match_its_fields_one_by_one() {
    let registry = registry();
    for version in OpenApiVersion::ALL.iter().copied() {
        let doc = document(version);
        let schemas = &doc["components"]["schemas"];
        for r in registry.resources() {
            let schema = &schemas[r.name()];
            let props = schema["properties"].as_object().unwrap();
            let names: Vec<&str> = r.fields().map(|f| f.name()).collect();
            assert!(props.keys().eq(names.iter()), "{}: {props:?}", r.name());
            let required: Vec<&str> = r
                .fields()
                .filter(|f| f.required())
                .map(|f| f.name())
                .collect();
            assert_eq!(schema["required"], json!(required), "{}", r.name());
            let input = &schemas[format!("{}Input", r.name())];
            for f in r.fields() {
                let p = &props[f.name()];
                let what = format!("{version} {}.{}", r.name(), f.name());
                let read_only = f.auto() || f.auto_update();
                assert_eq!(p.get("readOnly").is_some(), read_only, "{what}: {p}");
                assert_eq!(
                    input["properties"].get(f.name()).is_some(),
                    !read_only,
                    "{what}"
                );
                assert_eq!(
                    p.get("default").is_some(),
                    f.default_value().is_some(),
                    "{what}"
                );
                assert_eq!(
                    p.get("description").and_then(Value::as_str).unwrap_or(""),
                    f.docs(),
                    "{what}"
                );
                let expected = match f.ty() {
                    "string" | "text" | "uuid" | "timestamp" | "date" => "string",
                    "int" => "integer",
                    "bool" => "boolean",
                    other => panic!("{what}: the blog has no {other} field"),
                };
                let ty = match (version, f.nullable()) {
                    (OpenApiVersion::V3_1, true) => json!([expected, "null"]),
                    _ => json!(expected),
                };
                assert_eq!(p["type"], ty, "{what}");
                let nullable = version == OpenApiVersion::V3_0 && f.nullable();
                assert_eq!(p.get("nullable").is_some(), nullable, "{what}");
            }
        }
        let p = |r: &str, f: &str| schemas[r]["properties"][f].clone();
        assert_eq!(p("Comment", "score")["format"], "int32");
        assert_eq!(p("Comment", "id")["format"], "int64");
        assert_eq!(p("User", "email")["format"], "email");
        assert_eq!(p("User", "created_at")["format"], "date-time");
        assert_eq!(p("Tag", "colour")["default"], "#888888");
        assert_eq!(p("Post", "published")["default"], false);
        assert_eq!(p("Post", "slug")["pattern"], "^[a-z0-9-]+$");
        assert_eq!(p("Post", "content")["minLength"], 100);
        assert_eq!(p("Tag", "name")["maxLength"], 30);
        assert_eq!(schemas["TagInput"]["required"], json!(["name"]));
        assert_eq!(
            schemas["Post"]["x-conduit-relationships"][1],
            json!({ "name": "tags", "kind": "has_many_through", "target": "Tag",
                    "schema": "#/components/schemas/Tag", "through": "post_tags" })
        );
    }
}

#[test]
fn blog_operations_are_every_route_with_typed_parameters_and_security() {
    let registry = registry();
    let doc = document(OpenApiVersion::V3_1);
    let mut count = 0;
    for route in registry.routes() {
        let path = route.path().split('/').map(|s| match s.strip_prefix(':') {
            Some(p) => format!("{{{p}}}"),
            None => s.to_owned(),
        });
        let path = path.collect::<Vec<_>>().join("/");
        let op = &doc["paths"][&path][route.method().as_str().to_ascii_lowercase()];
        assert_eq!(op["x-conduit-handler"], route.handler(), "{route:?}");
        assert_eq!(op["tags"], json!([route.resource()]), "{route:?}");
        let secured = route.middleware().any(|m| m == "auth");
        assert_eq!(op.get("security").is_some(), secured, "{route:?}");
        let names: Vec<&str> = route.params().collect();
        let declared: Vec<&str> = op["parameters"].as_array().map_or(Vec::new(), |ps| {
            ps.iter().map(|p| p["name"].as_str().unwrap()).collect()
        });
        assert_eq!(declared, names, "{route:?}");
        count += 1;
    }
    let ops: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|i| i.as_object().unwrap().len())
        .sum();
    assert_eq!((ops, count), (28, 28));
    let publish = &doc["paths"]["/posts/{id}/publish"]["post"];
    assert_eq!(publish["operationId"], "postPublish");
    assert!(publish["responses"]["404"].is_object());
    let nested = &doc["paths"]["/users/{user_id}/posts/{id}"]["delete"];
    assert_eq!(nested["operationId"], "postDeleteByUser");
    assert_eq!(nested["parameters"][0]["description"], "The User's `id`");
    assert_eq!(nested["parameters"][1]["description"], "The Post's `id`");
    assert!(nested["responses"]["204"].is_object());
}

#[test]
fn cli_output_is_the_library_output_and_the_same_every_time() {
    let registry = registry();
    for (flag, version) in [("3.1", OpenApiVersion::V3_1), ("3.0", OpenApiVersion::V3_0)] {
        let library = registry.to_openapi(&options(version));
        assert_eq!(library, registry.to_openapi(&options(version)));
        let first = introspect(&["openapi", "--openapi-version", flag]);
        assert_eq!(first, format!("{library}\n"), "{flag}");
        assert_eq!(first, introspect(&["openapi", "--openapi-version", flag]));
    }
    assert_eq!(introspect(&["openapi", "--title", "Blog API"]), {
        let o = OpenApiOptions::new().title("Blog API");
        format!("{}\n", registry.to_openapi(&o))
    });
    assert_eq!(introspect(&["er"]), registry.to_mermaid());
    assert_eq!(
        introspect(&["er", "--format", "mermaid"]),
        registry.to_mermaid()
    );
    assert_eq!(introspect(&["er", "--format", "dot"]), registry.to_er_dot());
    assert_eq!(
        registry.to_mermaid(),
        Registry::from_bytes(blob()).unwrap().to_mermaid()
    );
}

#[test]
fn the_readme_shows_the_blogs_real_er_diagram() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    let block = readme
        .split("```mermaid\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README.md has a ```mermaid block");
    assert_eq!(
        block,
        registry().to_mermaid(),
        "regenerate it with `conduit introspect target/debug/blog er`"
    );
}

/// The Mermaid CLI installed by `.ci/run`, and the browser it drives.
fn mermaid_cli() -> Option<(PathBuf, PathBuf)> {
    let mmdc = workspace().join(".ci/node/node_modules/.bin/mmdc");
    let chromium = std::env::var_os("PUPPETEER_EXECUTABLE_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    (mmdc.is_file() && chromium.is_file()).then_some((mmdc, chromium))
}

#[test]
fn blog_er_diagram_renders_to_svg_with_the_mermaid_cli() {
    let Some((mmdc, chromium)) = mermaid_cli() else {
        let reason = "the Mermaid CLI (.ci/node/node_modules/.bin/mmdc) or chromium is missing";
        tool_present(false, reason);
        return;
    };
    let input = scratch("blog-er.mmd");
    std::fs::write(&input, introspect(&["er"])).unwrap();
    let config = scratch("puppeteer.json");
    let args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
    ];
    std::fs::write(&config, json!({ "args": args }).to_string()).unwrap();
    let output = scratch("blog-er.svg");
    let _ = std::fs::remove_file(&output);
    let out = Command::new(&mmdc)
        .arg("-p")
        .arg(&config)
        .arg("-i")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .env("PUPPETEER_EXECUTABLE_PATH", &chromium)
        .env("PUPPETEER_SKIP_DOWNLOAD", "1")
        .output()
        .expect("mmdc runs");
    assert!(
        out.status.success(),
        "mmdc failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&output).expect("mmdc wrote the SVG");
    assert!(svg.contains("<svg"), "not an SVG");
    assert!(
        !svg.contains("Syntax error"),
        "Mermaid reported a syntax error"
    );
    for entity in ENTITIES {
        assert!(
            svg.contains(&format!(">{entity}<")),
            "{entity} is not in the SVG"
        );
    }
    for label in ["post_id", "author_id", "tag_id"] {
        assert!(
            svg.contains(&format!(">{label}<")),
            "{label} is not in the SVG"
        );
    }
}

#[test]
fn blog_er_dot_renders_with_graphviz() {
    let dot = introspect(&["er", "--format", "dot"]);
    let Some(svg) = examples::dot_to_svg(&dot) else {
        return; // skipped outside CI; `dot_to_svg` fails under CONDUIT_CI=1
    };
    for entity in ENTITIES {
        assert!(
            svg.contains(&format!("<title>{entity}</title>")),
            "{entity}: {svg}"
        );
    }
}
