//! The legend: one entry for each kind of mark the diagram shows now, so a
//! student at the back can read what every colour and shape means. The
//! page and the SVG export draw the same entries, each with its own glyph.

/// A kind of mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// An event dot.
    Event,
    /// A delivered message.
    Message,
    /// A lost message.
    Lost,
    /// A message still in flight.
    InFlight,
    /// A fork or join connector.
    ForkJoin,
    /// A collapsed run.
    Run,
    /// A compressed stretch of time.
    Break,
    /// An edge through a hidden process.
    Hidden,
    /// The selected event.
    Selected,
    /// Its causal past.
    Past,
    /// Its causal future.
    Future,
    /// Concurrent with it.
    Concurrent,
    /// The chain proving a relation.
    Proof,
    /// Where a Lamport rule breaks the clock condition.
    Broken,
    /// What a search found.
    Found,
    /// A crash, and the line while down.
    Crash,
    /// Blocked, waiting for an outcome.
    Blocked,
    /// A partition.
    Partition,
    /// A decision to commit.
    Commit,
    /// A decision to abort.
    Abort,
    /// Decisions that disagree.
    Conflict,
    /// Replicas that diverge.
    Diverged,
    /// Bytes a message carried.
    Payload,
    /// Values: above and below an event.
    Values,
    /// A bar of the density view.
    Density,
    /// What a lesson step points at.
    Highlight,
    /// An event the student picked.
    Picked,
    /// A pick (or an answer) that is right.
    Right,
    /// A pick (or an answer) that is wrong.
    Wrong,
    /// An event that should have been picked.
    Missed,
    /// A cut across the process lines.
    Cut,
    /// A message received inside the cut but sent outside it.
    FromFuture,
    /// A protocol's control message (a snapshot's marker).
    Control,
    /// A transfer a snapshot recorded in a channel's state.
    Recorded,
    /// Where a process recorded its state.
    Recording,
    /// A tick of a node's local-time scale.
    LocalTime,
    /// Where a replica group's view starts.
    View,
    /// The primary of a view, along its line.
    Primary,
    /// A replica event's viewstamp ⟨view, op⟩.
    Viewstamp,
    /// A stretch out of normal status (view change, recovery).
    Status,
    /// A committed entry of a replica's log.
    Committed,
    /// An entry not yet committed.
    Uncommitted,
    /// A Byzantine node, marked after its name.
    Byzantine,
    /// A note: a certificate reached (boxed, solid).
    Certificate,
    /// A note: a count short of its quorum (boxed, dashed).
    Shortfall,
    /// A note: a stable checkpoint and the watermarks (boxed, dotted).
    Checkpoint,
    /// A note: what a view change's message carries (boxed, thick).
    ViewChangeNote,
}

impl Key {
    /// The key of a kind of note.
    pub fn of_note(kind: super::overlay::NoteKind) -> Key {
        use super::overlay::NoteKind;
        match kind {
            NoteKind::Certificate => Key::Certificate,
            NoteKind::Shortfall => Key::Shortfall,
            NoteKind::Checkpoint => Key::Checkpoint,
            NoteKind::ViewChange => Key::ViewChangeNote,
        }
    }
}

impl Key {
    /// The `data-legend-key` word.
    pub fn word(self) -> &'static str {
        match self {
            Key::Event => "event",
            Key::Message => "message",
            Key::Lost => "lost",
            Key::InFlight => "in-flight",
            Key::ForkJoin => "fork-join",
            Key::Run => "run",
            Key::Break => "break",
            Key::Hidden => "hidden",
            Key::Selected => "selected",
            Key::Past => "past",
            Key::Future => "future",
            Key::Concurrent => "concurrent",
            Key::Proof => "proof",
            Key::Broken => "broken",
            Key::Found => "found",
            Key::Crash => "crash",
            Key::Blocked => "blocked",
            Key::Partition => "partition",
            Key::Commit => "commit",
            Key::Abort => "abort",
            Key::Conflict => "conflict",
            Key::Diverged => "diverged",
            Key::Payload => "payload",
            Key::Values => "values",
            Key::Density => "density",
            Key::Highlight => "highlight",
            Key::Picked => "picked",
            Key::Right => "right",
            Key::Wrong => "wrong",
            Key::Missed => "missed",
            Key::Cut => "cut",
            Key::FromFuture => "from-future",
            Key::Control => "marker",
            Key::Recorded => "recorded",
            Key::Recording => "recording",
            Key::LocalTime => "local-time",
            Key::View => "view",
            Key::Primary => "primary",
            Key::Viewstamp => "viewstamp",
            Key::Status => "status",
            Key::Committed => "committed",
            Key::Uncommitted => "uncommitted",
            Key::Byzantine => "byzantine",
            Key::Certificate => "note-certificate",
            Key::Shortfall => "note-shortfall",
            Key::Checkpoint => "note-checkpoint",
            Key::ViewChangeNote => "note-view-change",
        }
    }
}

