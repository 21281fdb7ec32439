//! A byte buffer for writing large JSON documents quickly: strings escaped
//! by serde_json, integers by itoa, no `fmt` machinery on the hot path
//! (which cost half the time of `lightcone analyze` on big traces).

use super::text::{is_terminal_control, json_terminal_safe};
use std::io::{self, Write};

/// Flush to the underlying writer past this many bytes.
const CHUNK: usize = 1 << 16;

/// Buffered JSON output.
pub struct JsonOut<W: Write> {
    buf: Vec<u8>,
    out: W,
}

impl<W: Write> JsonOut<W> {
    /// Writes to `out`.
    pub fn new(out: W) -> Self {
        Self { buf: Vec::with_capacity(CHUNK + 1024), out }
    }

    /// Verbatim text (punctuation, keys known to need no escaping).
    pub fn raw(&mut self, text: &str) -> io::Result<()> {
        self.buf.extend_from_slice(text.as_bytes());
        self.spill()
    }

    /// Verbatim bytes appended by `write`, which must keep the JSON valid.
    pub fn raw_with(&mut self, write: impl FnOnce(&mut Vec<u8>)) -> io::Result<()> {
        write(&mut self.buf);
        self.spill()
    }

    /// A JSON string literal, with no raw terminal controls in it.
    pub fn string(&mut self, s: &str) -> io::Result<()> {
        if s.chars().any(is_terminal_control) {
            self.buf.extend_from_slice(json_str(s).as_bytes());
        } else {
            serde_json::to_writer(&mut self.buf, s).map_err(io::Error::other)?;
        }
        self.spill()
    }

    /// An unsigned integer.
    pub fn uint(&mut self, n: u64) -> io::Result<()> {
        self.buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        self.spill()
    }

    /// A finite number; whole numbers are written without a fraction.
    pub fn number(&mut self, x: f64) -> io::Result<()> {
        if x.fract() == 0.0 && x.abs() < 1e15 {
            self.buf.extend_from_slice(itoa::Buffer::new().format(x as i64).as_bytes());
        } else {
            serde_json::to_writer(&mut self.buf, &x).map_err(io::Error::other)?;
        }
        self.spill()
    }

    fn spill(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes what is buffered and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(&self.buf)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// `s` as a JSON string literal, with no raw terminal controls in it
/// (the output may well be read on a terminal).
pub fn json_str(s: &str) -> String {
    let json = serde_json::to_string(s).expect("a str always serialises");
    json_terminal_safe(&json).into_owned()
}
