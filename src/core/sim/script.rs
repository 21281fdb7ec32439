//! Scripted runs: every node starts at time 0, then a schedule of steps
//! (deliver, drop, crash, recover, timeout, partition, input) decides
//! everything, one step per time unit. This is how the explorer's
//! counterexamples replay, and how step-by-step mode runs.

use super::engine::Run;
use super::env::Env;
use super::property::Checker;
use super::protocol::{Label, Protocol};
use super::scenario::Step;
use super::world::World;
use super::Time;

/// Replays `steps` from the start, step i at time i + 1. A step that
/// cannot be taken (nothing in flight on that channel, no such timer)
/// does nothing.
pub fn replay<P: Protocol>(env: &Env<'_, P>, steps: &[Step]) -> Run {
    let mut world = World::start(env, true);
    let mut checker = Checker::new(env.protocol);
    checker.check(env, &world.nodes);
    for (i, step) in steps.iter().enumerate() {
        world.at((i + 1) as Time);
        take(env, &mut world, step);
        checker.check(env, &world.nodes);
    }
    let properties = checker.finish(env, &world.nodes);
    let nodes = world.nodes.nodes.clone();
    let record = world.into_record().expect("a replay keeps its record");
    let report = env.protocol.report(&record, &nodes);
    Run { record, properties, report }
}

/// Takes one named step. Names were checked with the scenario.
pub(crate) fn take<P: Protocol>(env: &Env<'_, P>, world: &mut World<P>, step: &Step) {
    let id = |name: &str| env.node(name).ok();
    let channel = |from: &str, to: &str| Some((id(from)?, id(to)?));
    match step {
        Step::Deliver { from, to, overtaking } => {
            let found = channel(from, to).and_then(|(f, t)| world.on_channel(f, t, *overtaking));
            found.into_iter().for_each(|i| world.deliver(env, i));
        }
        Step::Drop { from, to, overtaking } => {
            let found = channel(from, to).and_then(|(f, t)| world.on_channel(f, t, *overtaking));
            found.into_iter().for_each(|i| world.drop_message(i));
        }
        Step::Crash { node } => id(node).into_iter().for_each(|n| world.crash(env, n)),
        Step::Recover { node } => id(node).into_iter().for_each(|n| world.recover(env, n)),
        Step::Timeout { node, timer } => {
            let armed =
                id(node).and_then(|n| world.net.timers.iter().find(|(m, t)| *m == n && t.label() == *timer));
            if let Some(&(n, t)) = armed {
                world.fire(env, n, t);
            }
        }
        Step::Partition { groups } => {
            // A node on no side is cut off from everyone on one.
            let side =
                |name: &String| groups.iter().position(|g| g.contains(name)).map_or(u8::MAX, |s| s as u8);
            world.partition(env.names.iter().map(side).collect());
        }
        Step::Input { node, input } => {
            if let (Some(n), Ok(input)) = (id(node), env.protocol.parse_input(input)) {
                world.input(env, n, &input);
            }
        }
    }
}
