//! ShiViz's expressions are JavaScript regular expressions (ECMA-262, used
//! with the `m` flag). This turns one into the `regex` crate's syntax with
//! the same meaning, or says which JavaScript feature it cannot carry.
//!
//! The differences that matter: JavaScript's `\d` and `\w` are ASCII-only
//! and its `\s` adds the Unicode spaces; a `{` that does not start a
//! quantifier is a literal; `[` inside a class is a literal; any character
//! may be escaped (`\/`). Backreferences and lookaround have no counterpart
//! in a linear-time engine, so they are refused by name.

use regex_lite::{Regex, RegexBuilder};

const DIGIT: &[(u32, u32)] = &[(0x30, 0x39)];
const WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];
/// JavaScript's WhiteSpace and LineTerminator code points.
const SPACE: &[(u32, u32)] = &[
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
];

/// Compiled patterns are capped so a hostile expression cannot take the
/// page's memory.
const SIZE_LIMIT: usize = 16 << 20;

/// Compiles a JavaScript-syntax expression in multi-line mode.
pub fn compile(pattern: &str) -> Result<Regex, String> {
    let translated = translate(pattern)?;
    RegexBuilder::new(&translated).multi_line(true).size_limit(SIZE_LIMIT).build().map_err(|e| {
        // The crate's message quotes our translation; the user wrote the
        // original, so name only the problem.
        let text = e.to_string();
        let last = text.lines().rev().find(|l| l.starts_with("error:")).unwrap_or(&text);
        format!("the expression is not valid: {}", last.trim_start_matches("error:").trim())
    })
}

/// The `regex` crate's spelling of a JavaScript expression.
pub fn translate(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut i = 0;
    let mut in_class = false;
    // True when the last thing written can take a quantifier.
    let mut after_atom = false;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if in_class {
            match c {
                ']' => {
                    in_class = false;
                    out.push(']');
                }
                '\\' => i = class_escape(&chars, i, &mut out)?,
                '[' | '&' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                '-' if chars.get(i) == Some(&'-') => out.push_str("\\-"),
                _ => out.push(c),
            }
            after_atom = !in_class;
            continue;
        }
        let was_atom = std::mem::replace(&mut after_atom, true);
        match c {
            '\\' => i = escape(&chars, i, &mut out)?,
            '[' => {
                i = open_class(&chars, i, &mut out, &mut in_class);
            }
            '(' => {
                i = group(&chars, i, &mut out)?;
                after_atom = false;
            }
            '|' | '^' => {
                out.push(c);
                after_atom = false;
            }
            '{' if was_atom && quantifier_len(&chars[i..]).is_some() => {
                let n = quantifier_len(&chars[i..]).unwrap_or(0);
                out.push('{');
                out.extend(&chars[i..i + n]);
                i += n;
            }
            '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    if in_class {
        return Err("the expression is not valid: a character class [ is never closed".into());
    }
    Ok(out)
}

/// The length of `n}`, `n,}` or `n,m}` at the start of `rest`.
fn quantifier_len(rest: &[char]) -> Option<usize> {
    let digits = |from: usize| rest[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let first = digits(0);
    if first == 0 {
        return None;
    }
    let mut n = first;
    if rest.get(n) == Some(&',') {
        n += 1 + digits(n + 1);
    }
    (rest.get(n) == Some(&'}')).then_some(n + 1)
}

fn open_class(chars: &[char], mut i: usize, out: &mut String, in_class: &mut bool) -> usize {
    // JavaScript's [] matches nothing and [^] anything.
    match (chars.get(i), chars.get(i + 1)) {
        (Some(']'), _) => {
            // A boundary and no boundary at once: never.
            out.push_str(r"\b\B");
            return i + 1;
        }
        (Some('^'), Some(']')) => {
            out.push_str("(?s:.)");
            return i + 2;
        }
        _ => {}
    }
    out.push('[');
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    *in_class = true;
    i
}

/// `(`: a group; named groups keep their names, lookaround is refused.
fn group(chars: &[char], i: usize, out: &mut String) -> Result<usize, String> {
    if chars.get(i) != Some(&'?') {
        out.push('(');
        return Ok(i);
    }
    match (chars.get(i + 1), chars.get(i + 2)) {
        (Some(':'), _) => {
            out.push_str("(?:");
            Ok(i + 2)
        }
        (Some('=' | '!'), _) | (Some('<'), Some('=' | '!')) => {
            Err("the expression uses lookaround ((?= (?! (?<= (?<!), which Lightcone cannot run; \
                 rewrite it without"
                .into())
        }
        (Some('<'), _) => {
            let name: String = chars[i + 2..].iter().take_while(|&&c| c != '>').collect();
            let valid = !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit());
            if !valid || chars.get(i + 2 + name.chars().count()) != Some(&'>') {
                return Err(format!("the expression has a group name \"{name}\" that is not a plain word"));
            }
            out.push_str("(?<");
            out.push_str(&name);
            out.push('>');
            Ok(i + 3 + name.chars().count())
        }
        _ => Err("the expression has \"(?\" followed by something JavaScript does not allow".into()),
    }
}

