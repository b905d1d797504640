//! Color and table style, decided once: color only when allowed (`--no-color`,
//! `NO_COLOR`, `CLICOLOR_FORCE`, `TERM=dumb`, as anstream reads them) and,
//! unless forced, only on a terminal.

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};
use conduit::Method;
use std::io::IsTerminal;

/// How output is decorated.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Emit ANSI colors.
    pub color: bool,
    /// stdout is a terminal: tables wrap to its width.
    pub tty: bool,
}

impl Style {
    /// The style for stdout.
    pub fn stdout(no_color: bool) -> Self {
        let out = std::io::stdout();
        Style {
            color: !no_color && anstream::AutoStream::choice(&out) != anstream::ColorChoice::Never,
            tty: out.is_terminal(),
        }
    }

    /// Whether stderr gets color.
    pub fn stderr_color(no_color: bool) -> bool {
        !no_color
            && anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
    }

    /// `text` in `style`, or plain.
    pub fn paint(&self, style: anstyle::Style, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    /// A heading line.
    pub fn heading(&self, text: &str) -> String {
        self.paint(anstyle::Style::new().bold().underline(), text)
    }

    /// Secondary text (counts, locations).
    pub fn dim(&self, text: &str) -> String {
        self.paint(anstyle::Style::new().dimmed(), text)
    }

    /// A table with bold headers, wrapped to the terminal on a terminal.
    pub fn table<I: IntoIterator<Item = S>, S: Into<String>>(&self, header: I) -> Table {
        let mut t = Table::new();
        t.load_preset(presets::UTF8_FULL_CONDENSED);
        t.apply_modifier(comfy_table::modifiers::UTF8_ROUND_CORNERS);
        if self.tty {
            t.set_content_arrangement(ContentArrangement::Dynamic);
        } else {
            t.force_no_tty();
        }
        if self.color {
            t.enforce_styling();
        }
        t.set_header(
            header
                .into_iter()
                .map(|h| Cell::new(h.into()).add_attribute(Attribute::Bold)),
        );
        t
    }

    /// A cell in `color`.
    pub fn colored(&self, text: impl Into<String>, color: Color) -> Cell {
        let cell = Cell::new(text.into());
        if self.color { cell.fg(color) } else { cell }
    }

    /// A resource (or node) name.
    pub fn name(&self, text: impl Into<String>) -> Cell {
        let cell = Cell::new(text.into());
        if self.color {
            cell.fg(Color::Cyan).add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }

    /// An HTTP method, colored by verb.
    pub fn method(&self, m: Method) -> Cell {
        let color = match m {
            Method::Get | Method::Head | Method::Options => Color::Green,
            Method::Post => Color::Yellow,
            Method::Put | Method::Patch => Color::Blue,
            Method::Delete => Color::Red,
        };
        self.colored(m.as_str(), color)
    }
}
