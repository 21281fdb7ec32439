//! Share links: a diagram (its saved-file text) deflated (RFC 1951, via
//! miniz_oxide) and written in URL-safe base64 (RFC 4648 §5, no padding),
//! to travel in a URL fragment, which browsers never send to the server.
//! Decoding refuses anything malformed or too big, naming the problem.

use crate::core::formats::json_out::json_str;
use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};

/// The most text a link may unpack to (the editor's own limit).
pub const MAX_TEXT: usize = crate::core::editor::document::MAX_TEXT;
/// The longest fragment read (characters); browsers cap URLs near here.
pub const MAX_FRAGMENT: usize = 4 << 20;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `text` packed for a URL fragment.
pub fn encode(text: &str) -> String {
    encode_bytes(text.as_bytes())
}

fn encode_bytes(bytes: &[u8]) -> String {
    let packed = compress_to_vec(bytes, 9);
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
    if fragment.is_empty() {
        return Err("the link holds no diagram (nothing follows #d=)".into());
    }
    for (i, c) in fragment.char_indices() {
        let Some(v) = ALPHABET.iter().position(|&a| u32::from(a) == u32::from(c)) else {
            return Err(format!(
                "the link has a character that is not URL-safe base64 at position {i} ({}): it is not a \
                 Lightcone link, or it was changed",
                json_str(&c.to_string())
            ));
        };
        n = n << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((n >> bits) as u8);
        }
    }
    let text = decompress_to_vec_with_limit(&bytes, MAX_TEXT).map_err(|e| inflate_problem(e.status))?;
    String::from_utf8(text).map_err(|_| "the link's diagram is not text: it is not a Lightcone link".into())
}

/// Why a fragment does not unpack, in words.
fn inflate_problem(status: TINFLStatus) -> String {
    match status {
        TINFLStatus::HasMoreOutput => format!(
            "the link's diagram is too large when unpacked: more than {} MB (the editor opens at most that)",
            MAX_TEXT >> 20
        ),
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
            "the link is cut short: its diagram ends early (copy the whole link)".into()
        }
        _ => "the link is damaged: what follows #d= is not a packed diagram (not a Lightcone link, or it \
              was changed)"
            .into(),
    }
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
        assert_eq!(
            decode("abc$def").unwrap_err(),
            "the link has a character that is not URL-safe base64 at position 3 (\"$\"): it is not a \
             Lightcone link, or it was changed"
        );
        assert!(decode("abcé").unwrap_err().contains("position 3 (\"é\")"));
        assert!(decode("AAAA").unwrap_err().starts_with("the link is cut short"));
        assert!(decode("____").unwrap_err().starts_with("the link is damaged: what follows #d= is not"));
        assert_eq!(decode("").unwrap_err(), "the link holds no diagram (nothing follows #d=)");
        let packed = encode(&"x".repeat(1000));
        assert_eq!(
            decode(&packed[..packed.len() / 2]).unwrap_err(),
            "the link is cut short: its diagram ends early (copy the whole link)"
        );
        assert!(decode(&"A".repeat(MAX_FRAGMENT + 1)).unwrap_err().contains("at most"));
        // A bomb: far more than the limit once inflated.
        let bomb = encode(&"0".repeat(MAX_TEXT + 10));
        assert_eq!(
            decode(&bomb).unwrap_err(),
            format!(
                "the link's diagram is too large when unpacked: more than {} MB (the editor opens at most that)",
                MAX_TEXT >> 20
            )
        );
        assert!(decode(&encode_bytes(&[0xff, 0xfe])).unwrap_err().contains("not text"));
        // No refusal names the inflater's internals.
        for fragment in ["AAAA", "", &packed[..packed.len() / 2], &bomb, "_-_-_-_-"] {
            let e = decode(fragment).unwrap_err();
            assert!(!e.contains("Failed") && !e.contains("HasMore") && !e.contains("Status"), "{e}");
        }
    }
}
