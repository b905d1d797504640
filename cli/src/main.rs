//! `conduit`: look at the registry compiled into a conduit application —
//! resources, routes, the dependency graph, patterns — without running it.
//!
//! ```text
//! conduit introspect target/release/blog resources
//! conduit introspect target/release/blog resource Post
//! conduit introspect target/release/blog routes --method get
//! conduit introspect target/release/blog deps Comment --depth 2 --format dot | dot -Tsvg > deps.svg
//! conduit introspect target/release/blog export > metadata.json
//! conduit introspect target/release/blog openapi --openapi-version 3.0 > openapi.json
//! conduit introspect target/release/blog er > er.mmd
//! conduit introspect target/release/blog sql --dialect postgres > schema.sql
//! conduit db diff target/release/blog --url postgres://localhost/blog
//! conduit completions bash
//! ```
//!
//! Exit status: 0 on success, 2 on any error (bad arguments, a file that is
//! not a binary, no or a corrupt registry, an unknown name), with a one-line
//! message on stderr. `db diff` has its own: 0 no drift, 2 drift, 1 error.
#![forbid(unsafe_code)]

mod args;
#[cfg(feature = "db")]
mod db;
mod graph;
mod json;
mod load;
#[cfg(feature = "mcp")]
mod mcp;
mod schema_docs;
#[cfg(feature = "serve")]
mod serve;
mod style;
mod suggest;
mod table;

use args::{Cli, Command, Format, Query};
use clap::{CommandFactory, Parser};
use conduit::{DepQuery, EdgeKind, Method, PatternCategory, Registry, ResourceRef};
use graph::Graph;
use std::io::Write;
use std::process::ExitCode;
use style::Style;

/// A failure: one line for stderr, exit status 2.
#[derive(Debug)]
pub struct Failure(pub String);

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Failure(message.into())
    }
}

/// The pattern categories the build step assigns.
fn main() -> ExitCode {
    let cli = Cli::parse();
    let no_color = cli.no_color;
    #[cfg(feature = "db")]
    if let Command::Db { command } = &cli.command {
        return db::main(command, cli.format, no_color);
    }
    match run(cli) {
        Ok(text) => match std::io::stdout().lock().write_all(text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            // `conduit … | head`: the reader left; nothing more to say.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => fail(
                &Failure::new(format!("cannot write the output: {e}")),
                no_color,
            ),
        },
        Err(f) => fail(&f, no_color),
    }
}

fn fail(f: &Failure, no_color: bool) -> ExitCode {
    fail_with(f, no_color, 2)
}

/// Prints `error: …` on stderr; exits with `code`.
fn fail_with(f: &Failure, no_color: bool, code: u8) -> ExitCode {
    let prefix = if Style::stderr_color(no_color) {
        let red = anstyle::Style::new()
            .bold()
            .fg_color(Some(anstyle::AnsiColor::Red.into()));
        format!("{red}error:{red:#}")
    } else {
        "error:".to_owned()
    };
    let _ = writeln!(std::io::stderr(), "{prefix} {}", f.0);
    ExitCode::from(code)
}

/// Runs the command; returns what to print on stdout.
fn run(cli: Cli) -> Result<String, Failure> {
    match cli.command {
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "conduit", &mut buf);
            Ok(String::from_utf8_lossy(&buf).into_owned())
        }
        #[cfg(feature = "db")]
        Command::Db { .. } => Err(Failure::new("`db` commands run on their own")),
        // Serving (0.2): each runs until its client or a signal stops it.
        #[cfg(feature = "mcp")]
        Command::Mcp { input } => {
            let registry = load::leak(load::find(&input)?)?;
            mcp::run(registry, format!("`{}`", input.display())).map_err(Failure)?;
            Ok(String::new())
        }
        #[cfg(feature = "serve")]
        Command::Serve { input, addr, token } => {
            let registry = load::leak(load::find(&input)?)?;
            serve::run(registry, &addr, token).map_err(Failure)?;
            Ok(String::new())
        }
        Command::Introspect { input, query } => {
            let found = load::find(&input)?;
            let registry = found.registry()?;
            if cli.verbose {
                let _ = writeln!(
                    std::io::stderr(),
                    "conduit: `{}`: registry in {} ({} bytes, schema {}, {} resources)",
                    input.display(),
                    found.origin,
                    found.blob.len(),
                    registry.version(),
                    registry.len()
                );
            }
            if let Some(text) = schema_docs::answer(&registry, &query, cli.format, &input)? {
                return Ok(text);
            }
            let style = Style::stdout(cli.no_color);
            answer(&registry, &query, cli.format, &style, cli.verbose)
        }
    }
}

fn resource<'a>(registry: &Registry<'a>, name: &str) -> Result<ResourceRef<'a>, Failure> {
    registry.resource(name).ok_or_else(|| {
        let hint = suggest::hint(name, registry.resources().map(|r| r.name()));
        Failure::new(format!("unknown resource `{name}`{hint}"))
    })
}

fn method(name: &str) -> Result<Method, Failure> {
    Method::parse_ignore_case(name).ok_or_else(|| {
        let all = Method::ALL.iter().map(|m| m.as_str());
        let hint = suggest::hint(name, all);
        Failure::new(format!("unknown HTTP method `{name}`{hint}"))
    })
}

