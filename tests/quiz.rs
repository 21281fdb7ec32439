//! Quizzes against brute force: every answer is recomputed here from the
//! quiz's JSON by the definitions (happened-before as reachability over
//! program order and messages, Lamport's rule in a topological order,
//! vector entries as counts of the causal past), never from the clocks
//! the quiz was built with. Then marking: right answers are perfect, and
//! each kind of mistake is caught, alone, with its reason.

use lightcone::core::formats::parse_trace;
use lightcone::core::quiz::{Answers, Given, Kind, Level, Mark, Pick, Quiz};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// A trace's facts worked out by definition.
struct Brute {
    names: Vec<String>,
    ids: Vec<String>,
    process: Vec<usize>,
    seq: Vec<usize>,
    /// reach[a][b]: a chain of one or more edges leads from a to b.
    reach: Vec<Vec<bool>>,
    lamport: Vec<u64>,
    vector: Vec<Vec<u64>>,
    /// Events by (Lamport, process index, position).
    order: Vec<usize>,
    /// Received messages, and receives whose own clock beats the message's.
    received: usize,
    local_max: usize,
}

impl Brute {
    fn of(trace: &Value) -> Brute {
        let names: Vec<String> =
            trace["processes"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
        let events = trace["events"].as_array().unwrap();
        let n = events.len();
        let text = |e: &Value, k: &str| e[k].as_str().unwrap().to_string();
        let ids: Vec<String> = events.iter().map(|e| text(e, "id")).collect();
        let process: Vec<usize> =
            events.iter().map(|e| names.iter().position(|p| *p == text(e, "process")).unwrap()).collect();
        let mut seq = vec![0; n];
        let mut last: Vec<Option<usize>> = vec![None; names.len()];
        let mut previous: Vec<Option<usize>> = vec![None; n];
        for e in 0..n {
            previous[e] = last[process[e]];
            seq[e] = previous[e].map_or(0, |p| seq[p] + 1);
            last[process[e]] = Some(e);
        }
        let mut sender: HashMap<String, usize> = HashMap::new();
        let mut receives: Vec<(usize, String)> = Vec::new();
        for (e, ev) in events.iter().enumerate() {
            let messages: Vec<String> =
                ev.get("message").into_iter().map(|m| m.as_str().unwrap().to_string()).collect();
            match ev["kind"].as_str().unwrap() {
                "send" => sender.extend(messages.into_iter().map(|m| (m, e))),
                "receive" => receives.extend(messages.into_iter().map(|m| (e, m))),
                "local" => assert!(messages.is_empty()),
                other => panic!("a quiz has no {other} events"),
            }
        }
        // Direct edges: program order and messages.
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut senders_of: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (e, p) in previous.iter().enumerate() {
            if let Some(p) = *p {
                edges[p].push(e);
            }
        }
        for (r, m) in &receives {
            let s = sender[m];
            edges[s].push(*r);
            senders_of[*r].push(s);
        }
        let mut reach = vec![vec![false; n]; n];
        for a in 0..n {
            let mut stack = edges[a].clone();
            while let Some(x) = stack.pop() {
                if !reach[a][x] {
                    reach[a][x] = true;
                    stack.extend(&edges[x]);
                }
            }
        }
        // Kahn's topological order, then Lamport's rule along it.
        let mut indegree: Vec<usize> = vec![0; n];
        edges.iter().flatten().for_each(|&b| indegree[b] += 1);
        let mut ready: VecDeque<usize> = (0..n).filter(|&e| indegree[e] == 0).collect();
        let mut lamport = vec![0u64; n];
        let mut done = 0;
        let mut local_max = 0;
        while let Some(e) = ready.pop_front() {
            done += 1;
            let local = previous[e].map_or(0, |p| lamport[p]);
            let message = senders_of[e].iter().map(|&s| lamport[s]).max();
            lamport[e] = match message {
                Some(m) => {
                    local_max += usize::from(local > m);
                    local.max(m) + 1
                }
                None => local + 1,
            };
            for &b in &edges[e] {
                indegree[b] -= 1;
                if indegree[b] == 0 {
                    ready.push_back(b);
                }
            }
        }
        assert_eq!(done, n, "the trace is acyclic");
        let vector = (0..n)
            .map(|e| {
                (0..names.len())
                    .map(|p| (0..n).filter(|&x| process[x] == p && (x == e || reach[x][e])).count() as u64)
                    .collect()
            })
            .collect();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&e| (lamport[e], process[e], seq[e]));
        Brute { names, ids, process, seq, reach, lamport, vector, order, received: receives.len(), local_max }
    }