/// One line of the legend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The mark.
    pub key: Key,
    /// What it means.
    pub text: String,
}

/// What the diagram shows now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    /// Some message was delivered.
    pub messages: bool,
    /// Some message is lost.
    pub lost: bool,
    /// Some message is in flight.
    pub in_flight: bool,
    /// A fork or join.
    pub forks: bool,
    /// A collapsed run.
    pub runs: bool,
    /// A compressed stretch.
    pub breaks: bool,
    /// An edge through a hidden process.
    pub hidden: bool,
    /// An event is selected (its light cone is coloured).
    pub cone: bool,
    /// A relation's chain is drawn.
    pub proof: bool,
    /// The clock condition breaks somewhere.
    pub broken: bool,
    /// A search found events.
    pub found: bool,
    /// Crashes.
    pub crash: bool,
    /// Blocked stretches.
    pub blocked: bool,
    /// Partitions.
    pub partition: bool,
    /// Commit decisions.
    pub commit: bool,
    /// Abort decisions.
    pub abort: bool,
    /// Conflicting decisions.
    pub conflict: bool,
    /// Divergence.
    pub diverged: bool,
    /// Drawn as density: too zoomed out for events one by one.
    pub dense: bool,
    /// Payload sizes: what the numbers are.
    pub payload: Option<String>,
    /// Values above and below events: which is which.
    pub values: Option<String>,
    /// A lesson's or quiz's marks on screen, by their `data-lesson-mark`
    /// word: `highlight`, `picked`, `right`, `wrong`, `missed`.
    pub lesson: Vec<&'static str>,
    /// A cut is drawn (`Some(consistent)`).
    pub cut: Option<bool>,
    /// Some message comes from the cut's future.
    pub from_future: bool,
    /// A protocol's control messages are drawn.
    pub control: bool,
    /// A snapshot recorded transfers in its channels' states.
    pub recorded: bool,
    /// Processes recorded their states.
    pub recording: bool,
    /// Lines carry their node's local-time scale.
    pub local_time: bool,
    /// A replica group's views are drawn.
    pub views: bool,
    /// Stretches out of normal status are drawn.
    pub statuses: bool,
    /// Replica events carry their viewstamps.
    pub viewstamps: bool,
    /// Replicas' logs are drawn beside their lines.
    pub logs: bool,
    /// Some node is Byzantine (its name carries the mark).
    pub byzantine: bool,
    /// The kinds of note on screen.
    pub notes: Vec<super::overlay::NoteKind>,
}

