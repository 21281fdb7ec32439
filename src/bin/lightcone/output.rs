//! What the commands share: reading a file or standard input as UTF-8
//! within the size limit, a trace from it, and writing JSON or text to
//! standard output or a file.

use lightcone::core::formats::parse_trace;
use lightcone::core::formats::text::{escape_for_terminal, json_terminal_safe, size, utf8, without_bom};
use lightcone::core::Trace;
use std::io::{IsTerminal, Read, Write};

/// Standard output, buffered.
pub type Out<'a> = std::io::BufWriter<std::io::StdoutLock<'a>>;

/// The size limit of `--max-mb` when it is not given, in MB.
pub const DEFAULT_MAX_MB: &str = "1024";

/// How inputs are read: every file and standard input goes through
/// [`Input::read`], so none is read past the limit.
#[derive(Clone, Copy, Debug)]
pub struct Input {
    /// The most bytes read from all inputs together.
    pub max_bytes: usize,
}

impl Input {
    /// A file's (or standard input's, for "-") text, which must be UTF-8,
    /// without a leading byte order mark.
    pub fn read(&self, file: &str) -> Result<String, String> {
        self.read_within(file, self.max_bytes)
    }

    /// As [`Input::read`], refusing more than `limit` bytes: at most
    /// `limit + 1` are ever read, so `/dev/zero` or a huge file is refused
    /// at once rather than filling memory.
    pub fn read_within(&self, file: &str, limit: usize) -> Result<String, String> {
        let mut bytes = Vec::new();
        let cap = limit as u64 + 1;
        let read = if file == "-" {
            std::io::stdin().lock().take(cap).read_to_end(&mut bytes)
        } else {
            std::fs::File::open(file).and_then(|f| f.take(cap).read_to_end(&mut bytes))
        };
        read.map_err(|e| format!("{file}: cannot read: {e}"))?;
        if bytes.len() > limit {
            return Err(format!(
                "{file}: more than {} of input; the limit is {} (raise it with --max-mb)",
                size(limit),
                size(self.max_bytes)
            ));
        }
        utf8(&bytes).map_err(|e| format!("{file}: {e}"))?;
        // The bytes become the text in place: no second copy of a big input.
        let mut text = String::from_utf8(bytes).expect("checked just above");
        let mark = text.len() - without_bom(&text).len();
        text.drain(..mark);
        Ok(text)
    }

    /// Reads and validates a trace; errors name the file and the place.
    pub fn load(&self, file: &str) -> Result<Trace, String> {
        parse_trace(&self.read(file)?).map_err(|e| format!("{file}: {e}"))
    }
}

/// `--max-mb`'s value: a whole number of MB whose bytes a `usize` holds.
pub fn max_mb(text: &str) -> Result<usize, String> {
    let mb: u64 = text.parse().map_err(|_| format!("\"{text}\" is not a whole number of MB"))?;
    let limit = (usize::MAX >> 20) as u64;
    if mb > limit {
        return Err(format!("{mb} MB is more than this machine can address (at most {limit})"));
    }
    Ok((mb as usize) << 20)
}

/// Writes `value` as indented JSON and a newline.
pub fn json(out: &mut Out<'_>, value: &serde_json::Value) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).expect("a report serialises");
    written(out.write_all(json_terminal_safe(&text).as_bytes()))?;
    written(out.write_all(b"\n"))
}

/// Writes `text` to `output` ("-": standard output). On a terminal, each
/// line's control characters are escaped, so what a file holds cannot
/// clear the screen or forge lines; files and pipes get the text exactly.
pub fn text(out: &mut Out<'_>, output: &str, text: &str) -> Result<(), String> {
    if output != "-" {
        return std::fs::write(output, text).map_err(|e| format!("{output}: cannot write: {e}"));
    }
    if !std::io::stdout().is_terminal() {
        return written(out.write_all(text.as_bytes()));
    }
    for line in text.split_inclusive('\n') {
        let (body, end) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
        written(out.write_all(escape_for_terminal(body).as_bytes()))?;
        written(out.write_all(end.as_bytes()))?;
    }
    Ok(())
}

/// A write's failure as the commands report it.
pub fn written(result: std::io::Result<()>) -> Result<(), String> {
    result.map_err(|e| format!("cannot write output: {e}"))
}
