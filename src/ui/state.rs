//! The app's state and the actions that change it, in one reducer. Pure:
//! storage, timers and the window API live in effects elsewhere.

use crate::core::clocks::ReceiveRule;
use crate::core::editor::playback::Playhead;
use crate::core::editor::{apply, Document, Edit, History, Placed};
use crate::core::generate::Settings;
use crate::core::layout::Orientation;
use crate::core::sim::scenario::{Fault, Scenario};
use std::rc::Rc;

/// One state of the diagram: the document and its validated trace.
#[derive(Debug)]
pub struct Scene {
    pub document: Document,
    pub placed: Placed,
    /// The lab a preset file asks to open in (`"lab": "itc"`).
    pub lab: Option<super::labs::Lab>,
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
        Ok(Rc::new(Scene { document, placed, lab: None }))
    }

    /// A scene from trace JSON text (the CLI's format, optionally with times).
    pub fn parse(text: &str) -> Result<Rc<Scene>, String> {
        let document = Document::parse(text).map_err(|e| e.to_string())?;
        let placed = document.place().map_err(|e| e.to_string())?;
        #[derive(serde::Deserialize)]
        struct Hint {
            #[serde(default)]
            lab: serde_json::Value,
        }
        let lab = serde_json::from_str::<Hint>(text)
            .ok()
            .and_then(|h| h.lab.as_str().and_then(super::labs::Lab::from_name));
        Ok(Rc::new(Scene { document, placed, lab }))
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

/// Which clock labels the events show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockLabels {
    None,
    Lamport,
    Vector,
    Itc,
    /// The CRDT lab's replica values.
    Crdt,
}

impl ClockLabels {
    pub const ALL: [ClockLabels; 5] =
        [ClockLabels::None, ClockLabels::Lamport, ClockLabels::Vector, ClockLabels::Itc, ClockLabels::Crdt];

    pub fn name(self) -> &'static str {
        match self {
            ClockLabels::None => "none",
            ClockLabels::Lamport => "lamport",
            ClockLabels::Vector => "vector",
            ClockLabels::Itc => "itc",
            ClockLabels::Crdt => "crdt",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ClockLabels::None => "None",
            ClockLabels::Lamport => "Lamport",
            ClockLabels::Vector => "Vector",
            ClockLabels::Itc => "ITC",
            ClockLabels::Crdt => "CRDT value",
        }
    }

    pub fn from_name(name: &str) -> Self {
        Self::ALL.into_iter().find(|l| l.name() == name).unwrap_or(ClockLabels::None)
    }
}

/// How the diagram is shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub labels: ClockLabels,
    pub rule: ReceiveRule,
    pub orientation: Orientation,
    pub dark: Option<bool>,
    /// The legend is drawn.
    pub legend: bool,
}

impl Default for View {
    fn default() -> Self {
        Self {
            labels: ClockLabels::Vector,
            rule: ReceiveRule::Classic,
            orientation: Orientation::Horizontal,
            dark: None,
            legend: true,
        }
    }
}

/// Which lines are drawn, in what order, and which runs of quiet events
/// are collapsed: settings of the diagram on screen, reset when another
/// one loads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shaping {
    pub order: crate::core::diagram::hosts::HostOrder,
    /// Hidden processes, by name.
    pub hidden: std::collections::BTreeSet<String>,
    /// Runs opened by a click, by their first event's id.
    pub expanded: std::collections::BTreeSet<String>,
    /// Collapse runs (`None`: as the diagram suggests: imported logs and
    /// simulated runs collapse, diagrams being edited do not).
    pub collapse: Option<bool>,
}

/// Playback of the events in time order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Playback {
    pub head: Playhead,
    pub playing: bool,
}

