//! The schemas the benchmarks run on, emitted as Rust model source.

use std::fmt::Write as _;
use std::path::Path;

/// A benchmark schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// N generated resources: 4–10 fields (uuid, string, text, int, bool,
    /// timestamp; some nullable), 0–3 `belongs_to` to earlier resources with
    /// a `has_many` back on the first one, middleware chains on create,
    /// update and delete, one or two hooks calling 1–3 helper functions, all
    /// five REST operations. `rich50` is the headline fixture.
    Rich(usize),
    /// The reference's `large50.json` / `large100.json`: N resources with 4
    /// fields, `Resource1..` each `belongs_to` `Resource0` (a star).
    Large(usize),
    /// The reference's `api_bench.json`: Post, User, Comment, 10 routes.
    ApiBench,
    /// The reference's `chain10/20/50.json`: `Resource_i belongs_to
    /// Resource_(i-1)`, plus `Resource_(i-2)` when `i > 1 && i % 3 == 0`.
    Chain(usize),
    /// The reference's `depgraph50.json`: `belongs_to` i-1, `has_many` i-2.
    DepGraph(usize),
    /// The reference's `patterns50_resources.json`: 50 resources sharing
    /// the middleware chains `create [auth]`, `delete [auth]`,
    /// `list [cache]`, `update [auth, cache]`.
    Patterns50,
}

impl Shape {
    /// The shape called `name` (`rich50`, `large50`, `api_bench`, `chain20`,
    /// `depgraph50`, `patterns50`, …).
    pub fn parse(name: &str) -> Option<Shape> {
        let number = |prefix: &str| name.strip_prefix(prefix)?.parse::<usize>().ok();
        match name {
            "api_bench" => Some(Shape::ApiBench),
            "patterns50" => Some(Shape::Patterns50),
            _ => number("rich")
                .map(Shape::Rich)
                .or_else(|| number("large").map(Shape::Large))
                .or_else(|| number("chain").map(Shape::Chain))
                .or_else(|| number("depgraph").map(Shape::DepGraph)),
        }
    }

    /// The shape's name, as [`parse`](Self::parse) reads it.
    pub fn name(self) -> String {
        match self {
            Shape::Rich(n) => format!("rich{n}"),
            Shape::Large(n) => format!("large{n}"),
            Shape::ApiBench => "api_bench".into(),
            Shape::Chain(n) => format!("chain{n}"),
            Shape::DepGraph(n) => format!("depgraph{n}"),
            Shape::Patterns50 => "patterns50".into(),
        }
    }
}

/// One generated model: a struct deriving `conduit::Resource`.
#[derive(Clone, Debug)]
pub struct Model {
    /// The resource (and struct) name.
    pub name: String,
    /// The struct with its attributes and doc comment. It names other items
    /// by full path (`crate::models::…`, `crate::hooks::…`), so it compiles
    /// in a module of its own as well as beside the others.
    pub source: String,
}

/// A generated schema: models plus the hook functions they name.
#[derive(Clone, Debug)]
pub struct Fixture {
    /// What was generated.
    pub shape: Shape,
    /// The models, in declaration order.
    pub models: Vec<Model>,
    /// The items of the `hooks` module: hook functions and their helpers.
    pub hooks: String,
}

/// Middleware chains the rich shape draws from (on create, update, delete).
const CHAINS: &[&[&str]] = &[
    &["auth"],
    &["auth", "log"],
    &["auth", "rate_limit(100/hour)", "log"],
    &["cors", "auth"],
    &["auth", "cache(300)"],
    &["log"],
    &["cors", "auth", "log"],
];

/// Helper functions hooks call (function nodes of the dependency graph).
const HELPERS: &[&str] = &[
    "audit",
    "normalize",
    "stamp",
    "enqueue",
    "notify",
    "invalidate",
    "check_quota",
    "slugify",
];

/// Optional fields of the rich shape: (name, attribute, type).
const FIELDS: &[(&str, &str, &str)] = &[
    ("title", "#[field(min = 1, max = 200)]", "String"),
    (
        "slug",
        "#[field(unique, pattern = \"^[a-z0-9-]+$\")]",
        "String",
    ),
    ("body", "#[field(ty = \"text\")]", "String"),
    ("summary", "", "Option<String>"),
    ("position", "#[field(default = 0)]", "i64"),
    ("quantity", "", "Option<i64>"),
    ("active", "#[field(default = true)]", "bool"),
    ("archived", "", "Option<bool>"),
    ("external_id", "#[field(unique)]", "crate::models::Uuid"),
    ("created_at", "#[field(auto)]", "std::time::SystemTime"),
    (
        "updated_at",
        "#[field(auto, auto_update)]",
        "std::time::SystemTime",
    ),
    ("published_at", "", "Option<std::time::SystemTime>"),
];

