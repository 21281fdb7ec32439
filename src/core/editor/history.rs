//! Unlimited undo and redo as a list of snapshots (as RaftScope keeps its
//! time travel): cheap when the snapshots are shared pointers.

/// Past, present and undone future states.
#[derive(Clone, Debug, PartialEq)]
pub struct History<T> {
    past: Vec<T>,
    present: T,
    future: Vec<T>,
}

impl<T: Clone> History<T> {
    /// A history that starts at `present`.
    pub fn new(present: T) -> Self {
        Self { past: Vec::new(), present, future: Vec::new() }
    }

    /// The current state.
    pub fn present(&self) -> &T {
        &self.present
    }

    /// Moves to a new state; the undone future is dropped.
    pub fn push(&mut self, next: T) {
        let previous = std::mem::replace(&mut self.present, next);
        self.past.push(previous);
        self.future.clear();
    }

    /// Steps back; false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        match self.past.pop() {
            Some(previous) => {
                self.future.push(std::mem::replace(&mut self.present, previous));
                true
            }
            None => false,
        }
    }

    /// Steps forward again; false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        match self.future.pop() {
            Some(next) => {
                self.past.push(std::mem::replace(&mut self.present, next));
                true
            }
            None => false,
        }
    }

    /// Whether undo would do something.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether redo would do something.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::History;

    #[test]
    fn undo_and_redo_walk_the_snapshots_and_a_new_edit_drops_the_future() {
        let mut h = History::new(0);
        h.push(1);
        h.push(2);
        assert!(h.undo());
        assert!(h.undo());
        assert_eq!(*h.present(), 0);
        assert!(!h.undo());
        assert!(h.redo());
        assert_eq!(*h.present(), 1);
        h.push(7);
        assert!(!h.can_redo());
        assert!(h.undo());
        assert_eq!(*h.present(), 1);
    }
}
