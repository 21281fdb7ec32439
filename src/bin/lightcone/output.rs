//! What the commands share: reading a file or standard input as UTF-8, a
//! trace from it, and writing JSON or text to standard output or a file.

use lightcone::core::formats::parse_trace;
use lightcone::core::formats::text::utf8;
use lightcone::core::Trace;
use std::io::{Read, Write};

/// Standard output, buffered.
pub type Out<'a> = std::io::BufWriter<std::io::StdoutLock<'a>>;

/// A file's (or standard input's, for "-") text, which must be UTF-8.
pub fn read(file: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let read = if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ())
    };
    read.map_err(|e| format!("{file}: cannot read: {e}"))?;
    utf8(&bytes).map(str::to_string).map_err(|e| format!("{file}: {e}"))
}

/// Reads and validates a trace; errors name the file and the place.
pub fn load(file: &str) -> Result<Trace, String> {
    parse_trace(&read(file)?).map_err(|e| format!("{file}: {e}"))
}

/// Writes `value` as indented JSON and a newline.
pub fn json(out: &mut Out<'_>, value: &serde_json::Value) -> Result<(), String> {
    let mut text = serde_json::to_string_pretty(value).expect("a report serialises");
    text.push('\n');
    written(out.write_all(text.as_bytes()))
}

/// Writes `text` to `output` ("-": standard output).
pub fn text(out: &mut Out<'_>, output: &str, text: &str) -> Result<(), String> {
    if output == "-" {
        written(out.write_all(text.as_bytes()))
    } else {
        std::fs::write(output, text).map_err(|e| format!("{output}: cannot write: {e}"))
    }
}

/// A write's failure as the commands report it.
pub fn written(result: std::io::Result<()>) -> Result<(), String> {
    result.map_err(|e| format!("cannot write output: {e}"))
}
