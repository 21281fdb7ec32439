//! A logged vector timestamp: a JSON object from host names to counts, as
//! GoVector writes it, or the same with escaped quotes (`{\"a\":1}`), as
//! TLA+'s TLC prints a string holding it. Zero entries say nothing and are
//! dropped, as ShiViz drops them.

use crate::core::formats::text::clip;
use serde_json::Value;

/// The largest entry accepted: clocks count events, and no log we can draw
/// holds more.
const MAX_ENTRY: u64 = u32::MAX as u64;

/// The clock's non-zero entries, or what is wrong with it.
pub fn parse(text: &str) -> Result<Vec<(String, u32)>, String> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(first) if text.contains("\\\"") => {
            serde_json::from_str(&text.replace("\\\"", "\"")).map_err(|_| not_json(text, &first))?
        }
        Err(e) => return Err(not_json(text, &e)),
    };
    let Value::Object(map) = value else {
        return Err(format!("the clock {} is not a JSON object of host names and counts", clip(text, 80)));
    };
    let mut entries = Vec::with_capacity(map.len());
    for (host, count) in map {
        let n = match count.as_u64() {
            Some(n) => n,
            None => match count.as_f64() {
                Some(f) if f >= 0.0 && f.fract() == 0.0 && f <= MAX_ENTRY as f64 => f as u64,
                _ => {
                    return Err(format!(
                        "the clock entry for \"{host}\" is {count}; entries count events: 0, 1, 2, …"
                    ))
                }
            },
        };
        if n > MAX_ENTRY {
            return Err(format!("the clock entry for \"{host}\" is {n}, more events than any log holds"));
        }
        if n > 0 {
            entries.push((host, n as u32));
        }
    }
    Ok(entries)
}

fn not_json(text: &str, e: &serde_json::Error) -> String {
    let reason = e.to_string();
    let reason = reason.split(" at line ").next().unwrap_or(&reason);
    format!("the clock {} is not JSON ({reason})", clip(text, 80))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_govector_and_tlc_clocks_and_drops_zeros() {
        assert_eq!(parse(r#"{"a":2, "b":1}"#).unwrap(), vec![("a".into(), 2), ("b".into(), 1)]);
        assert_eq!(parse(r#"{\"n1\":0,\"n2\":3}"#).unwrap(), vec![("n2".into(), 3)]);
        assert_eq!(parse(r#"{"a":2.0}"#).unwrap(), vec![("a".into(), 2)]);
    }

    #[test]
    fn names_what_is_wrong() {
        assert!(parse(r#"{"a":2"#).unwrap_err().contains("is not JSON"));
        assert!(parse("[1,2]").unwrap_err().contains("not a JSON object"));
        assert!(parse(r#"{"a":-1}"#).unwrap_err().contains("entry for \"a\" is -1"));
        assert!(parse(r#"{"a":"1"}"#).unwrap_err().contains("entry for \"a\""));
        assert!(parse(r#"{"a":1e300}"#).unwrap_err().contains("entry for \"a\""));
        assert!(parse(r#"{"a":99999999999}"#).unwrap_err().contains("more events"));
    }
}
