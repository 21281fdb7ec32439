//! Running the `lightcone` binary as a user does (native only).

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `lightcone args…` with `stdin` on its standard input.
pub fn lightcone(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lightcone"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that fails on its arguments exits without reading its
    // input: a broken pipe here is no error.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}
