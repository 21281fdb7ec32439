//! The CRDT types against their laws: state-based merges form a join
//! semilattice whose order is `leq` and which updates only climb; concurrent
//! op-based effects commute; and each type's signature behaviour (LWW's
//! tie-break, MV's siblings, OR-Set's add-wins, op-based misdelivery).

#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::crdt::g_counter::GCounter;
use lightcone::core::crdt::g_set::GSet;
use lightcone::core::crdt::lww_register::LwwRegister;
use lightcone::core::crdt::mv_register::MvRegister;
use lightcone::core::crdt::op_counter::{CounterEffect, OpCounter};
use lightcone::core::crdt::op_or_set::{OpOrSet, OrSetEffect};
use lightcone::core::crdt::or_set::OrSet;
use lightcone::core::crdt::pn_counter::PNCounter;
use lightcone::core::crdt::two_p_set::TwoPSet;
use lightcone::core::crdt::{json_size, Context, Op, OpCrdt, StateCrdt, Value};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

const REPLICAS: usize = 3;
const NAMES: [&str; 6] = ["A", "B", "C", "D", "E", "F"];

/// One step of a random run: an op at a replica, or a replica merging
/// another's state.
#[derive(Clone, Debug)]
enum Step {
    Op(usize, Op),
    Merge { from: usize, into: usize },
}

/// Ops of every kind (a type ignores the ones it rejects) on three elements.
fn op() -> impl Strategy<Value = Op> {
    let element = prop::sample::select(vec!["x", "y", "z"]).prop_map(String::from);
    prop_oneof![
        Just(Op::Inc),
        Just(Op::Dec),
        element.clone().prop_map(Op::Add),
        element.clone().prop_map(Op::Remove),
        element.prop_map(Op::Write),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => (0..REPLICAS, op()).prop_map(|(r, op)| Step::Op(r, op)),
        1 => (0..REPLICAS, 0..REPLICAS).prop_map(|(from, into)| Step::Merge { from, into }),
    ]
}

fn script() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(step(), 0..40)
}

/// A run's replicas, with the Lamport clocks and tag counters that make
/// their contexts realistic (tags "a1", "b2", ... unique in the run).
struct Run<T> {
    states: Vec<T>,
    lamport: Vec<u64>,
    ops: Vec<u64>,
}

impl<T: StateCrdt> Run<T> {
    fn new() -> Self {
        Run { states: vec![T::new(REPLICAS); REPLICAS], lamport: vec![0; REPLICAS], ops: vec![0; REPLICAS] }
    }

    /// Runs one step, checking that the replica's state only goes up.
    fn step(&mut self, step: &Step) -> Result<(), TestCaseError> {
        let (into, before) = match step {
            Step::Op(r, op) => (*r, self.op(*r, op)),
            Step::Merge { from, into } => {
                let (from, into) = (*from, *into);
                self.lamport[into] = self.lamport[into].max(self.lamport[from]) + 1;
                let before = self.states[into].clone();
                let other = self.states[from].clone();
                self.states[into].merge(&other);
                (into, before)
            }
        };
        prop_assert!(
            before.leq(&self.states[into]),
            "{} went down: {:?} to {:?}",
            T::NAME,
            before,
            self.states[into]
        );
        Ok(())
    }

    /// Prepares and applies `op` at replica `r`; returns the state before.
    fn op(&mut self, r: usize, op: &Op) -> T {
        self.lamport[r] += 1;
        self.ops[r] += 1;
        let tag = format!("{}{}", NAMES[r].to_lowercase(), self.ops[r]);
        let cx = context(r, &tag, self.lamport[r]);
        let before = self.states[r].clone();
        if let Ok(update) = before.prepare(op, &cx) {
            self.states[r].apply(update);
        }
        before
    }
}

fn context(r: usize, tag: &str, lamport: u64) -> Context<'_> {
    Context { replica: r as u32, replicas: REPLICAS, tag, lamport, name: NAMES[r] }
}

fn join<T: StateCrdt>(a: &T, b: &T) -> T {
    let mut out = a.clone();
    out.merge(b);
    out
}