/// SplitMix64: a tiny deterministic generator, so every build generates the
/// same fixture.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `k` distinct numbers of `0..n`, in increasing order.
    fn pick(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k.min(n));
        all.sort_unstable();
        all
    }
}

/// Collects the pieces of one struct.
#[derive(Default)]
struct Item {
    docs: String,
    resource_opts: Vec<String>,
    struct_attrs: Vec<String>,
    fields: Vec<String>,
    duplicated_attributes: bool,
}

impl Item {
    fn render(&self, name: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "/// {}", self.docs);
        if self.duplicated_attributes {
            // clippy mistakes two `foreign_key = "..."` options of different
            // relationships for one attribute given twice.
            s.push_str("#[allow(clippy::duplicated_attributes)]\n");
        }
        s.push_str("#[derive(conduit::Resource)]\n");
        if !self.resource_opts.is_empty() {
            s.push_str("#[resource(\n");
            for o in &self.resource_opts {
                let _ = writeln!(s, "    {o},");
            }
            s.push_str(")]\n");
        }
        for a in &self.struct_attrs {
            let _ = writeln!(s, "{a}");
        }
        if self.fields.is_empty() {
            let _ = writeln!(s, "pub struct {name} {{}}");
        } else {
            let _ = writeln!(s, "pub struct {name} {{");
            for f in &self.fields {
                s.push_str(f);
            }
            s.push_str("}\n");
        }
        s
    }
}

fn field(attr: &str, name: &str, ty: &str) -> String {
    if attr.is_empty() {
        format!("    pub {name}: {ty},\n")
    } else {
        format!("    {attr}\n    pub {name}: {ty},\n")
    }
}

/// The key type of `item`: that of its `id` field (`u64` if it has none yet).
fn key_type(item: &Item) -> &str {
    item.fields
        .iter()
        .find_map(|f| {
            f.split_once("pub id: ")
                .map(|(_, ty)| ty.trim_end().trim_end_matches(','))
        })
        .unwrap_or("u64")
}

/// Makes every generated resource a valid schema, as the build step checks
/// it: a primary key where a shape has none (the reference's fixtures list
/// relationships only), and the foreign-key fields that relationships without
/// `foreign_key = ...` imply (`<target>_id` here for `belongs_to`, `<self>_id`
/// on the target for `has_many`), typed like the key they reference.
fn with_keys(names: &[String], mut items: Vec<Item>) -> Vec<Item> {
    for item in &mut items {
        if !item.fields.iter().any(|f| f.contains("pub id: ")) {
            item.fields
                .insert(0, field("#[field(primary)]", "id", "u64"));
        }
    }
    let index = |target: &str| names.iter().position(|n| n == target);
    let mut add: Vec<(usize, String, String)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        for attr in &item.struct_attrs {
            if attr.contains("foreign_key") {
                continue;
            }
            for (kind, holder_is_self) in [
                ("#[belongs_to(crate::models::", true),
                ("#[has_many(crate::models::", false),
            ] {
                let Some(rest) = attr.strip_prefix(kind) else {
                    continue;
                };
                let target = rest.split([',', ')']).next().unwrap_or_default();
                let Some(t) = index(target) else { continue };
                if holder_is_self {
                    add.push((
                        i,
                        format!("{}_id", snake(target)),
                        key_type(&items[t]).to_owned(),
                    ));
                } else {
                    add.push((
                        t,
                        format!("{}_id", snake(&names[i])),
                        key_type(item).to_owned(),
                    ));
                }
            }
        }
    }
    for (holder, name, ty) in add {
        let exists = items[holder]
            .fields
            .iter()
            .any(|f| f.contains(&format!("pub {name}: ")));
        if !exists {
            items[holder].fields.push(field("", &name, &ty));
        }
    }
    items
}

