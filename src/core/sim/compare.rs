//! VR and PBFT side by side: one workload and one fault, run under
//! Viewstamped Replication with 3 replicas (f = 1 crash) and under PBFT
//! with 4 (f = 1 Byzantine replica), each with its figures: requests
//! answered, the declared properties' verdicts, messages per request,
//! message delays until the reply, latency, throughput, and availability
//! as `lightcone measure` estimates it (random crashes and repairs).
//!
//! The faults: none; the primary (R1 in both) crashing while a request is
//! under way; or a Byzantine primary that lies (the framework's `lie`:
//! every message gets the protocol's forgery, [`super::vr::forge`] and
//! [`super::pbft::forge`]). Lying, not equivocating, is the one shown:
//! it is the same behaviour in both, and it is the one VR cannot survive
//! whoever receives what (VR assumes crash faults: its backups log the
//! primed puts the primary sends, and the client takes the primary's
//! primed replies); PBFT's backups take its null pre-prepares, never
//! execute the client's request, and replace the primary (§4.4).

use super::outcome::{self, Outcome};
use super::property::Checked;
use super::scenario::Scenario;
use super::vr::availability::{closed_form, estimate, Plan, PLAN};
use super::vr::measure::{availability_run, metric, Group};
use super::Time;
use crate::core::clocks::VectorClocks;
use crate::core::diagram::drawing::{draw, Subject};
use crate::core::diagram::legend::{entries, Entry};
use crate::core::diagram::texts::Texts;
use crate::core::diagram::{Scale, Shape, ShapeOptions};
use crate::core::render::{self, seen, Highlight, Labels, Words};
use serde_json::{json, Value};

/// The fault both protocols run under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// No fault.
    None,
    /// The primary of view 0 crashes while the second request is under way.
    CrashedPrimary,
    /// The primary of view 0 is Byzantine and lies.
    ByzantinePrimary,
}

impl Fault {
    /// Every fault, in the order the page lists them.
    pub const ALL: [Fault; 3] = [Fault::None, Fault::CrashedPrimary, Fault::ByzantinePrimary];

    /// Its name in a URL and a select: "none", "crashed-primary",
    /// "byzantine-primary".
    pub fn name(self) -> &'static str {
        match self {
            Fault::None => "none",
            Fault::CrashedPrimary => "crashed-primary",
            Fault::ByzantinePrimary => "byzantine-primary",
        }
    }

    /// What a person reads.
    pub fn title(self) -> &'static str {
        match self {
            Fault::None => "no fault",
            Fault::CrashedPrimary => "the primary crashes (R1 at 7.5)",
            Fault::ByzantinePrimary => "a Byzantine primary (R1 lies)",
        }
    }

    /// The fault named `name`.
    pub fn from_name(name: &str) -> Option<Fault> {
        Fault::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The workload of the comparison: client K1's requests, with when it
/// makes them (the PBFT view-change preset's, so that the crash at 7.5
/// falls while put x 2 is being ordered).
pub const WORKLOAD: [(Time, &str); 3] = [(1.0, "put x 1"), (6.0, "put x 2"), (12.0, "get x")];

/// How long each run lasts: long enough for a view change and the
/// client's resends (PBFT under a lying primary answers the last request
/// at about 31), short enough that both diagrams fit side by side at the
/// page's smallest readable time scale.
pub const UNTIL: Time = 36.0;

/// The availability runs of a comparison: a quarter of `lightcone
/// measure`'s (the page makes them at once), on the same failure plan.
pub const COMPARE_PLAN: Plan = Plan { runs: 16, ..PLAN };

/// One protocol's side of the comparison.
#[derive(Clone, Debug)]
pub struct Side {
    /// "VR" or "PBFT".
    pub protocol: &'static str,
    /// Replicas.
    pub replicas: usize,
    /// The scenario that ran.
    pub scenario: Scenario,
    /// Its run: the trace for the diagram, the properties, the metrics.
    pub outcome: Outcome,
    /// Requests made.
    pub requests: usize,
    /// Requests answered.
    pub answered: usize,
    /// Messages per answered request.
    pub messages_per_request: Option<f64>,
    /// Mean message delays from a request to its reply.
    pub message_delays: Option<f64>,
    /// Mean time from a request to its reply.
    pub latency: Option<f64>,
    /// Requests answered per time unit.
    pub throughput: Option<f64>,
    /// Availability under random crashes and repairs ([`COMPARE_PLAN`]),
    /// and its standard error.
    pub availability: (f64, f64),
    /// The closed form for independent failures, quorum of n.
    pub closed_form: f64,
}

impl Side {
    /// The declared properties' verdicts, by name.
    pub fn verdicts(&self) -> &[Checked] {
        &self.outcome.properties
    }

    /// Whether every declared property holds.
    pub fn all_hold(&self) -> bool {
        self.outcome.properties.iter().all(|p| p.holds)
    }
}

/// The group sizes compared: VR's 3 replicas and PBFT's 4, each the
/// smallest that survives one fault of its kind (2f + 1 and 3f + 1).
pub const SIZES: [usize; 2] = [3, 4];

/// The two scenarios, VR's with `sizes[0]` replicas then PBFT's with
/// `sizes[1]`, for `workload` (K1's requests) under `fault`.
pub fn scenarios(
    workload: &[(Time, &str)],
    fault: Fault,
    sizes: [usize; 2],
) -> Result<[Scenario; 2], String> {
    let requests: Vec<Value> =
        workload.iter().map(|(at, op)| json!({"client": "K1", "at": at, "op": op})).collect();
    let side = |protocol: &str, replicas: usize, title: String| {
        let mut model = json!({"links": "reliable", "nodes": "crash-stop",
                               "timing": {"synchronous": {"delay": 1}}});
        let mut faults = json!([]);
        match fault {
            Fault::None => {}
            Fault::CrashedPrimary => faults = json!([{"crash": {"node": "R1", "at": 7.5}}]),
            Fault::ByzantinePrimary => model["byzantine"] = json!({"R1": "lie"}),
        }
        Scenario::from_value(json!({
            "title": title, "protocol": protocol, "replicas": replicas, "clients": 1,
            "workload": requests, "model": model, "faults": faults, "seed": 1, "until": UNTIL,
        }))
    };
    let [v, p] = sizes;
    let vr = side("vr", v, format!("VR, {v} replicas: {}", fault.title()))?;
    let pbft = side("pbft", p, format!("PBFT, {p} replicas: {}", fault.title()))?;
    Ok([vr, pbft])
}

/// Runs both scenarios of `workload` under `fault` with `sizes` replicas
/// ([`SIZES`] on the page): VR's side, then PBFT's.
pub fn compare(workload: &[(Time, &str)], fault: Fault, sizes: [usize; 2]) -> Result<[Side; 2], String> {
    let [vr, pbft] = scenarios(workload, fault, sizes)?;
    Ok([side(vr, workload.len())?, side(pbft, workload.len())?])
}

fn side(scenario: Scenario, requests: usize) -> Result<Side, String> {
    let group = Group::of(&scenario)?;
    let outcome = outcome::run(&scenario);
    let m = |name| metric(&outcome.metrics, name);
    let n = group.replicas();
    let runs = (0..COMPARE_PLAN.runs)
        .map(|k| availability_run(&scenario, n, &COMPARE_PLAN, k))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Side {
        protocol: group.name(),
        replicas: n,
        requests,
        answered: outcome.count("requests").unwrap_or(0),
        messages_per_request: m("messages_per_op"),
        message_delays: m("message_delays_mean"),
        latency: m("latency_mean"),
        throughput: m("throughput"),
        availability: estimate(&runs),
        closed_form: closed_form(n, group.quorum(), PLAN.replica_availability()),
        scenario,
        outcome,
    })
}

