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
    let groups = count_groups(&chars);
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut i = 0;
    let mut in_class = false;
    // In a class: the last item was one character, which a `-` may extend.
    let mut range_start = false;
    // True when the last thing written can take a quantifier.
    let mut after_atom = false;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if in_class {
            // Literal characters go out as `\x{..}`: the engine reads `[`,
            // `&&`, `--` and `~~` in classes as its own syntax.
            let single = match c {
                ']' => {
                    in_class = false;
                    out.push(']');
                    false
                }
                // A range, when a single character is before and after.
                '-' if range_start && chars.get(i).is_some_and(|&n| n != ']') => {
                    out.push('-');
                    range_start = false;
                    continue;
                }
                '\\' => {
                    let (next, single) = class_escape(&chars, i, &mut out)?;
                    i = next;
                    single
                }
                _ => {
                    out.push_str(&format!("\\x{{{:X}}}", u32::from(c)));
                    true
                }
            };
            // The end of a range starts no other.
            range_start = single && !out.ends_with(']') && !after_dash(&out);
            after_atom = !in_class;
            continue;
        }
        let was_atom = std::mem::replace(&mut after_atom, true);
        match c {
            '\\' => i = escape(&chars, i, groups, &mut out)?,
            // JavaScript's `.` stops at every line terminator.
            '.' => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
            '[' => {
                i = open_class(&chars, i, &mut out, &mut in_class);
                range_start = false;
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

/// Capturing groups in the pattern: `(` outside classes and escapes, other
/// than `(?:`, `(?=`, `(?!`, `(?<=` and `(?<!`.
fn count_groups(chars: &[char]) -> usize {
    let (mut n, mut i, mut in_class) = (0, 0, false);
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => {
                // `(` captures, and so does `(?<name>`; other `(?` do not.
                let captures = match (chars.get(i + 1), chars.get(i + 2), chars.get(i + 3)) {
                    (Some('?'), Some('<'), third) => !matches!(third, Some('=' | '!')),
                    (Some('?'), _, _) => false,
                    _ => true,
                };
                n += usize::from(captures);
            }
            _ => {}
        }
        i += 1;
    }
    n
}

/// An escape outside a class; `i` is just past the backslash.
fn escape(chars: &[char], i: usize, groups: usize, out: &mut String) -> Result<usize, String> {
    let Some(&c) = chars.get(i) else {
        return Err("the expression ends with a lone backslash".into());
    };
    match c {
        'd' | 'w' | 's' => out.push_str(&format!("[{}]", ranges(class_of(c), false))),
        'D' | 'W' | 'S' => out.push_str(&format!("[^{}]", ranges(class_of(c.to_ascii_lowercase()), false))),
        // The engine's word boundaries are ASCII, as JavaScript's.
        'b' => out.push_str(r"\b"),
        'B' => out.push_str(r"\B"),
        // With that many groups it is a backreference; without, an old
        // octal escape (or a plain 8 or 9), as JavaScript reads it.
        '1'..='9' if c.to_digit(10).is_some_and(|n| n as usize <= groups) => {
            return Err("the expression uses a backreference (\\1), which Lightcone cannot run".into())
        }
        // The log's line ends are read as `\n`: a `\r` is where a Windows
        // line end's was.
        'r' => out.push_str(r"(?:\n?)"),
        'k' if chars.get(i + 1) == Some(&'<') => {
            return Err(
                "the expression uses a named backreference (\\k<name>), which Lightcone cannot run".into()
            )
        }
        _ => return common_escape(chars, i, false, out),
    }
    Ok(i + 1)
}

/// True when the class so far ends with a range: `\x{..}-\x{..}`.
fn after_dash(out: &str) -> bool {
    let Some(open) = out.rfind("\\x{") else { return false };
    out[..open].ends_with('-') && out[..open.saturating_sub(1)].ends_with('}')
}

/// An escape inside a class, and whether it stands for one character.
fn class_escape(chars: &[char], i: usize, out: &mut String) -> Result<(usize, bool), String> {
    let Some(&c) = chars.get(i) else {
        return Err("the expression ends with a lone backslash".into());
    };
    // The engine has no nested classes: a negated escape inside a class is
    // written as the ranges it leaves.
    match c {
        'd' | 'w' | 's' => out.push_str(&ranges(class_of(c), false)),
        'D' | 'W' | 'S' => out.push_str(&ranges(class_of(c.to_ascii_lowercase()), true)),
        'b' => {
            out.push_str(r"\x{8}");
            return Ok((i + 1, true));
        }
        _ => return common_escape(chars, i, true, out).map(|next| (next, true)),
    }
    Ok((i + 1, false))
}