fn chain(c: &[&str]) -> String {
    let quoted: Vec<String> = c.iter().map(|m| format!("{m:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

impl Fixture {
    /// Generates `shape`.
    pub fn new(shape: Shape) -> Fixture {
        let mut hooks = String::new();
        let (names, items) = match shape {
            Shape::Rich(n) => rich(n, &mut hooks),
            Shape::Large(n) => large(n, &mut hooks),
            Shape::ApiBench => api_bench(),
            Shape::Chain(n) => chain_shape(n),
            Shape::DepGraph(n) => depgraph(n),
            Shape::Patterns50 => patterns50(),
        };
        let items = with_keys(&names, items);
        let models = names
            .into_iter()
            .zip(items)
            .map(|(name, item)| Model {
                source: item.render(&name),
                name,
            })
            .collect();
        Fixture {
            shape,
            models,
            hooks,
        }
    }

    /// The whole fixture as one file of items (`pub mod models { … }` and
    /// `pub mod hooks { … }`), for a crate root to `include!`.
    pub fn single_file(&self) -> String {
        let mut s = String::with_capacity(self.models.len() * 1200 + self.hooks.len() + 256);
        let _ = writeln!(
            s,
            "// Generated by conduit-bench-gen: fixture `{}`.\n",
            self.shape.name()
        );
        s.push_str("/// The fixture's resources.\npub mod models {\n");
        s.push_str(
            "    /// A 128-bit identifier (normalized type `uuid`).\n    pub type Uuid = u128;\n\n",
        );
        for m in &self.models {
            for line in m.source.lines() {
                if !line.is_empty() {
                    s.push_str("    ");
                }
                s.push_str(line);
                s.push('\n');
            }
            s.push('\n');
        }
        s.push_str("}\n\n/// Hook functions and the helpers they call.\npub mod hooks {\n");
        for line in self.hooks.lines() {
            if !line.is_empty() {
                s.push_str("    ");
            }
            s.push_str(line);
            s.push('\n');
        }
        s.push_str("}\n");
        s
    }

    /// Writes the fixture as a standalone crate under `dir`, the way an
    /// application lays out its models (`src/models/<name>.rs`, one model a
    /// file; `src/hooks.rs`; `build.rs` scanning `src`), depending on the
    /// conduit workspace at `workspace` by path.
    ///
    /// # Errors
    ///
    /// If a file cannot be written.
    pub fn write_crate(&self, dir: &Path, workspace: &Path) -> std::io::Result<()> {
        let src = dir.join("src");
        std::fs::create_dir_all(src.join("models"))?;
        let ws = workspace.display();
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"fixture-{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [workspace]\n\n[dependencies]\nconduit = {{ package = \"conduit-registry\", path = \"{ws}/runtime\" }}\n\n\
                 [build-dependencies]\nconduit-build = {{ path = \"{ws}/build-support\" }}\n\n\
                 [profile.release]\ncodegen-units = 1\nlto = \"thin\"\n",
                name = self.shape.name().replace('_', "-")
            ),
        )?;
        std::fs::write(
            dir.join("build.rs"),
            "fn main() {\n    conduit_build::Builder::new()\n        .scan(\"src\")\n        .build()\n        .unwrap_or_else(|e| e.exit());\n}\n",
        )?;
        std::fs::write(
            src.join("lib.rs"),
            "//! A generated conduit fixture.\n\npub mod hooks;\npub mod models;\n\nconduit::include_registry!();\n",
        )?;
        let mut module = String::from(
            "//! The fixture's resources, one a file.\n\n/// A 128-bit identifier (normalized type `uuid`).\npub type Uuid = u128;\n\n",
        );
        for m in &self.models {
            let stem = snake(&m.name);
            let _ = writeln!(module, "mod {stem};\npub use {stem}::{};", m.name);
            std::fs::write(
                src.join("models").join(format!("{stem}.rs")),
                format!("//! The `{}` resource.\n\n{}", m.name, m.source),
            )?;
        }
        std::fs::write(src.join("models/mod.rs"), module)?;
        std::fs::write(
            src.join("hooks.rs"),
            format!(
                "//! Hook functions and the helpers they call.\n\n{}",
                self.hooks
            ),
        )
    }
}

/// `ResourceA2` → `resource_a2`.
fn snake(name: &str) -> String {
    let mut s = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                s.push('_');
            }
            s.push(c.to_ascii_lowercase());
        } else {
            s.push(c);
        }
    }
    s
}

