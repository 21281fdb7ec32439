//! Unknown keys in the inputs that must not ignore them (scenarios): the
//! check, and the "did you mean" that names the key it is closest to. A
//! misspelt key that is ignored silently runs a different experiment
//! (`"particpants": 9` runs three participants), so these inputs refuse it.

use serde_json::{Map, Value};

/// Refuses the first key of `object` not in `known`, naming it, where it
/// is (`place`, e.g. "the scenario", "events[3]") and the known key it is
/// closest to.
pub fn check(object: &Map<String, Value>, known: &[&str], place: &str) -> Result<(), String> {
    match object.keys().find(|k| !known.contains(&k.as_str())) {
        None => Ok(()),
        Some(key) => Err(format!("{place}: unknown field \"{key}\"{}", did_you_mean(key, known))),
    }
}

/// ` (did you mean "participants"?)` for a key close to a known one, else
/// nothing.
pub fn did_you_mean(key: &str, known: &[&str]) -> String {
    match closest(key, known) {
        Some(k) => format!(" (did you mean \"{k}\"?)"),
        None => String::new(),
    }
}

/// The known key closest to `key`, if it is close: at most one edit in
/// four characters (an insertion, a deletion, a change or a swap of two
/// neighbours each count one), and at least one.
pub fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let limit = (key.chars().count() / 4).max(1);
    known
        .iter()
        .map(|&k| (distance(key, k), k))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// serde's `unknown field `fualts`, expected one of `a`, `b`` (or
/// `unknown variant …`, a fault or step kind) with the closest expected
/// name suggested; any other message as it is.
pub fn explain(message: &str) -> String {
    let rest = message.strip_prefix("unknown field `").or_else(|| message.strip_prefix("unknown variant `"));
    let Some(rest) = rest else { return message.to_string() };
    let Some((key, expected)) = rest.split_once('`') else { return message.to_string() };
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match closest(key, &known) {
        Some(k) => message.replacen(&format!("`{key}`"), &format!("`{key}` (did you mean `{k}`?)"), 1),
        None => message.to_string(),
    }
}

/// Optimal string alignment distance: Levenshtein's, with a swap of two
/// neighbouring characters counting one ("fualts" is one from "faults").
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_are_named_with_the_key_they_are_closest_to() {
        let known = ["participants", "faults", "timeouts", "until", "seed"];
        assert_eq!(closest("particpants", &known), Some("participants"));
        assert_eq!(closest("fualts", &known), Some("faults"));
        assert_eq!(closest("untl", &known), Some("until"));
        assert_eq!(closest("colour", &known), None);
        let object: Map<String, Value> = serde_json::from_str(r#"{"seed": 1, "particpants": 9}"#).unwrap();
        assert_eq!(
            check(&object, &known, "the scenario").unwrap_err(),
            "the scenario: unknown field \"particpants\" (did you mean \"participants\"?)"
        );
        assert!(check(&object, &["seed", "particpants"], "x").is_ok());
    }

    #[test]
    fn serde_messages_get_the_suggestion() {
        let serde = "unknown field `lniks`, expected one of `links`, `nodes`, `timing` at line 1 column 9";
        assert_eq!(
            explain(serde),
            "unknown field `lniks` (did you mean `links`?), expected one of `links`, `nodes`, `timing` at line 1 column 9"
        );
        assert_eq!(
            explain("unknown variant `crsh`, expected one of `crash`, `recover`"),
            "unknown variant `crsh` (did you mean `crash`?), expected one of `crash`, `recover`"
        );
        let far = "unknown field `zzz`, expected `vote` or `ack`";
        assert_eq!(explain(far), far);
        assert_eq!(explain("missing field `events`"), "missing field `events`");
    }
}