/// A short message for the user: a refused edit, a load error, a note.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub history: History<Rc<Scene>>,
    /// The selected event, whose light cone is shown.
    pub selected: Option<String>,
    /// A second event, whose relation to the first is shown with its proof.
    pub second: Option<String>,
    pub selected_message: Option<String>,
    pub view: View,
    pub playback: Option<Playback>,
    /// Playback speed in time units per second.
    pub speed: f64,
    pub generator: Settings,
    /// Lamport tick per process name (absent: 1), a variant the notes discuss.
    pub ticks: std::collections::BTreeMap<String, u64>,
    pub notice: Option<Notice>,
    pub help: bool,
    /// An event just created, to receive keyboard focus, with a counter so
    /// each creation is a new request.
    pub focus: Option<(u64, String)>,
    /// The CRDT lab's op-based delivery: causal (buffered) or immediate.
    pub causal: bool,
    /// The lab's automatic gossip settings.
    pub gossip: crate::core::crdt::anti_entropy::Settings,
    /// The commit lab, while it is on.
    pub commit: Option<super::commit_lab::CommitLab>,
    /// Embedded in a slide (`?embed`): only the diagram, and edits only if
    /// the link allows them (`&edit`).
    pub embed: Option<Embed>,
    /// The log import dialog, while open, with any files dropped or chosen
    /// to open it: (name, text).
    pub import: Option<Rc<Vec<(String, String)>>>,
    /// Text to find among the events' ids, actions and log fields.
    pub search: String,
    /// An event to bring into view (a search found it), with a counter so
    /// each request is new.
    pub reveal: Option<(u64, String)>,
    /// Counts diagrams loaded in place of another (the view starts fitted).
    pub loaded: u64,
    /// The lab on screen.
    pub lab: super::labs::Lab,
    /// Lines shown, their order, collapsed runs.
    pub shaping: Shaping,
    /// Presentation mode: no page chrome, larger type and marks.
    pub present: bool,
    /// The first-visit greeting is open.
    pub welcome: bool,
    /// The diagram shown before the commit lab took over the canvas, to
    /// come back to when another lab is chosen.
    pub before_commit: Option<Rc<Scene>>,
}

/// How the page is embedded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Embed {
    /// Edits are allowed.
    pub editable: bool,
}

impl AppState {
    pub fn new(scene: Rc<Scene>, view: View, notice: Option<Notice>) -> Self {
        // The lab follows what the diagram and its view show.
        use super::labs::Lab;
        let lab = match (scene.document.crdt, view.labels) {
            (Some(_), _) => Lab::Crdt,
            (None, ClockLabels::Itc) => Lab::Itc,
            _ => scene.lab.unwrap_or(Lab::Causality),
        };
        let mut view = view;
        if lab == Lab::Crdt {
            view.labels = ClockLabels::Crdt;
        } else if view.labels == ClockLabels::Crdt {
            view.labels = ClockLabels::Vector;
        }
        Self {
            history: History::new(scene),
            selected: None,
            second: None,
            selected_message: None,
            view,
            playback: None,
            speed: 2.0,
            generator: Settings {
                processes: 4,
                events: 24,
                message_probability: 0.5,
                loss_probability: 0.1,
                seed: 1,
            },
            ticks: Default::default(),
            notice,
            help: false,
            focus: None,
            causal: false,
            gossip: Default::default(),
            commit: None,
            embed: None,
            import: None,
            search: String::new(),
            reveal: None,
            loaded: 0,
            lab,
            shaping: Shaping::default(),
            present: false,
            welcome: false,
            before_commit: None,
        }
    }

    pub fn scene(&self) -> &Rc<Scene> {
        self.history.present()
    }

    /// The Lamport rule shown: the chosen receive rule and each process's tick.
    pub fn lamport_rule(&self) -> crate::core::clocks::LamportRule {
        let steps =
            self.scene().document.processes.iter().map(|p| self.ticks.get(p).copied().unwrap_or(1)).collect();
        crate::core::clocks::LamportRule { receive: self.view.rule, steps }
    }
}

