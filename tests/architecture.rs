//! The crate's top-level modules run one way (DESIGN.md, "Layers"): each imports only modules
//! of lower layers, so the import graph has no cycle. This test reads the source — every
//! `crate::module` path outside comments and string literals — and fails on an import that
//! points up or sideways, naming it, and on any cycle.
//!
//! To place a new top-level module, add it to [`LAYERS`] at the lowest layer above everything
//! it imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom up. A module may import modules of lower layers only (not of its own layer).
const LAYERS: &[&[&str]] = &[
    // The shared vocabulary: positions, findings, fixes as data.
    &["span"],
    &["diagnostic", "limits", "files"],
    // What every code means; the code model; the literal prefilter.
    &["catalogue", "model", "prefilter"],
    // Front ends (tree-sitter stops here) and the token decoder.
    &["lang", "token"],
    &["eval"],
    &["sites"],
    &["rules"],
    // Applying fixes, inline suppressions, configuration, the files of a project reached through
    // imports: none depends on the engine.
    &["fix", "suppress", "config", "project"],
    // One file: bytes → findings.
    &["engine"],
    // Many files: baselines, the walk, the fix loop (it re-checks through the engine).
    &["baseline"],
    &["walk"],
    &["autofix"],
    &["output"],
    // The migration report and the language server: callers of the engine, beside each other.
    &["report", "server"],
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level modules declared in lib.rs.
fn top_level_modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("src/lib.rs");
    code_only(&lib)
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l
                .strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("mod "))?;
            Some(rest.trim_end_matches(';').trim().to_string())
        })
        .collect()
}

