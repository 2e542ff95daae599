//! The documentation stays true to the repository and to the binary:
//!
//! - every relative link and image in `README.md`, `CONTRIBUTING.md` and `docs/*.md` (and the
//!   Markdown pages under `rules/`, `bench/` and `fuzz/`) points at a file inside this
//!   repository, and every `#anchor` into a Markdown file at one of its headings (GitHub's
//!   anchors: lowercase, spaces become `-`, punctuation is dropped, repeats get `-1`, `-2`…);
//! - every long flag `siglint --help` prints is in `docs/usage.md`, and every subcommand it lists
//!   (found in the help, not written down here) has a section in `docs/usage.md`, headed
//!   `` `siglint <command>` ``, naming every long flag of `siglint <command> --help`;
//! - the `helpUri` that SARIF output gives each code points at an existing page and heading;
//! - the README is a front page: at most 20,000 bytes, the quick-start commands in its first
//!   40 lines, and a link to every page of `docs/`.
//!
//! No Markdown crate: links and headings are read with the few rules GitHub's renderer applies
//! to the kind of Markdown these files use (fenced code and code spans are not links).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

const README_MAX_BYTES: usize = 20_000;
const FIRST_SCREEN_LINES: usize = 40;
const QUICK_START: [&str; 2] = ["cargo run --release -- check fixtures/", "cargo test"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The documents whose links are checked: README.md, CONTRIBUTING.md, docs/*.md, and the other
/// Markdown pages of the repository (rule documents, benchmark results, the fuzzing notes).
fn documents() -> Vec<PathBuf> {
    let root = repo();
    let mut out = vec![root.join("README.md"), root.join("CONTRIBUTING.md")];
    for dir in ["docs", "rules", "bench", "fuzz"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            assert_ne!(dir, "docs", "docs/ is missing");
            continue;
        };
        let mut pages: Vec<PathBuf> = entries
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        pages.sort();
        out.extend(pages);
    }
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Reading Markdown
// ---------------------------------------------------------------------------------------------

/// The lines of a document outside fenced code blocks, with their 1-based numbers.
fn prose_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = marker {
            let run = trimmed.chars().take_while(|x| *x == c).count();
            if run >= 3 {
                match fence {
                    None => {
                        fence = Some((c, run));
                        continue;
                    }
                    Some((open, len)) if open == c && run >= len => {
                        fence = None;
                        continue;
                    }
                    Some(_) => {}
                }
            }
        }
        if fence.is_none() {
            out.push((i + 1, line));
        }
    }
    out
}

/// The line without its code spans (`` `…` ``): nothing inside them is a link.
fn without_code_spans(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let run = rest[start..].chars().take_while(|c| *c == '`').count();
        let ticks = &rest[start..start + run];
        let after = &rest[start + run..];
        match after.find(ticks) {
            Some(end) => rest = &after[end + run..],
            None => {
                // An unclosed run is literal text.
                out.push_str(ticks);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Link and image targets of one line: `[text](target)`, `![alt](target "title")`,
/// `[text](<target>)`, and reference definitions `[label]: target`.
fn link_targets(line: &str) -> Vec<String> {
    let line = without_code_spans(line);
    let mut out = Vec::new();
    let trimmed = line.trim_start();
    if trimmed.starts_with('[') {
        if let Some(close) = trimmed.find("]:") {
            let target = trimmed[close + 2..].split_whitespace().next().unwrap_or("");
            if !target.is_empty() {
                out.push(target.trim_matches(|c| c == '<' || c == '>').to_string());
            }
        }
    }
    let mut rest = line.as_str();
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        // The target ends at the `)` that balances the opening one.
        let mut depth = 0usize;
        let mut end = None;
        for (i, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = Some(i);
                    break;
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        let Some(end) = end else { break };
        let inner = after[..end].trim();
        let target = if let Some(stripped) = inner.strip_prefix('<') {
            stripped.split('>').next().unwrap_or("")
        } else {
            inner.split_whitespace().next().unwrap_or("")
        };
        out.push(target.to_string());
        rest = &after[end + 1..];
    }
    out
}

/// GitHub's anchor for a heading's text.
fn slug(heading: &str) -> String {
    // Links in a heading show their text only.
    let mut text = String::new();
    let mut rest = heading;
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](") else {
            break;
        };
        let Some(close) = rest[open + mid..].find(')') else {
            break;
        };
        text.push_str(&rest[..open]);
        text.push_str(&rest[open + 1..open + mid]);
        rest = &rest[open + mid + close + 1..];
    }
    text.push_str(rest);
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// A heading line's level and text (`## Usage` → (2, "Usage")).
fn heading(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let level = trimmed.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let text = &trimmed[level..];
    if !(text.is_empty() || text.starts_with(' ')) {
        return None;
    }
    Some((level, text.trim().trim_end_matches('#').trim()))
}

/// Every anchor a document's headings make, with GitHub's suffixes for repeated headings.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = BTreeSet::new();
    for (_, line) in prose_lines(text) {
        let Some((_, title)) = heading(line) else {
            continue;
        };
        let base = slug(title);
        let n = seen.entry(base.clone()).or_insert(0);
        out.insert(if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        });
        *n += 1;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Checking links
// ---------------------------------------------------------------------------------------------

fn has_scheme(target: &str) -> bool {
    match target.find(':') {
        Some(colon) => {
            let scheme = &target[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `base/rel` with `.` and `..` resolved by hand; `None` when it climbs above `root`.
fn resolve(root: &Path, base_dir: &Path, rel: &str) -> Option<PathBuf> {
    let start = if rel.starts_with('/') {
        root.to_path_buf()
    } else {
        base_dir.to_path_buf()
    };
    let mut parts: Vec<Component> = start.components().collect();
    let floor = root.components().count();
    for c in Path::new(rel.trim_start_matches('/')).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.len() <= floor {
                    return None;
                }
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    Some(parts.iter().collect())
}

/// Problems with one link target written in `doc` (a file under `root`).
fn check_target(root: &Path, doc: &Path, target: &str) -> Option<String> {
    if target.is_empty() {
        return Some("empty link target".to_string());
    }
    if has_scheme(target) || target.starts_with("//") {
        return None; // a URL: not checked offline
    }
    let (path_part, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let file = if path_part.is_empty() {
        doc.to_path_buf()
    } else {
        let base = doc.parent().unwrap_or(root);
        match resolve(root, base, &percent_decode(path_part)) {
            Some(p) => p,
            None => return Some(format!("`{target}` leaves the repository")),
        }
    };
    if !file.exists() {
        return Some(format!("`{target}`: no such file ({})", file.display()));
    }
    if let Some(anchor) = anchor {
        let is_markdown = file.extension().is_some_and(|e| e == "md");
        if is_markdown && !anchor.is_empty() {
            let known = anchors(&read(&file));
            let wanted = percent_decode(anchor).to_lowercase();
            if !known.contains(&wanted) {
                return Some(format!(
                    "`{target}`: {} has no heading with the anchor `#{wanted}`",
                    file.strip_prefix(root).unwrap_or(&file).display()
                ));
            }
        }
    }
    None
}

/// Every broken relative link in the given documents, as `path:line: problem`.
fn broken_links(root: &Path, docs: &[PathBuf]) -> Vec<String> {
    let mut problems = Vec::new();
    for doc in docs {
        let text = read(doc);
        let shown = doc.strip_prefix(root).unwrap_or(doc).display().to_string();
        for (n, line) in prose_lines(&text) {
            for target in link_targets(line) {
                if let Some(p) = check_target(root, doc, &target) {
                    problems.push(format!("{shown}:{n}: {p}"));
                }
            }
        }
    }
    problems
}

#[test]
fn every_relative_link_resolves() {
    let root = repo();
    let docs = documents();
    let problems = broken_links(&root, &docs);
    assert!(
        problems.is_empty(),
        "{} broken link(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The checker itself finds what it must find: a missing file, a missing heading, a link out of
/// the repository; and it accepts what GitHub accepts.
#[test]
fn the_link_checker_catches_broken_links() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(
        root.join("docs/guide.md"),
        "# Guide\n\n## Fixes (`--fix`, `--diff`)\n\n## What's new?\n\n## Usage\n\n## Usage\n",
    )
    .unwrap();
    std::fs::write(root.join("image.png"), b"png").unwrap();
    let readme = root.join("README.md");
    std::fs::write(
        &readme,
        "# Title\n\
         [ok](docs/guide.md) ![img](image.png) [anchor](docs/guide.md#fixes---fix---diff)\n\
         [q](docs/guide.md#whats-new) [dup](docs/guide.md#usage-1) [self](#title)\n\
         [web](https://example.com/x#y) `[code](missing.md)`\n\
         ```\n[fenced](missing.md)\n```\n\
         [missing](docs/nope.md)\n\
         [bad anchor](docs/guide.md#no-such-heading)\n\
         [outside](../elsewhere.md)\n\
         [ref]: docs/also-missing.md\n",
    )
    .unwrap();
    let problems = broken_links(root, &[readme]);
    let lines: Vec<&str> = problems
        .iter()
        .map(|p| p.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        lines,
        ["README.md:8", "README.md:9", "README.md:10", "README.md:11"],
        "{problems:#?}"
    );
}

#[test]
fn anchors_follow_githubs_rules() {
    assert_eq!(
        slug("Fixes (`--fix`, `--unsafe-fixes`, `--diff`)"),
        "fixes---fix---unsafe-fixes---diff"
    );
    assert_eq!(
        slug("What each rule's fix does"),
        "what-each-rules-fix-does"
    );
    assert_eq!(
        slug("SUP001 unused-suppression"),
        "sup001-unused-suppression"
    );
    assert_eq!(slug("`siglint check`"), "siglint-check");
    assert_eq!(slug("Tokens in `siglint check`"), "tokens-in-siglint-check");
    assert_eq!(slug("See [the guide](x.md) — now"), "see-the-guide--now");
    let a = anchors("# A\n## Usage\n```\n# not a heading\n```\n## Usage\n");
    assert_eq!(
        a,
        ["a", "usage", "usage-1"]
            .into_iter()
            .map(String::from)
            .collect()
    );
}

// ---------------------------------------------------------------------------------------------
// Flags and subcommands
// ---------------------------------------------------------------------------------------------

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_siglint"))
        .args(args)
        .arg("--help")
        .output()
        .expect("siglint runs");
    assert!(
        out.status.success(),
        "siglint {} --help failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("help is UTF-8")
}

/// The subcommands a help text lists under `Commands:` (clap's own `help` left out).
fn subcommands(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_commands = false;
    for line in help.lines() {
        if line.trim_end() == "Commands:" {
            in_commands = true;
            continue;
        }
        if in_commands {
            if line.trim().is_empty() || !line.starts_with(' ') {
                in_commands = false;
                continue;
            }
            if let Some(name) = line.split_whitespace().next() {
                if name != "help" {
                    out.push(name.to_string());
                }
            }
        }
    }
    out
}

/// The long flags a help text defines: on option lines (`-j, --threads <THREADS>`), not in the
/// descriptions.
fn long_flags(help: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in help.lines() {
        let trimmed = line.trim_start();
        if !trimmed.starts_with('-') {
            continue;
        }
        for word in trimmed.split_whitespace() {
            let word = word.trim_end_matches(',');
            if let Some(name) = word.strip_prefix("--") {
                let name: String = name
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if !name.is_empty() {
                    out.insert(format!("--{name}"));
                }
            } else if !word.starts_with('-') || word == "-" {
                break;
            }
        }
    }
    out
}

/// Whether `text` names `flag` as a whole flag (`--fix` is not found in `--fixes`).
fn mentions_flag(text: &str, flag: &str) -> bool {
    text.match_indices(flag).any(|(at, _)| {
        let before_ok = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-'));
        let after_ok = text[at + flag.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-'));
        before_ok && after_ok
    })
}

/// The section of `docs/usage.md` headed `` `siglint <command>` ``: from its heading to the next
/// heading of the same or a higher level.
fn usage_section<'a>(usage: &'a str, command: &str) -> Option<&'a str> {
    let wanted = format!("siglint {command}");
    let lines: Vec<&str> = usage.lines().collect();
    let prose: BTreeSet<usize> = prose_lines(usage).into_iter().map(|(n, _)| n).collect();
    let is_heading = |i: usize| prose.contains(&(i + 1)) && heading(lines[i]).is_some();
    let start = (0..lines.len()).find(|&i| {
        is_heading(i)
            && heading(lines[i]).is_some_and(|(_, t)| {
                let t = t.replace('`', "");
                t == wanted || t.starts_with(&format!("{wanted} "))
            })
    })?;
    let level = heading(lines[start]).map(|(l, _)| l)?;
    let end = (start + 1..lines.len())
        .find(|&i| is_heading(i) && heading(lines[i]).is_some_and(|(l, _)| l <= level))
        .unwrap_or(lines.len());
    let from = lines[..start].iter().map(|l| l.len() + 1).sum::<usize>();
    let to = lines[..end]
        .iter()
        .map(|l| l.len() + 1)
        .sum::<usize>()
        .min(usage.len());
    Some(&usage[from..to])
}

#[test]
fn every_flag_and_subcommand_is_documented() {
    let usage = read(&repo().join("docs/usage.md"));
    let mut all_docs = String::new();
    for doc in documents()
        .iter()
        .filter(|p| p.starts_with(repo().join("docs")))
    {
        all_docs.push_str(&read(doc));
    }
    let top = help(&[]);
    let global = long_flags(&top);
    assert!(global.contains("--help"), "no flags found in:\n{top}");
    let mut problems = Vec::new();
    for flag in &global {
        if !mentions_flag(&usage, flag) {
            problems.push(format!("`siglint {flag}` is not in docs/usage.md"));
        }
    }
    // Subcommands, found in the help (and their own subcommands, if any appear one day).
    let mut queue: Vec<Vec<String>> = subcommands(&top).into_iter().map(|c| vec![c]).collect();
    assert!(!queue.is_empty(), "no subcommands found in:\n{top}");
    while let Some(path) = queue.pop() {
        let args: Vec<&str> = path.iter().map(String::as_str).collect();
        let text = help(&args);
        for sub in subcommands(&text) {
            let mut p = path.clone();
            p.push(sub);
            queue.push(p);
        }
        let command = path.join(" ");
        let flags = long_flags(&text);
        for flag in &flags {
            if !mentions_flag(&all_docs, flag) {
                problems.push(format!(
                    "`siglint {command} {flag}` appears nowhere in docs/"
                ));
            }
        }
        let Some(section) = usage_section(&usage, &command) else {
            problems.push(format!(
                "docs/usage.md has no section headed `siglint {command}`"
            ));
            continue;
        };
        for flag in flags.iter().filter(|f| !global.contains(*f)) {
            if !mentions_flag(section, flag) {
                problems.push(format!(
                    "`siglint {command} {flag}` is not in the `siglint {command}` section of docs/usage.md"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "undocumented in docs/:\n{}",
        problems.join("\n")
    );
}

#[test]
fn help_parsing_finds_flags_and_subcommands() {
    let sample = "Usage: x <COMMAND>\n\nCommands:\n  check  Scan\n  help   Print\n\nOptions:\n  -j, --threads <THREADS>  Number of workers (see --other)\n      --no-ignore\n          Also scan\n          - text: with --not-a-flag\n  -h, --help  Print help\n";
    assert_eq!(subcommands(sample), ["check"]);
    assert_eq!(
        long_flags(sample),
        ["--help", "--no-ignore", "--threads"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    assert!(mentions_flag("use `--fix`.", "--fix"));
    assert!(!mentions_flag("use --fixes", "--fix"));
    assert!(!mentions_flag("use --unsafe-fixes", "--fix"));
    let usage = "# Usage\n## `siglint check`\n--a\n### sub\n--b\n## `siglint token`\n--c\n";
    let section = usage_section(usage, "check").unwrap();
    assert!(section.contains("--a") && section.contains("--b") && !section.contains("--c"));
    assert!(usage_section(usage, "che").is_none());
}

// ---------------------------------------------------------------------------------------------
// Links the binary prints
// ---------------------------------------------------------------------------------------------

/// The SARIF `helpUri` of every code (also what `siglint explain` prints for the TOK and SUP
/// codes) points at a page of this repository that exists, at a heading that exists.
#[test]
fn help_uris_point_at_existing_pages() {
    let empty = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_siglint"))
        .args(["check", "--format", "sarif"])
        .arg(empty.path())
        .output()
        .expect("siglint runs");
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("driver.rules");
    assert!(!rules.is_empty());
    let root = repo();
    let mut problems = Vec::new();
    for rule in rules {
        let id = rule["id"].as_str().unwrap_or("?");
        let uri = rule["helpUri"].as_str().unwrap_or("");
        // `https://github.com/<owner>/<repo>/blob/<branch>/<path>#<anchor>`
        let Some((_, rest)) = uri.split_once("/blob/") else {
            continue;
        };
        let Some((_, target)) = rest.split_once('/') else {
            continue;
        };
        if let Some(p) = check_target(&root, &root.join("README.md"), &format!("/{target}")) {
            problems.push(format!("{id}: helpUri {uri}: {p}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The README is a front page
// ---------------------------------------------------------------------------------------------

#[test]
fn the_readme_is_a_front_page() {
    let readme = read(&repo().join("README.md"));
    assert!(
        readme.len() <= README_MAX_BYTES,
        "README.md is {} bytes; the front page stays within {README_MAX_BYTES} (move reference text to docs/)",
        readme.len()
    );
    // The front page leads to every page of the reference.
    let linked: BTreeSet<String> = prose_lines(&readme)
        .into_iter()
        .flat_map(|(_, line)| link_targets(line))
        .map(|t| t.split('#').next().unwrap_or("").to_string())
        .collect();
    for page in documents()
        .iter()
        .filter(|p| p.parent() == Some(repo().join("docs").as_path()))
    {
        let rel = format!(
            "docs/{}",
            page.file_name().unwrap_or_default().to_string_lossy()
        );
        assert!(
            linked.contains(&rel),
            "README.md does not link to {rel}: the front page links every page of docs/"
        );
    }
    let first_screen: Vec<&str> = readme.lines().take(FIRST_SCREEN_LINES).collect();
    for command in QUICK_START {
        assert!(
            first_screen
                .iter()
                .any(|l| l.trim_start().starts_with(command)),
            "README.md does not show `{command}` in its first {FIRST_SCREEN_LINES} lines"
        );
    }
}
