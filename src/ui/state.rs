//! The app's state and the actions that change it, in one reducer. Pure:
//! storage, timers and the window API live in effects elsewhere.

use super::labs::commit::CommitState;
use super::labs::crdt::CrdtState;
use super::labs::time::TimeState;
use super::labs::{commit, crdt, time, Host, Lab};
use super::notice::Notice;
use super::playback_state::{Control, Playback};
use super::scene::Scene;
use crate::core::clocks::ReceiveRule;
use crate::core::editor::{apply, Document, Edit, History};
use crate::core::generate::Settings;
use crate::core::layout::Orientation;
use std::rc::Rc;

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
    /// The CRDT lab's settings.
    pub crdt: CrdtState,
    /// The commit lab: its scenario and run while it is on.
    pub commit: CommitState,
    /// The time lab: its scenario and run while it is on.
    pub time: TimeState,
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
    pub lab: Lab,
    /// Lines shown, their order, collapsed runs.
    pub shaping: Shaping,
    /// Presentation mode: no page chrome, larger type and marks.
    pub present: bool,
    /// The first-visit greeting is open.
    pub welcome: bool,
    /// Whether the diagram on screen is saved for the next visit.
    pub autosave: Autosave,
    /// The lesson on screen, if one is open.
    pub lesson: Option<super::lesson::LessonState>,
    /// The quiz on screen, if one is open, and what it gives back on
    /// closing.
    pub quiz: Option<(super::quiz::QuizState, Rc<super::lesson::Before>)>,
    /// The cut drawn on the diagram, if any.
    pub cut: super::cut::CutState,
}

/// When the page writes the diagram on screen over the saved one.
#[derive(Clone, Debug, PartialEq)]
pub enum Autosave {
    /// After every change.
    On,
    /// Once the diagram differs from this one: a share link's diagram,
    /// opened by a click elsewhere, does not replace the viewer's own
    /// saved diagram unless they change it.
    Changed(Rc<Scene>),
    /// Never in this tab: the saved diagram could not be read, and no copy
    /// of it could be kept, so it stays where it is.
    Off,
}

impl Autosave {
    /// Whether `scene` is to be saved.
    pub fn saves(&self, scene: &Rc<Scene>) -> bool {
        match self {
            Autosave::On => true,
            Autosave::Changed(opened) => !Rc::ptr_eq(opened, scene),
            Autosave::Off => false,
        }
    }
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
            crdt: CrdtState::default(),
            commit: CommitState::default(),
            time: TimeState::default(),
            embed: None,
            import: None,
            search: String::new(),
            reveal: None,
            loaded: 0,
            lab,
            shaping: Shaping::default(),
            present: false,
            welcome: false,
            autosave: Autosave::On,
            lesson: None,
            quiz: None,
            cut: Default::default(),
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
    Playback(Control),
    SetSpeed(f64),
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
    /// The CRDT lab's own actions.
    Crdt(crdt::Action),
    /// The commit lab's own actions (opening a scenario switches to it).
    Commit(commit::Action),
    /// The time lab's own actions (opening a preset switches to it).
    Time(time::Action),
    /// Switches to a lab.
    SetLab(Lab),
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
    /// The lesson's own actions.
    Lesson(super::lesson::Action),
    /// The quiz's own actions.
    Quiz(super::quiz::Action),
    /// The cut's own actions.
    Cut(super::cut::Action),
    /// The next (`true`) or previous step: of the lesson if one is open,
    /// else of the playback (arrow keys, a presenter's remote).
    Turn(bool),
}

