//! File discovery: the `ignore` crate's parallel walker (gitignore/.ignore aware, hidden files
//! skipped unless `--no-ignore`), language detection by file name.

use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};

use crate::baseline::Baseline;
use crate::config::ConfigResolver;
use crate::diagnostic::Finding;
use crate::engine::{analyze_file, detect_kind, FileKind, FileOutcome, FileReport};

#[derive(Debug, Clone)]
pub struct WalkOptions {
    pub no_ignore: bool,
    pub threads: usize,
    pub max_file_size: u64,
    /// Configuration, baseline and suppressions; `None` analyses with the defaults.
    pub policy: Option<Arc<Policy>>,
}

/// What decides which findings count: `siglint.toml` files (or `--config`), a baseline to
/// subtract (`--baseline`), and whether to collect a new one (`--write-baseline`). Inline
/// suppressions always apply.
#[derive(Debug)]
pub struct Policy {
    pub configs: ConfigResolver,
    pub baseline: Option<Baseline>,
    pub write_baseline: bool,
}

/// The result of scanning paths.
#[derive(Debug, Default)]
pub struct Scan {
    pub files: Vec<FileReport>,
    /// With `Policy::write_baseline`: the entries of every finding.
    pub baseline_entries: Vec<crate::baseline::Entry>,
    /// Problems with the paths themselves (missing paths, walk errors such as symlink loops).
    pub path_errors: Vec<(PathBuf, String)>,
}

/// Stack size of the analysis workers: lowering and evaluation recurse (depth-bounded), and a
/// bounded recursion on a pathological file must still fit.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Walks `paths` and analyses every file in a known language. Explicitly named files are
/// always analysed, whatever the ignore files say.
///
/// The `ignore` walker only discovers files; it streams them through a bounded channel to
/// analysis workers that own large stacks, so memory stays bounded and no file can overflow a
/// walker thread's stack.
pub fn scan(paths: &[PathBuf], opts: &WalkOptions) -> Scan {
    let results = Mutex::new(Scan::default());
    // A file named twice (`siglint check a.js . ./a.js`) is analysed once.
    let seen: Mutex<std::collections::HashSet<PathBuf>> = Mutex::new(Default::default());
    let entries: Mutex<Vec<crate::baseline::Entry>> = Mutex::new(Vec::new());
    let threads = opts.threads.max(1);
    let overlapping = paths.len() > 1;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Job>(4 * 1024);
    let rx = Mutex::new(rx);
    std::thread::scope(|scope| {
        for i in 0..threads {
            let rx = &rx;
            let results = &results;
            let seen = &seen;
            let entries = &entries;
            std::thread::Builder::new()
                .name(format!("siglint-worker-{i}"))
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, move || loop {
                    let next = rx.lock().expect("lock").recv();
                    let Ok(job) = next else { break };
                    // Only several paths can name one file twice; one root never does.
                    if overlapping {
                        let key = std::fs::canonicalize(&job.path)
                            .unwrap_or_else(|_| job.path.clone());
                        if !seen.lock().expect("lock").insert(key) {
                            continue;
                        }
                    }
                    // A bug must cost one file, never the scan: a panic becomes a problem report.
                    let analysed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        analyze_job(&job, opts, entries)
                    }));
                    let report = match analysed {
                        Ok(Some(report)) => report,
                        Ok(None) => continue, // excluded by the configuration
                        Err(panic) => {
                            let what = panic
                                .downcast_ref::<&str>()
                                .map(|s| s.to_string())
                                .or_else(|| panic.downcast_ref::<String>().cloned())
                                .unwrap_or_default();
                            FileReport {
                                path: job.path.clone(),
                                rel: job.rel.clone(),
                                outcome: FileOutcome::Error(format!(
                                    "internal error while analysing this file ({what}); please report it"
                                )),
                            }
                        }
                    };
                    results.lock().expect("lock").files.push(report);
                })
                .expect("spawn analysis worker");
        }
        discover(paths, opts, &tx, &results);
        drop(tx);
    });
    let mut scan = results.into_inner().expect("lock");
    scan.baseline_entries = entries.into_inner().expect("lock");
    scan.baseline_entries.sort();
    scan.files.sort_by(|a, b| a.path.cmp(&b.path));
    scan.path_errors.sort();
    scan
}

/// The findings of a file that count: inline suppressions first (a suppression of a disabled
/// rule is not "unused"), then the configuration's select/ignore/per-file-ignores.
pub fn filter_findings(
    config: Option<&crate::config::Config>,
    config_rel: Option<&Path>,
    source: &str,
    findings: Vec<Finding>,
) -> Vec<Finding> {
    let kept = crate::suppress::apply_to_findings(source, findings);
    match config {
        Some(c) => c.filter_findings(config_rel, kept),
        None => kept,
    }
}

