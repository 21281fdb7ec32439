//! What the lab knows of each CRDT type beyond its name in the trace format
//! (`formats::crdt_trace` names them): a title, whether it is op-based, its
//! counterpart in the side-by-side run, the operations it takes.

use super::Kind;

impl Kind {
    /// A name for people.
    pub fn title(self) -> &'static str {
        match self {
            Kind::GCounter => "G-Counter",
            Kind::PnCounter => "PN-Counter",
            Kind::GSet => "G-Set",
            Kind::TwoPSet => "2P-Set",
            Kind::OrSet => "OR-Set (add wins)",
            Kind::LwwRegister => "LWW-Register",
            Kind::MvRegister => "MV-Register",
            Kind::OpCounter => "op-based counter",
            Kind::OpOrSet => "op-based OR-Set",
        }
    }

    /// True for the op-based types.
    pub fn is_op_based(self) -> bool {
        matches!(self, Kind::OpCounter | Kind::OpOrSet)
    }

    /// The type run side by side with this one in the lab, taking the same
    /// operations: state-based counters and OR-Set with their op-based
    /// versions (and back), and the two registers with each other.
    pub fn counterpart(self) -> Option<Kind> {
        match self {
            Kind::GCounter | Kind::PnCounter => Some(Kind::OpCounter),
            Kind::OrSet => Some(Kind::OpOrSet),
            Kind::OpCounter => Some(Kind::PnCounter),
            Kind::OpOrSet => Some(Kind::OrSet),
            Kind::LwwRegister => Some(Kind::MvRegister),
            Kind::MvRegister => Some(Kind::LwwRegister),
            Kind::GSet | Kind::TwoPSet => None,
        }
    }

    /// The operations it takes, for help texts and errors.
    pub fn operations(self) -> &'static str {
        match self {
            Kind::GCounter => "inc",
            Kind::PnCounter | Kind::OpCounter => "inc and dec",
            Kind::GSet => "add x",
            Kind::TwoPSet | Kind::OrSet | Kind::OpOrSet => "add x and remove x",
            Kind::LwwRegister | Kind::MvRegister => "write v",
        }
    }
}