/// A side's run drawn: the SVG and its size in pixels, and the legend
/// entries its marks need (the page shows one legend for both).
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    /// The SVG document.
    pub svg: String,
    /// Its width and height.
    pub size: (f32, f32),
    /// What its marks mean.
    pub legend: Vec<Entry>,
}

/// Both sides' runs, each as a picture about `size` pixels (the time axis
/// scaled to fit, text at its own size, as the page's zoom does), on one
/// time scale so that the same moment is at the same place in both: each
/// with its name above and the lab's marks (crashes, lost messages, view
/// bands, statuses). The same geometry as the Replicas lab's diagram and
/// `lightcone render`.
pub fn pictures(sides: &[Side; 2], size: (f32, f32), dark: bool) -> Result<[Drawn; 2], String> {
    let shapes = [shape(&sides[0])?, shape(&sides[1])?];
    let time = shapes.iter().map(|s| s.0.fit(size).time).fold(f32::INFINITY, f32::min);
    let drawn = |k: usize| picture(&sides[k], &shapes[k], time, size, dark);
    Ok([drawn(0), drawn(1)])
}

/// A side's shape and plain texts (message and action names, no clocks).
fn shape(side: &Side) -> Result<(Shape, Texts), String> {
    let trace = &side.outcome.trace;
    let texts = Labels::None.texts(trace).map_err(|e| e.to_string())?;
    let vectors = VectorClocks::compute(trace).map_err(|e| e.to_string())?;
    Ok((Shape::new(trace, &side.outcome.times, false, &vectors, &ShapeOptions::default()), texts))
}

fn picture(side: &Side, (shape, texts): &(Shape, Texts), time: f32, size: (f32, f32), dark: bool) -> Drawn {
    let trace = &side.outcome.trace;
    let mut overlay = super::marks::overlay(&side.scenario, &side.outcome, trace, &["uncertain"]);
    // The comparison is of messages, faults and outcomes; PBFT's
    // certificate notes are the Replicas lab's, and at this scale they
    // would only crowd both pictures and their shared legend.
    overlay.notes.clear();
    let subject = Subject { trace, shape, texts, overlay: &overlay, focus: &[] };
    let drawing = draw(&subject, Scale { time, ..shape.fit(size) }, None);
    let highlight = Highlight::default();
    let legend = entries(&seen(trace, &drawing, &highlight, &overlay));
    let words = Words { title: side.scenario.title.clone(), ..Words::default() };
    let (svg, w, h) = render::picture(&subject, &drawing, &highlight, &words, dark);
    Drawn { svg, size: (w, h), legend }
}
