//! Reading what a student typed. Students write vectors many ways, so
//! reading is forgiving: `[2,1,0]`, `2,1,0` and `2 1 0` are entries in
//! process order; `A:2 B:1`, `{A:2, B:1}` and `A=2, B=1` name them, and a
//! process not named is 0. What cannot be read says why, so marking can
//! tell a typing slip from a wrong clock.

/// A Lamport clock as typed: a whole number, spaces around it ignored.
pub fn read_lamport(text: &str) -> Result<u64, String> {
    let text = text.trim();
    text.parse().map_err(|_| format!("\"{text}\" is not a whole number"))
}

/// A vector clock as typed, for processes `names` (in process order): every
/// entry, zeros included; or why it cannot be read.
pub fn read_vector(text: &str, names: &[&str]) -> Result<Vec<u64>, String> {
    let inner = unbracketed(text.trim());
    // Quotes (`{"A": 2}`) and separators are all one to the reader.
    let spaced: String = inner
        .chars()
        .filter(|c| !matches!(c, '"' | '\''))
        .flat_map(|c| match c {
            ':' | '=' => [' ', '=', ' '],
            ',' | ';' => [' ', ' ', ' '],
            c => [c, '\0', '\0'],
        })
        .filter(|&c| c != '\0')
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    if words.is_empty() {
        return Err("it has no entries".into());
    }
    if words.contains(&"=") {
        named(&words, names)
    } else {
        in_order(&words, names)
    }
}

/// `[…]`, `(…)`, `{…}` or `<…>` without the brackets.
fn unbracketed(text: &str) -> &str {
    for (open, close) in [('[', ']'), ('(', ')'), ('{', '}'), ('<', '>')] {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            return inner;
        }
    }
    text
}

/// Entries in process order: one whole number per process.
fn in_order(words: &[&str], names: &[&str]) -> Result<Vec<u64>, String> {
    let entries = words.iter().map(|w| number(w)).collect::<Result<Vec<u64>, String>>()?;
    if entries.len() != names.len() {
        let n = entries.len();
        return Err(format!(
            "it has {n} {}, and there are {} processes",
            if n == 1 { "number" } else { "numbers" },
            names.len()
        ));
    }
    Ok(entries)
}

/// Named entries, `name = n` after the separators are spaced out.
fn named(words: &[&str], names: &[&str]) -> Result<Vec<u64>, String> {
    let mut entries: Vec<Option<u64>> = vec![None; names.len()];
    for entry in words.chunks(3) {
        let [name, "=", n] = entry else {
            return Err(format!("\"{}\" is not an entry like A:2", entry.join(" ").replace(" = ", ":")));
        };
        let p = process(name, names)?;
        if entries[p].replace(number(n)?).is_some() {
            return Err(format!("it names {} twice", names[p]));
        }
    }
    Ok(entries.into_iter().map(|x| x.unwrap_or(0)).collect())
}

/// The process `name` stands for: its exact name, else the one name it
/// matches ignoring case.
fn process(name: &str, names: &[&str]) -> Result<usize, String> {
    let unknown = || format!("there is no process \"{name}\"");
    if let Some(p) = names.iter().position(|n| *n == name) {
        return Ok(p);
    }
    let mut matches = names.iter().enumerate().filter(|(_, n)| n.eq_ignore_ascii_case(name));
    match (matches.next(), matches.next()) {
        (Some((p, _)), None) => Ok(p),
        _ => Err(unknown()),
    }
}

fn number(word: &str) -> Result<u64, String> {
    word.parse().map_err(|_| format!("\"{word}\" is not a whole number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ABC: [&str; 3] = ["A", "B", "C"];

    #[test]
    fn vectors_read_in_process_order_or_by_name() {
        for text in ["[2,1,0]", "2,1,0", "2 1 0", " ( 2, 1, 0 ) ", "[2;1;0]", "<2 1 0>"] {
            assert_eq!(read_vector(text, &ABC), Ok(vec![2, 1, 0]), "{text}");
        }
        for text in [
            "A:2 B:1",
            "{A:2, B:1}",
            "A=2,B=1",
            "A = 2, B : 1",
            "{\"A\": 2, \"B\": 1}",
            "b:1 a:2",
            "A:2 B:1 C:0",
        ] {
            assert_eq!(read_vector(text, &ABC), Ok(vec![2, 1, 0]), "{text}");
        }
    }

    #[test]
    fn what_cannot_be_read_says_why() {
        let why = |text| read_vector(text, &ABC).unwrap_err();
        assert_eq!(why(""), "it has no entries");
        assert_eq!(why("[]"), "it has no entries");
        assert_eq!(why("2,1"), "it has 2 numbers, and there are 3 processes");
        assert_eq!(why("two, one"), "\"two\" is not a whole number");
        assert_eq!(why("A:2 Q:1"), "there is no process \"Q\"");
        assert_eq!(why("A:2 A:1"), "it names A twice");
        assert_eq!(why("A:2 B"), "\"B\" is not an entry like A:2");
        assert_eq!(why("A:-1"), "\"-1\" is not a whole number");
        assert_eq!(read_lamport(" 7 "), Ok(7));
        assert_eq!(read_lamport("seven"), Err("\"seven\" is not a whole number".into()));
    }
}