/// An escape outside a class; `i` is just past the backslash.
fn escape(chars: &[char], i: usize, out: &mut String) -> Result<usize, String> {
    let Some(&c) = chars.get(i) else {
        return Err("the expression ends with a lone backslash".into());
    };
    match c {
        'd' | 'w' | 's' => out.push_str(&format!("[{}]", ranges(class_of(c), false))),
        'D' | 'W' | 'S' => out.push_str(&format!("[^{}]", ranges(class_of(c.to_ascii_lowercase()), false))),
        // The engine's word boundaries are ASCII, as JavaScript's.
        'b' => out.push_str(r"\b"),
        'B' => out.push_str(r"\B"),
        '1'..='9' => {
            return Err("the expression uses a backreference (\\1), which Lightcone cannot run".into())
        }
        'k' if chars.get(i + 1) == Some(&'<') => {
            return Err(
                "the expression uses a named backreference (\\k<name>), which Lightcone cannot run".into()
            )
        }
        _ => return common_escape(chars, i, out),
    }
    Ok(i + 1)
}

/// An escape inside a class.
fn class_escape(chars: &[char], i: usize, out: &mut String) -> Result<usize, String> {
    let Some(&c) = chars.get(i) else {
        return Err("the expression ends with a lone backslash".into());
    };
    // The engine has no nested classes: a negated escape inside a class is
    // written as the ranges it leaves.
    match c {
        'd' | 'w' | 's' => out.push_str(&ranges(class_of(c), false)),
        'D' | 'W' | 'S' => out.push_str(&ranges(class_of(c.to_ascii_lowercase()), true)),
        'b' => out.push_str(r"\x08"),
        _ => return common_escape(chars, i, out),
    }
    Ok(i + 1)
}

fn class_of(c: char) -> &'static [(u32, u32)] {
    match c {
        'd' => DIGIT,
        'w' => WORD,
        _ => SPACE,
    }
}

/// Class items for `set`, or for everything outside it when `complement`.
fn ranges(set: &[(u32, u32)], complement: bool) -> String {
    let mut items: Vec<(u32, u32)> = set.to_vec();
    if complement {
        let mut next = 0;
        items = Vec::new();
        for &(lo, hi) in set {
            if lo > next {
                items.push((next, lo - 1));
            }
            next = hi + 1;
        }
        items.push((next, 0x10FFFF));
    }
    items
        .iter()
        .map(
            |&(lo, hi)| {
                if lo == hi {
                    format!("\\x{{{lo:X}}}")
                } else {
                    format!("\\x{{{lo:X}}}-\\x{{{hi:X}}}")
                }
            },
        )
        .collect()
}