/// The files of a top-level module: `src/m.rs` and everything under `src/m/`.
fn files_of(module: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let file = src().join(format!("{module}.rs"));
    if file.is_file() {
        out.push(file);
    }
    let mut stack = vec![src().join(module)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The source with comments and string/char literals blanked out (kept as spaces so that the
/// text stays aligned), so that `crate::x` in a doc comment or a message is not an import.
fn code_only(source: &str) -> String {
    let b = source.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, bytes: &[u8]| {
        out.extend(bytes.iter().map(|&c| if c == b'\n' { b'\n' } else { b' ' }))
    };
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest.starts_with(b"/*") {
            // Rust block comments nest.
            let (mut depth, mut j) = (0usize, 0usize);
            while j < rest.len() {
                if rest[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if rest[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, &rest[..j]);
            i += j;
        } else if rest.starts_with(b"r\"") || rest.starts_with(b"r#") || rest.starts_with(b"br") {
            let start = if rest[0] == b'b' { 2 } else { 1 };
            let hashes = rest[start..].iter().take_while(|&&c| c == b'#').count();
            if rest.get(start + hashes) != Some(&b'"') {
                out.push(rest[0]);
                i += 1;
                continue;
            }
            let mut close = vec![b'"'];
            close.extend(std::iter::repeat_n(b'#', hashes));
            let body = start + hashes + 1;
            let end = rest[body..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map(|p| body + p + close.len())
                .unwrap_or(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest[0] == b'"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest[0] == b'\'' {
            // A char literal ('x', '\n', '\u{..}') — not a lifetime ('a).
            let len = if rest.get(1) == Some(&b'\\') {
                rest[2..].iter().position(|&c| c == b'\'').map(|p| p + 3)
            } else {
                let ch = std::str::from_utf8(&rest[1..rest.len().min(6)])
                    .ok()
                    .or_else(|| std::str::from_utf8(&rest[1..2]).ok())
                    .and_then(|s| s.chars().next())
                    .map(char::len_utf8)
                    .unwrap_or(1);
                (rest.get(1 + ch) == Some(&b'\'')).then_some(ch + 2)
            };
            match len {
                Some(n) => {
                    blank(&mut out, &rest[..n]);
                    i += n;
                }
                None => {
                    out.push(b'\'');
                    i += 1;
                }
            }
        } else {
            out.push(rest[0]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("blanking keeps UTF-8 (only ASCII is replaced)")
}

/// The top-level modules a piece of code names through `crate::`: `crate::eval::Val`,
/// `crate::{eval, model::Span}`.
fn imported(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (pos, _) in code.match_indices("crate::") {
        // `$crate::` in macros is the same crate; `foo_crate::` is another name.
        let before = code[..pos].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let rest = code[pos + "crate::".len()..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            // The top-level names of the group: split at depth-0 commas.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(ident(item.trim()));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            out.insert(ident(item.trim()));
        } else {
            out.insert(ident(rest));
        }
    }
    out.remove("");
    out
}

/// module → the other top-level modules it imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = top_level_modules();
    modules
        .iter()
        .map(|m| {
            let mut deps = BTreeSet::new();
            for file in files_of(m) {
                let text = std::fs::read_to_string(&file).expect("source file");
                deps.extend(imported(&code_only(&text)));
            }
            deps.remove(m);
            deps.retain(|d| modules.contains(d));
            (m.clone(), deps)
        })
        .collect()
}

/// A cycle of the graph, if it has one (depth-first search).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(n.to_string(), Mark::Open);
        path.push(n.to_string());
        for d in graph.get(n).into_iter().flatten() {
            match marks.get(d.as_str()).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let from = path
                        .iter()
                        .position(|p| p == d)
                        .expect("open is on the path");
                    let mut cycle = path[from..].to_vec();
                    cycle.push(d.clone());
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(c) = visit(d, graph, marks, path) {
                        return Some(c);
                    }
                }
                Mark::Done => {}
            }
        }
        path.pop();
        marks.insert(n.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for n in graph.keys() {
        if marks.get(n.as_str()).copied().unwrap_or(Mark::New) == Mark::New {
            if let Some(c) = visit(n, graph, &mut marks, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn every_top_level_module_has_a_layer() {
    let placed: BTreeSet<String> = LAYERS
        .iter()
        .flat_map(|l| l.iter().map(|m| m.to_string()))
        .collect();
    let declared = top_level_modules();
    let unplaced: Vec<_> = declared.difference(&placed).collect();
    let stale: Vec<_> = placed.difference(&declared).collect();
    assert!(
        unplaced.is_empty(),
        "modules without a layer in LAYERS: {unplaced:?}"
    );
    assert!(
        stale.is_empty(),
        "LAYERS names modules lib.rs does not declare: {stale:?}"
    );
}

#[test]
fn modules_import_only_lower_layers() {
    let layer_of: BTreeMap<&str, usize> = LAYERS
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.iter().map(move |m| (*m, i)))
        .collect();
    let mut wrong = Vec::new();
    for (m, deps) in graph() {
        let Some(&lm) = layer_of.get(m.as_str()) else {
            continue; // reported by every_top_level_module_has_a_layer
        };
        for d in deps {
            if layer_of.get(d.as_str()).is_some_and(|&ld| ld >= lm) {
                wrong.push(format!(
                    "{m} (layer {lm}) imports {d} (layer {})",
                    layer_of[d.as_str()]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that do not point down:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_module_graph_has_no_cycle() {
    let g = graph();
    assert!(g.len() >= 10, "too few modules found: {g:?}");
    if let Some(cycle) = find_cycle(&g) {
        panic!(
            "the top-level modules import each other in a cycle: {}",
            cycle.join(" → ")
        );
    }
}

#[test]
fn the_checker_sees_imports_and_ignores_comments_and_strings() {
    let code = code_only(
        "use crate::{eval::Val, model::{Span, Model}};\n\
         // crate::report in a comment\n\
         /* crate::walk /* nested */ crate::output */\n\
         let s = \"crate::config\"; let r = r#\"crate::baseline\"#; let c = '\"';\n\
         fn f<'a>(x: &'a str) -> crate::sites::Sites { crate::rules::check(x) }\n",
    );
    let got: Vec<String> = imported(&code).into_iter().collect();
    assert_eq!(got, ["eval", "model", "rules", "sites"]);
    let cyclic: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(find_cycle(&cyclic).map(|c| c.len()), Some(4));
}
