//! An imported log as a diagram the editor shows and changes.

use super::document::{Document, MAX_EVENTS};
use super::error::EditError;
use crate::core::error::TraceError;
use crate::core::formats::shiviz::Imported;
use crate::core::layout::depth_times;

impl Document {
    /// The execution's trace, each event placed at its happened-before
    /// depth, with the log's fields (its named groups and line) kept.
    pub fn from_log(x: &Imported) -> Result<Self, EditError> {
        let n = x.trace.event_count();
        if n > MAX_EVENTS {
            let what = format!(
                "{n} events; the editor draws at most {MAX_EVENTS} (`lightcone import --shiviz` reads any size)"
            );
            return Err(TraceError::TooLarge { what }.into());
        }
        let mut doc = Document::from_trace(&x.trace, &depth_times(&x.trace));
        doc.fields = (0..n as u32)
            .map(|e| (x.trace.event_id(e).to_string(), x.entries[e as usize].fields()))
            .collect();
        doc.place()?;
        Ok(doc)
    }
}

#[cfg(test)]
mod tests {
    use crate::core::editor::Document;
    use crate::core::formats::shiviz::{import, Format};

    #[test]
    fn a_log_becomes_a_document_that_saves_and_reopens_with_its_fields() {
        let log = "A {\"A\":1}\nask\nB {\"B\":1, \"A\":1}\nanswer\n";
        let x = import(vec![("log".into(), log.into())], &Format::default(), 1 << 20).unwrap().remove(0);
        let doc = Document::from_log(&x).unwrap();
        assert_eq!(doc.fields["B:1"], vec![("line".to_string(), "3".to_string())]);
        assert_eq!(doc.messages.len(), 1);
        let saved = doc.to_saved_json(&doc.place().unwrap());
        let again = Document::parse(&saved).unwrap();
        assert_eq!(again.fields, doc.fields);
        assert_eq!(again.event("B:1").unwrap().label.as_deref(), Some("answer"));
    }
}
