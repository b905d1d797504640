//! What `#[derive(Resource)]` emits for a fixture: tokens and bytes per
//! derive and in total, split by the part of the expansion they belong to,
//! and the time the derive takes, by stage (in this process, as unoptimised
//! as the derive runs in a dev build when this binary is built without
//! `--release`; a compiler adds the cost of its proc-macro bridge).
//!
//! ```console
//! $ cargo run -p conduit-bench-gen --bin derive-tokens -- rich500 rich5000
//! ```
//!
//! Each model's struct is expanded with `conduit_codegen::derive_resource`
//! as if the build step had run. A token is a token tree (an identifier, a
//! punctuation character, a literal, or a delimited group); bytes are those
//! of the expansion printed as text. The parts are found by the statements
//! of the expansion: a statement naming one of the `__private` checks or
//! lookups counts as that part, an `impl` as the trait impl, and what wraps
//! them (`const _`, attributes, the closure) as `wrapping`.

use conduit_bench_gen::{Fixture, Shape};
use conduit_codegen::{BuildStep, Ctxt, derive_resource, parse_resource};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

/// Tokens and text bytes counted for one part of the expansion.
#[derive(Clone, Copy, Default)]
struct Count {
    tokens: usize,
    bytes: usize,
}

impl Count {
    fn add(&mut self, other: Count) {
        self.tokens += other.tokens;
        self.bytes += other.bytes;
    }
}

/// Counts for every part, by name.
type Parts = BTreeMap<&'static str, Count>;

/// The part a statement belongs to, from the identifiers at its own level.
fn part_of(statement: &[TokenTree]) -> Option<&'static str> {
    statement.iter().find_map(|tree| match tree {
        TokenTree::Ident(i) => match i.to_string().as_str() {
            "impl" => Some("impl Resource"),
            "resource_index" => Some("registry check (resource_index)"),
            "assert_resource" => Some("relationship target checks"),
            "before_hook" | "after_hook" | "async_before_hook" | "async_after_hook" => {
                Some("hook signature checks")
            }
            "compile_error" => Some("compile errors"),
            _ => None,
        },
        _ => None,
    })
}

/// Tokens and bytes of `trees`, every group and leaf included.
fn count(trees: &[TokenTree]) -> Count {
    let mut c = Count::default();
    for tree in trees {
        c.tokens += 1;
        match tree {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::None => (0, 0),
                    _ => (1, 1),
                };
                c.bytes += open + close;
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                c.add(count(&inner));
            }
            other => c.bytes += other.to_string().len(),
        }
    }
    c
}

/// Splits `stream` into statements (ending at `;` or after a brace group)
/// and files each under its part; what wraps nested statements is
/// `wrapping`, and the nested statements are split in turn.
fn classify(stream: TokenStream, parts: &mut Parts) {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    let mut start = 0;
    for (i, tree) in trees.iter().enumerate() {
        let ends = match tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace,
            _ => false,
        };
        if ends || i + 1 == trees.len() {
            statement(&trees[start..=i], parts);
            start = i + 1;
        }
    }
}

fn statement(trees: &[TokenTree], parts: &mut Parts) {
    if let Some(part) = part_of(trees) {
        parts.entry(part).or_default().add(count(trees));
        return;
    }
    for tree in trees {
        match tree {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                parts.entry("wrapping").or_default().add(Count {
                    tokens: 1,
                    bytes: 2,
                });
                classify(g.stream(), parts);
            }
            other => parts
                .entry("wrapping")
                .or_default()
                .add(count(std::slice::from_ref(other))),
        }
    }
}

/// The figures of one fixture.
struct Report {
    derives: usize,
    total: Count,
    largest: (Count, String),
    parts: Parts,
    micros: u128,
    /// Time in the derive's stages (syn's parse, attributes and checks,
    /// expansion), measured on a second run of each.
    stages: [u128; 3],
}

