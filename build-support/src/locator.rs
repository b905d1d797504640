//! Where things are: from positions and stored locations to the file,
//! line and column of a diagnostic.

use crate::error::Span;
use crate::scan;
use conduit_codegen::plain::Pos;
use conduit_format::schema::Location;

/// Maps spans to locations and diagnostic spans.
pub(crate) struct Locator<'a> {
    pub(crate) files: &'a [scan::SourceFile],
    /// Index of each scanned file in the schema's sorted file table.
    pub(crate) file_ids: Vec<u32>,
}

impl Locator<'_> {
    pub(crate) fn location(&self, file: usize, pos: Pos) -> Location {
        Location {
            file: self.file_ids[file],
            line: pos.line,
            column: pos.column + 1,
        }
    }

    /// The diagnostic span of a stored location (`files` is the schema's table).
    pub(crate) fn span_at(&self, files: &[String], l: &Location) -> Span {
        let rel = files
            .get(l.file as usize)
            .map(String::as_str)
            .unwrap_or_default();
        let text = self
            .files
            .iter()
            .find(|f| f.rel == rel)
            .map(|f| f.text.as_str())
            .unwrap_or_default();
        let source_line = text
            .lines()
            .nth((l.line as usize).saturating_sub(1))
            .unwrap_or_default()
            .to_owned();
        let start = (l.column as usize).saturating_sub(1);
        let rest: String = source_line.chars().skip(start).collect();
        // An attribute is underlined whole; anything else, its first word.
        let len = if rest.starts_with("#[") {
            rest.find(']')
                .map_or(rest.chars().count(), |i| rest[..=i].chars().count())
        } else {
            rest.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .count()
        };
        Span {
            file: rel.to_owned(),
            line: l.line as usize,
            column: l.column as usize,
            len,
            source_line,
        }
    }

    pub(crate) fn span(&self, file: usize, pos: Pos) -> Span {
        let f = &self.files[file];
        let source_line = f
            .text
            .lines()
            .nth((pos.line as usize).saturating_sub(1))
            .unwrap_or_default()
            .to_owned();
        let len = if pos.end_line == pos.line {
            pos.end_column.saturating_sub(pos.column) as usize
        } else {
            1
        };
        Span {
            file: f.rel.clone(),
            line: pos.line as usize,
            column: pos.column as usize + 1,
            len,
            source_line,
        }
    }
}
