//! The core must stay pure: no web crate may appear anywhere under
//! src/core, so it builds and tests natively and the UI depends on it, never
//! the reverse.

#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

const WEB_CRATES: [&str; 5] = ["yew", "web_sys", "js_sys", "wasm_bindgen", "gloo"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// True when `word` occurs in `text` as a whole identifier.
fn mentions(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

#[test]
fn the_core_names_no_web_crate() {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core"), &mut files);
    assert!(files.len() > 5, "found the core's files");
    let mut offenders = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for krate in WEB_CRATES {
            if mentions(&text, krate) || mentions(&text, &krate.replace('_', "-")) {
                offenders.push(format!("{} uses {krate}", file.display()));
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

#[test]
fn the_check_would_catch_a_web_import() {
    assert!(mentions("use yew::prelude::*;", "yew"));
    assert!(mentions("wasm_bindgen::JsValue", "wasm_bindgen"));
    assert!(!mentions("let yewish = 1;", "yew"));
}
