//! Text helpers shared by every reader and view: where invalid UTF-8
//! starts, a leading byte order mark, text cut short for display, sizes in
//! words, and text made safe for a terminal.

use std::borrow::Cow;
use std::fmt::Write;

/// The byte order mark some editors put at the start of a UTF-8 file.
const BOM: char = '\u{FEFF}';

/// `text` without a leading byte order mark. Every JSON reader (the CLI's
/// and the page's) goes through this, so a file a Windows editor saved
/// opens everywhere alike; JSON itself forbids the mark.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// True for what a terminal may act on rather than show: C0 controls, DEL,
/// C1 controls (ESC and CSI start sequences that clear screens or set
/// titles), the bidirectional overrides and isolates (which reorder what
/// follows), and the line and paragraph separators.
pub fn is_terminal_control(c: char) -> bool {
    matches!(c, '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{2028}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [`is_terminal_control`] character written as an escape
/// (`\n`, `\t`, `\r`, else `\u{1b}`), so whatever a file holds, a message
/// naming it stays one visible line.
pub fn escape_for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_terminal_control) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_terminal_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.into()
}

/// JSON text with the terminal controls that JSON allows raw in strings
/// (DEL, C1, the bidirectional ones and the separators) written as `\uXXXX`
/// escapes: the same JSON value, safe to print. C0 controls are left: JSON
/// writers always escape them in strings, and outside strings they are the
/// layout's own line ends and indents.
pub fn json_terminal_safe(json: &str) -> Cow<'_, str> {
    let raw = |c: char| c > '\u{7E}' && is_terminal_control(c);
    if !json.chars().any(raw) {
        return json.into();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// `bytes` as UTF-8, or an error naming the line and column (both from 1)
/// where it stops being valid.
pub fn utf8(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        format!("invalid UTF-8 at line {line}, column {column}")
    })
}

/// `text` cut to at most `max` characters with "…" after them.
pub fn clip(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", text[..i].trim_end()).into(),
        None => text.into(),
    }
}

/// A size as people say it: "3.2 MB", "12 KB".
pub fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1 << 10))
    }
}

#[cfg(test)]
mod tests {
    use super::{clip, escape_for_terminal, json_terminal_safe, size, utf8, without_bom};

    #[test]
    fn clips_and_sizes_read_as_words() {
        assert_eq!(clip("write x", 18), "write x");
        assert_eq!(clip("ab cd", 3), "ab…");
        assert_eq!(clip("éééé", 2), "éé…");
        assert_eq!((size(3 << 20), size(1500)), ("3.0 MB".to_string(), "2 KB".to_string()));
    }

    #[test]
    fn invalid_utf8_is_located() {
        assert_eq!(utf8(b"ok\nfine"), Ok("ok\nfine"));
        assert_eq!(utf8(b"{\n  \"a\": \xe9}"), Err("invalid UTF-8 at line 2, column 8".into()));
        assert_eq!(utf8(b"\xff"), Err("invalid UTF-8 at line 1, column 1".into()));
    }

    #[test]
    fn a_byte_order_mark_is_dropped_once() {
        assert_eq!(without_bom("\u{FEFF}{}"), "{}");
        assert_eq!(without_bom("\u{FEFF}\u{FEFF}{}"), "\u{FEFF}{}");
        assert_eq!(without_bom("{\"a\": \"\u{FEFF}\"}"), "{\"a\": \"\u{FEFF}\"}");
    }

    #[test]
    fn terminal_controls_are_escaped_to_one_visible_line() {
        let hostile =
            "a1\nlightcone: forged\u{1b}]0;title\u{7}\u{1b}[2J\u{9b}31m\u{202e}evil\u{2066}\u{7f}\r\t";
        let escaped = escape_for_terminal(hostile);
        assert_eq!(
            escaped,
            "a1\\nlightcone: forged\\u{1b}]0;title\\u{7}\\u{1b}[2J\\u{9b}31m\\u{202e}evil\\u{2066}\\u{7f}\\r\\t"
        );
        assert_eq!(escape_for_terminal("plain é ∥ 日本"), "plain é ∥ 日本");
        assert!(matches!(escape_for_terminal("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_value_without_raw_controls() {
        let value = vec!["x\u{9b}y\u{202e}z\u{7f}\u{2028}\n"];
        let json = json_terminal_safe(&serde_json::to_string_pretty(&value).unwrap()).into_owned();
        assert_eq!(json, "[\n  \"x\\u009by\\u202ez\\u007f\\u2028\\n\"\n]");
        assert_eq!(serde_json::from_str::<Vec<String>>(&json).unwrap(), value);
    }
}