#[derive(Clone, Debug)]
pub enum Action {
    Edit(Edit),
    Undo,
    Redo,
    /// Replaces the diagram (new, preset, load, generate); undoable.
    Replace(Rc<Scene>, String),
    Generate(Settings),
    SetGenerator(Settings),
    /// Selects an event (or clears with `None`); `second` picks the event to
    /// relate to the selected one.
    Select {
        event: Option<String>,
        second: bool,
    },
    SelectMessage(Option<String>),
    DeleteSelection,
    SetView(View),
    /// Sets a process's Lamport tick.
    SetTick(String, u64),
    Notice(Option<Notice>),
    PlayPause,
    Step(bool),
    Tick(f64),
    SetSpeed(f64),
    StopPlayback,
    ToggleHelp(Option<bool>),
    /// Closes help and the import dialog, and clears the selection.
    Escape,
    /// Opens the log import dialog with these files (`None` closes it).
    Import(Option<Rc<Vec<(String, String)>>>),
    /// Finds events by text.
    Search(String),
    /// The browser would not keep the diagram: said after what is shown.
    AutosaveFailed(String),
    /// Selects the next event the search finds.
    FindNext,
    /// The lab's op-based delivery: causal or not.
    SetCausal(bool),
    SetGossip(crate::core::crdt::anti_entropy::Settings),
    /// Adds anti-entropy rounds until the lab's replicas converge.
    Gossip,
    /// Opens the commit lab on a scenario (`None` closes it).
    CommitScenario(Option<Rc<Scenario>>),
    /// Replaces the lab's settings (protocol, votes, model, seed), keeping its faults.
    CommitSettings(Scenario),
    /// Drops (`None`) or delays message m of the commit lab's run.
    CommitMessageFault(usize, Option<f64>),
    /// Adds a partition: sides, from, until.
    CommitPartition(Vec<Vec<String>>, f64, f64),
    CommitClearFaults,
    /// The next drag on the diagram draws a partition.
    CommitDraw,
    CommitBounds(crate::core::sim::explore::Bounds),
    /// Runs the explorer and loads its counterexample.
    CommitExplore,
    /// Appends a step to the scripted run (`None`: start stepping afresh).
    CommitStep(Option<crate::core::sim::scenario::Step>),
    /// Switches to a lab.
    SetLab(super::labs::Lab),
    /// Opens a collapsed run, or collapses it again (by its first event).
    ToggleRun(String),
    /// Hides a process's line (or shows it again).
    HideProcess(String, bool),
    /// Orders the lines.
    SetOrder(crate::core::diagram::hosts::HostOrder),
    /// Collapses runs of quiet events, or not.
    SetCollapse(bool),
    /// Presentation mode on or off.
    Present(bool),
    /// Opens or closes the greeting and gallery.
    Welcome(bool),
    /// A note's time on screen is up (if it is still the one shown).
    NoticeExpired(String),
}

