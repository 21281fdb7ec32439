//! The real logs in ../shared/data/shiviz (when present): each imports
//! with its own expression into the executions, hosts and events its
//! MANIFEST.json lists, and the raw GoVector log is refused by name.

use lightcone::core::formats::shiviz::{import, Format};
use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/shiviz");
    if dir.join("MANIFEST.json").exists() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: ../shared/data/shiviz is not here (a clone outside the workspace); the shared-log tests did not run");
        None
    }
}

#[test]
fn every_shared_log_imports_as_its_manifest_says() {
    let Some(dir) = shared() else { return };
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("MANIFEST.json")).unwrap()).unwrap();
    for log in manifest["logs"].as_array().unwrap() {
        let file = log["file"].as_str().unwrap();
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let format = Format {
            regex: log["regex"].as_str().unwrap().into(),
            delimiter: log["delimiter"].as_str().map(Into::into),
        };
        let result = import(vec![(file.into(), text)], &format, 64 << 20);
        let hosts: Vec<u64> = log["hosts"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
        if hosts == [1] {
            let error = result.unwrap_err().to_string();
            assert!(error.contains("raw log"), "{file}: {error}");
            continue;
        }
        let imported = result.unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(imported.len() as u64, log["executions"].as_u64().unwrap(), "{file}");
        for (k, x) in imported.iter().enumerate() {
            assert_eq!(x.trace.process_count() as u64, hosts[k], "{file} execution {k}");
            assert_eq!(
                x.trace.event_count() as u64,
                log["events"][k].as_u64().unwrap(),
                "{file} execution {k}"
            );
        }
        eprintln!(
            "{file}: {:?}",
            imported.iter().map(|x| (x.label.clone(), x.trace.message_count())).collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_dialog_presets_read_the_logs_written_in_their_formats() {
    let Some(dir) = shared() else { return };
    use lightcone::core::formats::shiviz::PRESETS;
    let preset = |name: &str| PRESETS.iter().find(|p| p.0.starts_with(name)).unwrap();
    for (file, name, events) in [
        ("rfs-execution1.log", "GoVector (host", vec![8213]),
        ("simpledb.log", "Event line, then", vec![509]),
        ("ewd998.log", "TLA+ TLC", vec![77, 248, 665]),
    ] {
        let (_, regex, delimiter) = preset(name);
        let format = Format {
            regex: regex.to_string(),
            delimiter: Some(delimiter.to_string()).filter(|d| !d.is_empty()),
        };
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let all =
            import(vec![(file.into(), text)], &format, 64 << 20).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(all.iter().map(|x| x.trace.event_count()).collect::<Vec<_>>(), events, "{file}");
    }
}

/// The scan's work bound refuses nothing valid: every shared log scans
/// within a fraction of its budget, with and without a greedy optional
/// tail on its expression (which looks ahead after every event), and
/// finds the same events either way.
#[test]
fn every_shared_log_scans_well_within_the_work_budget() {
    use lightcone::core::formats::shiviz::{Scanner, WORK_PER_BYTE};
    let Some(dir) = shared() else { return };
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("MANIFEST.json")).unwrap()).unwrap();
    let mut worst = 0.0f64;
    for log in manifest["logs"].as_array().unwrap() {
        let file = log["file"].as_str().unwrap();
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let regex = log["regex"].as_str().unwrap();
        let delimiter = log["delimiter"].as_str().map(String::from);
        let mut found = Vec::new();
        for regex in [regex.to_string(), format!("{regex}(?:[\\s\\S]*\\x00QQQ)?")] {
            let format = Format { regex, delimiter: delimiter.clone() };
            let mut scanner = Scanner::new(vec![(file.into(), text.clone())], &format, 64 << 20).unwrap();
            while !scanner.step(usize::MAX).unwrap_or_else(|e| panic!("{file}: {e}")) {}
            let (spent, _) = scanner.work();
            let ratio = spent as f64 / text.len() as f64;
            worst = worst.max(ratio);
            assert!(ratio < WORK_PER_BYTE as f64 / 2.0, "{file}: {spent} bytes of work for {}", text.len());
            found.push(scanner.events_found());
        }
        assert_eq!(found[0], found[1], "{file}");
    }
    eprintln!("the most work per byte of log: {worst:.2}");
}
