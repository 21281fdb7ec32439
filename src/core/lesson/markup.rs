//! Captions' small markup: `*emphasis*`, `` `code` `` and line breaks
//! (a newline in the JSON string). The result is spans of text that the
//! page writes as text nodes, so nothing a lesson says is ever HTML: a
//! `<script>` in a caption is shown as those characters.

/// A piece of a caption.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span {
    /// Plain text.
    Text(String),
    /// Emphasised text.
    Emphasis(String),
    /// Code: ids, formulas.
    Code(String),
    /// A line break.
    Break,
}

/// Splits `text` into spans. A marker without its closing partner on the
/// same line is an ordinary character; there is no nesting (code inside
/// emphasis is emphasis).
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(Span::Break);
        }
        line_spans(line.trim_end_matches('\r'), &mut out);
    }
    out
}

fn line_spans(line: &str, out: &mut Vec<Span>) {
    let mut plain = String::new();
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let closed = (c == '*' || c == '`').then(|| rest[1..].find(c)).flatten().filter(|&end| end > 0);
        match closed {
            Some(end) => {
                if !plain.is_empty() {
                    out.push(Span::Text(std::mem::take(&mut plain)));
                }
                let inner = rest[1..=end].to_string();
                out.push(if c == '*' { Span::Emphasis(inner) } else { Span::Code(inner) });
                rest = &rest[end + 2..];
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Span::Text(plain));
    }
}

/// The caption as plain text (markers dropped), for tooltips and the CLI.
pub fn plain(text: &str) -> String {
    spans(text)
        .into_iter()
        .map(|s| match s {
            Span::Text(t) | Span::Emphasis(t) | Span::Code(t) => t,
            Span::Break => "\n".into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Span {
        Span::Text(s.into())
    }

    #[test]
    fn emphasis_code_and_breaks() {
        assert_eq!(
            spans("L(b1) is *smaller*, yet\n`b1 ∥ a2`."),
            vec![
                t("L(b1) is "),
                Span::Emphasis("smaller".into()),
                t(", yet"),
                Span::Break,
                Span::Code("b1 ∥ a2".into()),
                t(".")
            ]
        );
    }

    #[test]
    fn unmatched_markers_and_html_stay_text() {
        assert_eq!(spans("2 * 3 <b>x</b>"), vec![t("2 * 3 <b>x</b>")]);
        assert_eq!(spans("**"), vec![t("**")]);
        assert_eq!(spans("`a\nb`"), vec![t("`a"), Span::Break, t("b`")]);
        assert_eq!(plain("*<script>*"), "<script>");
    }
}