impl AppState {
    /// The next state after `action`.
    pub fn reduce(&self, action: Action) -> AppState {
        let mut s = self.clone();
        match action {
            // Another diagram or lab ends the quiz (its answers are for
            // its own diagram): what it gave back is where that goes.
            a @ (Action::Replace(..)
            | Action::Generate(_)
            | Action::SetLab(_)
            | Action::Commit(commit::Action::Open(_))
            | Action::Time(time::Action::Open(_)))
                if s.quiz.is_some() =>
            {
                return s.quiz_action(super::quiz::Action::Close).reduce(a);
            }
            Action::Edit(_) if s.quiz.is_some() => {
                s.notice = Some(Notice::note("A quiz's diagram stays as drawn: its answers are for it."));
            }
            Action::Edit(edit) => s.edit(&edit),
            Action::Undo => s.travel(History::undo, "nothing to undo"),
            Action::Redo => s.travel(History::redo, "nothing to redo"),
            Action::Replace(scene, note) => {
                s.loaded += 1;
                s.commit.close();
                s.time.close();
                s.shaping = Shaping::default();
                s.welcome = false;
                s.cut =
                    super::cut::CutState { frontier: scene.cut.clone().unwrap_or_default(), drawing: false };
                s.follow_lab(scene.document.crdt);
                if let Some(lab) = scene.lab {
                    s.enter_lab(lab);
                }
                s.history.push(scene);
                s.clear_selection();
                s.playback = None;
                s.notice = Some(Notice::note(replaced(&note)));
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
            Action::Select { event: Some(id), .. } if s.quiz.is_some() => {
                return s.reduce(Action::Quiz(super::quiz::Action::Click(id)));
            }
            Action::Select { event: Some(id), .. } if s.cut.drawing => {
                return s.reduce(Action::Cut(super::cut::Action::Click(id)));
            }
            Action::Select { event, second } => match &s.lesson {
                // An open question: a click picks (or does nothing), so
                // the light cone does not give the answer away.
                Some(l) if l.asking() && event.is_some() => {
                    if l.picking() {
                        return s
                            .reduce(Action::Lesson(super::lesson::Action::Pick(event.unwrap_or_default())));
                    }
                }
                _ => s.select(event, second),
            },
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
            Action::Playback(control) => {
                s.playback = super::playback_state::next(s.playback, &s.scene().placed, s.speed, control);
            }
            Action::ToggleHelp(show) => s.help = show.unwrap_or(!s.help),
            Action::Escape => {
                s.cut.drawing = false;
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
            Action::Crdt(action) => s.with_crdt(|lab, host| lab.reduce(host, action)),
            Action::Commit(action) => {
                if let commit::Action::Open(scenario) = &action {
                    s.switch_lab(Lab::of_scenario(scenario));
                }
                let before = s.scene().clone();
                s.with_commit(|lab, host| lab.reduce(host, action));
                // A new run: a cut drawn on the old one means nothing here.
                if !Rc::ptr_eq(&before, s.scene()) {
                    s.cut = Default::default();
                }
            }
            Action::Time(action) => {
                if let time::Action::Open(_) = &action {
                    s.switch_lab(Lab::Time);
                }
                s.with_time(|lab, host| lab.reduce(host, action));
                s.cut = Default::default();
            }
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
            Action::Lesson(action) => return super::lesson::reduce(s, action),
            Action::Quiz(action) => return s.quiz_action(action),
            Action::Cut(action) => {
                let scene = s.scene().clone();
                s.cut.reduce(action, &scene.placed.trace, &scene.placed.times);
            }
            Action::Turn(next) => {
                if s.lesson.is_some() {
                    return super::lesson::reduce(s, super::lesson::Action::Turn(next));
                }
                return s.reduce(Action::Playback(Control::Step(next)));
            }
            Action::NoticeExpired(text) => {
                if s.notice.as_ref().is_some_and(|n| !n.error && n.text == text) {
                    s.notice = None;
                }
            }
        }
        s
    }

    /// See [`Action::Quiz`]: opening draws the quiz's diagram in place of
    /// the one shown (kept to give back), closing gives it back.
    fn quiz_action(mut self, action: super::quiz::Action) -> AppState {
        use super::quiz::{Action as Q, QuizState};
        match action {
            Q::Open(seed, level, now) => {
                // A lesson gives its diagram back first: that is what the
                // quiz gives back in turn.
                if self.lesson.is_some() {
                    self = self.reduce(Action::Lesson(super::lesson::Action::Close));
                }
                let before = match self.quiz.take() {
                    Some((_, before)) => before,
                    None => super::lesson::Before::of(&self),
                };
                let quiz = QuizState::new(seed, level, now);
                let times = crate::core::layout::depth_times(&quiz.quiz.trace);
                if let Ok(scene) = Scene::new(Document::from_trace(&quiz.quiz.trace, &times)) {
                    self = self.reduce(Action::Replace(scene, String::new()));
                    self.history = History::new(self.scene().clone());
                }
                self.notice = None;
                self.switch_lab(Lab::Causality);
                self.view.labels = ClockLabels::None;
                self.view.rule = ReceiveRule::Classic;
                self.ticks.clear();
                self.quiz = Some((quiz, before));
            }
            Q::Close => {
                if let Some((_, before)) = self.quiz.take() {
                    before.restore(&mut self);
                }
            }
            other => {
                if let Some((quiz, _)) = &mut self.quiz {
                    quiz.reduce(other);
                }
            }
        }
        self
    }

    /// Labels show replica values while the lab is on.
    fn follow_lab(&mut self, kind: Option<crate::core::crdt::Kind>) {
        if kind.is_some() {
            self.view.labels = ClockLabels::Crdt;
            self.lab = Lab::Crdt;
        } else {
            if self.view.labels == ClockLabels::Crdt {
                self.view.labels = ClockLabels::Vector;
            }
            if self.lab == Lab::Crdt || self.lab.runs() || self.lab == Lab::Time {
                self.lab = Lab::Causality;
            }
        }
        if self.lab == Lab::Causality && matches!(self.view.labels, ClockLabels::Itc | ClockLabels::None) {
            self.view.labels = ClockLabels::Vector;
        }
    }

    /// The labels and lab for `lab`, on the diagram as it is.
    fn enter_lab(&mut self, lab: Lab) {
        self.lab = lab;
        self.view.labels = match lab {
            Lab::Itc => ClockLabels::Itc,
            Lab::Crdt => ClockLabels::Crdt,
            // A run's events matter here, not their clocks.
            Lab::Commit | Lab::Snapshot | Lab::Time | Lab::Replication => ClockLabels::None,
            Lab::Causality => match self.view.labels {
                l @ (ClockLabels::Lamport | ClockLabels::Vector) => l,
                _ => ClockLabels::Vector,
            },
        };
    }

    /// See [`Action::SetLab`].
    fn set_lab(mut self, lab: Lab) -> AppState {
        if lab == self.lab {
            return self;
        }
        self.switch_lab(lab);
        match lab {
            Lab::Commit | Lab::Snapshot | Lab::Replication => {
                self.with_commit(|state, host| state.enter(host, lab))
            }
            Lab::Crdt => self.with_crdt(|lab, host| lab.enter(host)),
            Lab::Time => self.with_time(|lab, host| lab.enter(host)),
            Lab::Causality | Lab::Itc => {}
        }
        self
    }

    /// Puts `lab` on screen with its labels, after the lab there leaves.
    fn switch_lab(&mut self, lab: Lab) {
        if self.lab.runs() && lab != self.lab {
            self.with_commit(|lab, host| lab.leave(host));
        }
        if self.lab == Lab::Time && lab != Lab::Time {
            self.with_time(|lab, host| lab.leave(host));
        }
        self.welcome = false;
        self.enter_lab(lab);
    }

    /// Lets the commit lab change the state. Its slice is taken out while
    /// it does, so it reaches the rest only as a [`Host`].
    fn with_commit(&mut self, f: impl FnOnce(&mut CommitState, &mut AppState)) {
        let mut lab = std::mem::take(&mut self.commit);
        f(&mut lab, self);
        self.commit = lab;
    }

    /// As [`AppState::with_commit`], for the time lab.
    fn with_time(&mut self, f: impl FnOnce(&mut TimeState, &mut AppState)) {
        let mut lab = std::mem::take(&mut self.time);
        f(&mut lab, self);
        self.time = lab;
    }

    /// As [`AppState::with_commit`], for the CRDT lab.
    fn with_crdt(&mut self, f: impl FnOnce(&mut CrdtState, &mut AppState)) {
        let mut lab = std::mem::take(&mut self.crdt);
        f(&mut lab, self);
        self.crdt = lab;
    }

    fn edit(&mut self, edit: &Edit) {
        // A read-only embed shows; it does not change, unless a lesson's
        // task asks the student to change it.
        let task = self.lesson.as_ref().is_some_and(|l| l.current().task.is_some());
        if self.embed.is_some_and(|e| !e.editable) && !task {
            return;
        }
        if self.commit.lab.is_some() {
            return self.with_commit(|lab, host| lab.edit(host, edit));
        }
        if self.time.lab.is_some() {
            return self.with_time(|lab, host| lab.edit(host, edit));
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
                    cut: None,
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
        self.commit.forget();
        self.time.forget();
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

    /// Selects the first of `events` and relates the second to it (a
    /// lesson step's selection; ids the diagram lacks are skipped).
    pub fn select_events(&mut self, events: &[String]) {
        let trace = &self.scene().placed.trace;
        let found: Vec<String> =
            events.iter().filter(|id| trace.event_by_id(id).is_some()).cloned().collect();
        let mut ids = found.into_iter();
        self.clear_selection();
        self.selected = ids.next();
        self.second = ids.next();
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

impl Host for AppState {
    fn scene(&self) -> &Rc<Scene> {
        AppState::scene(self)
    }

    fn show(&mut self, scene: Rc<Scene>, notice: Option<Notice>) {
        self.history.push(scene);
        self.clear_selection();
        self.playback = None;
        self.notice = notice;
    }

    fn start_over(&mut self) {
        self.loaded += 1;
        self.shaping = Shaping::default();
    }

    fn notice(&mut self, notice: Notice) {
        self.notice = Some(notice);
    }

    fn edit(&mut self, edit: &Edit) {
        AppState::edit(self, edit)
    }
}

/// A notice for a diagram opened in place of another: what was opened, and
/// that nothing was lost.
pub fn replaced(note: &str) -> String {
    const UNDO: &str = "Undo (Ctrl+Z) brings back the diagram you had.";
    match note.trim_end() {
        "" => UNDO.to_string(),
        n if n.ends_with('.') => format!("{n} {UNDO}"),
        n => format!("{n}. {UNDO}"),
    }
}
