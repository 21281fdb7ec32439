//! The `lightcone` command: the causality core on the command line.
//!
//! Its output formats are a stable interface (other tools and the tests rely
//! on them); see README.md. Every failure is one line on stderr and a
//! non-zero exit, never a panic. Native only: on wasm32 (where Cargo still
//! builds it for the test suites) it is an empty program.

#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod cmd;
#[cfg(not(target_arch = "wasm32"))]
mod output;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
