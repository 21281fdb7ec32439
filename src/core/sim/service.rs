//! Service time: each node is a single first-come-first-served server
//! (Kleinrock, "Queueing Systems", vol. 1) that handles one event at a time and is
//! occupied for the model's `service` time by each event it handles.
//! What arrives for a busy node (a delivery, an input, a timer) waits,
//! first come first served, until the node is free. A crash loses what
//! waits, as it loses what is in flight to a crashed node.
//!
//! The engine asks [`Desk::admit`] when an item arrives, marks the node
//! busy with [`Desk::occupy`] when it handled something, and takes the
//! next waiting item with [`Desk::next`] when the node comes free. With a
//! service time of 0 the engine never calls it, so runs are exactly as
//! they were without one.

use super::{NodeId, Time};
use std::collections::VecDeque;

/// Every node's server: when it comes free, and what waits for it.
pub struct Desk<I> {
    service: Time,
    free_at: Vec<Time>,
    waiting: Vec<VecDeque<I>>,
}

impl<I> Desk<I> {
    /// `nodes` idle servers, each taking `service` per event.
    pub fn new(nodes: usize, service: Time) -> Self {
        Desk { service, free_at: vec![0.0; nodes], waiting: (0..nodes).map(|_| VecDeque::new()).collect() }
    }

    /// `item` arrives for `node` at `now`: given back when the node can take
    /// it up now, else queued behind what already waits.
    pub fn admit(&mut self, node: NodeId, now: Time, item: I) -> Option<I> {
        if self.is_free(node, now) && self.waiting[node].is_empty() {
            return Some(item);
        }
        self.waiting[node].push_back(item);
        None
    }

    /// `node` took up an event at `now`: it is busy until the time returned.
    pub fn occupy(&mut self, node: NodeId, now: Time) -> Time {
        self.free_at[node] = now + self.service;
        self.free_at[node]
    }

    /// Whether `node` is free at `now` (a stale wake-up finds it busy).
    pub fn is_free(&self, node: NodeId, now: Time) -> bool {
        self.free_at[node] <= now
    }

    /// The item that has waited longest for `node`.
    pub fn next(&mut self, node: NodeId) -> Option<I> {
        self.waiting[node].pop_front()
    }

    /// `node` crashed at `now`: it is free (its work is lost) and everything
    /// that waited for it is returned, oldest first, to be lost.
    pub fn crash(&mut self, node: NodeId, now: Time) -> Vec<I> {
        self.free_at[node] = now;
        self.waiting[node].drain(..).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_node_serves_arrivals_in_order() {
        let mut desk = Desk::new(1, 0.5);
        assert_eq!(desk.admit(0, 1.0, 'a'), Some('a'));
        assert_eq!(desk.occupy(0, 1.0), 1.5);
        assert_eq!(desk.admit(0, 1.2, 'b'), None);
        assert_eq!(desk.admit(0, 1.3, 'c'), None);
        // Free again, but 'b' and 'c' wait first: a newcomer queues.
        assert_eq!(desk.admit(0, 1.5, 'd'), None);
        assert!(desk.is_free(0, 1.5));
        assert_eq!(desk.next(0), Some('b'));
        assert_eq!(desk.crash(0, 1.6), vec!['c', 'd']);
        assert!(desk.is_free(0, 1.6));
        assert_eq!(desk.admit(0, 1.7, 'e'), Some('e'));
    }
}