/// Analyses one file under the policy; `None` when the configuration excludes it.
fn analyze_job(
    job: &Job,
    opts: &WalkOptions,
    entries: &Mutex<Vec<crate::baseline::Entry>>,
) -> Option<FileReport> {
    let config = match &opts.policy {
        Some(p) => match p.configs.for_path(&job.path) {
            Ok(c) => Some(c),
            Err(e) => {
                return Some(FileReport {
                    path: job.path.clone(),
                    rel: job.rel.clone(),
                    outcome: FileOutcome::Error(format!("configuration error: {e}")),
                })
            }
        },
        None => None,
    };
    let config_rel = config.as_ref().and_then(|c| c.relative(&job.path));
    if let (Some(c), Some(rel)) = (&config, &config_rel) {
        if c.is_excluded(rel) {
            return None;
        }
    }
    let settings = config.as_ref().map(|c| c.settings()).unwrap_or_default();
    let display = display_path(&job.path);
    // Order matters: secrets are taken before any filtering (a kept finding on the line of a
    // filtered SIG008 must not hash the secret); suppressions before the configuration (a
    // suppression of a disabled rule is not "unused").
    let post = |source: &str, findings: Vec<Finding>| -> Vec<Finding> {
        let secrets = crate::baseline::secrets(&findings);
        let mut kept = filter_findings(config.as_deref(), config_rel.as_deref(), source, findings);
        if let Some(p) = &opts.policy {
            if let Some(b) = &p.baseline {
                kept = crate::baseline::filter_new(&display, source, kept, &secrets, b);
            }
            if p.write_baseline {
                let new = crate::baseline::entries_for_file(&display, source, &kept, &secrets);
                entries.lock().expect("lock").extend(new);
            }
        }
        kept
    };
    Some(analyze_file(
        &job.path,
        job.rel.as_deref(),
        job.kind,
        opts.max_file_size,
        &settings,
        &post,
    ))
}

/// A file to analyse, with its path relative to the root it was found under.
struct Job {
    path: PathBuf,
    rel: Option<PathBuf>,
    kind: FileKind,
}

/// Sends every file to analyse down `tx`; records path problems in `results`.
fn discover(paths: &[PathBuf], opts: &WalkOptions, tx: &SyncSender<Job>, results: &Mutex<Scan>) {
    let mut roots = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => results
                .lock()
                .expect("lock")
                .path_errors
                .push((p.clone(), crate::engine::io_message(&e))),
            Ok(m) if m.is_file() => match detect_kind(p) {
                Some(kind) => {
                    // A file named on the command line: its path as typed, when relative.
                    let rel = p.is_relative().then(|| p.clone());
                    let _ = tx.send(Job {
                        path: p.clone(),
                        rel,
                        kind,
                    });
                }
                None => results.lock().expect("lock").files.push(FileReport {
                    path: p.clone(),
                    rel: None,
                    outcome: FileOutcome::Error(
                        "not a source file siglint reads (JavaScript, TypeScript, Ruby, PHP, Java, Python) nor a configuration file".to_string(),
                    ),
                }),
            },
            Ok(_) => roots.push(p.clone()),
        }
    }
    let Some((first, rest)) = roots.split_first() else {
        return;
    };
    let mut builder = WalkBuilder::new(first);
    for r in rest {
        builder.add(r);
    }
    if !opts.no_ignore {
        // Hidden folders and files are skipped like ripgrep does, except `.env` files: that is
        // where committed tokens live.
        builder.filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            if e.depth() == 0 || !name.starts_with('.') {
                return true;
            }
            let is_file = e.file_type().is_some_and(|t| t.is_file());
            is_file && (name == ".env" || name.starts_with(".env."))
        });
    }
    builder
        .hidden(false)
        .ignore(!opts.no_ignore)
        .git_ignore(!opts.no_ignore)
        .git_global(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .parents(!opts.no_ignore)
        .require_git(false)
        .follow_links(false)
        .threads(opts.threads.clamp(1, 4));
    let roots = &roots;
    builder.build_parallel().run(|| {
        let tx = tx.clone();
        Box::new(move |entry| {
            match entry {
                Err(err) => {
                    let path = error_path(&err).unwrap_or_default();
                    results
                        .lock()
                        .expect("lock")
                        .path_errors
                        .push((path, walk_error_message(&err)));
                }
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file()) {
                        if let Some(kind) = detect_kind(e.path()) {
                            let rel = roots
                                .iter()
                                .find_map(|r| e.path().strip_prefix(r).ok())
                                .map(Path::to_path_buf);
                            let job = Job {
                                path: e.into_path(),
                                rel,
                                kind,
                            };
                            if tx.send(job).is_err() {
                                return WalkState::Quit;
                            }
                        }
                    }
                }
            }
            WalkState::Continue
        })
    });
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn walk_error_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_message(err),
        ignore::Error::Io(e) => crate::engine::io_message(e),
        ignore::Error::Loop { ancestor, .. } => {
            format!("symlink loop back to {}", ancestor.display())
        }
        other => other.to_string(),
    }
}

/// A path for display: relative as given, with `./` removed.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}
