//! How hard a quiz is: the size of its diagram and how busy it is.

use std::fmt;
use std::str::FromStr;

/// A quiz's difficulty. Each level fixes the diagram's size; what the
/// diagram holds comes from the seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Three processes, eight events, a few messages: every clock can be
    /// worked out at a glance.
    One,
    /// Four processes and thirteen events: chains of messages to follow.
    Two,
    /// Five processes, twenty events, more messages, and at least one
    /// receive whose own clock is ahead of the message's, so the max in
    /// Lamport's rule matters.
    Three,
}

impl Level {
    /// Every level, easiest first.
    pub const ALL: [Level; 3] = [Level::One, Level::Two, Level::Three];

    /// The level's number: 1, 2 or 3.
    pub fn number(self) -> u8 {
        match self {
            Level::One => 1,
            Level::Two => 2,
            Level::Three => 3,
        }
    }

    /// The level with this number.
    pub fn from_number(n: u8) -> Option<Level> {
        Self::ALL.into_iter().find(|l| l.number() == n)
    }

    /// The next harder level, if there is one.
    pub fn next(self) -> Option<Level> {
        Self::from_number(self.number() + 1)
    }

    /// The number of processes in the level's diagrams.
    pub fn processes(self) -> usize {
        match self {
            Level::One => 3,
            Level::Two => 4,
            Level::Three => 5,
        }
    }

    /// The number of events in the level's diagrams.
    pub fn events(self) -> usize {
        match self {
            Level::One => 8,
            Level::Two => 13,
            Level::Three => 20,
        }
    }

    /// The fewest messages that must arrive: fewer and the diagram is
    /// mostly program order, with nothing to work out.
    pub fn received_messages(self) -> usize {
        match self {
            Level::One => 2,
            Level::Two => 3,
            Level::Three => 5,
        }
    }

    /// The generator's chance that an event sends (when it does not
    /// receive): a harder level is busier.
    pub(super) fn message_probability(self) -> f64 {
        match self {
            Level::One | Level::Two => 0.5,
            Level::Three => 0.6,
        }
    }

    /// Whether the level asks for a receive whose own clock is ahead of
    /// the message's (where max(local, message) picks the local clock).
    pub fn wants_a_local_max(self) -> bool {
        self == Level::Three
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

/// A level from its number as typed: `1`, `2` or `3`.
impl FromStr for Level {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.trim()
            .parse()
            .ok()
            .and_then(Level::from_number)
            .ok_or_else(|| "a level is 1, 2 or 3".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_read_from_their_numbers_and_go_up_by_one() {
        assert_eq!("1".parse(), Ok(Level::One));
        assert_eq!(" 3 ".parse(), Ok(Level::Three));
        assert!(
            "4".parse::<Level>().is_err() && "two".parse::<Level>().is_err() && "".parse::<Level>().is_err()
        );
        assert_eq!(Level::One.next(), Some(Level::Two));
        assert_eq!(Level::Two.next(), Some(Level::Three));
        assert_eq!(Level::Three.next(), None);
    }
}
