//! The edits the editor can make. Each is applied to a copy of the document,
//! which is then validated as a whole; an edit that would break causality (a
//! message arriving before it is sent, a cycle) or the trace model is refused
//! with the reason, and the document stays as it was.

use super::document::{DocEvent, DocMessage, Document, Placed};
use super::error::EditError;
use super::snap::slot_after;
use crate::core::generate;

/// One change to a document.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A new process line at the end.
    AddProcess {
        /// Its name.
        name: String,
    },
    /// Removes a process with its events (their messages are removed or lost).
    RemoveProcess {
        /// Its name.
        name: String,
    },
    /// Renames a process.
    RenameProcess {
        /// The current name.
        from: String,
        /// The new name.
        to: String,
    },
    /// Moves a process line to another position.
    MoveProcess {
        /// Its name.
        name: String,
        /// The new position (clamped).
        to: usize,
    },
    /// A new local event.
    AddEvent {
        /// Its process.
        process: String,
        /// Its time.
        time: f64,
    },
    /// Sets or clears an event's action label.
    Label {
        /// The event.
        event: String,
        /// The action; empty or `None` clears it.
        label: Option<String>,
    },
    /// Moves an event along its line.
    MoveEvent {
        /// The event.
        event: String,
        /// Its new time.
        time: f64,
    },
    /// A message from an event to another process, received at `time`
    /// (by the event there at that time, or a new one). A receive event
    /// cannot also send, so a message from one leaves from a new event just
    /// after it.
    Connect {
        /// The sending event.
        from: String,
        /// The receiving process.
        to: String,
        /// When it arrives.
        time: f64,
    },
    /// Deletes an event: its sent messages go, its received ones are lost.
    DeleteEvent {
        /// The event.
        event: String,
    },
    /// Deletes a message; its ends stay as events.
    DeleteMessage {
        /// The message.
        message: String,
    },
}

/// A successful edit.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// The new document.
    pub document: Document,
    /// Its trace and times.
    pub placed: Placed,
    /// The id of the event or message the edit created, if any.
    pub created: Option<String>,
}

/// Applies `edit` to `doc`, or says why not.
pub fn apply(doc: &Document, edit: &Edit) -> Result<Applied, EditError> {
    let mut d = doc.clone();
    let created = change(&mut d, edit)?;
    d.sort();
    let placed = d.place()?;
    Ok(Applied { document: d, placed, created })
}

fn change(d: &mut Document, edit: &Edit) -> Result<Option<String>, EditError> {
    match edit {
        Edit::AddProcess { name } => {
            check_new_name(d, name)?;
            d.processes.push(name.trim().into());
        }
        Edit::RemoveProcess { name } => {
            let at = process_index(d, name)?;
            let doomed: Vec<String> =
                d.events.iter().filter(|e| &e.process == name).map(|e| e.id.clone()).collect();
            for id in doomed {
                delete_event(d, &id);
            }
            d.processes.remove(at);
        }
        Edit::RenameProcess { from, to } => rename(d, from, to)?,
        Edit::MoveProcess { name, to } => {
            let at = process_index(d, name)?;
            let p = d.processes.remove(at);
            d.processes.insert((*to).min(d.processes.len()), p);
        }
        Edit::AddEvent { process, time } => {
            process_index(d, process)?;
            return Ok(Some(add_event(d, process, *time)));
        }
        Edit::Label { event, label } => {
            let label = label.as_deref().map(str::trim).filter(|l| !l.is_empty()).map(String::from);
            event_mut(d, event)?.label = label;
        }
        Edit::MoveEvent { event, time } => event_mut(d, event)?.time = *time,
        Edit::Connect { from, to, time } => return connect(d, from, to, *time).map(Some),
        Edit::DeleteEvent { event } => {
            event_mut(d, event)?;
            delete_event(d, event);
        }
        Edit::DeleteMessage { message } => {
            let at = d.messages.iter().position(|m| &m.id == message);
            let at = at.ok_or_else(|| EditError::Unknown { what: "message", id: message.clone() })?;
            d.messages.remove(at);
        }
    }
    Ok(None)
}

fn process_index(d: &Document, name: &str) -> Result<usize, EditError> {
    d.processes
        .iter()
        .position(|p| p == name)
        .ok_or_else(|| EditError::Unknown { what: "process", id: name.into() })
}

fn event_mut<'d>(d: &'d mut Document, id: &str) -> Result<&'d mut DocEvent, EditError> {
    d.events
        .iter_mut()
        .find(|e| e.id == id)
        .ok_or_else(|| EditError::Unknown { what: "event", id: id.into() })
}

fn check_new_name(d: &Document, name: &str) -> Result<(), EditError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(EditError::EmptyName);
    }
    if d.processes.iter().any(|p| p == name) {
        return Err(EditError::NameTaken { name: name.into() });
    }
    Ok(())
}

fn rename(d: &mut Document, from: &str, to: &str) -> Result<(), EditError> {
    let at = process_index(d, from)?;
    if from == to.trim() {
        return Ok(());
    }
    check_new_name(d, to)?;
    let to = to.trim().to_string();
    for e in d.events.iter_mut().filter(|e| e.process == from) {
        e.process = to.clone();
    }
    d.processes[at] = to;
    Ok(())
}

fn add_event(d: &mut Document, process: &str, time: f64) -> String {
    let id = fresh_event_id(d, process);
    d.events.push(DocEvent { id: id.clone(), process: process.into(), time, label: None });
    id
}

fn delete_event(d: &mut Document, id: &str) {
    d.events.retain(|e| e.id != id);
    d.messages.retain(|m| m.from != id);
    for m in d.messages.iter_mut().filter(|m| m.to.as_deref() == Some(id)) {
        m.to = None;
    }
}

fn connect(d: &mut Document, from: &str, to: &str, time: f64) -> Result<String, EditError> {
    process_index(d, to)?;
    let source = d.events.iter().find(|e| e.id == from).cloned();
    let source = source.ok_or_else(|| EditError::Unknown { what: "event", id: from.into() })?;
    if source.process == to {
        return Err(EditError::ToItself { process: to.into() });
    }
    let sender = if d.receives(from) {
        let t = slot_after(d, &source.process, source.time);
        add_event(d, &source.process, t)
    } else {
        from.to_string()
    };
    let existing = d.events.iter().find(|e| e.process == to && e.time == time).map(|e| e.id.clone());
    let receiver = match existing {
        Some(id) if d.sends(&id) => return Err(EditError::SendsAndReceives { event: id }),
        Some(id) => id,
        None => add_event(d, to, time),
    };
    let id = fresh_message_id(d);
    d.messages.push(DocMessage { id: id.clone(), from: sender, to: Some(receiver) });
    Ok(id)
}

/// `a3`-style ids (see [`generate::event_id`]), the first unused from the
/// process's event count on.
fn fresh_event_id(d: &Document, process: &str) -> String {
    let count = d.events.iter().filter(|e| e.process == process).count();
    (count + 1..)
        .map(|k| generate::event_id(process, k))
        .find(|id| d.events.iter().all(|e| &e.id != id))
        .expect("some id is free")
}

fn fresh_message_id(d: &Document) -> String {
    (d.messages.len() + 1..)
        .map(|k| format!("m{k}"))
        .find(|id| d.messages.iter().all(|m| &m.id != id))
        .expect("some id is free")
}
