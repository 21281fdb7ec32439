//! LWW-Register, the last-writer-wins register (Shapiro et al. 2011, "A
//! comprehensive study of CRDTs", Specification 8): every write carries a
//! timestamp, here the pair (Lamport time, process name), a total order
//! consistent with causality; apply and merge keep the greater write, so
//! of two concurrent writes one is silently lost.

use super::{Context, Op, OpError, StateCrdt, Value};
use serde::Serialize;

/// A write: (Lamport time, writer's process name, value).
pub type Write = (u64, String, String);

/// The winning write so far, or none; serializes as `null` or
/// `[3,"A","x"]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LwwRegister(Option<Write>);

impl LwwRegister {
    /// The winning write, if any.
    pub fn write(&self) -> Option<&Write> {
        self.0.as_ref()
    }

    /// Keeps the greater of the current write and `write`. Writes compare by
    /// (Lamport time, name); an equal pair keeps the current write. In a valid
    /// trace an equal pair is the same event, hence the same value; comparing
    /// the value last only matters for malformed input, where it keeps merge
    /// commutative instead of depending on the order.
    fn keep_greater(&mut self, write: &Write) {
        if self.0.as_ref().is_none_or(|mine| write > mine) {
            self.0 = Some(write.clone());
        }
    }
}

impl StateCrdt for LwwRegister {
    type Update = Write;
    const NAME: &'static str = "lww-register";

    fn new(_replicas: usize) -> Self {
        LwwRegister(None)
    }

    fn prepare(&self, op: &Op, cx: &Context<'_>) -> Result<Write, OpError> {
        match op {
            Op::Write(v) => Ok((cx.lamport, cx.name.to_string(), v.clone())),
            _ => Err(OpError::mismatch(op, Self::NAME, "write v")),
        }
    }

    fn apply(&mut self, update: Write) {
        self.keep_greater(&update);
    }

    fn merge(&mut self, other: &Self) {
        if let Some(write) = &other.0 {
            self.keep_greater(write);
        }
    }

    fn leq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(mine), Some(theirs)) => mine <= theirs,
        }
    }

    fn value(&self) -> Value {
        Value::Register(self.0.as_ref().map(|(_, _, v)| v.clone()))
    }
}
