//! The module's unit tests: published examples, every text and binary
//! form, errors, and random runs checked against the paper's definitions.

use super::binary::leaf_bit_len;
use super::paper;
use super::*;
use std::collections::BTreeSet;

fn st(text: &str) -> Stamp {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn err(text: &str) -> ItcError {
    text.parse::<Stamp>().expect_err(text)
}

fn event_of(stamp: &str) -> String {
    st(stamp).event().to_string()
}

#[test]
fn published_example() {
    let (a, b) = Stamp::seed().fork();
    assert_eq!([a.to_string(), b.to_string()], ["((1,0),0)", "((0,1),0)"]);
    let (a, b) = (a.event(), b.event());
    assert_eq!([a.to_string(), b.to_string()], ["((1,0),(0,1,0))", "((0,1),(0,0,1))"]);
    assert!(a.concurrent(&b));
    assert_eq!(a.join(&b).to_string(), "(1,1)");
}

/// The run in the reference repository's README (states a to h), worked
/// by hand from the definitions.
#[test]
fn readme_demo_run() {
    let seed = Stamp::seed();
    let (a, b) = seed.fork();
    let (a, b) = (a.event(), b.event());
    let (a, c) = a.fork();
    assert_eq!(a.to_string(), "(((1,0),0),(0,1,0))");
    assert_eq!(c.to_string(), "(((0,1),0),(0,1,0))");
    // fill((0,1),(0,0,1)) changes nothing, so grow bumps the right leaf.
    let b = b.event();
    assert_eq!(b.to_string(), "((0,1),(0,0,2))");
    // The owned quarter lies under the leaf 1: split it (cost 1000+).
    let a = a.event();
    assert_eq!(a.to_string(), "(((1,0),0),(0,(1,1,0),0))");
    let b = b.join(&c);
    assert_eq!(b.to_string(), "(((0,1),1),(1,0,1))");
    let (b, c) = b.fork();
    assert_eq!([b.to_string(), c.to_string()], ["(((0,1),0),(1,0,1))", "((0,1),(1,0,1))"]);
    let a = a.join(&b);
    assert_eq!(a.to_string(), "((1,0),(1,(0,1,0),1))");
    // Owning the whole left half, fill lifts it to its maximum 1, and
    // then the tree collapses.
    let a = a.event();
    assert_eq!(a.to_string(), "((1,0),2)");
    assert!(c.leq(&a) && !a.leq(&c));
}

#[test]
fn fill_and_grow_cases() {
    // Fill: the owned left half rises to the right's level; no grow.
    assert_eq!(event_of("((1,0),(0,0,1))"), "((1,0),1)");
    // Fill can't help when the owned half is already the maximum.
    assert_eq!(event_of("((1,0),(0,1,0))"), "((1,0),(0,2,0))");
    // The seed just increments.
    assert_eq!(event_of("(1,0)"), "(1,1)");
    assert_eq!(event_of("(1,(0,3,(0,1,0)))"), "(1,3)");
    // Grow prefers bumping an existing leaf (cost 1) over splitting a
    // leaf into a node (cost 1001).
    assert_eq!(event_of("(((1,0),(0,1)),(0,(0,1,0),0))"), "(((1,0),(0,1)),(0,(0,2,0),0))");
    // Fill deep inside the id raises the owned eighth to 1, and the
    // whole tree collapses to a leaf.
    assert_eq!(event_of("(((0,1),0),(0,(0,1,0),1))"), "(((0,1),0),1)");
    // Same id, but the owned eighth is already the highest: grow.
    assert_eq!(event_of("(((0,1),0),(0,(0,0,2),1))"), "(((0,1),0),(0,(0,0,3),1))");
}

#[test]
fn grow_tie_break_goes_right() {
    // Both quarters need a split (cost 1001 each): the right one wins.
    assert_eq!(event_of("(((1,0),(0,1)),0)"), "(((1,0),(0,1)),(0,0,(0,0,1)))");
    assert_eq!(event_of("(((0,1),(1,0)),0)"), "(((0,1),(1,0)),(0,0,(0,1,0)))");
    // Both quarters can bump an existing leaf (cost 2 each): right again.
    assert_eq!(event_of("(((1,0),(1,0)),(0,(0,1,0),(0,1,0)))"), "(((1,0),(1,0)),(0,(0,1,0),(0,2,0)))");
}

#[test]
fn event_on_anonymous_and_overflow() {
    let peeked = st("(1,(0,1,0))").peek();
    assert_eq!(peeked.to_string(), "(0,(0,1,0))");
    assert_eq!(peeked.event(), peeked);
    assert_eq!(peeked.checked_event(), None);
    assert_eq!(st("(1,4294967295)").checked_event(), None);
    // At the limit every operation saturates alike, none panics.
    let full = st("(1,4294967295)");
    assert_eq!(full.event(), full);
    let mut in_place = full.clone();
    in_place.event_in_place();
    assert_eq!(in_place, full);
    assert_eq!(paper::event(&full), None, "the definitions say it cannot grow");
    // Fill still works at the limit: it invents no new maximum.
    assert_eq!(st("((1,0),(0,0,4294967295))").checked_event().unwrap().to_string(), "((1,0),4294967295)");
}

#[test]
fn join_sum_and_leq() {
    assert_eq!(st("((1,0),(1,2,0))").join(&st("((0,1),(0,0,(0,3,0)))")).to_string(), "(1,(1,2,(0,2,0)))");
    assert_eq!(st("((0,(1,0)),3)").join(&st("((0,(0,1)),(0,4,0))")).to_string(), "((0,1),(3,1,0))");
    // Joining with a peek keeps the id.
    let a = st("((1,0),(0,2,0))");
    let b = st("((0,1),(0,0,5))");
    assert_eq!(a.join(&b.peek()).to_string(), "((1,0),(2,0,3))");
    assert!(st("(0,(1,0,2))").leq(&st("(0,(2,0,1))")));
    assert!(!st("(0,(1,0,2))").leq(&st("(0,2)")));
    assert!(st("(0,(1,0,2))").leq(&st("(0,3)")));
    assert!(st("(0,1)").leq(&st("(0,(1,0,2))")));
    assert!(!st("(0,2)").leq(&st("(0,(1,0,2))")));
    assert_eq!(Id::One.sum(&Id::One), Id::One, "overlapping ids give their union");
}

#[test]
fn normal_forms() {
    assert!(!Id::node(Id::Zero, Id::Zero).is_normal());
    assert!(!Id::node(Id::One, Id::node(Id::One, Id::One)).is_normal());
    assert_eq!(Id::node(Id::One, Id::node(Id::One, Id::One)).normalized(), Id::One);
    let e =
        EventTree::node(2, EventTree::node(1, EventTree::Leaf(3), EventTree::Leaf(3)), EventTree::Leaf(5));
    assert!(!e.is_normal());
    assert_eq!(e.normalized().to_string(), "(6,0,1)");
    assert!(!EventTree::node(0, EventTree::Leaf(1), EventTree::Leaf(2)).is_normal());
    assert!(EventTree::node(1, EventTree::Leaf(0), EventTree::Leaf(2)).is_normal());
    assert_eq!((e.min(), e.max()), (6, 7));
}

#[test]
fn intervals_and_steps() {
    assert_eq!(Id::One.intervals(), vec![(0.0, 1.0)]);
    assert_eq!(Id::Zero.intervals(), vec![]);
    let id: Id = "((0,1),(1,(0,1)))".parse().unwrap();
    assert_eq!(id.intervals(), vec![(0.25, 0.75), (0.875, 1.0)]);
    let e: EventTree = "(1,(0,2,0),(0,2,(0,0,1)))".parse().unwrap();
    assert_eq!(
        e.steps(),
        vec![(0.0, 0.25, 3), (0.25, 0.5, 1), (0.5, 0.75, 3), (0.75, 0.875, 1), (0.875, 1.0, 2)]
    );
    let e: EventTree = "(0,1,(0,1,0))".parse().unwrap();
    assert_eq!(e.steps(), vec![(0.0, 0.75, 1), (0.75, 1.0, 0)]);
    assert_eq!(EventTree::Leaf(4).steps(), vec![(0.0, 1.0, 4)]);
}

#[test]
fn known_binary_codes() {
    // Id 1 = 001, event 0 = 1 0 00.
    assert_eq!(Stamp::seed().encode(), (vec![0b0011_0000], 7));
    // Id (1,0) = 10 001, event 0 = 1000.
    assert_eq!(st("((1,0),0)").encode(), (vec![0b1000_1100, 0], 9));
    // Event (0,1,0) = 001 then the leaf 1 = 1001.
    assert_eq!(st("((1,0),(0,1,0))").encode(), (vec![0b1000_1001, 0b1001_0000], 12));
    // Id (0,1) = 01 001, event (0,0,1) = 000 1001.
    assert_eq!(st("((0,1),(0,0,1))").encode(), (vec![0b0100_1000, 0b1001_0000], 12));
    // Id 0 = 000; (1,0,2) = 0 11 0 0, leaf 1 = 1001, leaf 2 = 1010.
    assert_eq!(st("(0,(1,0,2))").encode(), (vec![0b0000_1100, 0b1001_1010], 16));
    // Leaf 4: 1, then 4 >= 2^2 so 1 and 0 in 3 bits: 1 1 0 000.
    assert_eq!(st("(1,4)").encode(), (vec![0b0011_1000, 0], 9));
    // Leaves take 4 bits up to 3, 6 up to 11, 8 up to 27, 10 from 28,
    // and 64 for u32::MAX (width 32).
    for (n, bits) in [(3, 4), (4, 6), (11, 6), (12, 8), (27, 8), (28, 10), (u32::MAX, 64)] {
        assert_eq!(leaf_bit_len(n), bits, "leaf {n}");
        assert_eq!(Stamp::new(Id::One, EventTree::Leaf(n)).encode().1, 3 + bits);
    }
    // (((1,0),(0,1)),(0,0,(0,0,1))): id 11 10 001 01 001, event 000 000 1001.
    assert_eq!(st("(((1,0),(0,1)),(0,0,(0,0,1)))").bit_len(), 22);
    // Id 0, then (1,(0,1,0),(0,0,1)) = 0111, leaf 1 = 1001, (0,1,0) =
    // 001 1001, (0,0,1) = 000 1001: 3 + 22 bits.
    assert_eq!(st("(0,(1,(0,1,0),(0,0,1)))").encode().1, 3 + 22);
}

#[test]
fn binary_round_trip_and_bit_len() {
    for text in [
        "(1,0)",
        "(0,0)",
        "((1,0),(1,(0,1,0),1))",
        "(((0,1),1),(1,0,1))",
        "(1,(5,(0,12,0),(3,0,4294967000)))",
    ] {
        let stamp = st(text);
        let (bytes, bits) = stamp.encode();
        assert_eq!(bits, stamp.bit_len(), "{text}");
        assert_eq!(bytes.len(), bits.div_ceil(8));
        assert_eq!(Stamp::decode(&bytes, bits), Ok(stamp), "{text}");
    }
}

fn decode_err(bytes: &[u8], bits: usize) -> ItcError {
    Stamp::decode(bytes, bits).expect_err("should fail")
}

#[test]
fn decode_errors() {
    let bit = |n, kind| ItcError { at: Position::Bit(n), kind };
    assert_eq!(decode_err(&[0b0011_0000], 6), bit(6, ItcErrorKind::Truncated));
    assert_eq!(decode_err(&[0b0011_0000], 8), bit(7, ItcErrorKind::Expected("the end of the stamp")));
    assert_eq!(decode_err(&[0b0011_0000, 0], 7), bit(0, ItcErrorKind::BadLength));
    assert_eq!(decode_err(&[0b0011_0001], 7), bit(7, ItcErrorKind::Expected("zero padding bits")));
    assert_eq!(decode_err(&[], 0), bit(0, ItcErrorKind::Truncated));
    // Id 01 000 is (0,0).
    assert!(matches!(decode_err(&[0b0100_0100, 0], 9).kind, ItcErrorKind::NotNormal(_)));
    // Id 11 001 000 is (1,0) spelled the long way.
    assert!(matches!(decode_err(&[0b1100_1000, 0b1000_0000], 12).kind, ItcErrorKind::NotNormal(_)));
    // Event 000 1000 is (0,0,0).
    assert_eq!(decode_err(&[0b0010_0010, 0], 10).at, Position::Bit(3));
    // Id 1, event 0111, then a 0 (a node) where the value's leaf should be.
    assert_eq!(decode_err(&[0b0010_1110], 7), bit(7, ItcErrorKind::Truncated));
    assert_eq!(
        decode_err(&[0b0010_1110, 0], 16),
        bit(7, ItcErrorKind::Expected("a leaf (bit 1) holding the node's value"))
    );
    // Id 1, event 01100 with the value 0 (1000): should have been 000.
    assert!(matches!(decode_err(&[0b0010_1100, 0b1000_1000, 0], 17).kind, ItcErrorKind::NotNormal(_)));
    // A leaf with 31 widening bits cannot fit in u32.
    assert_eq!(decode_err(&[0b0011_1111, 0xff, 0xff, 0xff, 0xff], 40), bit(4, ItcErrorKind::Overflow));
    // A maximum of 2^32 (here u32::MAX + 1) does not fit either.
    let big = EventTree::node(u32::MAX, EventTree::Leaf(0), EventTree::Leaf(1));
    let (bytes, bits) = Stamp::new(Id::One, big).encode();
    assert_eq!(decode_err(&bytes, bits), bit(3, ItcErrorKind::Overflow));
    // 11 11 11 ... nests ids without end.
    assert_eq!(decode_err(&[0xff; 1000], 8000), bit(2 * MAX_DEPTH, ItcErrorKind::TooDeep));
    // Id 1, then event nodes 0 00 0 00 ... (3 bits each) without end.
    let mut bytes = vec![0; 400];
    bytes[0] = 0b0010_0000;
    assert_eq!(decode_err(&bytes, 3200), bit(3 + 3 * MAX_DEPTH, ItcErrorKind::TooDeep));
}

#[test]
fn truncated_prefixes_fail() {
    for text in ["(1,0)", "((1,0),(1,(0,1,0),1))", "(((0,1),1),(1,0,(3,0,77)))"] {
        let (bytes, bits) = st(text).encode();
        for k in 0..bits {
            let mut prefix = bytes[..k.div_ceil(8)].to_vec();
            if k % 8 != 0 {
                if let Some(last) = prefix.last_mut() {
                    *last &= !(0xff >> (k % 8));
                }
            }
            assert!(Stamp::decode(&prefix, k).is_err(), "{text} cut to {k} bits");
        }
    }
}

#[test]
fn text_round_trip_and_whitespace() {
    for text in ["(1,0)", "(0,7)", "((1,0),(0,1,0))", "(((0,1),1),(1,0,(3,0,77)))", "(1,4294967295)"] {
        assert_eq!(st(text).to_string(), text);
    }
    assert_eq!(st(" ( (1 ,\t0) ,\n(0, 1 ,0) ) ").to_string(), "((1,0),(0,1,0))");
    assert_eq!("( 1 , ( 0 , 1 ) )".parse::<Id>().unwrap().to_string(), "(1,(0,1))");
    assert_eq!(" (2, 0,1) ".parse::<EventTree>().unwrap().to_string(), "(2,0,1)");
}

#[test]
fn parse_errors_name_the_offset() {
    let byte = |n, kind| ItcError { at: Position::Byte(n), kind };
    assert_eq!(err(""), byte(0, ItcErrorKind::Expected("'(' to open a stamp")));
    assert_eq!(err("(1,0"), byte(4, ItcErrorKind::Expected("')' to close the stamp")));
    assert_eq!(err("(2,0)"), byte(1, ItcErrorKind::Expected("an id: '0', '1' or '('")));
    assert_eq!(err("(10,0)"), byte(2, ItcErrorKind::Expected("',' after the id")));
    assert_eq!(err("(1,x)"), byte(3, ItcErrorKind::Expected("an event tree: a number or '('")));
    assert_eq!(err("(1,(x,0,1))"), byte(4, ItcErrorKind::Expected("a number")));
    assert_eq!(err("(1,0)é"), byte(5, ItcErrorKind::Expected("the end of the input")));
    assert_eq!(err("(1,01)"), byte(3, ItcErrorKind::LeadingZero));
    assert_eq!(err("(1,4294967296)"), byte(3, ItcErrorKind::Overflow));
    assert_eq!(err("(1, (4294967295,0,1))"), byte(4, ItcErrorKind::Overflow));
    assert!(matches!(err("( (0,0),0)").kind, ItcErrorKind::NotNormal(_)));
    assert_eq!(err("( (0,0),0)").at, Position::Byte(2));
    assert_eq!(err("(1,(0,1,1))").at, Position::Byte(3));
    assert_eq!(err("(1,(0,1,2))").at, Position::Byte(3));
    assert_eq!(err("(1,(0,(1,1,1),0))").at, Position::Byte(6));
    let message = err("(1,(0,1,1))").to_string();
    assert!(message.starts_with("not in normal form") && message.ends_with("at byte 3"), "{message}");
    assert_eq!(err("(1,").to_string(), "expected an event tree: a number or '(' at byte 3");
}

#[test]
fn deep_nesting_is_refused() {
    let deep = "(".repeat(100_000);
    assert_eq!(err(&deep), ItcError { at: Position::Byte(1 + MAX_DEPTH), kind: ItcErrorKind::TooDeep });
    let deep_event = format!("(1,{}", "(0,".repeat(100_000));
    assert_eq!(err(&deep_event).kind, ItcErrorKind::TooDeep);
    assert_eq!(deep.parse::<Id>().unwrap_err().kind, ItcErrorKind::TooDeep);
    // Exactly MAX_DEPTH nodes is fine, in text and in binary.
    let mut id = Id::One;
    for _ in 0..MAX_DEPTH {
        id = Id::node(Id::Zero, id);
    }
    let stamp = Stamp::new(id.clone(), EventTree::Leaf(0));
    assert_eq!(st(&stamp.to_string()), stamp);
    let (bytes, bits) = stamp.encode();
    assert_eq!(Stamp::decode(&bytes, bits), Ok(stamp));
    let deeper = Stamp::new(Id::node(Id::Zero, id), EventTree::Leaf(0));
    assert_eq!(err(&deeper.to_string()).kind, ItcErrorKind::TooDeep);
    let (bytes, bits) = deeper.encode();
    assert_eq!(Stamp::decode(&bytes, bits).unwrap_err().kind, ItcErrorKind::TooDeep);
}

/// xorshift64: tiny and deterministic.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn two(&mut self, n: usize) -> (usize, usize) {
        let i = self.below(n);
        let j = (i + 1 + self.below(n - 1)) % n;
        (i, j)
    }
}