    fn concurrent(&self, a: usize, b: usize) -> bool {
        a != b && !self.reach[a][b] && !self.reach[b][a]
    }

    fn concurrent_with(&self, a: usize) -> Vec<usize> {
        (0..self.ids.len()).filter(|&b| self.concurrent(a, b)).collect()
    }

    fn index(&self, id: &str) -> usize {
        self.ids.iter().position(|i| i == id).unwrap()
    }

    /// Every answer given rightly, as a student would type it.
    fn right_answers(&self, chosen: usize) -> Given {
        let n = self.ids.len();
        let vector_text = |e: usize| {
            format!("[{}]", self.vector[e].iter().map(u64::to_string).collect::<Vec<_>>().join(","))
        };
        Given {
            lamport: (0..n).map(|e| (self.ids[e].clone(), self.lamport[e].to_string())).collect(),
            vector: (0..n).map(|e| (self.ids[e].clone(), vector_text(e))).collect(),
            concurrent: self.concurrent_with(chosen).into_iter().map(|e| self.ids[e].clone()).collect(),
            order: self.order.iter().map(|&e| self.ids[e].clone()).collect(),
        }
    }
}

fn json_of(quiz: &Quiz) -> Value {
    serde_json::from_str(&quiz.to_json()).expect("a quiz's JSON parses")
}

fn chosen_of(v: &Value) -> String {
    let questions = v["questions"].as_array().unwrap();
    questions[2]["event"].as_str().unwrap().to_string()
}

const SEEDS: std::ops::Range<u64> = 0..200;

fn every_quiz() -> impl Iterator<Item = Quiz> {
    let seeds = SEEDS.chain([u64::MAX, u64::MAX - 1, 1 << 63, 0xdead_beef]);
    seeds.flat_map(|seed| Level::ALL.map(|level| Quiz::generate(seed, level)))
}

#[test]
fn answers_match_brute_force_for_every_seed_and_level() {
    for quiz in every_quiz() {
        let v = json_of(&quiz);
        let at = format!("seed {} level {}", quiz.seed, quiz.level);
        let b = Brute::of(&v["trace"]);
        let answers = &v["answers"];
        assert_eq!(answers["lamport"].as_object().unwrap().len(), b.ids.len(), "{at}");
        for (e, id) in b.ids.iter().enumerate() {
            assert_eq!(answers["lamport"][id].as_u64(), Some(b.lamport[e]), "{at}: L({id})");
            let nonzero: BTreeMap<String, u64> = b.vector[e]
                .iter()
                .enumerate()
                .filter(|(_, &x)| x > 0)
                .map(|(p, &x)| (b.names[p].clone(), x))
                .collect();
            let given: BTreeMap<String, u64> = serde_json::from_value(answers["vector"][id].clone()).unwrap();
            assert_eq!(given, nonzero, "{at}: V({id})");
            let concurrent: Vec<String> =
                b.concurrent_with(e).into_iter().map(|x| b.ids[x].clone()).collect();
            assert_eq!(
                answers["concurrent"][id],
                serde_json::json!(concurrent),
                "{at}: concurrent with {id}"
            );
        }
        let order: Vec<&str> = b.order.iter().map(|&e| b.ids[e].as_str()).collect();
        assert_eq!(answers["order"], serde_json::json!(order), "{at}");
        // The struct and its JSON say the same; the trace round-trips.
        assert_eq!(serde_json::from_value::<Answers>(answers.clone()).unwrap(), quiz.answers, "{at}");
        assert_eq!(parse_trace(&v["trace"].to_string()).unwrap(), quiz.trace, "{at}");
        assert_eq!(
            (v["seed"].as_u64(), v["level"].as_u64()),
            (Some(quiz.seed), Some(u64::from(quiz.level.number())))
        );
    }
}

