//! The on-wire protocol of RFC 5905 §8: a client stamps its request with
//! T1 (its clock at sending); the server stamps T2 on arrival and T3 on
//! replying, and returns all three; the client stamps T4 on arrival. Then
//!
//! - offset θ = ½[(T2 − T1) + (T3 − T4)], the server's clock minus the
//!   client's (what the client should add to its clock), exact when the
//!   two legs take equally long and off by half their difference,
//!   (d_forward − d_back)/2, otherwise;
//! - delay δ = (T4 − T1) − (T3 − T2), the round trip less the server's
//!   turnaround.
//!
//! Before using a reply the client makes §8's two sanity checks: a reply
//! whose T3 equals the last one seen is a **duplicate** (or a replay); a
//! reply whose T1 is not the one the client last sent is **bogus** (a late
//! answer to an older request, or forged). After a valid reply the client
//! forgets its T1, so a replay of that reply is bogus too.

/// The four timestamps of one exchange.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stamps {
    /// The client's clock when the request left.
    pub t1: f64,
    /// The server's clock when the request arrived.
    pub t2: f64,
    /// The server's clock when the reply left.
    pub t3: f64,
    /// The client's clock when the reply arrived.
    pub t4: f64,
}

impl Stamps {
    /// θ = ½[(T2 − T1) + (T3 − T4)] (§8). The first-order differences are
    /// taken first, as the RFC does, to keep precision.
    pub fn offset(&self) -> f64 {
        ((self.t2 - self.t1) + (self.t3 - self.t4)) / 2.0
    }

    /// δ = (T4 − T1) − (T3 − T2) (§8), not yet clamped.
    pub fn delay(&self) -> f64 {
        (self.t4 - self.t1) - (self.t3 - self.t2)
    }

    /// The round trip as the client measures it, T4 − T1 (Cristian's RTT).
    pub fn round_trip(&self) -> f64 {
        self.t4 - self.t1
    }

    /// Cristian's estimate of the server's clock minus the client's at T4:
    /// T + RTT/2 − T4, with T the server's one timestamp T3.
    pub fn cristian_offset(&self) -> f64 {
        self.t3 + self.round_trip() / 2.0 - self.t4
    }
}

/// What a reply is, by §8's checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// It answers the request in flight.
    Valid,
    /// Its T3 was seen before.
    Duplicate,
    /// It answers no request in flight.
    Bogus,
}

impl Check {
    /// Why a reply was discarded, in the report (none when valid).
    pub fn word(self) -> Option<&'static str> {
        match self {
            Check::Valid => None,
            Check::Duplicate => Some("duplicate"),
            Check::Bogus => Some("bogus"),
        }
    }
}

/// One association's on-wire state: the T1 of the request in flight (the
/// RFC's xmt) and the last T3 received (its org).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct OnWire {
    xmt: Option<f64>,
    org: Option<f64>,
}

impl OnWire {
    /// A request stamped `t1` leaves.
    pub fn sent(&mut self, t1: f64) {
        self.xmt = Some(t1);
    }

    /// A reply carrying the client's `t1` and the server's `t3` arrives.
    pub fn receive(&mut self, t1: f64, t3: f64) -> Check {
        if self.org == Some(t3) {
            return Check::Duplicate;
        }
        self.org = Some(t3);
        if self.xmt != Some(t1) {
            return Check::Bogus;
        }
        self.xmt = None;
        Check::Valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_and_a_late_reply_are_discarded() {
        let mut w = OnWire::default();
        w.sent(1.0);
        assert_eq!(w.receive(1.0, 5.0), Check::Valid);
        assert_eq!(w.receive(1.0, 5.0), Check::Duplicate);
        w.sent(2.0);
        // The answer to the request of 1.0, arriving after the next went.
        assert_eq!(w.receive(1.0, 6.0), Check::Bogus);
        assert_eq!(w.receive(2.0, 7.0), Check::Valid);
        // A replay after success: T1 is forgotten.
        assert_eq!(w.receive(2.0, 8.0), Check::Bogus);
    }
}
