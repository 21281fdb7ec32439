//! The edits the editor can make. Each is applied to a copy of the document,
//! which is then validated as a whole; an edit that would break causality (a
//! message arriving before it is sent, a cycle) or the trace model is refused
//! with the reason, and the document stays as it was.

use super::document::{DocEvent, DocMessage, Document, Link, Placed};
use super::error::EditError;
use super::snap::slot_after;
use crate::core::formats::crdt_trace::{Kind, Op};
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
    /// Forks a new process from `process` at `time`: a fork event there (a
    /// new one, or the local event already there) starts a new process,
    /// named `child` or the first free name, whose line is placed just
    /// below its parent's.
    Fork {
        /// The forking process.
        process: String,
        /// When it forks.
        time: f64,
        /// The new process's name; `None` picks one.
        child: Option<String>,
    },
    /// Retires `process` into `into`: a join event on `into` just after
    /// `process`'s last event (or its fork) inherits its history.
    Retire {
        /// The process that retires.
        process: String,
        /// The process that joins it.
        into: String,
    },
    /// Sets or clears the CRDT operation of a local event.
    SetOp {
        /// The event.
        event: String,
        /// The operation; `None` clears it.
        op: Option<Op>,
    },
    /// Chooses the CRDT type the lab runs (`None`: no lab).
    SetCrdt {
        /// The type.
        kind: Option<Kind>,
    },
    /// A fault: the message is lost. Its receive event goes too if that
    /// was all it did.
    Drop {
        /// The message.
        message: String,
    },
    /// A fault: the message is delivered a second time, by a new event just
    /// after its receive (a second message from the same send to the same
    /// process, carrying the same payload).
    Duplicate {
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
            // Forks and joins of it stay as plain events.
            for e in d.events.iter_mut() {
                if e.link.as_ref().is_some_and(|l| l.process() == name) {
                    e.link = None;
                }
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
        Edit::Fork { process, time, child } => return fork(d, process, *time, child.as_deref()).map(Some),
        Edit::SetOp { event, op } => event_mut(d, event)?.op = op.clone(),
        Edit::SetCrdt { kind } => d.crdt = *kind,
        Edit::Drop { message } => drop_message(d, message)?,
        Edit::Duplicate { message } => return duplicate(d, message).map(Some),
        Edit::Retire { process, into } => return retire(d, process, into).map(Some),
    }
    Ok(None)
}

/// See [`Edit::Fork`].
fn fork(d: &mut Document, process: &str, time: f64, child: Option<&str>) -> Result<String, EditError> {
    let at = process_index(d, process)?;
    let child = match child {
        Some(name) => {
            check_new_name(d, name)?;
            name.trim().to_string()
        }
        None => fresh_process_name(d),
    };
    let existing = d.events.iter().find(|e| e.process == process && e.time == time).map(|e| e.id.clone());
    let fork = match existing {
        Some(id) if d.sends(&id) || d.receives(&id) || d.links(&id) => {
            let problem = format!("{id} already sends, receives, forks or joins; fork from a free spot");
            return Err(EditError::Lifecycle { problem });
        }
        Some(id) => id,
        None => add_event(d, process, time),
    };
    event_mut(d, &fork)?.link = Some(Link::Fork(child.clone()));
    d.processes.insert(at + 1, child);
    Ok(fork)
}

/// See [`Edit::Retire`].
fn retire(d: &mut Document, process: &str, into: &str) -> Result<String, EditError> {
    process_index(d, process)?;
    process_index(d, into)?;
    if process == into {
        return Err(EditError::Lifecycle { problem: format!("{process} cannot retire into itself") });
    }
    if let (_, Some(_)) = d.lifetime(process) {
        return Err(EditError::Lifecycle { problem: format!("{process} has already retired") });
    }
    let (start, _) = d.lifetime(process);
    let last = d.events.iter().filter(|e| e.process == process).map(|e| e.time).fold(start, f64::max);
    let time = slot_after(d, into, last);
    let join = add_event(d, into, time);
    event_mut(d, &join)?.link = Some(Link::Join(process.into()));
    Ok(join)
}

fn message_mut<'d>(d: &'d mut Document, id: &str) -> Result<&'d mut DocMessage, EditError> {
    d.messages
        .iter_mut()
        .find(|m| m.id == id)
        .ok_or_else(|| EditError::Unknown { what: "message", id: id.into() })
}

/// See [`Edit::Drop`].
fn drop_message(d: &mut Document, id: &str) -> Result<(), EditError> {
    let Some(receive) = message_mut(d, id)?.to.take() else {
        return Err(EditError::Lifecycle { problem: format!("{id} is already lost") });
    };
    let event = d.event(&receive).cloned();
    let idle = event.is_some_and(|e| e.op.is_none() && e.link.is_none() && e.label.is_none());
    if idle && !d.sends(&receive) && !d.receives(&receive) {
        delete_event(d, &receive);
    }
    Ok(())
}

/// See [`Edit::Duplicate`].
fn duplicate(d: &mut Document, id: &str) -> Result<String, EditError> {
    let m = message_mut(d, id)?.clone();
    let Some(receive) = m.to.and_then(|to| d.event(&to).cloned()) else {
        return Err(EditError::Lifecycle {
            problem: format!("{id} is lost: there is no delivery to repeat"),
        });
    };
    let time = slot_after(d, &receive.process, receive.time);
    let again = add_event(d, &receive.process, time);
    let copy = fresh_message_id(d);
    d.messages.push(DocMessage { id: copy.clone(), from: m.from, to: Some(again) });
    Ok(copy)
}

/// The first of A, B, ..., Z, then P27, P28, ... that no process has.
fn fresh_process_name(d: &Document) -> String {
    let letters = ('A'..='Z').map(String::from);
    let numbered = (d.processes.len() + 1..).map(|k| format!("P{k}"));
    letters.chain(numbered).find(|n| !d.processes.contains(n)).expect("some name is free")
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
    for e in d.events.iter_mut() {
        if e.process == from {
            e.process = to.clone();
        }
        match &mut e.link {
            Some(Link::Fork(p) | Link::Join(p)) if p == from => *p = to.clone(),
            _ => {}
        }
    }
    d.processes[at] = to;
    Ok(())
}

/// Adds a plain local event to `process` at `time`; returns its fresh id.
pub(crate) fn add_event(d: &mut Document, process: &str, time: f64) -> String {
    let id = fresh_event_id(d, process);
    d.events.push(DocEvent {
        id: id.clone(),
        process: process.into(),
        time,
        label: None,
        link: None,
        op: None,
    });
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
    let busy = d.event(from).is_some_and(|e| e.op.is_some());
    let sender = if d.receives(from) || d.links(from) || busy {
        let t = slot_after(d, &source.process, source.time);
        add_event(d, &source.process, t)
    } else {
        from.to_string()
    };
    let existing = d.events.iter().find(|e| e.process == to && e.time == time).map(|e| e.id.clone());
    let receiver = match existing {
        Some(id) if d.links(&id) || d.event(&id).is_some_and(|e| e.op.is_some()) => {
            let problem = format!("{id} forks, joins or carries an op, so it cannot also receive");
            return Err(EditError::Lifecycle { problem });
        }
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

/// The first unused `m<k>` message id.
pub(crate) fn fresh_message_id(d: &Document) -> String {
    (d.messages.len() + 1..)
        .map(|k| format!("m{k}"))
        .find(|id| d.messages.iter().all(|m| &m.id != id))
        .expect("some id is free")
}
