//! The core's side of the typed JavaScript API: inputs given as values
//! (objects) are read as their text is, with the same messages less the
//! line and column; what a value's shape check refuses, text refuses too.

use lightcone::core::formats::{parse_trace, trace_shape, write_trace};
use lightcone::core::generate::{random_trace, Settings};
use lightcone::core::sim::explore::{Bounds, DEFAULT_MEMORY};
use lightcone::core::sim::scenario::Scenario;
use serde_json::{json, Value};
use std::path::Path;

fn files(dir: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut all: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    all.sort();
    all
}

#[test]
fn every_scenario_reads_the_same_as_a_value_as_as_text() {
    for (name, text) in files("www/scenarios") {
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(Scenario::from_value(value), Scenario::parse(&text), "{name}");
    }
}

#[test]
fn a_scenario_value_is_refused_with_the_text_message() {
    let typo = json!({"protocol": "2pc", "particpants": 3});
    let message = "the scenario: unknown field \"particpants\" (did you mean \"participants\"?)";
    assert_eq!(Scenario::from_value(typo.clone()), Err(message.to_string()));
    assert_eq!(Scenario::parse(&typo.to_string()), Err(message.to_string()));
    assert!(Scenario::from_value(json!([1])).unwrap_err().starts_with("the scenario: expected an object"));
    let wrong = Scenario::from_value(json!({"protocol": "2pc", "participants": "three"})).unwrap_err();
    assert!(wrong.contains("invalid type: string \"three\"") && !wrong.contains(" line "), "{wrong}");
}

#[test]
fn bounds_default_as_the_cli_s_and_take_the_fields_given() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/scenarios/3pc-partition.json"));
    let scenario = Scenario::parse(&text.unwrap()).unwrap();
    let cli = Bounds { memory: DEFAULT_MEMORY, ..Bounds::for_scenario(&scenario) };
    assert_eq!(Bounds::given(&scenario, &Value::Null, DEFAULT_MEMORY), Ok(cli));
    assert_eq!(Bounds::given(&scenario, &json!({}), DEFAULT_MEMORY), Ok(cli));
    let given = json!({"crashes": 0, "depth": 12, "partitions": 3, "symmetry": true, "drops": null});
    let expected = Bounds { crashes: 0, depth: 12, partitions: 1, symmetry: true, ..cli };
    assert_eq!(Bounds::given(&scenario, &given, DEFAULT_MEMORY), Ok(expected));
    assert_eq!(Bounds::given(&scenario, &json!({}), 1 << 20).map(|b| b.memory), Ok(1 << 20));
    let typo = Bounds::given(&scenario, &json!({"crashs": 1}), DEFAULT_MEMORY).unwrap_err();
    assert!(typo.starts_with("bounds: unknown field `crashs` (did you mean `crashes`?)"), "{typo}");
    assert!(Bounds::given(&scenario, &json!({"depth": -1}), DEFAULT_MEMORY).is_err());
    assert!(Bounds::given(&scenario, &json!({"memory": 0}), DEFAULT_MEMORY).is_err());
    assert_eq!(Bounds::given(&scenario, &json!(3), DEFAULT_MEMORY), Err("bounds: expected an object".into()));
}

#[test]
fn the_shape_check_passes_every_trace_the_reader_takes() {
    let mut texts: Vec<String> = files("www/presets").into_iter().map(|(_, t)| t).collect();
    for seed in 0..20 {
        let settings =
            Settings { processes: 4, events: 60, message_probability: 0.5, loss_probability: 0.1, seed };
        texts.push(write_trace(&random_trace(&settings).unwrap()));
    }
    for text in texts {
        let value: Value = serde_json::from_str(&text).unwrap();
        assert!(parse_trace(&text).is_ok());
        assert_eq!(trace_shape::check(&value), Ok(()), "{text}");
    }
}

#[test]
fn what_the_shape_check_refuses_the_reader_refuses_too() {
    let bad = [
        json!({"events": [{"id": "a1", "process": 5, "kind": "local"}]}),
        json!({"events": [{"id": "a1", "process": "A", "kind": "sned"}]}),
        json!({"events": [{"id": "a1", "process": "A", "kind": "local", "time": "1"}]}),
        json!({"processes": [1], "events": []}),
        json!({"events": 3}),
    ];
    for value in bad {
        assert!(trace_shape::check(&value).is_err(), "{value}");
        assert!(parse_trace(&value.to_string()).is_err(), "{value}");
    }
}