#[test]
fn questions_come_in_order_and_the_chosen_event_has_a_concurrent_one() {
    for quiz in every_quiz() {
        let v = json_of(&quiz);
        let b = Brute::of(&v["trace"]);
        let questions = v["questions"].as_array().unwrap();
        let kinds: Vec<&str> = questions.iter().map(|q| q["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["lamport", "vector", "concurrent", "order"]);
        for q in questions {
            assert!(!q["ask"].as_str().unwrap().is_empty());
            assert_eq!(q.get("event").is_some(), q["kind"] == "concurrent", "{q}");
        }
        assert!(questions[0]["ask"].as_str().unwrap().contains("max(local, message) + 1"));
        assert!(questions[3]["ask"].as_str().unwrap().contains("process order"));
        let chosen = b.index(&chosen_of(&v));
        assert!(!b.concurrent_with(chosen).is_empty(), "seed {} level {}", quiz.seed, quiz.level);
        assert_eq!(quiz.chosen().map(|e| e as usize), Some(chosen));
    }
}

#[test]
fn every_level_has_its_size() {
    for quiz in every_quiz() {
        let b = Brute::of(&json_of(&quiz)["trace"]);
        let at = format!("seed {} level {}", quiz.seed, quiz.level);
        let (processes, events, messages) = match quiz.level {
            Level::One => (3, 8, 2),
            Level::Two => (4, 13, 3),
            Level::Three => (5, 20, 5),
        };
        assert_eq!((b.names.len(), b.ids.len()), (processes, events), "{at}");
        assert!(b.received >= messages, "{at}: {} messages arrive", b.received);
        assert!((0..processes).all(|p| b.process.contains(&p)), "{at}: every process acts");
        if quiz.level == Level::Three {
            assert!(b.local_max > 0, "{at}: some receive's own clock is ahead of the message's");
        }
        for (e, id) in b.ids.iter().enumerate() {
            let expected = format!("{}{}", b.names[b.process[e]].to_ascii_lowercase(), b.seq[e] + 1);
            assert_eq!(*id, expected);
        }
    }
}

#[test]
fn a_seed_gives_the_same_quiz_and_other_seeds_other_ones() {
    for level in Level::ALL {
        let mut traces = BTreeSet::new();
        for seed in 0..100 {
            let json = Quiz::generate(seed, level).to_json();
            assert_eq!(json, Quiz::generate(seed, level).to_json());
            traces.insert(json_of(&Quiz::generate(seed, level))["trace"].to_string());
        }
        assert_eq!(traces.len(), 100, "level {level}: 100 seeds, 100 diagrams");
    }
    assert_ne!(Quiz::generate(5, Level::One).trace, Quiz::generate(5, Level::Two).trace);
}

#[test]
fn right_answers_are_perfect() {
    for quiz in every_quiz() {
        let v = json_of(&quiz);
        let b = Brute::of(&v["trace"]);
        let chosen = b.index(&chosen_of(&v));
        let marking = quiz.mark(&b.right_answers(chosen));
        assert!(marking.perfect(), "seed {} level {}: {marking:?}", quiz.seed, quiz.level);
        let n = b.ids.len();
        assert!(marking.lamport.iter().chain(&marking.vector).all(|i| i.mark == Mark::Right));
        assert_eq!(marking.lamport.len(), n);
        assert_eq!(marking.concurrent.len(), n - 1, "every event but the chosen one");
        for item in &marking.concurrent {
            let y = b.index(&item.event);
            let expected = if b.concurrent(chosen, y) { Pick::Marked } else { Pick::Unmarked };
            assert_eq!(item.mark, expected);
        }
        assert_eq!(marking.order.departure, None);
        let overall = marking.overall();
        assert_eq!((overall.right, overall.total), (4 * n - 1, 4 * n - 1));
    }
}

#[test]
fn a_wrong_lamport_clock_is_that_item_alone_with_its_derivation() {
    for quiz in every_quiz().take(150) {
        let v = json_of(&quiz);
        let b = Brute::of(&v["trace"]);
        let chosen = b.index(&chosen_of(&v));
        let receive = (0..b.ids.len()).find(|&e| v["trace"]["events"][e]["kind"] == "receive").unwrap();
        let mut given = b.right_answers(chosen);
        let id = b.ids[receive].clone();
        given.lamport.insert(id.clone(), (b.lamport[receive] + 1).to_string());
        let marking = quiz.mark(&given);
        for item in &marking.lamport {
            if item.event == id {
                let Mark::Wrong { expected, explanation } = &item.mark else { panic!("{item:?}") };
                assert_eq!(*expected, b.lamport[receive].to_string());
                assert!(explanation.contains("max("), "{explanation}");
                assert!(explanation.ends_with(&format!("+ 1 = {}", b.lamport[receive])), "{explanation}");
            } else {
                assert_eq!(item.mark, Mark::Right, "{}", item.event);
            }
        }
        let score = marking.score(Kind::Lamport);
        assert_eq!((score.right, score.total), (b.ids.len() - 1, b.ids.len()));
        assert!(!marking.perfect());
        assert!(marking.score(Kind::Vector).perfect() && marking.score(Kind::Order).perfect());
        // Nothing typed, or only spaces, is missing; words cannot be read.
        given.lamport.insert(id.clone(), "  ".into());
        assert_eq!(quiz.mark(&given).lamport[receive].mark, Mark::Missing);
        given.lamport.remove(&id);
        assert_eq!(quiz.mark(&given).lamport[receive].mark, Mark::Missing);
        given.lamport.insert(id.clone(), "six".into());
        let Mark::Wrong { explanation, .. } = &quiz.mark(&given).lamport[receive].mark else { panic!() };
        assert!(explanation.starts_with("could not read \"six\""), "{explanation}");
    }
}

#[test]
fn vectors_are_read_in_every_form_and_garbage_is_refused() {
    for quiz in every_quiz().take(60) {
        let v = json_of(&quiz);
        let b = Brute::of(&v["trace"]);
        let chosen = b.index(&chosen_of(&v));
        let mut given = b.right_answers(chosen);
        for e in 0..b.ids.len() {
            let numbers: Vec<String> = b.vector[e].iter().map(u64::to_string).collect();
            let named: Vec<(String, u64)> = b.vector[e]
                .iter()
                .enumerate()
                .filter(|(_, &x)| x > 0)
                .map(|(p, &x)| (b.names[p].clone(), x))
                .collect();
            let with = |sep: &str, join: &str| {
                named.iter().map(|(p, x)| format!("{p}{sep}{x}")).collect::<Vec<_>>().join(join)
            };
            let forms = [
                format!("[{}]", numbers.join(",")),
                numbers.join(","),
                numbers.join(" "),
                with(":", " "),
                format!("{{{}}}", with(":", ", ")),
                with("=", ","),
            ];
            for form in forms {
                given.vector.insert(b.ids[e].clone(), form.clone());
                assert_eq!(quiz.mark(&given).vector[e].mark, Mark::Right, "{form} for {}", b.ids[e]);
            }
            // One entry too big: readable, wrong, explained by derivation.
            let mut wrong = b.vector[e].clone();
            wrong[0] += 1;
            let wrong: Vec<String> = wrong.iter().map(u64::to_string).collect();
            given.vector.insert(b.ids[e].clone(), wrong.join(" "));
            let Mark::Wrong { expected, explanation } = quiz.mark(&given).vector[e].mark.clone() else {
                panic!()
            };
            assert_eq!(expected, format!("[{}]", numbers.join(",")));
            assert!(
                explanation.ends_with(&expected) && !explanation.contains("could not read"),
                "{explanation}"
            );
            for garbage in ["two one zero", "[1,2]", "Z:1", "A:1 A:2", "A:"] {
                given.vector.insert(b.ids[e].clone(), garbage.into());
                let Mark::Wrong { explanation, .. } = quiz.mark(&given).vector[e].mark.clone() else {
                    panic!()
                };
                assert!(explanation.starts_with(&format!("could not read \"{garbage}\"")), "{explanation}");
                assert!(explanation.contains(&b.names.join(", ")), "names the process order: {explanation}");
            }
            given.vector.insert(b.ids[e].clone(), format!("[{}]", numbers.join(",")));
        }
    }
}

#[test]
fn wrongly_marked_and_missed_events_are_explained() {
    let mut related_seen = 0;
    for quiz in every_quiz().take(150) {
        let v = json_of(&quiz);
        let b = Brute::of(&v["trace"]);
        let x = b.index(&chosen_of(&v));
        let concurrent = b.concurrent_with(x);
        // Mark every event wrongly: the related ones marked, the
        // concurrent ones not, and the chosen one and a stranger too.
        let mut given = b.right_answers(x);
        given.concurrent = (0..b.ids.len())
            .filter(|y| !concurrent.contains(y))
            .map(|y| b.ids[y].clone())
            .chain(["zz9".to_string()])
            .collect();
        let marking = quiz.mark(&given);
        assert_eq!(marking.score(Kind::Concurrent).right, 0);
        for item in &marking.concurrent {
            let explanation = match &item.mark {
                Pick::WronglyMarked { explanation } | Pick::Missed { explanation } => explanation,
                right => panic!("{} marked {right:?}", item.event),
            };
            if item.event == "zz9" {
                assert_eq!(explanation, "there is no event \"zz9\"");
                continue;
            }
            let y = b.index(&item.event);
            let (xid, yid) = (&b.ids[x], &b.ids[y]);
            if y == x {
                assert!(explanation.contains("no event is concurrent with itself"));
            } else if b.reach[x][y] || b.reach[y][x] {
                related_seen += 1;
                let (first, then) = if b.reach[x][y] { (xid, yid) } else { (yid, xid) };
                assert!(
                    explanation.starts_with(&format!("{first} happened before {then}: {first} ")),
                    "{explanation}"
                );
                assert!(explanation.contains(&format!("-> {then}")), "{explanation}");
            } else {
                assert!(matches!(item.mark, Pick::Missed { .. }));
                assert!(explanation.starts_with(&format!("{xid} and {yid} are concurrent: ")));
                assert!(explanation.contains(&format!("{yid} has not seen {xid}")), "{explanation}");
                assert!(explanation.contains(&format!("{xid} has not seen {yid}")), "{explanation}");
            }
        }
        assert_eq!(marking.concurrent.len(), b.ids.len() + 1, "n - 1 events, the chosen one, the stranger");
    }
    assert!(related_seen > 100);
}

#[test]
fn a_wrong_order_is_marked_where_it_departs_with_the_reason() {
    for quiz in every_quiz().take(150) {
        let v = json_of(&quiz);
        let b = Brute::of(&v["trace"]);
        let n = b.ids.len();
        let right = b.right_answers(b.index(&chosen_of(&v)));
        for i in 0..n - 1 {
            let mut given = right.clone();
            given.order.swap(i, i + 1);
            let order = quiz.mark(&given).order;
            assert_eq!((order.right, order.total), (n - 2, n));
            let d = order.departure.expect("a swap departs");
            let (x, y) = (b.order[i], b.order[i + 1]);
            assert_eq!(
                (d.index, d.expected.as_deref(), d.given.as_deref()),
                (i, Some(&*b.ids[x]), Some(&*b.ids[y]))
            );
            let (xid, yid) = (&b.ids[x], &b.ids[y]);
            let reason = if b.lamport[x] < b.lamport[y] {
                format!("{xid} comes before {yid}: L({xid}) = {} < L({yid}) = {}", b.lamport[x], b.lamport[y])
            } else {
                format!(
                    "L({xid}) = L({yid}) = {}, and a tie goes by process order: {} comes before {}",
                    b.lamport[x], b.names[b.process[x]], b.names[b.process[y]]
                )
            };
            assert_eq!(d.reason, reason);
        }
        let mut short = right.clone();
        short.order.truncate(n - 1);
        let d = quiz.mark(&short).order.departure.unwrap();
        assert_eq!(d.index, n - 1);
        assert!(d.reason.starts_with(&format!("the order stops after {} events", n - 1)), "{}", d.reason);
        let mut twice = right.clone();
        twice.order[1] = twice.order[0].clone();
        assert_eq!(
            quiz.mark(&twice).order.departure.unwrap().reason,
            format!("{} is already at position 1", b.ids[b.order[0]])
        );
        let mut long = right;
        long.order.push(b.ids[0].clone());
        let d = quiz.mark(&long).order.departure.unwrap();
        assert_eq!((d.index, d.expected), (n, None));
    }
}
