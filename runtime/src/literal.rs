//! Rust literals as the registry stores them (a field's `default = "…"` is
//! kept as its source text), read back by the exports that need the value.

/// The value of a Rust string or char literal: `"a\"b"` → `a"b`, `'x'` →
/// `x`, `r#"a\b"#` → `a\b`; escapes `\n \r \t \0 \\ \" \' \u{…}`. `None` if
/// `text` is not such a literal.
pub(crate) fn unquote(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(raw) = t.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw.get(hashes..)?.strip_prefix('"')?;
        let body = body.strip_suffix(&raw[..hashes])?.strip_suffix('"')?;
        return Some(body.to_owned());
    }
    let quote = t.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let inner = t[1..].strip_suffix(quote)?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            c @ ('\\' | '"' | '\'') => out.push(c),
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let hex: String = chars.by_ref().take_while(|c| *c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::unquote;

    #[test]
    fn string_char_and_raw_literals_are_read() {
        assert_eq!(unquote(r#""a\"b\n""#).as_deref(), Some("a\"b\n"));
        assert_eq!(unquote("'x'").as_deref(), Some("x"));
        assert_eq!(unquote(r###"r#"a\b"#"###).as_deref(), Some("a\\b"));
        assert_eq!(unquote(r#""\u{e9}""#).as_deref(), Some("é"));
        assert_eq!(unquote("42"), None);
        assert_eq!(unquote(r#""bad \q""#), None);
        assert_eq!(unquote("\"open"), None);
    }
}
