//! The replicated application: a key-value store of strings. An operation
//! is `put KEY VALUE` (the result is "ok") or `get KEY` (the result is the
//! value, or none for a key never written). VR only needs it to be a
//! deterministic state machine: every replica that executes the same
//! committed prefix reaches the same store (§4.1, the up-call).

use std::collections::BTreeMap;
use std::fmt;

/// A client's operation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    /// Writes `value` under `key`.
    Put(String, String),
    /// Reads `key`.
    Get(String),
}

/// An operation's result: a value read, "ok" for a put, `None` for a key
/// never written.
pub type Output = Option<String>;

impl Op {
    /// Reads `"put x 1"` or `"get x"` (keys and values are single words).
    pub fn parse(text: &str) -> Result<Op, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        match words.as_slice() {
            ["put", key, value] => Ok(Op::Put(key.to_string(), value.to_string())),
            ["get", key] => Ok(Op::Get(key.to_string())),
            _ => Err(format!("\"{text}\" is not an operation (write \"put KEY VALUE\" or \"get KEY\")")),
        }
    }

    /// As a log entry is drawn: "x=1" for a put, "x?" for a get, each
    /// side cut to four characters (the whole op is in the report).
    pub fn short(&self) -> String {
        let cut = |t: &str| crate::core::formats::text::clip(t, 4).into_owned();
        match self {
            Op::Put(k, v) => format!("{}={}", cut(k), cut(v)),
            Op::Get(k) => format!("{}?", cut(k)),
        }
    }

    /// The key it touches.
    pub fn key(&self) -> &str {
        match self {
            Op::Put(k, _) | Op::Get(k) => k,
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Put(k, v) => write!(f, "put {k} {v}"),
            Op::Get(k) => write!(f, "get {k}"),
        }
    }
}

/// The store.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Store(BTreeMap<String, String>);

impl Store {
    /// Executes `op` and returns its result.
    pub fn apply(&mut self, op: &Op) -> Output {
        match op {
            Op::Put(k, v) => {
                self.0.insert(k.clone(), v.clone());
                Some("ok".to_string())
            }
            Op::Get(k) => self.0.get(k).cloned(),
        }
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&String> {
        self.0.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_parse_print_and_apply() {
        let put = Op::parse(" put  x 1 ").unwrap();
        assert_eq!(put.to_string(), "put x 1");
        let mut s = Store::default();
        assert_eq!(s.apply(&Op::parse("get x").unwrap()), None);
        assert_eq!(s.apply(&put), Some("ok".into()));
        assert_eq!(s.apply(&Op::parse("get x").unwrap()), Some("1".into()));
        assert!(Op::parse("del x").unwrap_err().contains("\"del x\" is not an operation"));
        assert!(Op::parse("put x").is_err());
    }
}
