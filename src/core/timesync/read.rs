//! Reading a scenario's JSON with errors that name the field and where it
//! is ("nodes: \"client\": \"drift_ppm\" must be a number"), refusing keys
//! no one reads: a misspelt key ignored silently runs a different
//! experiment.

use crate::core::known_fields;
use serde_json::{Map, Value};

/// An object being read, and where it is in the scenario.
pub(crate) struct Obj<'a> {
    map: &'a Map<String, Value>,
    place: String,
}

impl<'a> Obj<'a> {
    /// `value` as an object at `place`, with only the `known` keys.
    pub(crate) fn new(value: &'a Value, place: &str, known: &[&str]) -> Result<Obj<'a>, String> {
        let Value::Object(map) = value else {
            return Err(format!("{place}: expected an object, found {}", kind(value)));
        };
        known_fields::check(map, known, place)?;
        Ok(Obj { map, place: place.to_string() })
    }

    /// `value` as an object at `place` whose keys are names (any).
    pub(crate) fn any(value: &'a Value, place: &str) -> Result<Obj<'a>, String> {
        let Value::Object(map) = value else {
            return Err(format!("{place}: expected an object, found {}", kind(value)));
        };
        Ok(Obj { map, place: place.to_string() })
    }

    /// Where this object is.
    pub(crate) fn place(&self) -> &str {
        &self.place
    }

    /// The value of `key`, if given.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    /// An error about `key` of this object.
    pub(crate) fn err(&self, key: &str, problem: &str) -> String {
        format!("{}: \"{key}\" {problem}", self.place)
    }

    /// A finite number, or `default` when absent.
    pub(crate) fn number(&self, key: &str, default: f64) -> Result<f64, String> {
        Ok(self.opt_number(key)?.unwrap_or(default))
    }

    /// A finite number, if given.
    pub(crate) fn opt_number(&self, key: &str) -> Result<Option<f64>, String> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => number(v)
                .map(Some)
                .ok_or_else(|| self.err(key, &format!("must be a number, not {}", kind(v)))),
        }
    }

    /// A number between `min` and `max` (inclusive), or `default`.
    pub(crate) fn within(&self, key: &str, default: f64, (min, max): (f64, f64)) -> Result<f64, String> {
        let x = self.number(key, default)?;
        if (min..=max).contains(&x) {
            Ok(x)
        } else {
            Err(self.err(key, &format!("is {}; it must be between {min} and {max}", num(x))))
        }
    }

    /// A whole number between `min` and `max`, or `default`.
    pub(crate) fn whole(&self, key: &str, default: u64, (min, max): (u64, u64)) -> Result<u64, String> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(default),
            Some(v) => match v.as_u64() {
                Some(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(self.err(key, &format!("is {v}; it must be a whole number from {min} to {max}"))),
            },
        }
    }

    /// A boolean, or `false`.
    pub(crate) fn flag(&self, key: &str) -> Result<bool, String> {
        match self.get(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(v) => Err(self.err(key, &format!("must be true or false, not {}", kind(v)))),
        }
    }

    /// A string, if given.
    pub(crate) fn string(&self, key: &str) -> Result<Option<&'a str>, String> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(self.err(key, &format!("must be a string, not {}", kind(v)))),
        }
    }

    /// A `[min, max]` pair of numbers, if given.
    pub(crate) fn range(&self, key: &str) -> Result<Option<(f64, f64)>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(pair)) if pair.len() == 2 => match (number(&pair[0]), number(&pair[1])) {
                (Some(a), Some(b)) => Ok(Some((a, b))),
                _ => Err(self.err(key, "must hold two numbers, [min, max]")),
            },
            Some(v) => Err(self.err(key, &format!("must be [min, max], not {}", kind(v)))),
        }
    }

    /// The entries of this object, in key order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&'a String, &'a Value)> {
        self.map.iter()
    }
}

/// A JSON number as a finite f64.
pub(crate) fn number(v: &Value) -> Option<f64> {
    v.as_f64().filter(|x| x.is_finite())
}

/// What a value is, for messages.
pub(crate) use crate::core::formats::trace_shape::found as kind;

/// A list of names: a string (one name) or an array of strings.
pub(crate) fn names(v: &Value, place: &str) -> Result<Vec<String>, String> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|x| x.as_str().map(str::to_string).ok_or_else(|| format!("{place}: names must be strings")))
            .collect(),
        other => Err(format!("{place}: expected a name or a list of names, found {}", kind(other))),
    }
}

/// The node called `name` among `nodes`, at `place`.
pub(crate) fn node(nodes: &[String], name: &str, place: &str) -> Result<usize, String> {
    nodes.iter().position(|n| n == name).ok_or_else(|| {
        let hint = crate::core::known_fields::did_you_mean(
            name,
            &nodes.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        format!("{place}: no node is called \"{name}\"{hint} (nodes are {})", nodes.join(", "))
    })
}

/// A number as messages write it: plainly, or in exponent form when huge
/// or tiny.
pub(crate) fn num(x: f64) -> String {
    if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}
