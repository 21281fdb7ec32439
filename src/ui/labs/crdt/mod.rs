//! The CRDT lab: the diagram's processes are replicas, its local events
//! their updates and its messages gossip. The document carries the type
//! and each event's operation (so undo, save and share keep them); the
//! lab's own state is how op-based messages are delivered and how
//! automatic gossip runs.
//!
//! - view.rs: the runs it shows (the chosen type and its counterpart)
//!   and the labels they put on the diagram
//! - panel.rs: the panel beside the diagram
//! - op_popover.rs: the operation popover, and the hook that puts it on
//!   the canvas

mod op_popover;
mod panel;
mod view;

pub use op_popover::use_canvas;
pub use panel::CrdtLab;
pub use view::{payload_key, values_key, CrdtView};

use super::Host;
use crate::core::crdt::anti_entropy::{anti_entropy, Settings};
use crate::core::crdt::{Delivery, Kind};
use crate::core::editor::Edit;
use crate::ui::notice::Notice;
use crate::ui::scene::Scene;

/// The lab's settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CrdtState {
    /// Op-based delivery: causal (buffered) or immediate.
    pub causal: bool,
    /// Automatic gossip's fanout, period and seed.
    pub gossip: Settings,
}

/// What the lab's panel asks for (edits of the diagram go to the app).
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetCausal(bool),
    SetGossip(Settings),
    /// Adds anti-entropy rounds until the replicas converge.
    Gossip,
}

impl CrdtState {
    pub fn reduce(&mut self, host: &mut impl Host, action: Action) {
        match action {
            Action::SetCausal(causal) => self.causal = causal,
            Action::SetGossip(settings) => self.gossip = settings,
            Action::Gossip => self.gossip(host),
        }
    }

    /// On entering the lab, a diagram without a type gets the simplest
    /// one to start with.
    pub fn enter(&mut self, host: &mut impl Host) {
        if host.scene().document.crdt.is_none() {
            host.edit(&Edit::SetCrdt { kind: Some(Kind::PnCounter) });
        }
    }

    fn delivery(&self) -> Delivery {
        if self.causal {
            Delivery::Causal
        } else {
            Delivery::Immediate
        }
    }

    /// See [`Action::Gossip`]: the diagram with the rounds added, as a new one.
    fn gossip(&self, host: &mut impl Host) {
        let doc = &host.scene().document;
        let Some(kind) = doc.crdt else { return };
        let outcome = anti_entropy(doc, kind, self.delivery(), &self.gossip).map_err(|e| e.to_string());
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
                host.start_over();
                host.show(scene, Some(Notice::note(note)));
            }
            Ok((Err(reason), _)) | Err(reason) => {
                host.notice(Notice::error(format!("Gossip refused: {reason}")))
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