/// Adds the time of each stage of the derive on `input` to `stages`.
fn stages(input: TokenStream, stages: &mut [u128; 3]) {
    let start = Instant::now();
    let Ok(input) = syn::parse2::<syn::DeriveInput>(input) else {
        return;
    };
    let parsed = Instant::now();
    let cx = Ctxt::new();
    let def = parse_resource(&cx, &input);
    let checked = cx.finish().is_ok();
    let read = Instant::now();
    if let (true, Some(def)) = (checked, def) {
        let _ = conduit_codegen::expand::expand(&def, BuildStep::Present);
    }
    let done = Instant::now();
    stages[0] += (parsed - start).as_micros();
    stages[1] += (read - parsed).as_micros();
    stages[2] += (done - read).as_micros();
}

fn measure(shape: Shape) -> Result<Report, String> {
    let fixture = Fixture::new(shape);
    let mut report = Report {
        derives: 0,
        total: Count::default(),
        largest: (Count::default(), String::new()),
        parts: Parts::new(),
        micros: 0,
        stages: [0; 3],
    };
    for model in &fixture.models {
        let file = syn::parse_file(&model.source).map_err(|e| format!("{}: {e}", model.name))?;
        for item in file.items {
            let syn::Item::Struct(item) = item else {
                continue;
            };
            let input = quote::quote!(#item);
            let start = Instant::now();
            let out = derive_resource(input, BuildStep::Present);
            report.micros += start.elapsed().as_micros();
            stages(quote::quote!(#item), &mut report.stages);
            let text = out.to_string();
            let trees: Vec<TokenTree> = out.clone().into_iter().collect();
            let c = Count {
                tokens: count(&trees).tokens,
                bytes: text.len(),
            };
            if text.contains("compile_error") {
                return Err(format!(
                    "{}: the derive reports an error: {text}",
                    model.name
                ));
            }
            report.derives += 1;
            report.total.add(c);
            if c.tokens > report.largest.0.tokens {
                report.largest = (c, model.name.clone());
            }
            classify(out, &mut report.parts);
        }
    }
    Ok(report)
}

fn print(name: &str, r: &Report) {
    let n = r.derives.max(1);
    println!(
        "{name}: {} derives, {} tokens and {} bytes in total; per derive {:.1} tokens, {:.0} bytes (largest: {}, {} tokens); expansion {:.1} µs per derive",
        r.derives,
        r.total.tokens,
        r.total.bytes,
        r.total.tokens as f64 / n as f64,
        r.total.bytes as f64 / n as f64,
        r.largest.1,
        r.largest.0.tokens,
        r.micros as f64 / n as f64,
    );
    println!(
        "  stages, µs per derive: syn parse {:.1}, attributes and checks {:.1}, expansion {:.1}",
        r.stages[0] as f64 / n as f64,
        r.stages[1] as f64 / n as f64,
        r.stages[2] as f64 / n as f64,
    );
    let mut parts: Vec<(&&str, &Count)> = r.parts.iter().collect();
    parts.sort_by(|a, b| b.1.tokens.cmp(&a.1.tokens).then(a.0.cmp(b.0)));
    println!(
        "  {:<34} {:>12} {:>8} {:>12}",
        "part", "tokens/derive", "share", "bytes/derive"
    );
    let tokens: usize = r.parts.values().map(|c| c.tokens).sum();
    for (part, c) in parts {
        println!(
            "  {:<34} {:>12.1} {:>7.1}% {:>12.0}",
            part,
            c.tokens as f64 / n as f64,
            100.0 * c.tokens as f64 / tokens.max(1) as f64,
            c.bytes as f64 / n as f64,
        );
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: derive-tokens <shape, e.g. rich500>...");
        return ExitCode::FAILURE;
    }
    for arg in &args {
        let Some(shape) = Shape::parse(arg) else {
            eprintln!("unknown shape `{arg}`");
            return ExitCode::FAILURE;
        };
        match measure(shape) {
            Ok(report) => print(arg, &report),
            Err(e) => {
                eprintln!("{arg}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