/// Runs the script and checks the semilattice laws on the three replicas.
fn check_laws<T: StateCrdt>(script: &[Step]) -> Result<(), TestCaseError> {
    let mut run = Run::<T>::new();
    for step in script {
        run.step(step)?;
    }
    let [a, b, c] = [&run.states[0], &run.states[1], &run.states[2]];
    prop_assert_eq!(join(a, b), join(b, a), "commutative");
    prop_assert_eq!(join(&join(a, b), c), join(a, &join(b, c)), "associative");
    prop_assert_eq!(&join(a, a), a, "idempotent");
    prop_assert_eq!(join(a, b).value(), join(b, a).value(), "the value of a join is deterministic");
    let ab = join(a, b);
    prop_assert!(a.leq(&ab) && b.leq(&ab), "a join is an upper bound");
    for (x, y) in [(a, b), (b, c), (a, c), (b, a)] {
        prop_assert_eq!(x.leq(y), &join(x, y) == y, "leq is the order of the join");
        if x.leq(y) && y.leq(x) {
            prop_assert_eq!(x, y, "leq is antisymmetric");
        }
    }
    // Everyone hears everything: the replicas converge.
    let all = join(&ab, c);
    prop_assert!([a, b, c].iter().all(|s| s.leq(&all)));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn g_counter_is_a_semilattice(s in script()) { check_laws::<GCounter>(&s)?; }

    #[test]
    fn pn_counter_is_a_semilattice(s in script()) { check_laws::<PNCounter>(&s)?; }

    #[test]
    fn g_set_is_a_semilattice(s in script()) { check_laws::<GSet>(&s)?; }

    #[test]
    fn two_p_set_is_a_semilattice(s in script()) { check_laws::<TwoPSet>(&s)?; }

    #[test]
    fn lww_register_is_a_semilattice(s in script()) { check_laws::<LwwRegister>(&s)?; }

    #[test]
    fn mv_register_is_a_semilattice(s in script()) { check_laws::<MvRegister>(&s)?; }

    #[test]
    fn or_set_is_a_semilattice(s in script()) { check_laws::<OrSet>(&s)?; }

    /// Whatever the order of merges, the write with the greatest (Lamport
    /// time, name) wins.
    #[test]
    fn lww_greatest_timestamp_wins(
        writes in prop::collection::btree_set((0..4u64, 0..3usize), 1..8)
            .prop_map(|set| set.into_iter().collect::<Vec<_>>())
            .prop_shuffle(),
    ) {
        let states: Vec<LwwRegister> = writes.iter().map(|&(t, r)| lww_write(t, r, &format!("v{t}{r}"))).collect();
        let merged = states.iter().fold(LwwRegister::new(REPLICAS), |acc, s| join(&acc, s));
        let &(t, r) = writes.iter().max_by_key(|&&(t, r)| (t, NAMES[r])).unwrap();
        prop_assert_eq!(merged.value(), Value::Register(Some(format!("v{t}{r}"))));
    }

    /// Concurrent OpCounter effects, applied in any order, give the same state.
    #[test]
    fn op_counter_effects_commute(
        start in prop::collection::vec(op(), 0..10),
        concurrent in prop::collection::vec(op(), 1..6),
        order in Just((0..5usize).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        check_commute::<OpCounter>(&start, &concurrent, &order)?;
    }

    /// Concurrent OpOrSet effects (adds and removes prepared from one
    /// state), applied in any order, give the same state.
    #[test]
    fn op_or_set_effects_commute(
        start in prop::collection::vec(op(), 0..10),
        concurrent in prop::collection::vec(op(), 1..6),
        order in Just((0..5usize).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        check_commute::<OpOrSet>(&start, &concurrent, &order)?;
    }
}

fn lww_write(lamport: u64, r: usize, value: &str) -> LwwRegister {
    let mut reg = LwwRegister::new(REPLICAS);
    let update = reg.prepare(&Op::Write(value.into()), &context(r, "t", lamport)).unwrap();
    reg.apply(update);
    reg
}

/// Builds a start state from `start` (at replica 0, delivered everywhere),
/// prepares each of `concurrent` there at replicas 1.., and applies the
/// effects in their order and in `order` (a permutation of indices, those
/// out of range skipped): the two states must be equal.
fn check_commute<T: OpCrdt>(start: &[Op], concurrent: &[Op], order: &[usize]) -> Result<(), TestCaseError> {
    let mut state = T::new(NAMES.len());
    for (i, op) in start.iter().enumerate() {
        let tag = format!("a{}", i + 1);
        if let Ok(effect) = state.prepare(op, &context(0, &tag, i as u64 + 1)) {
            state.effect(&effect);
        }
    }
    let effects: Vec<T::Effect> = concurrent
        .iter()
        .enumerate()
        .filter_map(|(i, op)| {
            let tag = format!("{}1", NAMES[i + 1].to_lowercase());
            state.prepare(op, &Context { replicas: NAMES.len(), ..context(i + 1, &tag, 99) }).ok()
        })
        .collect();
    let (mut in_order, mut permuted) = (state.clone(), state);
    effects.iter().for_each(|e| in_order.effect(e));
    order.iter().filter_map(|&i| effects.get(i)).for_each(|e| permuted.effect(e));
    prop_assert_eq!(in_order.value(), permuted.value());
    prop_assert_eq!(in_order, permuted);
    Ok(())
}

/// Applies `op` at replica `r` of a state-based type and returns the state.
fn at<T: StateCrdt>(state: &T, r: usize, tag: &str, lamport: u64, op: Op) -> T {
    let mut next = state.clone();
    let update = state.prepare(&op, &context(r, tag, lamport)).unwrap();
    next.apply(update);
    next
}

fn set(xs: &[&str]) -> Value {
    Value::Set(xs.iter().map(|x| x.to_string()).collect())
}

fn values(xs: &[&str]) -> Value {
    Value::Values(xs.iter().map(|x| x.to_string()).collect())
}

fn write(v: &str) -> Op {
    Op::Write(v.into())
}

#[test]
fn lww_later_lamport_time_wins_in_either_merge_order() {
    let (early, late) = (lww_write(3, 1, "y"), lww_write(5, 0, "x"));
    assert_eq!(join(&early, &late).value(), Value::Register(Some("x".into())));
    assert_eq!(join(&late, &early).value(), Value::Register(Some("x".into())));
}

#[test]
fn lww_equal_lamport_times_are_broken_by_the_name() {
    let (a, b) = (lww_write(4, 0, "from A"), lww_write(4, 1, "from B"));
    assert_eq!(join(&a, &b).value(), Value::Register(Some("from B".into())));
    assert_eq!(join(&b, &a).value(), Value::Register(Some("from B".into())));
    // Applying an older write keeps the newer one.
    let mut reg = lww_write(4, 1, "from B");
    reg.apply((2, "C".into(), "old".into()));
    assert_eq!(reg.value(), Value::Register(Some("from B".into())));
    assert_eq!(LwwRegister::new(2).value(), Value::Register(None));
}

#[test]
fn mv_concurrent_writes_both_survive_and_a_later_write_replaces_them() {
    let empty = MvRegister::new(2);
    let a = at(&empty, 0, "a1", 1, write("x"));
    let b = at(&empty, 1, "b1", 1, write("y"));
    let both = join(&a, &b);
    assert_eq!(both.value(), values(&["x", "y"]));
    assert_eq!(join(&b, &a), both);
    // A, having seen both, writes: its vector dominates both siblings.
    let later = at(&both, 0, "a2", 3, write("z"));
    assert_eq!(later.value(), values(&["z"]));
    assert_eq!(later.entries(), &[("z".to_string(), vec![2, 1, 0])]);
    assert_eq!(join(&both, &later).value(), values(&["z"]));
    assert_eq!(join(&b, &later).value(), values(&["z"]));
    // But a write B makes without seeing z is concurrent with it.
    let b2 = at(&b, 1, "b2", 2, write("w"));
    assert_eq!(join(&later, &b2).value(), values(&["w", "z"]));
}

#[test]
fn mv_concurrent_writes_of_one_value_show_it_once() {
    let empty = MvRegister::new(2);
    let both = join(&at(&empty, 0, "a1", 1, write("x")), &at(&empty, 1, "b1", 1, write("x")));
    assert_eq!(both.entries().len(), 2);
    assert_eq!(both.value(), values(&["x"]));
}

#[test]
fn or_set_concurrent_add_and_remove_add_wins() {
    let a = at(&OrSet::new(2), 0, "a1", 1, Op::Add("x".into()));
    let b = join(&OrSet::new(2), &a);
    // B removes the x it saw while A adds x again.
    let b = at(&b, 1, "b1", 3, Op::Remove("x".into()));
    assert_eq!(b.value(), set(&[]));
    let a = at(&a, 0, "a2", 2, Op::Add("x".into()));
    assert_eq!(join(&a, &b).value(), set(&["x"]));
    assert_eq!(join(&b, &a).value(), set(&["x"]));
}

#[test]
fn or_set_remove_of_an_observed_add_removes_it() {
    let a = at(&OrSet::new(2), 0, "a1", 1, Op::Add("x".into()));
    let b = at(&join(&OrSet::new(2), &a), 1, "b1", 3, Op::Remove("x".into()));
    assert_eq!(join(&a, &b).value(), set(&[]));
    // A remove of an element never seen tombstones nothing.
    let c = at(&OrSet::new(2), 1, "b2", 4, Op::Remove("x".into()));
    assert_eq!(join(&a, &c).value(), set(&["x"]));
}

#[test]
fn two_p_set_remove_is_forever_even_before_the_add() {
    let s = at(&TwoPSet::new(2), 0, "a1", 1, Op::Add("x".into()));
    let s = at(&s, 0, "a2", 2, Op::Remove("x".into()));
    let s = at(&s, 0, "a3", 3, Op::Add("x".into()));
    assert_eq!(s.value(), set(&[]));
    let tomb = at(&TwoPSet::new(2), 1, "b1", 1, Op::Remove("y".into()));
    let added = at(&tomb, 1, "b2", 2, Op::Add("y".into()));
    assert_eq!(added.value(), set(&[]));
}

#[test]
fn op_counter_duplicated_effect_counts_twice() {
    let mut c = OpCounter::new(2);
    let effect = c.prepare(&Op::Inc, &context(0, "a1", 1)).unwrap();
    c.effect(&effect);
    c.effect(&effect);
    assert_eq!(c.value(), Value::Counter(2), "one inc, delivered twice, counted twice");
    c.effect(&CounterEffect::Dec);
    assert_eq!(c.value(), Value::Counter(1));
}

#[test]
fn op_or_set_remove_before_its_add_leaves_the_element() {
    let mut a = OpOrSet::new(3);
    let add = a.prepare(&Op::Add("x".into()), &context(0, "a1", 1)).unwrap();
    a.effect(&add);
    let mut b = OpOrSet::new(3);
    b.effect(&add);
    let remove = b.prepare(&Op::Remove("x".into()), &context(1, "b1", 3)).unwrap();
    assert_eq!(remove, OrSetEffect::Remove { element: "x".into(), tags: vec!["a1".into()] });
    b.effect(&remove);
    a.effect(&remove);
    assert_eq!((a.value(), b.value()), (set(&[]), set(&[])));
    // C gets the remove first (not causal order): it deletes nothing.
    let mut c = OpOrSet::new(3);
    c.effect(&remove);
    c.effect(&add);
    assert_eq!(c.value(), set(&["x"]));
}

#[test]
fn mismatched_ops_name_the_op_and_the_type() {
    let cx = context(0, "a1", 1);
    let err = |e: String, op: &str, name: &str| {
        let prefix = format!("\"{op}\" is not an operation of a {name}; ");
        assert!(e.starts_with(&prefix), "{e:?} should start with {prefix:?}");
    };
    err(GCounter::new(2).prepare(&Op::Add("x".into()), &cx).unwrap_err().to_string(), "add x", "g-counter");
    err(GCounter::new(2).prepare(&Op::Dec, &cx).unwrap_err().problem, "dec", "g-counter");
    err(PNCounter::new(2).prepare(&write("v"), &cx).unwrap_err().problem, "write v", "pn-counter");
    let g_set = GSet::new(2).prepare(&Op::Remove("x".into()), &cx).unwrap_err().problem;
    err(g_set.clone(), "remove x", "g-set");
    assert!(g_set.contains("cannot remove"), "{g_set}");
    err(TwoPSet::new(2).prepare(&Op::Inc, &cx).unwrap_err().problem, "inc", "2p-set");
    err(LwwRegister::new(2).prepare(&Op::Inc, &cx).unwrap_err().problem, "inc", "lww-register");
    err(MvRegister::new(2).prepare(&Op::Add("x".into()), &cx).unwrap_err().problem, "add x", "mv-register");
    err(OrSet::new(2).prepare(&write("v"), &cx).unwrap_err().problem, "write v", "or-set");
    err(
        OpCounter::new(2).prepare(&Op::Remove("x".into()), &cx).unwrap_err().problem,
        "remove x",
        "op-counter",
    );
    err(OpOrSet::new(2).prepare(&Op::Dec, &cx).unwrap_err().problem, "dec", "op-or-set");
}

#[test]
fn replica_vectors_grow_on_demand() {
    // A replica beyond the presized vectors still works, and merges across lengths.
    let far = Context { replica: 4, ..context(0, "e1", 1) };
    let mut small = GCounter::new(2);
    small.apply(small.prepare(&Op::Inc, &far).unwrap());
    assert_eq!(small.counts(), &[0, 0, 0, 0, 1]);
    let wide = at(&GCounter::new(6), 1, "b1", 1, Op::Inc);
    assert_eq!(join(&small, &wide), join(&wide, &small));
    assert_eq!(join(&small, &wide).value(), Value::Counter(2));
    let mut mv = MvRegister::new(2);
    mv.apply(mv.prepare(&write("v"), &far).unwrap());
    let merged = join(&at(&MvRegister::new(2), 0, "a1", 1, write("w")), &mv);
    assert_eq!(merged.value(), values(&["v", "w"]));
}

#[test]
fn serialized_forms_are_compact() {
    let g = at(&GCounter::new(3), 1, "b1", 1, Op::Inc);
    assert_eq!(serde_json::to_string(&g).unwrap(), "[0,1,0]");
    assert_eq!(json_size(&g), 7);
    let pn = at(&PNCounter::new(2), 0, "a1", 1, Op::Dec);
    assert_eq!(serde_json::to_string(&pn).unwrap(), r#"{"p":[0,0],"n":[1,0]}"#);
    assert_eq!(
        serde_json::to_string(&at(&GSet::new(2), 0, "a1", 1, Op::Add("x".into()))).unwrap(),
        r#"["x"]"#
    );
    let two_p = at(&TwoPSet::new(2), 0, "a1", 1, Op::Remove("x".into()));
    assert_eq!(serde_json::to_string(&two_p).unwrap(), r#"{"added":[],"removed":["x"]}"#);
    assert_eq!(serde_json::to_string(&LwwRegister::new(2)).unwrap(), "null");
    assert_eq!(serde_json::to_string(&lww_write(3, 0, "x")).unwrap(), r#"[3,"A","x"]"#);
    let mv = at(&MvRegister::new(2), 1, "b1", 1, write("x"));
    assert_eq!(serde_json::to_string(&mv).unwrap(), r#"[["x",[0,1,0]]]"#);
    let or = at(&OrSet::new(2), 0, "a1", 1, Op::Add("x".into()));
    let or = at(&or, 0, "a2", 2, Op::Remove("x".into()));
    assert_eq!(serde_json::to_string(&or).unwrap(), r#"{"adds":[["x","a1"]],"removes":["a1"]}"#);
    assert_eq!(serde_json::to_string(&CounterEffect::Inc).unwrap(), r#""inc""#);
    let add = OrSetEffect::Add { element: "x".into(), tag: "a1".into() };
    assert_eq!(serde_json::to_string(&add).unwrap(), r#"{"op":"add","element":"x","tag":"a1"}"#);
    let remove = OrSetEffect::Remove { element: "x".into(), tags: vec!["a1".into()] };
    assert_eq!(serde_json::to_string(&remove).unwrap(), r#"{"op":"remove","element":"x","tags":["a1"]}"#);
    let mut ops = OpOrSet::new(2);
    ops.effect(&add);
    assert_eq!(serde_json::to_string(&ops).unwrap(), r#"[["x","a1"]]"#);
    assert_eq!(serde_json::to_string(&OpCounter::new(2)).unwrap(), "0");
}