impl AppState {
    /// The next state after `action`.
    pub fn reduce(&self, action: Action) -> AppState {
        let mut s = self.clone();
        match action {
            Action::Edit(edit) => s.edit(&edit),
            Action::Undo => s.travel(History::undo, "nothing to undo"),
            Action::Redo => s.travel(History::redo, "nothing to redo"),
            Action::Replace(scene, note) => {
                s.loaded += 1;
                s.commit = None;
                s.before_commit = None;
                s.shaping = Shaping::default();
                s.welcome = false;
                s.follow_lab(scene.document.crdt);
                if let Some(lab) = scene.lab {
                    s.enter_lab(lab);
                }
                s.history.push(scene);
                s.clear_selection();
                s.playback = None;
                // A diagram's title shows over it; an empty note says no more.
                s.notice = (!note.is_empty()).then_some(Notice { text: note, error: false });
            }
            Action::Generate(settings) => {
                // The generator's fields keep it far below the limits.
                let Ok(trace) = crate::core::generate::random_trace(&settings) else { return s };
                let times = crate::core::layout::depth_times(&trace);
                let note = format!("Generated from seed {}", settings.seed);
                s.generator = settings;
                if let Ok(scene) = Scene::new(Document::from_trace(&trace, &times)) {
                    return s.reduce(Action::Replace(scene, note));
                }
            }
            Action::SetGenerator(settings) => s.generator = settings,
            Action::Select { event, second } => s.select(event, second),
            Action::SelectMessage(m) => {
                s.clear_selection();
                s.selected_message = m;
            }
            Action::DeleteSelection => return s.delete_selection(),
            Action::SetView(view) => s.view = view,
            Action::SetTick(process, tick) => {
                s.ticks.insert(process, tick);
            }
            Action::Notice(notice) => s.notice = notice,
            Action::SetSpeed(speed) => s.speed = speed,
            Action::PlayPause | Action::Step(_) | Action::Tick(_) | Action::StopPlayback => {
                s.playback = super::playback_state::next(&s, &action);
            }
            Action::ToggleHelp(show) => s.help = show.unwrap_or(!s.help),
            Action::Escape => {
                s.help = false;
                s.import = None;
                s.welcome = false;
                s.present = false;
                s.clear_selection();
            }
            Action::Import(files) => s.import = files,
            Action::Search(text) => s.search = text,
            Action::AutosaveFailed(text) => {
                let text = match s.notice.take() {
                    Some(n) if !n.text.contains(&text) => format!("{} {text}", n.text),
                    _ => text,
                };
                s.notice = Some(Notice { text, error: true });
            }
            Action::FindNext => {
                let found = super::view_model::found(s.scene(), &s.search);
                let after = s.selected.as_deref().and_then(|id| s.scene().placed.trace.event_by_id(id));
                let next =
                    found.iter().copied().find(|&e| after.is_none_or(|a| e > a)).or(found.first().copied());
                if let Some(e) = next {
                    let id = s.scene().placed.trace.event_id(e).to_string();
                    s.select(Some(id.clone()), false);
                    s.reveal = Some((s.reveal.as_ref().map_or(0, |r| r.0 + 1), id));
                }
            }
            Action::SetCausal(causal) => s.causal = causal,
            Action::SetGossip(settings) => s.gossip = settings,
            Action::Gossip => return s.gossip(),
            Action::CommitScenario(scenario) => match scenario {
                Some(scenario) => {
                    // The run's events matter here, not their clocks.
                    s.view.labels = ClockLabels::None;
                    if s.commit.is_none() && s.before_commit.is_none() {
                        s.before_commit = Some(s.scene().clone());
                    }
                    s.commit = None;
                    s.lab = super::labs::Lab::Commit;
                    s.welcome = false;
                    s.shaping = Shaping::default();
                    s.loaded += 1;
                    s.commit_run((*scenario).clone(), Some(Default::default()))
                }
                None => s.leave_commit(),
            },
            Action::SetLab(lab) => return s.set_lab(lab),
            Action::ToggleRun(first) => {
                if !s.shaping.expanded.remove(&first) {
                    s.shaping.expanded.insert(first);
                }
            }
            Action::HideProcess(name, hide) => {
                let shown = s.scene().document.processes.len() - s.shaping.hidden.len();
                if hide && shown <= 1 {
                    s.notice = Some(Notice { text: "At least one line stays shown.".into(), error: false });
                } else if hide {
                    s.shaping.hidden.insert(name);
                } else {
                    s.shaping.hidden.remove(&name);
                }
            }
            Action::SetOrder(order) => s.shaping.order = order,
            Action::SetCollapse(on) => {
                s.shaping.collapse = Some(on);
                s.shaping.expanded.clear();
            }
            Action::Present(on) => s.present = on,
            Action::Welcome(open) => s.welcome = open,
            Action::NoticeExpired(text) => {
                if s.notice.as_ref().is_some_and(|n| !n.error && n.text == text) {
                    s.notice = None;
                }
            }
            Action::CommitSettings(scenario) => {
                s.commit_change(move |sc| *sc = Scenario { faults: sc.faults.clone(), ..scenario })
            }
            Action::CommitMessageFault(m, delay) => s.commit_message_fault(m, delay),
            Action::CommitPartition(groups, from, until) => {
                s.commit_change(|sc| sc.faults.push(Fault::Partition { groups, from, until }))
            }
            Action::CommitClearFaults => s.commit_change(|sc| sc.faults.clear()),
            Action::CommitDraw => {
                if let Some(lab) = &mut s.commit {
                    lab.drawing = true;
                    s.notice = Some(Notice { text: "Drag a rectangle over one side's lines, from when the partition starts to when it heals.".into(), error: false });
                }
            }
            Action::CommitBounds(bounds) => {
                if let Some(lab) = &mut s.commit {
                    lab.bounds = bounds;
                }
            }
            Action::CommitExplore => s.commit_explore(),
            Action::CommitStep(step) => s.commit_step(step),
        }
        s
    }