fn rich(n: usize, hooks: &mut String) -> (Vec<String>, Vec<Item>) {
    let mut rng = Rng(0x00c0_ffee ^ 42);
    let names: Vec<String> = (0..n).map(|i| format!("Resource{i}")).collect();
    let mut items: Vec<Item> = (0..n).map(|_| Item::default()).collect();
    let mut used_helpers = [false; HELPERS.len()];
    // Whether each resource's key is a uuid: a foreign key has its target's type.
    let mut uuid_keys = vec![false; n];
    for i in 0..n {
        let name = &names[i];
        let parents = if i == 0 {
            Vec::new()
        } else {
            let k = rng.below(4);
            rng.pick(i, k)
        };
        let total = 4 + rng.below(7);
        let others = total.saturating_sub(1 + parents.len());
        let uuid_id = rng.below(10) < 3;
        uuid_keys[i] = uuid_id;
        let mut item = std::mem::take(&mut items[i]);
        item.docs = format!("Resource {i} of the generated `rich{n}` fixture.");
        item.fields.push(field(
            "#[field(primary, auto)]",
            "id",
            if uuid_id {
                "crate::models::Uuid"
            } else {
                "u64"
            },
        ));
        for &p in &parents {
            item.fields.push(field(
                &format!("#[belongs_to(crate::models::Resource{p}, on_delete = \"cascade\")]"),
                &format!("resource{p}_id"),
                if uuid_keys[p] {
                    "crate::models::Uuid"
                } else {
                    "u64"
                },
            ));
        }
        for f in rng.pick(FIELDS.len(), others) {
            let (fname, attr, ty) = FIELDS[f];
            item.fields.push(field(attr, fname, ty));
        }
        let mut mw = Vec::new();
        for op in ["create", "update", "delete"] {
            if rng.below(8) != 0 {
                mw.push(format!("{op} = {}", chain(CHAINS[rng.below(CHAINS.len())])));
            }
        }
        if !mw.is_empty() {
            item.resource_opts
                .push(format!("middleware({})", mw.join(", ")));
        }
        let mut hook_opts = Vec::new();
        let kinds: &[&str] = if rng.below(2) == 0 {
            &["before_create"]
        } else {
            &["before_create", "after_update"]
        };
        for kind in kinds {
            let f = format!("resource{i}_{kind}");
            hook_opts.push(format!("{kind} = crate::hooks::{f}"));
            let arg = if kind.starts_with("before") {
                "&mut"
            } else {
                "&"
            };
            let calls = 1 + rng.below(3);
            let _ = writeln!(
                hooks,
                "/// The `{kind}` hook of `{name}`.\npub fn {f}(_record: {arg} crate::models::{name}) {{"
            );
            for h in rng.pick(HELPERS.len(), calls) {
                used_helpers[h] = true;
                let _ = writeln!(hooks, "    {}({name:?});", HELPERS[h]);
            }
            hooks.push_str("}\n\n");
        }
        item.resource_opts
            .push(format!("hooks({})", hook_opts.join(", ")));
        items[i] = item;
        if let Some(&p) = parents.first() {
            let parent = &mut items[p];
            parent.struct_attrs.push(format!(
                "#[has_many(crate::models::Resource{i}, foreign_key = \"resource{p}_id\")]"
            ));
            parent.duplicated_attributes |= parent.struct_attrs.len() > 1;
        }
    }
    for (h, used) in HELPERS.iter().zip(used_helpers) {
        if used {
            let _ = writeln!(
                hooks,
                "/// A helper that generated hooks call.\npub fn {h}(resource: &str) {{\n    std::hint::black_box(resource);\n}}\n"
            );
        }
    }
    (names, items)
}

fn large(n: usize, hooks: &mut String) -> (Vec<String>, Vec<Item>) {
    let names: Vec<String> = (0..n).map(|i| format!("Resource{i}")).collect();
    let items = (0..n)
        .map(|i| {
            let mut item = Item {
                docs: format!("Resource {i} of the reference's `large{n}` fixture (a star)."),
                ..Item::default()
            };
            item.fields.push(field(
                "#[field(primary)]",
                "id",
                "crate::models::Uuid",
            ));
            item.fields.push(field("", "name", "String"));
            item.fields.push(field("", "email", "String"));
            item.fields
                .push(field("", "created_at", "std::time::SystemTime"));
            if i > 0 {
                item.struct_attrs.push(
                    "#[belongs_to(crate::models::Resource0, name = \"related\")]".into(),
                );
            }
            let mut mw = Vec::new();
            if i < n / 2 {
                mw.push("create = [\"auth\"]");
            }
            if i < n / 3 {
                mw.push("list = [\"cache(300)\"]");
            }
            if !mw.is_empty() {
                item.resource_opts
                    .push(format!("middleware({})", mw.join(", ")));
            }
            if i < n / 4 {
                let f = format!("resource{i}_after_create");
                item.resource_opts.push(format!(
                    "hooks(after_create(crate::hooks::{f}, transaction))"
                ));
                let _ = writeln!(
                    hooks,
                    "/// The `after_create` hook of `Resource{i}`.\npub fn {f}(_record: &crate::models::Resource{i}) {{}}\n"
                );
            }
            item
        })
        .collect();
    (names, items)
}