/// Escapes that mean the same inside and outside a class.
fn common_escape(chars: &[char], i: usize, out: &mut String) -> Result<usize, String> {
    let c = chars[i];
    let hex = |from: usize, n: usize| -> Option<u32> {
        let digits: String = chars.get(from..from + n)?.iter().collect();
        u32::from_str_radix(&digits, 16).ok()
    };
    let (code, next) = match c {
        't' => (0x09, i + 1),
        'n' => (0x0A, i + 1),
        'v' => (0x0B, i + 1),
        'f' => (0x0C, i + 1),
        'r' => (0x0D, i + 1),
        '0' => (0, i + 1),
        'x' => match hex(i + 1, 2) {
            Some(v) => (v, i + 3),
            None => (u32::from('x'), i + 1),
        },
        'u' if chars.get(i + 1) == Some(&'{') => {
            let digits: String = chars[i + 2..].iter().take_while(|&&c| c != '}').collect();
            match u32::from_str_radix(&digits, 16) {
                Ok(v) if chars.get(i + 2 + digits.len()) == Some(&'}') => (v, i + 3 + digits.len()),
                _ => (u32::from('u'), i + 1),
            }
        }
        'u' => match hex(i + 1, 4) {
            Some(v) => (v, i + 5),
            None => (u32::from('u'), i + 1),
        },
        'c' if chars.get(i + 1).is_some_and(char::is_ascii_alphabetic) => {
            (u32::from(chars[i + 1]) % 32, i + 2)
        }
        // Any other escaped character stands for itself (`\/`, `\-`, `\.`).
        _ => (u32::from(c), i + 1),
    };
    let Some(ch) = char::from_u32(code) else {
        return Err(format!("the expression escapes \\u{{{code:x}}}, which is not a character"));
    };
    out.push_str(&format!("\\x{{{:X}}}", u32::from(ch)));
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> Option<String> {
        compile(pattern).unwrap().find(text).map(|m| m.as_str().to_string())
    }

    #[test]
    fn shiviz_default_expression_reads_a_govector_pair() {
        let r = compile(r"(?<host>\S*) (?<clock>{.*})\n(?<event>.*)").unwrap();
        let c = r.captures("alice {\"alice\":1}\nhello world\n").unwrap();
        assert_eq!(&c["host"], "alice");
        assert_eq!(&c["clock"], "{\"alice\":1}");
        assert_eq!(&c["event"], "hello world");
    }

    #[test]
    fn braces_are_literal_unless_they_quantify() {
        assert_eq!(matches(r"a{2}", "aaa").as_deref(), Some("aa"));
        assert_eq!(matches(r"a{2,}", "aaaa").as_deref(), Some("aaaa"));
        assert_eq!(matches(r"\d{4}-\d{2}", "on 2014-03-01").as_deref(), Some("2014-03"));
        assert_eq!(matches(r"{x}", "a{x}b").as_deref(), Some("{x}"));
        assert_eq!(matches(r"a{,2}", "a{,2}").as_deref(), Some("a{,2}"));
        assert_eq!(matches(r".*\}", "{a} b").as_deref(), Some("{a}"));
    }

    #[test]
    fn classes_are_ascii_as_in_javascript() {
        assert_eq!(matches(r"\w+", "été ok").as_deref(), Some("t"));
        assert_eq!(matches(r"\d+", "٣3").as_deref(), Some("3"));
        assert_eq!(matches(r"\s", "a\u{3000}b").as_deref(), Some("\u{3000}"));
        assert_eq!(matches(r"[^\s]+", "  ab c").as_deref(), Some("ab"));
        assert_eq!(matches(r"[\d.]+", "v1.25x").as_deref(), Some("1.25"));
        assert_eq!(matches(r"[[]", "a[b").as_deref(), Some("["));
        assert_eq!(matches(r"[&~-]+", "a&~-b").as_deref(), Some("&~-"));
        assert_eq!(matches(r"[\D]+", "12ab3").as_deref(), Some("ab"));
        assert_eq!(matches(r"\bab\b", "xab ab").as_deref(), Some("ab"));
        assert_eq!(matches(r"[^]", "\n").as_deref(), Some("\n"));
        assert_eq!(matches(r"x[]", "x"), None);
    }

    #[test]
    fn escapes_of_punctuation_and_codes_stand_for_characters() {
        assert_eq!(matches(r"\/\\ Host", r"/\ Host").as_deref(), Some(r"/\ Host"));
        assert_eq!(matches(r"\x41\u0042\u{43}", "ABC").as_deref(), Some("ABC"));
        assert_eq!(matches(r"\.", "a.b").as_deref(), Some("."));
    }

    #[test]
    fn anchors_work_per_line() {
        assert_eq!(
            matches(r"^=== (?<trace>.*) ===$", "x\n=== run 1 ===\ny").as_deref(),
            Some("=== run 1 ===")
        );
    }

    #[test]
    fn unsupported_features_are_named() {
        for (pattern, word) in [
            (r"(a)\1", "backreference"),
            (r"(?<x>a)\k<x>", "backreference"),
            (r"a(?=b)", "lookaround"),
            (r"(?<!a)b", "lookaround"),
            (r"[ab", "never closed"),
            (r"ab\", "lone backslash"),
            (r"(?<a-b>x)", "group name"),
            (r"(ab", "not valid"),
            (r"*a", "not valid"),
        ] {
            let error = compile(pattern).unwrap_err();
            assert!(error.contains(word), "{pattern}: {error}");
        }
    }
}