    /// Labels show replica values while the lab is on.
    fn follow_lab(&mut self, kind: Option<crate::core::crdt::Kind>) {
        use super::labs::Lab;
        if kind.is_some() {
            self.view.labels = ClockLabels::Crdt;
            self.lab = Lab::Crdt;
        } else {
            if self.view.labels == ClockLabels::Crdt {
                self.view.labels = ClockLabels::Vector;
            }
            if matches!(self.lab, Lab::Crdt | Lab::Commit) {
                self.lab = Lab::Causality;
            }
        }
        if self.lab == Lab::Causality && matches!(self.view.labels, ClockLabels::Itc | ClockLabels::None) {
            self.view.labels = ClockLabels::Vector;
        }
    }

    /// The labels and lab for `lab`, on the diagram as it is.
    fn enter_lab(&mut self, lab: super::labs::Lab) {
        use super::labs::Lab;
        self.lab = lab;
        self.view.labels = match lab {
            Lab::Itc => ClockLabels::Itc,
            Lab::Crdt => ClockLabels::Crdt,
            Lab::Commit => ClockLabels::None,
            Lab::Causality => match self.view.labels {
                l @ (ClockLabels::Lamport | ClockLabels::Vector) => l,
                _ => ClockLabels::Vector,
            },
        };
    }

    /// Closes the commit lab and brings back the diagram it replaced.
    fn leave_commit(&mut self) {
        self.commit = None;
        if let Some(before) = self.before_commit.take() {
            self.history.push(before);
            self.loaded += 1;
            self.shaping = Shaping::default();
            self.clear_selection();
            self.playback = None;
        }
    }

    /// See [`Action::SetLab`].
    fn set_lab(mut self, lab: super::labs::Lab) -> AppState {
        use super::labs::Lab;
        if lab == self.lab {
            return self;
        }
        self.welcome = false;
        if lab == Lab::Commit {
            let first = super::commit_lab::SCENARIOS[0].1;
            let scenario =
                crate::core::sim::scenario::Scenario::parse(first).expect("the scenarios are valid");
            return self.reduce(Action::CommitScenario(Some(Rc::new(scenario))));
        }
        if self.lab == Lab::Commit {
            self.leave_commit();
        }
        self.enter_lab(lab);
        let doc = &self.scene().document;
        if lab == Lab::Crdt && doc.crdt.is_none() {
            // A diagram without a type gets the simplest one to start with.
            self.edit(&Edit::SetCrdt { kind: Some(crate::core::crdt::Kind::PnCounter) });
            self.enter_lab(lab);
        }
        self
    }