#[test]
fn garbage_never_panics_and_accepted_codes_are_canonical() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut accepted = 0;
    for _ in 0..20_000 {
        let bits = rng.below(40);
        let mut bytes: Vec<u8> = (0..bits.div_ceil(8)).map(|_| rng.below(256) as u8).collect();
        if bits % 8 != 0 {
            if let Some(last) = bytes.last_mut() {
                *last &= !(0xff >> (bits % 8));
            }
        }
        if let Ok(stamp) = Stamp::decode(&bytes, bits) {
            accepted += 1;
            assert!(stamp.is_normal());
            assert_eq!(stamp.encode(), (bytes, bits));
        }
    }
    assert!(accepted > 10, "some random codes are valid ({accepted})");
    for _ in 0..5_000 {
        let text: String = (0..rng.below(30)).map(|_| b"(),01 23x"[rng.below(9)] as char).collect();
        if let Ok(stamp) = text.parse::<Stamp>() {
            assert!(stamp.is_normal());
        }
    }
}

/// Live stamps, each with the set of events in its causal past.
type Pool = Vec<(Stamp, BTreeSet<u32>)>;

fn check_pool(pool: &Pool) {
    let mut parts: Vec<(f64, f64)> = pool.iter().flat_map(|(s, _)| s.id.intervals()).collect();
    parts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let end = parts.iter().fold(0.0, |at, &(lo, hi)| {
        assert_eq!(lo, at, "ids overlap or leave a gap: {parts:?}");
        hi
    });
    assert_eq!(end, 1.0);
    for (s, past) in pool {
        assert!(s.is_normal(), "{s}");
        assert_eq!(st(&s.to_string()), *s);
        let (bytes, bits) = s.encode();
        assert_eq!(bits, s.bit_len());
        assert_eq!(Stamp::decode(&bytes, bits).as_ref(), Ok(s));
        for (t, other) in pool {
            assert_eq!(s.leq(t), past.is_subset(other), "{s} <= {t}");
        }
    }
}

