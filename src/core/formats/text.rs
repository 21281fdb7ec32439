//! Text helpers shared by every reader and view: where invalid UTF-8
//! starts, text cut short for display, sizes in words.

use std::borrow::Cow;

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
    use super::{clip, size, utf8};

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
}