    /// See [`Action::Gossip`].
    fn gossip(mut self) -> AppState {
        use crate::core::crdt::anti_entropy::anti_entropy;
        use crate::core::crdt::Delivery;
        let doc = &self.scene().document;
        let Some(kind) = doc.crdt else { return self };
        let delivery = if self.causal { Delivery::Causal } else { Delivery::Immediate };
        let outcome = anti_entropy(doc, kind, delivery, &self.gossip).map_err(|e| e.to_string());
        match outcome.map(|(d, r)| (Scene::new(d), r)) {
            Ok((Ok(scene), report)) => {
                let how = format!(
                    "{} round{} and {} message{}",
                    report.rounds,
                    plural(report.rounds),
                    report.messages,
                    plural(report.messages)
                );
                let note = if report.converged {
                    format!("Gossip: converged after {how}")
                } else {
                    format!("Gossip: not converged after {how} (op-based operations are not relayed: each replica must hear from every other)")
                };
                self.reduce(Action::Replace(scene, note))
            }
            Ok((Err(reason), _)) | Err(reason) => {
                self.notice = Some(Notice { text: format!("Gossip refused: {reason}"), error: true });
                self
            }
        }
    }

    fn edit(&mut self, edit: &Edit) {
        // A read-only embed shows; it does not change.
        if self.embed.is_some_and(|e| !e.editable) {
            return;
        }
        if self.commit.is_some() {
            return self.commit_edit(edit);
        }
        match apply(&self.scene().document, edit) {
            Ok(applied) => {
                if let Edit::SetCrdt { kind } = edit {
                    self.follow_lab(*kind);
                }
                if let Edit::RenameProcess { from, to } = edit {
                    if let Some(tick) = self.ticks.remove(from) {
                        self.ticks.insert(to.trim().to_string(), tick);
                    }
                }
                self.history.push(Rc::new(Scene {
                    document: applied.document,
                    placed: applied.placed,
                    lab: None,
                }));
                self.notice = None;
                if let Some(created) = applied.created {
                    let scene = self.scene().clone();
                    let t = &scene.placed.trace;
                    // A new message hands focus on to its receive.
                    let id = match t.message_by_id(&created).and_then(|m| t.receive_of(m)) {
                        Some(r) => t.event_id(r).to_string(),
                        None => created,
                    };
                    if t.event_by_id(&id).is_some() {
                        self.select(Some(id.clone()), false);
                        self.focus = Some((self.focus.as_ref().map_or(0, |f| f.0 + 1), id));
                    }
                }
                self.forget_missing();
            }
            Err(reason) => self.notice = Some(Notice { text: format!("Refused: {reason}"), error: true }),
        }
    }

    fn travel(&mut self, step: fn(&mut History<Rc<Scene>>) -> bool, nothing: &str) {
        // The commit lab's panels describe its latest run, not older ones.
        self.commit = None;
        if step(&mut self.history) {
            self.notice = None;
            self.forget_missing();
        } else {
            self.notice = Some(Notice { text: nothing.into(), error: false });
        }
    }

    fn select(&mut self, event: Option<String>, second: bool) {
        self.selected_message = None;
        if second && self.selected.is_some() && event != self.selected {
            self.second = event;
        } else {
            self.selected = event;
            self.second = None;
        }
    }

    fn clear_selection(&mut self) {
        self.selected = None;
        self.second = None;
        self.selected_message = None;
    }

    /// Drops selections whose event or message no longer exists.
    fn forget_missing(&mut self) {
        let trace = &self.history.present().placed.trace;
        let exists = |id: &Option<String>| id.as_deref().is_none_or(|id| trace.event_by_id(id).is_some());
        if !exists(&self.selected) {
            self.selected = None;
            self.second = None;
        }
        if !exists(&self.second) {
            self.second = None;
        }
        if self.selected_message.as_deref().is_some_and(|m| trace.message_by_id(m).is_none()) {
            self.selected_message = None;
        }
        if let Some(p) = &mut self.playback {
            p.head.shown = p.head.shown.min(trace.event_count());
        }
    }

    fn delete_selection(mut self) -> AppState {
        if let Some(message) = self.selected_message.clone() {
            self.edit(&Edit::DeleteMessage { message });
        } else if let Some(event) = self.selected.clone() {
            self.edit(&Edit::DeleteEvent { event });
        }
        self
    }
}

impl yew::Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(AppState::reduce(&self, action))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