#[test]
fn random_runs_keep_the_invariants() {
    for seed in 1..=8u64 {
        let mut rng = Rng(seed.wrapping_mul(0x2545_f491_4f6c_dd1d));
        let mut pool: Pool = vec![(Stamp::seed(), BTreeSet::new())];
        let mut next_event = 0;
        for _ in 0..400 {
            let n = pool.len();
            match rng.below(5) {
                0 if n < 8 => {
                    let i = rng.below(n);
                    let (a, b) = pool[i].0.fork();
                    assert_eq!(a.id.sum(&b.id), pool[i].0.id);
                    let mut mine = pool[i].0.clone();
                    assert_eq!((mine.fork_in_place(), mine), (b.clone(), a.clone()), "fork in place");
                    let past = pool[i].1.clone();
                    pool[i].0 = a;
                    pool.push((b, past));
                }
                3 if n > 1 => {
                    let (i, j) = rng.two(n);
                    let joined = pool[i].0.join(&pool[j].0);
                    assert!(pool[i].0.leq(&joined) && pool[j].0.leq(&joined));
                    assert_eq!(joined, paper::join(&pool[i].0, &pool[j].0), "join as defined");
                    let mut in_place = pool[i].0.clone();
                    in_place.join_in_place(&pool[j].0);
                    assert_eq!(in_place, joined, "join in place");
                    let past: BTreeSet<u32> = pool[i].1.union(&pool[j].1).copied().collect();
                    let (hi, lo) = (i.max(j), i.min(j));
                    pool.swap_remove(hi);
                    pool.swap_remove(lo);
                    pool.push((joined, past));
                }
                4 if n > 1 => {
                    let (i, j) = rng.two(n);
                    let message = pool[i].0.peek();
                    let received = pool[j].0.join(&message);
                    assert_eq!(received.id, pool[j].0.id);
                    assert_eq!(received, paper::join(&pool[j].0, &message), "receive as defined");
                    let mut in_place = pool[j].0.clone();
                    in_place.join_events_in_place(&message.event);
                    assert_eq!(in_place, received, "receive in place");
                    let past = pool[i].1.clone();
                    pool[j].0 = received;
                    pool[j].1.extend(past);
                }
                _ => {
                    let i = rng.below(n);
                    let after = pool[i].0.event();
                    assert!(pool[i].0.leq(&after) && !after.leq(&pool[i].0), "{} -> {after}", pool[i].0);
                    assert_eq!(Some(&after), paper::event(&pool[i].0).as_ref(), "event as defined");
                    assert_eq!(pool[i].0.checked_event().as_ref(), Some(&after));
                    let mut in_place = pool[i].0.clone();
                    in_place.event_in_place();
                    assert_eq!(in_place, after, "event in place");
                    let mut appended = vec![0xAB];
                    let bits = after.encode_append(&mut appended);
                    assert_eq!((appended[1..].to_vec(), bits), after.encode(), "encode after other bytes");
                    pool[i].0 = after;
                    pool[i].1.insert(next_event);
                    next_event += 1;
                }
            }
            check_pool(&pool);
        }
    }
}