/// The legend for what is seen, in a fixed order.
pub fn entries(seen: &Seen) -> Vec<Entry> {
    let rows: [(bool, Key, &str); 23] = [
        (seen.dense, Key::Density, "events per stretch of time: zoom in for each one"),
        (!seen.dense, Key::Event, "event"),
        (seen.messages, Key::Message, "message, send → receive"),
        (seen.lost, Key::Lost, "lost message"),
        (seen.in_flight, Key::InFlight, "in flight"),
        (seen.forks, Key::ForkJoin, "fork / join"),
        (seen.runs, Key::Run, "×n: quiet events collapsed (click)"),
        (seen.breaks, Key::Break, "idle time compressed"),
        (seen.hidden, Key::Hidden, "through a hidden process"),
        (seen.cone, Key::Selected, "selected"),
        (seen.cone, Key::Past, "its past"),
        (seen.cone, Key::Future, "its future"),
        (seen.cone, Key::Concurrent, "concurrent with it"),
        (seen.proof, Key::Proof, "the chain that proves it"),
        (seen.broken, Key::Broken, "clock condition broken"),
        (seen.found, Key::Found, "search match"),
        (seen.crash, Key::Crash, "crash, down until it recovers"),
        (seen.blocked, Key::Blocked, "blocked: cannot decide alone"),
        (seen.partition, Key::Partition, "partition: cut off"),
        (seen.commit, Key::Commit, "decided commit"),
        (seen.abort, Key::Abort, "decided abort"),
        (seen.conflict, Key::Conflict, "decisions disagree"),
        (seen.diverged, Key::Diverged, "replicas diverge"),
    ];
    let mut out: Vec<Entry> =
        rows.iter().filter(|r| r.0).map(|&(_, key, text)| Entry { key, text: text.to_string() }).collect();
    if let Some(text) = &seen.values {
        out.push(Entry { key: Key::Values, text: text.clone() });
    }
    if let Some(text) = &seen.payload {
        out.push(Entry { key: Key::Payload, text: text.clone() });
    }
    if let Some(consistent) = seen.cut {
        let text = if consistent { "cut: consistent" } else { "cut: inconsistent (dashed)" };
        out.push(Entry { key: Key::Cut, text: text.into() });
    }
    if seen.control {
        out.push(Entry { key: Key::Control, text: "marker: the snapshot's own message".into() });
    }
    if seen.views {
        out.push(Entry {
            key: Key::View,
            text: "a new view starts (dashed; every other view shaded)".into(),
        });
        out.push(Entry { key: Key::Primary, text: "primary of the view (outlined along its line)".into() });
    }
    if seen.statuses {
        let text = "not in normal status: view-change, recovering";
        out.push(Entry { key: Key::Status, text: text.into() });
    }
    if seen.viewstamps {
        let text = "⟨v,n⟩: a replica's view-number, op-number after it";
        out.push(Entry { key: Key::Viewstamp, text: text.into() });
    }
    if seen.logs {
        out.push(Entry { key: Key::Committed, text: "log entry: committed".into() });
        out.push(Entry { key: Key::Uncommitted, text: "not yet committed (dashed)".into() });
    }
    if seen.byzantine {
        // The glyph is the mark itself: the text says what it means.
        let text = "after a name: a Byzantine node, not following the protocol";
        out.push(Entry { key: Key::Byzantine, text: text.into() });
    }
    for &kind in super::overlay::NoteKind::ALL.iter().filter(|k| seen.notes.contains(k)) {
        out.push(Entry { key: Key::of_note(kind), text: note_text(kind).into() });
    }
    if seen.local_time {
        let text = "local time: where that node's own clock reads it (s)";
        out.push(Entry { key: Key::LocalTime, text: text.into() });
    }
    if seen.recording {
        out.push(Entry { key: Key::Recording, text: "where a process recorded its state (squared)".into() });
    }
    if seen.recorded {
        out.push(Entry { key: Key::Recorded, text: "recorded in a channel's state (thick)".into() });
    }
    if seen.from_future {
        out.push(Entry { key: Key::FromFuture, text: "message from the cut's future".into() });
    }
    let lesson = [
        (Key::Highlight, "highlight", "look here"),
        (Key::Picked, "picked", "your pick"),
        (Key::Right, "right", "right"),
        (Key::Wrong, "wrong", "wrong"),
        (Key::Missed, "missed", "missed: belongs in the answer"),
    ];
    for (key, word, text) in lesson {
        if seen.lesson.contains(&word) {
            out.push(Entry { key, text: text.to_string() });
        }
    }
    out
}

/// What a kind of note means, in the paper's words.
fn note_text(kind: super::overlay::NoteKind) -> &'static str {
    use super::overlay::NoteKind;
    match kind {
        NoteKind::Certificate => "certificate: prepared (2f PREPAREs), committed (2f + 1 COMMITs)",
        NoteKind::Shortfall => "no certificate: the count it stopped at (dashed)",
        NoteKind::Checkpoint => "checkpoint stable, watermarks h and H = h + L (dotted)",
        NoteKind::ViewChange => "VIEW-CHANGE: s and P; NEW-VIEW: O (thick)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_lists_only_what_is_on_screen() {
        let plain = entries(&Seen::default());
        assert_eq!(plain.iter().map(|e| e.key).collect::<Vec<_>>(), [Key::Event]);
        let commit =
            entries(&Seen { messages: true, crash: true, blocked: true, abort: true, ..Seen::default() });
        let keys: Vec<Key> = commit.iter().map(|e| e.key).collect();
        assert_eq!(keys, [Key::Event, Key::Message, Key::Crash, Key::Blocked, Key::Abort]);
        let cone = entries(&Seen { cone: true, payload: Some("B: bytes".into()), ..Seen::default() });
        assert!(cone.iter().any(|e| e.key == Key::Concurrent) && cone.last().unwrap().text == "B: bytes");
    }
}