/// True for what JavaScript's `\s` matches.
pub(crate) fn is_js_space(c: char) -> bool {
    let c = u32::from(c);
    SPACE.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
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

/// Escapes that mean nearly the same inside and outside a class, read as
/// JavaScript without the `u` flag (ShiViz's) reads them.
fn common_escape(chars: &[char], i: usize, in_class: bool, out: &mut String) -> Result<usize, String> {
    let c = chars[i];
    // Exactly `n` hex digits (`from_str_radix` alone would take a sign).
    let hex = |from: usize, n: usize| -> Option<u32> {
        let digits = chars.get(from..from + n)?;
        digits
            .iter()
            .all(char::is_ascii_hexdigit)
            .then(|| digits.iter().fold(0, |v, d| v * 16 + d.to_digit(16).unwrap_or(0)))
    };
    let (code, next) = match c {
        't' => (0x09, i + 1),
        'n' => (0x0A, i + 1),
        'v' => (0x0B, i + 1),
        'f' => (0x0C, i + 1),
        'r' => (0x0D, i + 1),
        '0'..='7' => octal(chars, i),
        'x' => match hex(i + 1, 2) {
            Some(v) => (v, i + 3),
            None => (u32::from('x'), i + 1),
        },
        // `\u{43}` is `u` repeated 43 times without the `u` flag.
        'u' => match hex(i + 1, 4) {
            Some(v) => (v, i + 5),
            None => (u32::from('u'), i + 1),
        },
        'c' => match chars.get(i + 1) {
            Some(&l) if l.is_ascii_alphabetic() || (in_class && (l.is_ascii_digit() || l == '_')) => {
                (u32::from(l) % 32, i + 2)
            }
            // A lone `\c` is a backslash, and the `c` reads on as itself.
            _ => (u32::from('\\'), i),
        },
        // Any other escaped character stands for itself (`\/`, `\-`, `\.`).
        _ => (u32::from(c), i + 1),
    };
    let Some(ch) = char::from_u32(code) else {
        return Err(format!("the expression escapes \\u{{{code:x}}}, which is not a character"));
    };
    out.push_str(&format!("\\x{{{:X}}}", u32::from(ch)));
    Ok(next)
}

/// An old octal escape from `chars[i]`: up to three octal digits, at most
/// 0o377.
fn octal(chars: &[char], i: usize) -> (u32, usize) {
    let mut value = 0;
    let mut next = i;
    while let Some(d) = chars.get(next).and_then(|c| c.to_digit(8)) {
        if next - i == 3 || value * 8 + d > 0o377 {
            break;
        }
        value = value * 8 + d;
        next += 1;
    }
    (value, next)
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
        assert_eq!(matches(r"\x41\u0042", "AB").as_deref(), Some("AB"));
        // Without JavaScript's `u` flag, `\u{3}` is `u` three times.
        assert_eq!(matches(r"a\u{3}", "auuu a\u{3}").as_deref(), Some("auuu"));
        assert_eq!(matches(r"\x+4", "xx4").as_deref(), Some("xx4"));
        assert_eq!(matches(r"\c1", "\\c1").as_deref(), Some("\\c1"));
        assert_eq!(matches(r"[\c1]", "\u{11}").as_deref(), Some("\u{11}"));
        assert_eq!(matches(r"\01[\1]", "\u{1}\u{1}").as_deref(), Some("\u{1}\u{1}"));
        assert_eq!(matches(r"\1", "\u{1}").as_deref(), Some("\u{1}"), "no group: an octal escape");
        assert_eq!(matches(r"[!--]+", "a\"#,-b").as_deref(), Some("\"#,-"));
        assert_eq!(matches(r"a.b", "a\u{2028}b"), None, "dot stops at line terminators");
        assert_eq!(matches(r"x\r\ny", "x\ny").as_deref(), Some("x\ny"), "\\r is a Windows line end's");
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