fn kinds(names: &[String]) -> Result<Vec<EdgeKind>, Failure> {
    names
        .iter()
        .filter(|k| !k.is_empty())
        .map(|k| {
            EdgeKind::parse_ignore_case(k).ok_or_else(|| {
                let hint = suggest::hint(k, EdgeKind::ALL.iter().map(|e| e.as_str()));
                Failure::new(format!("unknown edge kind `{k}`{hint}"))
            })
        })
        .collect()
}

fn category(name: &str) -> Result<PatternCategory, Failure> {
    name.parse().map_err(|_| {
        let hint = suggest::hint(name, PatternCategory::ALL.iter().map(|c| c.as_str()));
        Failure::new(format!("unknown pattern category `{name}`{hint}"))
    })
}

/// `format` must be one of `allowed` for this query (the first is its default).
pub(crate) fn format_for(
    format: Option<Format>,
    allowed: &[Format],
    query: &str,
) -> Result<Format, Failure> {
    let f = format.unwrap_or(allowed[0]);
    if allowed.contains(&f) {
        return Ok(f);
    }
    let names: Vec<String> = allowed
        .iter()
        .map(|f| format!("{f:?}").to_lowercase())
        .collect();
    Err(Failure::new(format!(
        "`{query}` has no {} output; use --format {}",
        format!("{f:?}").to_lowercase(),
        names.join(" or ")
    )))
}

fn answer(
    registry: &Registry<'_>,
    query: &Query,
    format: Option<Format>,
    s: &Style,
    verbose: bool,
) -> Result<String, Failure> {
    use Format::{Dot, Json, Table};
    let doc = || registry.to_json_value();
    Ok(match query {
        Query::Resources => match format_for(format, &[Table, Json], "resources")? {
            Json => json::text(&json::resources(&doc())),
            _ => table::resources(registry, s, verbose),
        },
        Query::Resource { name } => {
            let r = resource(registry, name)?;
            match format_for(format, &[Table, Json], "resource")? {
                Json => json::text(&json::resource(&doc(), r.name())),
                _ => table::resource(r, s, verbose),
            }
        }
        Query::Routes {
            method: m,
            resource: name,
        } => {
            let m = m.as_deref().map(method).transpose()?;
            let r = name.as_deref().map(|n| resource(registry, n)).transpose()?;
            let f = format_for(format, &[Table, Json], "routes")?;
            let routes: Vec<_> = registry
                .routes()
                .filter(|route| m.is_none_or(|m| route.method() == m))
                .filter(|route| r.is_none_or(|r| route.resource() == r.name()))
                .collect();
            match f {
                Json => json::text(&json::routes(&doc(), m, r.map(|r| r.name()))),
                _ => table::routes(routes, s, verbose),
            }
        }
        Query::Deps {
            name,
            depth,
            reverse,
            kinds: kind_names,
        } => {
            let ks = kinds(kind_names)?;
            let f = format_for(format, &[Table, Json, Dot], "deps")?;
            let depth = depth.unwrap_or(0);
            let (g, what) = match name {
                Some(name) => {
                    let r = resource(registry, name)?;
                    let mut q = DepQuery::new().depth(depth);
                    if *reverse {
                        q = q.reverse();
                    }
                    if !ks.is_empty() {
                        q = q.kinds(ks.iter().copied());
                    }
                    let deps = r.dependencies(q);
                    let limit = if depth == 0 {
                        "any depth".to_owned()
                    } else {
                        format!("depth {depth}")
                    };
                    let dir = if *reverse { "what depends on" } else { "what" };
                    let what = if *reverse {
                        format!("{dir} {} ({limit})", r.name())
                    } else {
                        format!("{dir} {} depends on ({limit})", r.name())
                    };
                    (Graph::from_deps(r.name(), &deps), what)
                }
                None if *reverse || depth != 0 => {
                    return Err(Failure::new(
                        "`--depth` and `--reverse` need a start resource: `deps NAME`",
                    ));
                }
                None => (
                    Graph::whole(registry, &ks),
                    "the whole dependency graph".to_owned(),
                ),
            };
            match f {
                Json => json::text(&json::deps(&doc(), &g, depth, *reverse, kind_names)),
                Dot => graph::dot(&g, &what),
                _ => table::deps(&g, s, verbose, &what),
            }
        }
        Query::Patterns { category: c } => {
            let c = c.as_deref().map(category).transpose()?;
            let f = format_for(format, &[Table, Json], "patterns")?;
            let list: Vec<_> = match c {
                Some(c) => registry.patterns_by_category(c).collect(),
                None => registry.patterns().collect(),
            };
            match f {
                Json => json::text(&json::patterns(&doc(), c.map(PatternCategory::as_str))),
                _ => table::patterns(list, s, verbose),
            }
        }
        Query::Cycles => match format_for(format, &[Table, Json], "cycles")? {
            Json => json::text(&json::cycles(registry)),
            _ => table::cycles(registry, s),
        },
        Query::Sql { dialect } => {
            format_for(format, &[Table], "sql")?;
            registry.to_sql((*dialect).into())
        }
        Query::Export => {
            format_for(format, &[Json], "export")?;
            let mut text = registry.to_json();
            text.push('\n');
            text
        }
        // Answered by `schema_docs::answer`.
        Query::Openapi { .. } | Query::Er => String::new(),
    })
}
