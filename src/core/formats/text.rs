//! Text-level problems shared by every reader: where invalid UTF-8 starts.

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

#[cfg(test)]
mod tests {
    use super::utf8;

    #[test]
    fn invalid_utf8_is_located() {
        assert_eq!(utf8(b"ok\nfine"), Ok("ok\nfine"));
        assert_eq!(utf8(b"{\n  \"a\": \xe9}"), Err("invalid UTF-8 at line 2, column 8".into()));
        assert_eq!(utf8(b"\xff"), Err("invalid UTF-8 at line 1, column 1".into()));
    }
}
