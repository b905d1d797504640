//! Build-step errors and their rustc-style rendering (`file:line:col`, the
//! source line, a caret under the culprit, and a "did you mean").

use std::fmt;
use std::path::PathBuf;

/// A position in a scanned file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// The file, relative to the package root.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Width of the caret (at least 1).
    pub len: usize,
    /// The source line, for display.
    pub source_line: String,
}

/// One problem found by the build step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Option<Span>,
    /// The text under the caret (e.g. `did you mean `User`?`).
    pub label: String,
    /// A second place involved (e.g. the first definition of a duplicate).
    pub related: Option<(String, Span)>,
    /// What to do.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            span: None,
            label: String::new(),
            related: None,
            help: None,
        }
    }

    /// Sets the primary position and its label.
    pub fn at(mut self, span: Span, label: impl Into<String>) -> Self {
        self.span = Some(span);
        self.label = label.into();
        self
    }

    /// Adds a related position (`note: <text>` at another place).
    pub fn related(mut self, note: impl Into<String>, span: Span) -> Self {
        self.related = Some((note.into(), span));
        self
    }

    /// Adds a `help:` line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

fn snippet(f: &mut fmt::Formatter<'_>, span: &Span, label: &str) -> fmt::Result {
    let gutter = span.line.to_string().len();
    let pad = " ".repeat(gutter);
    writeln!(f, "{pad}--> {}:{}:{}", span.file, span.line, span.column)?;
    writeln!(f, "{pad} |")?;
    writeln!(f, "{} | {}", span.line, span.source_line)?;
    let indent: String = span
        .source_line
        .chars()
        .take(span.column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    writeln!(f, "{pad} | {indent}{} {label}", "^".repeat(span.len.max(1)))?;
    writeln!(f, "{pad} |")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        if let Some(span) = &self.span {
            snippet(f, span, &self.label)?;
        }
        if let Some((note, span)) = &self.related {
            writeln!(f, "note: {note}")?;
            snippet(f, span, "")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "help: {help}")?;
        }
        Ok(())
    }
}

/// Why `Builder::build` failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Problems in the scanned sources, all of them.
    Diagnostics(Vec<Diagnostic>),
    /// A file or folder could not be read or written.
    Io {
        /// The path involved.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The environment lacks what a build script always has (`OUT_DIR`,
    /// `CARGO_MANIFEST_DIR`): the builder runs outside Cargo.
    Environment(String),
    /// The schema could not be serialized (a bug: please report it).
    Internal(String),
}

impl Error {
    /// Prints the error rustc-style to stderr and exits with status 1.
    ///
    /// ```no_run
    /// conduit_build::Builder::new().scan("src").build().unwrap_or_else(|e| e.exit());
    /// ```
    pub fn exit(self) -> ! {
        eprint!("{self}");
        std::process::exit(1)
    }

    /// The diagnostics, if this is a diagnostics error.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Diagnostics(d) => d,
            _ => &[],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Diagnostics(ds) => {
                for d in ds {
                    writeln!(f, "{d}")?;
                }
                let n = ds.len();
                writeln!(
                    f,
                    "error: conduit-build found {n} problem{}",
                    if n == 1 { "" } else { "s" }
                )
            }
            Error::Io {
                path,
                action,
                source,
            } => writeln!(
                f,
                "error: could not {action} `{}`: {source}",
                path.display()
            ),
            Error::Environment(msg) => writeln!(f, "error: {msg}"),
            Error::Internal(msg) => writeln!(f, "error: internal conduit-build error: {msg}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
