//! The `conduit` binary against the compiled blog example: a debug build and
//! a stripped release build, every subcommand and format, and the errors.
//!
//! The blog is built once per run of this file, into its own target folder
//! (`CARGO_TARGET_TMPDIR/nested-target`: the outer `cargo test` holds the lock on
//! the main one), and kept there between runs.

#[path = "common/examples.rs"]
#[allow(dead_code)] // each test file uses its own part
mod examples;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const RESOURCES: [&str; 4] = ["Comment", "Post", "Tag", "User"];

fn target_dir() -> PathBuf {
    examples::target_dir()
}

fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// The debug build of the blog.
fn debug_blog() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| examples::example("blog"))
}

/// A stripped copy of the release build of the blog.
fn release_blog() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let built = examples::build("blog", true);
        let stripped = target_dir().join(exe("blog-stripped"));
        std::fs::copy(&built, &stripped).unwrap();
        let status = Command::new("strip").arg(&stripped).status();
        assert!(status.is_ok_and(|s| s.success()), "strip failed");
        let before = std::fs::metadata(&built).unwrap().len();
        let after = std::fs::metadata(&stripped).unwrap().len();
        assert!(after < before, "strip removed nothing ({before} bytes)");
        stripped
    })
}

/// The registry blob the debug build's build script wrote.
fn blob_file() -> PathBuf {
    examples::blog_blob_file()
}

fn conduit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conduit"))
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_COLOR")
        .output()
        .expect("conduit runs")
}

