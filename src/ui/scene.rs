//! A scene: one state of the diagram, the document with its validated
//! trace. The app's history is a list of scenes; every lab reads them.

use crate::core::editor::{Document, Placed};
use std::collections::BTreeMap;
use std::rc::Rc;

/// One state of the diagram: the document and its validated trace.
#[derive(Debug)]
pub struct Scene {
    pub document: Document,
    pub placed: Placed,
    /// The lab a preset file asks to open in (`"lab": "itc"`).
    pub lab: Option<super::labs::Lab>,
    /// The cut a preset file draws (`"cut": {"A": 2, "B": 1}`: each
    /// process's events inside).
    pub cut: Option<BTreeMap<String, u32>>,
}

impl PartialEq for Scene {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Scene {
    /// A scene from a valid document.
    pub fn new(document: Document) -> Result<Rc<Scene>, String> {
        let placed = document.place().map_err(|e| e.to_string())?;
        Ok(Rc::new(Scene { document, placed, lab: None, cut: None }))
    }

    /// A scene from trace JSON text (the CLI's format, optionally with times).
    pub fn parse(text: &str) -> Result<Rc<Scene>, String> {
        let document = Document::parse(text).map_err(|e| e.to_string())?;
        let placed = document.place().map_err(|e| e.to_string())?;
        #[derive(serde::Deserialize)]
        struct Hint {
            #[serde(default)]
            lab: serde_json::Value,
            #[serde(default)]
            cut: Option<serde_json::Value>,
        }
        let hint = serde_json::from_str::<Hint>(text).ok();
        let lab = hint.as_ref().and_then(|h| h.lab.as_str().and_then(super::labs::Lab::from_name));
        let cut = match hint.and_then(|h| h.cut) {
            None => None,
            Some(value) => {
                let named: BTreeMap<String, u32> = serde_json::from_value(value).map_err(|_| {
                    "\"cut\": expected each process's count of events inside, as {\"A\": 2}".to_string()
                })?;
                crate::core::cut::from_names(&placed.trace, &named).map_err(|e| format!("\"cut\": {e}"))?;
                Some(named)
            }
        };
        Ok(Rc::new(Scene { document, placed, lab, cut }))
    }

    /// The caption: what to notice, the first sentence of what the
    /// diagram is about.
    pub fn caption(&self) -> Option<String> {
        self.document.about.as_deref().map(first_sentence)
    }
}

/// The first sentence of `text` (up to a full stop followed by a space).
pub fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}
