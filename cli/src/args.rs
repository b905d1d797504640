//! The command line, declared with clap's derive.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Look at the conduit registry compiled into an application, without
/// running it.
///
/// `conduit introspect` reads the registry straight out of a compiled binary
/// (ELF, Mach-O or PE, stripped or not) or out of a registry blob file
/// (`OUT_DIR/conduit/registry.bin`), validating it before any query.
#[derive(Debug, Parser)]
#[command(name = "conduit", version, propagate_version = true)]
pub struct Cli {
    /// Output format: `table` (default), `json` (the reference's metadata
    /// format), `dot` (Graphviz, for `deps` and `er`) or `mermaid` (`er`).
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Show more: locations, documentation, hook sources, where the registry
    /// was found.
    #[arg(long, short, global = true)]
    pub verbose: bool,

    /// Never color the output (color is also off when stdout is not a
    /// terminal or `NO_COLOR` is set).
    #[arg(long, global = true)]
    pub no_color: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// What the command does.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Query the registry of a compiled binary or a registry blob.
    Introspect {
        /// A compiled binary (debug, release, stripped) or a registry blob.
        #[arg(value_name = "BINARY|BLOB")]
        input: PathBuf,

        #[command(subcommand)]
        query: Query,
    },
    /// Compare the registry with a live database (`db diff`).
    #[cfg(feature = "db")]
    Db {
        #[command(subcommand)]
        command: crate::db::DbCommand,
    },
    /// Serve the registry to assistants: a stdio MCP server (six read-only
    /// tools). Register it in an MCP client as `conduit mcp BINARY`.
    #[cfg(feature = "mcp")]
    Mcp {
        /// A compiled binary or a registry blob.
        #[arg(value_name = "BINARY|BLOB")]
        input: PathBuf,
    },
    /// Serve the registry over HTTP: the explorer page at `/` and JSON
    /// endpoints (`/resources`, `/routes`, `/match`, …).
    #[cfg(feature = "serve")]
    Serve {
        /// A compiled binary or a registry blob.
        #[arg(value_name = "BINARY|BLOB")]
        input: PathBuf,
        /// The address to listen on (port 0: any free port).
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
        addr: String,
        /// Answer only requests with `Authorization: Bearer T` (also read
        /// from `CONDUIT_TOKEN`, which keeps it out of `ps`).
        #[arg(long, value_name = "T")]
        token: Option<String>,
    },
    /// Print a shell completion script (e.g. `conduit completions bash >
    /// ~/.local/share/bash-completion/completions/conduit`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// One question to the registry.
#[derive(Debug, Subcommand)]
pub enum Query {
    /// Every resource, with counts of what it declares.
    Resources,
    /// Everything about one resource.
    Resource {
        /// The resource name, e.g. `Post`.
        name: String,
    },
    /// The HTTP routes, REST and custom.
    Routes {
        /// Only this method (any case): GET, POST, PUT, PATCH, DELETE.
        #[arg(long, value_name = "M")]
        method: Option<String>,
        /// Only the routes of this resource.
        #[arg(long, value_name = "R")]
        resource: Option<String>,
    },
    /// The dependency graph from one resource (the whole graph without NAME).
    Deps {
        /// The start resource; without it, the whole graph.
        name: Option<String>,
        /// Follow at most N edges (0: unlimited).
        #[arg(long, value_name = "N")]
        depth: Option<u32>,
        /// Follow edges backwards: what depends on NAME.
        #[arg(long)]
        reverse: bool,
        /// Only these edge kinds: belongs_to, has_one, has_many,
        /// has_many_through, uses, calls.
        #[arg(long, value_name = "k,...", value_delimiter = ',')]
        kinds: Vec<String>,
    },
    /// Conventions that recur: middleware chains, hooks, validations,
    /// relationships.
    Patterns {
        /// Only this category, e.g. `authentication`, `caching`, `hook`.
        #[arg(long, value_name = "C")]
        category: Option<String>,
    },
    /// Every dependency cycle, found at build time.
    Cycles,
    /// The whole registry in the reference's metadata JSON format.
    Export,
    /// An OpenAPI document of every route and resource schema (JSON).
    Openapi {
        /// The OpenAPI version to write.
        #[arg(long, value_enum, value_name = "V", default_value = "3.1")]
        openapi_version: SpecVersion,
        /// `info.title` (default: the input file's name).
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
    },
    /// An entity-relationship diagram of the resources: `--format mermaid`
    /// (default) or `dot`.
    Er,
    /// The schema as DDL: CREATE TABLE, foreign keys, checks, indexes.
    Sql {
        /// The database the DDL is for.
        #[arg(long, value_enum)]
        dialect: SqlDialect,
    },
}

/// An OpenAPI version (`--openapi-version`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SpecVersion {
    /// OpenAPI 3.0.3.
    #[value(name = "3.0")]
    V3_0,
    /// OpenAPI 3.1.0.
    #[value(name = "3.1")]
    V3_1,
}

/// `--dialect` of `sql`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SqlDialect {
    /// SQLite 3.
    Sqlite,
    /// PostgreSQL 13 or later.
    #[value(alias = "postgresql")]
    Postgres,
}

impl From<SqlDialect> for conduit::Dialect {
    fn from(d: SqlDialect) -> Self {
        match d {
            SqlDialect::Sqlite => conduit::Dialect::Sqlite,
            SqlDialect::Postgres => conduit::Dialect::Postgres,
        }
    }
}

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable tables.
    Table,
    /// JSON in the reference's metadata format.
    Json,
    /// A Graphviz digraph (`deps`, `er`).
    Dot,
    /// Mermaid text (`er`).
    Mermaid,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_anywhere() {
        let cli = Cli::try_parse_from([
            "conduit",
            "introspect",
            "app",
            "deps",
            "Post",
            "--format",
            "dot",
            "--kinds",
            "belongs_to,uses",
            "-v",
        ])
        .unwrap();
        assert_eq!(cli.format, Some(Format::Dot));
        assert!(cli.verbose);
        let Command::Introspect {
            query: Query::Deps { name, kinds, .. },
            ..
        } = cli.command
        else {
            panic!("not deps");
        };
        assert_eq!(name.as_deref(), Some("Post"));
        assert_eq!(kinds, ["belongs_to", "uses"]);
    }
}