/// `conduit introspect <bin> <args>`, which must succeed; its stdout.
fn introspect(bin: &Path, args: &[&str]) -> String {
    let mut all = vec!["introspect", bin.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = conduit(&all);
    assert!(
        out.status.success(),
        "conduit {all:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verbose = args.iter().any(|a| ["-v", "--verbose"].contains(a));
    assert!(
        out.stderr.is_empty() || verbose,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(bin: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&introspect(bin, &all)).expect("valid JSON")
}

/// Runs a command that must fail: exit status 2, one line on stderr, no
/// panic, nothing on stdout. Returns the line.
fn fails(args: &[&str]) -> String {
    let out = conduit(args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    stderr.trim_end().to_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn resources_table_lists_every_blog_resource_with_its_counts() {
    let out = introspect(debug_blog(), &["resources"]);
    for name in RESOURCES {
        assert!(out.contains(name), "{out}");
    }
    let post = out.lines().find(|l| l.contains(" Post ")).unwrap();
    let cells: Vec<&str> = post.split(['│', '┆']).map(str::trim).collect();
    assert_eq!(
        cells[1..8],
        ["Post", "posts", "/posts", "8", "3", "2", "11"],
        "{post}"
    );
    let summary = format!("4 resources · schema {}", env!("CARGO_PKG_VERSION"));
    assert!(out.contains(&summary), "{out}");
    assert!(!out.contains('\x1b'), "color in a pipe");
}

#[test]
fn resource_table_shows_everything_the_resource_declares() {
    let out = introspect(debug_blog(), &["resource", "Post"]);
    for expected in [
        "A blog post.",
        "nested under User",
        "declared at src/models/post.rs:",
        "Fields",
        "Option<String>",
        "pattern(\"^[a-z0-9-]+$\")",
        "Relationships",
        "has_many_through",
        "post_tags",
        "Hooks",
        "slugify_title",
        "notify_followers",
        "Validations",
        "Constraints",
        "title_not_blank",
        "Middleware",
        "auth → rate_limit(5/hour) → log",
        "Scopes",
        "published = true",
        "Computed fields",
        "word_count",
        "Routes",
        "/users/:user_id/posts/:id",
        "Post.publish",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    let verbose = introspect(debug_blog(), &["resource", "Post", "--verbose"]);
    assert!(
        verbose.contains("fn slugify_title"),
        "hook source: {verbose}"
    );
    assert!(
        verbose.contains("Shown in listings."),
        "field docs: {verbose}"
    );
    assert!(verbose.contains("crate::models::post::Post"), "{verbose}");
}

#[test]
fn resource_json_is_the_reference_format() {
    let post = json(debug_blog(), &["resource", "Post"]);
    assert_eq!(post["name"], "Post");
    assert_eq!(post["file_path"], "src/models/post.rs");
    let title = &post["fields"][1];
    assert_eq!(title["name"], "title");
    assert_eq!(title["type"], "string!");
    assert_eq!(title["required"], true);
    assert_eq!(
        title["constraints"],
        serde_json::json!(["min(5)", "max(200)"])
    );
    let subtitle = post["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "subtitle")
        .unwrap();
    assert_eq!(subtitle["type"], "string?");
    assert_eq!(post["relationships"][0]["target_resource"], "Comment");
    let hook = &post["hooks"][1];
    assert_eq!(
        (hook["timing"].as_str(), hook["event"].as_str()),
        (Some("after"), Some("update"))
    );
    assert_eq!(hook["type"], "after_update");
    assert_eq!(hook["has_async"], true);
    assert_eq!(
        post["middleware"]["list"],
        serde_json::json!(["cache(300)"])
    );
    assert!(post.get("generated").is_none());
}

#[test]
fn routes_are_filtered_by_method_and_resource() {
    let bin = debug_blog();
    let all = introspect(bin, &["routes"]);
    assert!(all.contains("POST   ┆ /posts/:id/publish"), "{all}");
    let gets = introspect(bin, &["routes", "--method", "get"]);
    assert!(
        gets.contains("GET") && !gets.contains("POST") && !gets.contains("DELETE"),
        "{gets}"
    );
    assert!(gets.contains("12 routes"), "{gets}");
    let tag = introspect(bin, &["routes", "--resource", "Tag", "--method", "POST"]);
    assert!(
        tag.contains("Tag.create") && tag.contains("1 route\n"),
        "{tag}"
    );

    let doc = json(bin, &["routes", "--resource", "Post"]);
    let routes = doc.as_array().unwrap();
    assert_eq!(routes.len(), 11);
    assert!(routes.iter().all(|r| r["resource"] == "Post"));
    assert!(
        routes
            .iter()
            .any(|r| r["handler"] == "Post.publish" && r["middleware"][0] == "auth")
    );
    let deletes = json(bin, &["routes", "--method", "DELETE"]);
    assert!(
        deletes
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["method"] == "DELETE")
    );
}

#[test]
fn deps_agree_in_table_json_and_dot() {
    let bin = debug_blog();
    let args = ["deps", "Comment", "--depth", "1", "--kinds", "belongs_to"];
    let table = introspect(bin, &args);
    assert!(
        table.contains("what Comment depends on (depth 1): 3 nodes, 2 edges"),
        "{table}"
    );
    assert!(table.contains("nodes: Comment, Post, User"), "{table}");

    let doc = json(bin, &args);
    assert_eq!(doc["resource"], "Comment");
    let nodes: Vec<&String> = doc["nodes"].as_object().unwrap().keys().collect();
    assert_eq!(nodes, ["Comment", "Post", "User"]);
    let edges: Vec<(&str, &str, &str)> = doc["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["from"].as_str().unwrap(),
                e["to"].as_str().unwrap(),
                e["relationship"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        edges,
        [
            ("Comment", "Post", "belongs_to"),
            ("Comment", "User", "belongs_to")
        ]
    );

    let mut dot_args = args.to_vec();
    dot_args.extend(["--format", "dot"]);
    let dot = introspect(bin, &dot_args);
    assert!(dot.starts_with("digraph conduit {"), "{dot}");
    assert!(
        dot.contains("\"Comment\" -> \"Post\" [label=\"belongs_to\"];"),
        "{dot}"
    );
    assert!(
        dot.contains("penwidth=2.5"),
        "the start node is bold: {dot}"
    );
}

#[test]
fn deps_follow_middleware_and_functions_and_reverse() {
    let bin = debug_blog();
    let out = introspect(
        bin,
        &["deps", "Post", "--depth", "1", "--kinds", "uses,calls"],
    );
    assert!(
        out.contains("rate_limit(5/hour)") && out.contains("slugify()"),
        "{out}"
    );
    let reverse = json(bin, &["deps", "Tag", "--reverse", "--depth", "1"]);
    assert_eq!(reverse["reverse"], true);
    let edges = reverse["edges"].as_array().unwrap();
    // Reverse queries list edges in their declared direction, into Tag.
    assert!(edges.iter().all(|e| e["to"] == "Tag"), "{reverse}");
    assert!(edges.iter().any(|e| e["from"] == "Post"), "{reverse}");
    let whole = introspect(bin, &["deps"]);
    assert!(
        whole.starts_with("the whole dependency graph: 13 nodes, 26 edges"),
        "{whole}"
    );
}

#[test]
fn whole_graph_dot_renders_with_graphviz_with_a_node_per_resource() {
    let dot = introspect(debug_blog(), &["deps", "--format", "dot"]);
    for name in RESOURCES {
        assert!(
            dot.contains(&format!("\"{name}\" [label=\"{name}\", shape=box")),
            "{dot}"
        );
    }
    assert!(
        dot.contains("\"middleware:auth\" [label=\"auth\", shape=ellipse"),
        "{dot}"
    );
    let Some(svg) = examples::dot_to_svg(&dot) else {
        return; // skipped outside CI; `dot_to_svg` fails under CONDUIT_CI=1
    };
    let nodes: Vec<&str> = svg
        .split("class=\"node\"")
        .skip(1)
        .filter_map(|s| s.split("<title>").nth(1)?.split("</title>").next())
        .collect();
    for name in RESOURCES {
        assert_eq!(
            nodes.iter().filter(|n| **n == name).count(),
            1,
            "{name} in {nodes:?}"
        );
    }
    assert_eq!(nodes.len(), 13, "{nodes:?}");
}

#[test]
fn patterns_by_category_in_table_and_json() {
    let bin = debug_blog();
    let out = introspect(bin, &["patterns"]);
    assert!(
        out.contains("authenticated_logged_handler") && out.contains("min_validation"),
        "{out}"
    );
    let auth = introspect(bin, &["patterns", "--category", "authentication"]);
    assert!(
        auth.contains("authenticated_logged_handler") && !auth.contains("min_validation"),
        "{auth}"
    );
    assert!(introspect(bin, &["patterns", "--category", "cors"]).contains("no patterns"));
    let doc = json(bin, &["patterns", "--category", "validation"]);
    let patterns = doc.as_array().unwrap();
    assert!(!patterns.is_empty());
    for p in patterns {
        assert_eq!(p["category"], "validation");
        assert!(
            p["examples"][0]["resource"].is_string() && p["frequency"].as_u64() >= Some(3),
            "{p}"
        );
    }
}

#[test]
fn cycles_in_table_and_json() {
    let bin = debug_blog();
    let out = introspect(bin, &["cycles"]);
    assert!(out.contains("Post → User → Post"), "{out}");
    let doc = json(bin, &["cycles"]);
    assert_eq!(doc["complete"], true);
    let cycles = doc["cycles"].as_array().unwrap();
    assert!(
        cycles.contains(&serde_json::json!(["Post", "Tag"])),
        "{doc}"
    );
    assert!(out.contains(&format!("{} cycles", cycles.len())), "{out}");
}

#[test]
fn export_writes_the_whole_registry_as_reference_json() {
    let doc: serde_json::Value =
        serde_json::from_str(&introspect(debug_blog(), &["export"])).unwrap();
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "version",
            "source_hash",
            "resources",
            "routes",
            "patterns",
            "dependencies"
        ]
    );
    assert_eq!(doc["resources"].as_array().unwrap().len(), 4);
    assert_eq!(doc["routes"].as_array().unwrap().len(), 28);
    assert_eq!(doc["dependencies"]["nodes"]["User"]["type"], "resource");
    // JSON is what every query's `--format json` is cut from.
    let resources = json(debug_blog(), &["resources"]);
    assert_eq!(resources, doc["resources"]);
    fails(&[
        "introspect",
        path(debug_blog()),
        "export",
        "--format",
        "table",
    ]);
}

#[test]
fn the_stripped_release_build_gives_the_same_answers() {
    let (debug, release) = (debug_blog(), release_blog());
    let queries: &[&[&str]] = &[
        &["resources"],
        &["resource", "Comment"],
        &["routes", "--method", "put"],
        &["deps", "User", "--depth", "2"],
        &["deps", "Post", "--reverse", "--kinds", "has_many"],
        &["deps"],
        &["patterns"],
        &["cycles"],
        &["export"],
    ];
    for q in queries {
        for format in ["table", "json", "dot"] {
            if format == "dot" && q[0] != "deps" || format != "json" && q[0] == "export" {
                continue;
            }
            let mut args = q.to_vec();
            args.extend(["--format", format]);
            let (a, b) = (introspect(debug, &args), introspect(release, &args));
            assert!(!a.is_empty());
            assert_eq!(a, b, "{args:?} differs between debug and stripped release");
        }
    }
    let out = conduit(&["-v", "introspect", path(release), "resources"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("section `.conduit_registry`"), "{stderr}");
}

#[test]
fn the_blob_file_from_out_dir_reads_like_the_binary() {
    let blob = blob_file();
    let a = introspect(&blob, &["resource", "Tag", "--format", "json"]);
    let b = introspect(debug_blog(), &["resource", "Tag", "--format", "json"]);
    assert_eq!(a, b);
    let out = conduit(&["--verbose", "introspect", path(&blob), "cycles"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("registry blob file"));
}

#[test]
fn a_binary_without_the_section_is_found_by_its_header() {
    // What `Builder::no_link_section()` gives: the blob in .rodata only.
    let renamed = target_dir().join(exe("blog-no-section"));
    let status = Command::new("objcopy")
        .args(["--rename-section", ".conduit_registry=.rodata.moved"])
        .arg(debug_blog())
        .arg(&renamed)
        .status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("objcopy is not available: skipped");
        return;
    }
    let out = conduit(&["-v", "introspect", path(&renamed), "resources"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no registry section"), "{stderr}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        introspect(debug_blog(), &["resources", "-v"])
    );
}

#[test]
fn unknown_names_fail_with_did_you_mean() {
    let bin = path(debug_blog());
    let cases: &[(&[&str], &str)] = &[
        (
            &["resource", "Pots"],
            "unknown resource `Pots`; did you mean `Post`?",
        ),
        (
            &["resource", "Invoice"],
            "unknown resource `Invoice`; known: Comment, Post, Tag, User",
        ),
        (
            &["deps", "Usr"],
            "unknown resource `Usr`; did you mean `User`?",
        ),
        (
            &["routes", "--resource", "tag"],
            "unknown resource `tag`; did you mean `Tag`?",
        ),
        (
            &["routes", "--method", "PUST"],
            "unknown HTTP method `PUST`; did you mean `POST`?",
        ),
        (
            &["deps", "Post", "--kinds", "belongs_to,usess"],
            "unknown edge kind `usess`; did you mean `uses`?",
        ),
        (
            &["patterns", "--category", "cachng"],
            "unknown pattern category `cachng`; did you mean `caching`?",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["introspect", bin];
        all.extend_from_slice(args);
        assert_eq!(fails(&all), format!("error: {expected}"));
    }
}

#[test]
fn files_without_a_registry_fail_with_one_line() {
    let dir = target_dir().join("not-registries");
    std::fs::create_dir_all(&dir).unwrap();
    let text = dir.join("notes.txt");
    std::fs::write(&text, "not a binary\n").unwrap();
    let line = fails(&["introspect", path(&text), "resources"]);
    assert!(
        line.contains("is neither a compiled binary (ELF, Mach-O, PE) nor a conduit registry blob"),
        "{line}"
    );
    let line = fails(&["introspect", path(&dir.join("missing")), "resources"]);
    assert!(line.starts_with("error: cannot read"), "{line}");
    // A real binary without a registry: conduit itself.
    let line = fails(&["introspect", env!("CARGO_BIN_EXE_conduit"), "resources"]);
    assert!(line.contains("no conduit registry in"), "{line}");
    let line = fails(&[
        "introspect",
        path(debug_blog()),
        "resources",
        "--format",
        "dot",
    ]);
    assert!(line.contains("`resources` has no dot output"), "{line}");
    let line = fails(&["introspect", path(debug_blog()), "deps", "--reverse"]);
    assert!(line.contains("need a start resource"), "{line}");
}

#[test]
fn a_corrupt_registry_fails_with_one_line() {
    let dir = target_dir().join("corrupt");
    std::fs::create_dir_all(&dir).unwrap();
    // A blob file whose archive is damaged, and one cut short.
    let blob = std::fs::read(blob_file()).unwrap();
    let mut damaged = blob.clone();
    let n = damaged.len();
    damaged[n - 48..].fill(0xee);
    // A matching checksum, so that the archive validation is what refuses it.
    conduit_format::envelope::reseal(&mut damaged);
    std::fs::write(dir.join("damaged.bin"), &damaged).unwrap();
    std::fs::write(dir.join("short.bin"), &blob[..n - 100]).unwrap();
    let line = fails(&["introspect", path(&dir.join("damaged.bin")), "resources"]);
    assert!(
        line.contains("corrupt conduit registry") && line.contains("archive"),
        "{line}"
    );
    let line = fails(&["introspect", path(&dir.join("short.bin")), "resources"]);
    assert!(
        line.contains("corrupt conduit registry") && line.contains("payload bytes"),
        "{line}"
    );

    // A binary whose embedded registry is damaged in place.
    let mut bin = std::fs::read(debug_blog()).unwrap();
    let at = (0..bin.len())
        .step_by(16)
        .find(|&i| bin[i..].starts_with(&blob[..32]))
        .unwrap();
    let end = at + blob.len();
    bin[end - 48..end].fill(0xee);
    let broken = dir.join(exe("blog-broken"));
    std::fs::write(&broken, &bin).unwrap();
    let line = fails(&["introspect", path(&broken), "resources"]);
    assert!(
        line.contains("corrupt conduit registry") && line.contains(&format!("{at:#x}")),
        "{line}"
    );
}

#[test]
fn completions_are_generated_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef conduit"),
        ("fish", "complete -c conduit"),
    ] {
        let out = conduit(&["completions", shell]);
        assert!(out.status.success());
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(
            script.contains(marker) && script.contains("introspect"),
            "{shell}: {script}"
        );
    }
    let out = conduit(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn color_only_when_allowed() {
    let bin = path(debug_blog());
    let forced = Command::new(env!("CARGO_BIN_EXE_conduit"))
        .args(["introspect", bin, "routes"])
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let text = String::from_utf8(forced.stdout).unwrap();
    assert!(text.contains("\x1b["), "CLICOLOR_FORCE gives color");
    let plain = Command::new(env!("CARGO_BIN_EXE_conduit"))
        .args(["introspect", bin, "routes", "--no-color"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        !String::from_utf8(plain.stdout).unwrap().contains('\x1b'),
        "--no-color wins"
    );
    // Piped, as here: no color by default (see every other test).
    assert!(!introspect(debug_blog(), &["routes"]).contains('\x1b'));
}
