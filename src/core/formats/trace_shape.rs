//! The shape of a trace given as a value rather than text (a JavaScript
//! object through the page's API): every field of the trace format with
//! the type it must have, checked before the trace is read, so a wrong
//! type is refused naming its place (`events[3].process: expected a
//! string, found a number`). Text has lines and columns to point at; an
//! object has only these paths.

use crate::core::known_fields::did_you_mean;
use crate::core::trace::EventKind;
use serde_json::{Map, Value};

const KINDS: [EventKind; 5] =
    [EventKind::Local, EventKind::Send, EventKind::Receive, EventKind::Fork, EventKind::Join];

/// Refuses the first field of `doc` whose type the trace format does not
/// allow, naming where it is. What the types cannot say (an unknown
/// process, a message received twice, a cycle) is the trace reader's to
/// refuse, with its own message.
pub fn check(doc: &Value) -> Result<(), String> {
    let Value::Object(top) = doc else {
        return Err(format!("the trace: expected an object with \"events\", found {}", found(doc)));
    };
    if let Some(names) = top.get("processes").filter(|v| !v.is_null()) {
        strings(names, "processes")?;
    }
    let events = top.get("events").ok_or("the trace: missing \"events\" (an array of events)")?;
    let Value::Array(events) = events else {
        return Err(format!("events: expected an array, found {}", found(events)));
    };
    for (index, event) in events.iter().enumerate() {
        let place = format!("events[{index}]");
        let Value::Object(event) = event else {
            return Err(format!("{place}: expected an object, found {}", found(event)));
        };
        self::event(event, &place)?;
    }
    Ok(())
}

fn event(event: &Map<String, Value>, place: &str) -> Result<(), String> {
    for key in ["id", "process", "kind"] {
        match event.get(key) {
            None => return Err(format!("{place}: missing \"{key}\"")),
            Some(value) => string(value, &format!("{place}.{key}"))?,
        }
    }
    let kind = event["kind"].as_str().unwrap_or_default();
    if !KINDS.iter().any(|k| k.as_str() == kind) {
        let names: Vec<&str> = KINDS.iter().map(|k| k.as_str()).collect();
        return Err(format!(
            "{place}.kind: unknown kind \"{kind}\"{} (expected one of {})",
            did_you_mean(kind, &names),
            names.join(", ")
        ));
    }
    let given = |key| event.get(key).filter(|v: &&Value| !v.is_null());
    for key in ["label", "message", "child", "from"] {
        if let Some(value) = given(key) {
            string(value, &format!("{place}.{key}"))?;
        }
    }
    for key in ["messages", "sends"] {
        if let Some(value) = given(key) {
            strings(value, &format!("{place}.{key}"))?;
        }
    }
    match given("time") {
        Some(time) if !time.is_number() => {
            Err(format!("{place}.time: expected a number, found {}", found(time)))
        }
        _ => Ok(()),
    }
}

fn string(value: &Value, place: &str) -> Result<(), String> {
    match value {
        Value::String(_) => Ok(()),
        other => Err(format!("{place}: expected a string, found {}", found(other))),
    }
}

fn strings(value: &Value, place: &str) -> Result<(), String> {
    let Value::Array(items) = value else {
        return Err(format!("{place}: expected an array of strings, found {}", found(value)));
    };
    items.iter().enumerate().try_for_each(|(i, item)| string(item, &format!("{place}[{i}]")))
}

/// What a value is, in the words of JavaScript's types (for messages that
/// say what was found instead).
pub(crate) fn found(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use serde_json::json;

    #[test]
    fn a_valid_trace_passes_with_its_optional_fields_given_or_null() {
        let doc = json!({"processes": ["A", "B"], "events": [
            {"id": "a1", "process": "A", "kind": "send", "message": "m1", "time": 1.5},
            {"id": "b1", "process": "B", "kind": "receive", "messages": ["m1"], "sends": [], "label": null},
        ]});
        assert_eq!(check(&doc), Ok(()));
        assert_eq!(check(&json!({"processes": null, "events": []})), Ok(()));
    }

    #[test]
    fn a_wrong_type_is_refused_at_its_path() {
        let event =
            |e: serde_json::Value| json!({"events": [{"id": "a1", "process": "A", "kind": "local"}, e]});
        let cases = [
            (json!({"id": "b1", "process": 5, "kind": "local"}), "events[1].process: expected a string, found a number"),
            (json!({"id": "b1", "kind": "local"}), "events[1]: missing \"process\""),
            (json!({"id": "b1", "process": "B", "kind": "sned"}),
             "events[1].kind: unknown kind \"sned\" (did you mean \"send\"?) (expected one of local, send, receive, fork, join)"),
            (json!({"id": "b1", "process": "B", "kind": "receive", "messages": ["m1", 2]}),
             "events[1].messages[1]: expected a string, found a number"),
            (json!({"id": "b1", "process": "B", "kind": "local", "time": "3"}), "events[1].time: expected a number, found a string"),
            (json!("b1"), "events[1]: expected an object, found a string"),
        ];
        for (e, message) in cases {
            assert_eq!(check(&event(e)), Err(message.to_string()));
        }
    }

    #[test]
    fn the_top_level_is_checked_too() {
        assert_eq!(
            check(&json!([])),
            Err("the trace: expected an object with \"events\", found an array".into())
        );
        assert_eq!(check(&json!({})), Err("the trace: missing \"events\" (an array of events)".into()));
        assert_eq!(check(&json!({"events": {}})), Err("events: expected an array, found an object".into()));
        assert_eq!(
            check(&json!({"processes": ["A", true], "events": []})),
            Err("processes[1]: expected a string, found a boolean".into())
        );
    }
}
