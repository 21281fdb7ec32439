//! Finding events by text: their ids, actions and an imported log's fields.

use super::document::Document;
use crate::core::trace::{EventIdx, Trace};

impl Document {
    /// The events of `trace` (this document's) whose id, action or log
    /// fields contain `text`, ignoring case, in event order; none for blank
    /// text.
    pub fn find(&self, trace: &Trace, text: &str) -> Vec<EventIdx> {
        let needle = text.trim().to_lowercase();
        if needle.is_empty() {
            return Vec::new();
        }
        let has = |s: &str| s.to_lowercase().contains(&needle);
        (0..trace.event_count() as EventIdx)
            .filter(|&e| {
                let id = trace.event_id(e);
                has(id)
                    || trace.label(e).is_some_and(has)
                    || self.fields.get(id).is_some_and(|f| f.iter().any(|(_, v)| has(v)))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::core::editor::Document;

    #[test]
    fn finds_ids_actions_and_field_values_ignoring_case() {
        let mut doc = Document::parse(
            r#"{"processes": ["A", "B"], "events": [
                {"id": "a1", "process": "A", "kind": "send", "message": "m1", "label": "Write X"},
                {"id": "b1", "process": "B", "kind": "receive", "message": "m1"},
                {"id": "b2", "process": "B", "kind": "local", "label": "read y"}]}"#,
        )
        .unwrap();
        doc.fields.insert("b1".into(), vec![("date".into(), "2014-03-01 12:00".into())]);
        let placed = doc.place().unwrap();
        let t = &placed.trace;
        let ids =
            |text: &str| doc.find(t, text).into_iter().map(|e| t.event_id(e).to_string()).collect::<Vec<_>>();
        assert_eq!(ids("write x"), ["a1"]);
        assert_eq!(ids("B"), ["b1", "b2"], "ids");
        assert_eq!(ids(" 2014-03 "), ["b1"], "field values, trimmed");
        assert_eq!(ids("date"), Vec::<String>::new(), "field names are not searched");
        assert!(ids("   ").is_empty());
    }
}
