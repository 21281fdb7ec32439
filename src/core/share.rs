//! Share links: a diagram (its saved-file text) deflated (RFC 1951, via
//! miniz_oxide) and written in URL-safe base64 (RFC 4648 §5, no padding),
//! to travel in a URL fragment, which browsers never send to the server.
//! Decoding refuses anything malformed or too big, naming the problem.

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec_with_limit;

/// The most text a link may unpack to (the editor's own limit).
pub const MAX_TEXT: usize = crate::core::editor::document::MAX_TEXT;
/// The longest fragment read (characters); browsers cap URLs near here.
pub const MAX_FRAGMENT: usize = 4 << 20;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `text` packed for a URL fragment.
pub fn encode(text: &str) -> String {
    let packed = compress_to_vec(text.as_bytes(), 9);
    let mut out = String::with_capacity(packed.len() * 4 / 3 + 3);
    for chunk in packed.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// The text packed in a fragment by [`encode`].
pub fn decode(fragment: &str) -> Result<String, String> {
    if fragment.len() > MAX_FRAGMENT {
        return Err(format!(
            "the link is {} characters long; at most {MAX_FRAGMENT} are read",
            fragment.len()
        ));
    }
    let mut bytes = Vec::with_capacity(fragment.len() * 3 / 4);
    let (mut n, mut bits) = (0u32, 0);
    for (i, c) in fragment.bytes().enumerate() {
        let Some(v) = ALPHABET.iter().position(|&a| a == c) else {
            return Err(format!("the link has a character that is not URL-safe base64 at position {i}"));
        };
        n = n << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((n >> bits) as u8);
        }
    }
    let text = decompress_to_vec_with_limit(&bytes, MAX_TEXT)
        .map_err(|e| format!("the link's diagram is damaged or too big ({:?})", e.status))?;
    String::from_utf8(text).map_err(|_| "the link's diagram is not UTF-8 text".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_and_compresses() {
        let text = r#"{"processes": ["A", "B"], "events": []}"#.repeat(50);
        let packed = encode(&text);
        assert!(packed.len() < text.len() / 4, "{} for {}", packed.len(), text.len());
        assert!(packed.bytes().all(|b| ALPHABET.contains(&b)));
        assert_eq!(decode(&packed).unwrap(), text);
        for len in 0..10 {
            let t = "é∥".repeat(len);
            assert_eq!(decode(&encode(&t)).unwrap(), t);
        }
    }

    #[test]
    fn hostile_fragments_are_refused_with_a_reason() {
        assert!(decode("abc$def").unwrap_err().contains("position 3"));
        assert!(decode("AAAA").unwrap_err().starts_with("the link's diagram is damaged"));
        let packed = encode(&"x".repeat(1000));
        assert!(decode(&packed[..packed.len() / 2]).is_err(), "truncated");
        assert!(decode(&"A".repeat(MAX_FRAGMENT + 1)).unwrap_err().contains("at most"));
        // A bomb: far more than the limit once inflated.
        let bomb = encode(&"0".repeat(MAX_TEXT + 10));
        assert!(decode(&bomb).unwrap_err().contains("too big"));
    }
}
