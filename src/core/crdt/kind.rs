//! The CRDT types by name, as the trace format and the lab choose them.

/// One of the lab's CRDT types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// State-based grow-only counter.
    GCounter,
    /// State-based counter with increments and decrements.
    PnCounter,
    /// State-based grow-only set.
    GSet,
    /// State-based two-phase set (removed once, gone for good).
    TwoPSet,
    /// State-based observed-remove set (add wins).
    OrSet,
    /// State-based last-writer-wins register.
    LwwRegister,
    /// State-based multi-value register.
    MvRegister,
    /// Op-based counter.
    OpCounter,
    /// Op-based observed-remove set.
    OpOrSet,
}

impl Kind {
    /// Every type, state-based first.
    pub const ALL: [Kind; 9] = [
        Kind::GCounter,
        Kind::PnCounter,
        Kind::GSet,
        Kind::TwoPSet,
        Kind::OrSet,
        Kind::LwwRegister,
        Kind::MvRegister,
        Kind::OpCounter,
        Kind::OpOrSet,
    ];

    /// The name in the trace format.
    pub fn name(self) -> &'static str {
        match self {
            Kind::GCounter => "g-counter",
            Kind::PnCounter => "pn-counter",
            Kind::GSet => "g-set",
            Kind::TwoPSet => "2p-set",
            Kind::OrSet => "or-set",
            Kind::LwwRegister => "lww-register",
            Kind::MvRegister => "mv-register",
            Kind::OpCounter => "op-counter",
            Kind::OpOrSet => "op-or-set",
        }
    }

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

    /// The type called `name`.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
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
