//! `conduit db diff BIN --url …` (feature `db`): does a live database still
//! match the registry? Reads the database's catalog ([`live`]), builds what
//! the registry expects (`Registry::sql_schema`, [`model`]), compares them
//! ([`diff`]) and prints the differences in django-extensions' `sqldiff`
//! categories.
//!
//! Exit status (Prisma's `migrate diff --exit-code`): 0 no drift, 2 drift,
//! 1 error — one line on stderr.

pub mod diff;
pub mod live;
pub mod model;

use crate::Failure;
use crate::args::Format;
use clap::Subcommand;
use conduit::Dialect;
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// What `conduit db` does.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Compare the registry with a live database: exit 0 when they agree,
    /// 2 when they drift, 1 on error. `--format json` for CI.
    Diff {
        /// A compiled binary or a registry blob.
        #[arg(value_name = "BINARY|BLOB")]
        input: PathBuf,
        /// The database: `sqlite://PATH` or `postgres://USER@HOST:PORT/DB`.
        #[arg(long, value_name = "URL")]
        url: String,
    },
}

/// The differences, or why there are none to tell.
fn run(command: &DbCommand, format: Option<Format>) -> Result<(String, bool), Failure> {
    let DbCommand::Diff { input, url } = command;
    let json_out = match format {
        None | Some(Format::Table) => false,
        Some(Format::Json) => true,
        Some(other @ (Format::Dot | Format::Mermaid)) => {
            return Err(Failure::new(format!(
                "`db diff` has no {} output; use --format table or json",
                match other {
                    Format::Dot => "dot",
                    _ => "mermaid",
                }
            )));
        }
    };
    let url_kind = live::Url::parse(url)?;
    let found = crate::load::find(input)?;
    let registry = found.registry()?;
    let (dialect, have) = match url_kind {
        live::Url::Sqlite(path) => (Dialect::Sqlite, live::sqlite(path)?),
        live::Url::Postgres(url) => (Dialect::Postgres, live::postgres(url)?),
    };
    let want = model::expected(&registry.sql_schema(dialect), dialect);
    let drift = diff::diff(&want, &have);
    let text = if json_out {
        let doc = json!({
            "dialect": dialect.as_str(),
            "drift": !drift.is_empty(),
            "tables": want.tables.len(),
            "differences": drift.iter().map(diff::Drift::json).collect::<Vec<_>>(),
        });
        let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        text.push('\n');
        text
    } else if drift.is_empty() {
        format!(
            "no drift: the database has the registry's {} tables as declared\n",
            want.tables.len()
        )
    } else {
        let mut text: String = drift.iter().map(|d| d.line() + "\n").collect();
        let n = drift.len();
        let s = if n == 1 { "" } else { "s" };
        text.push_str(&format!(
            "{n} difference{s} between the registry and the database\n"
        ));
        text
    };
    Ok((text, !drift.is_empty()))
}

/// Runs `conduit db …`; the exit status as documented above.
pub fn main(command: &DbCommand, format: Option<Format>, no_color: bool) -> ExitCode {
    match run(command, format) {
        Ok((text, drift)) => {
            let written = std::io::stdout().lock().write_all(text.as_bytes());
            match written {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    let f = Failure::new(format!("cannot write the output: {e}"));
                    crate::fail_with(&f, no_color, 1)
                }
                _ if drift => ExitCode::from(2),
                _ => ExitCode::SUCCESS,
            }
        }
        Err(f) => crate::fail_with(&f, no_color, 1),
    }
}