fn api_bench() -> (Vec<String>, Vec<Item>) {
    let id = || field("#[field(primary)]", "id", "crate::models::Uuid");
    let text = |name: &str| field("#[field(ty = \"text\")]", name, "String");
    let post = Item {
        docs: "A post (the reference's `api_bench` fixture).".into(),
        fields: vec![
            id(),
            field("", "title", "String"),
            text("content"),
            field(
                "#[belongs_to(crate::models::User, name = \"author\", foreign_key = \"author_id\")]",
                "author_id",
                "crate::models::Uuid",
            ),
        ],
        ..Item::default()
    };
    let user = Item {
        docs: "A user (the reference's `api_bench` fixture).".into(),
        resource_opts: vec!["operations(list, show, create)".into()],
        fields: vec![
            id(),
            field("", "email", "String"),
            field("", "name", "String"),
        ],
        ..Item::default()
    };
    let comment = Item {
        docs: "A comment (the reference's `api_bench` fixture).".into(),
        resource_opts: vec!["operations(list, create)".into()],
        fields: vec![
            id(),
            text("content"),
            field(
                "#[belongs_to(crate::models::Post, name = \"post\", foreign_key = \"post_id\")]",
                "post_id",
                "crate::models::Uuid",
            ),
            field(
                "#[belongs_to(crate::models::User, name = \"author\", foreign_key = \"author_id\")]",
                "author_id",
                "crate::models::Uuid",
            ),
        ],
        ..Item::default()
    };
    (
        vec!["Post".into(), "User".into(), "Comment".into()],
        vec![post, user, comment],
    )
}

fn chain_shape(n: usize) -> (Vec<String>, Vec<Item>) {
    let names: Vec<String> = (0..n).map(|i| format!("Resource{i}")).collect();
    let items = (0..n)
        .map(|i| {
            let mut item = Item {
                docs: format!("Link {i} of the reference's `chain{n}` fixture."),
                ..Item::default()
            };
            if i > 0 {
                item.struct_attrs.push(format!(
                    "#[belongs_to(crate::models::Resource{}, name = \"dependency\")]",
                    i - 1
                ));
            }
            if i > 1 && i % 3 == 0 {
                item.struct_attrs.push(format!(
                    "#[belongs_to(crate::models::Resource{}, name = \"alternate\")]",
                    i - 2
                ));
            }
            item
        })
        .collect();
    (names, items)
}

fn depgraph(n: usize) -> (Vec<String>, Vec<Item>) {
    let names: Vec<String> = (0..n).map(|i| format!("Resource{i}")).collect();
    let items = (0..n)
        .map(|i| {
            let mut item = Item {
                docs: format!("Node {i} of the reference's `depgraph{n}` fixture."),
                ..Item::default()
            };
            if i > 0 {
                item.struct_attrs.push(format!(
                    "#[belongs_to(crate::models::Resource{}, name = \"rel1\")]",
                    i - 1
                ));
            }
            if i > 1 {
                item.struct_attrs.push(format!(
                    "#[has_many(crate::models::Resource{}, name = \"rel2\")]",
                    i - 2
                ));
            }
            item
        })
        .collect();
    (names, items)
}

fn patterns50() -> (Vec<String>, Vec<Item>) {
    // The reference's fixture repeats the names A..X; conduit needs unique
    // names, so the second round is suffixed.
    let names: Vec<String> = (0..50)
        .map(|i| {
            let letter = char::from(b'A' + (i % 26) as u8);
            if i < 26 {
                format!("Resource{letter}")
            } else {
                format!("Resource{letter}2")
            }
        })
        .collect();
    let items = (0..50)
        .map(|i| Item {
            docs: format!("Resource {i} of the reference's `patterns50` fixture."),
            resource_opts: vec![
                "middleware(create = [\"auth\"], delete = [\"auth\"], list = [\"cache\"], update = [\"auth\", \"cache\"])".into(),
            ],
            ..Item::default()
        })
        .collect();
    (names, items)
}
