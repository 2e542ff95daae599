//! File discovery: the `ignore` crate's parallel walker (gitignore/.ignore aware, hidden files
//! skipped unless `--no-ignore`), language detection by file name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};

use crate::baseline::Baseline;
use crate::config::ConfigResolver;
use crate::diagnostic::Finding;
use crate::engine::{analyze_file, detect_kind, FileKind, FileOutcome, FileReport};
use crate::project::Project;

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

impl Policy {
    /// The policy of a scan of `paths`: the configuration (`config` for every path, or the
    /// nearest `siglint.toml` above each file) and the baseline to subtract. A broken
    /// configuration above a scanned path, or an unreadable baseline, is an error before
    /// anything is scanned.
    pub fn for_scan(
        config: Option<&Path>,
        paths: &[PathBuf],
        baseline: Option<&Path>,
        write_baseline: bool,
    ) -> Result<Policy, String> {
        let configs = ConfigResolver::new(config).map_err(|e| e.to_string())?;
        for p in paths {
            if p.exists() {
                configs.for_path(p).map_err(|e| e.to_string())?;
            }
        }
        let baseline = match baseline {
            Some(file) => Some(crate::baseline::load_baseline(file).map_err(|e| e.to_string())?),
            None => None,
        };
        Ok(Policy {
            configs,
            baseline,
            write_baseline,
        })
    }
}

/// The result of scanning paths. Only files with something to report are kept whole (findings,
/// sites, notes, problems); the others are counted, so that memory follows the largest file and
/// not the number of files.
#[derive(Debug, Default)]
pub struct Scan {
    /// Files with findings, signature sites or a note, and files that could not be read.
    pub files: Vec<FileReport>,
    /// Analysed files with nothing to report, counted.
    pub quiet: QuietFiles,
    /// With `Policy::write_baseline`: the entries of every finding.
    pub baseline_entries: Vec<crate::baseline::Entry>,
    /// Problems with the paths themselves (missing paths, walk errors such as symlink loops).
    pub path_errors: Vec<(PathBuf, String)>,
}

/// Analysed files that had nothing to report: no finding, no signature site, no note.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct QuietFiles {
    /// How many, per language (`Language::name`, or `config` for configuration files).
    pub by_language: BTreeMap<&'static str, usize>,
    /// How many of them had regions tree-sitter could not parse.
    pub with_syntax_errors: usize,
}

impl QuietFiles {
    pub fn total(&self) -> usize {
        self.by_language.values().sum()
    }

    fn merge(&mut self, other: QuietFiles) {
        for (language, n) in other.by_language {
            *self.by_language.entry(language).or_default() += n;
        }
        self.with_syntax_errors += other.with_syntax_errors;
    }
}

/// The name of a file kind's language, as reports count it.
pub fn language_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Source(language) => language.name(),
        FileKind::Page(page) => page.id(),
        FileKind::Config => "config",
    }
}

/// Counts `report` in `quiet` when it has nothing to report; else gives it back.
fn count_if_quiet(report: FileReport, quiet: &mut QuietFiles) -> Option<FileReport> {
    let FileOutcome::Analysed {
        kind,
        analysis,
        source,
    } = &report.outcome
    else {
        return Some(report);
    };
    let noteworthy = !analysis.findings.is_empty()
        || source.is_some()
        || analysis.jwt_sites + analysis.legacy_sites > 0
        || analysis.depth_limited
        || analysis.incomplete.is_some()
        || analysis.minified.is_some();
    if noteworthy {
        return Some(report);
    }
    *quiet.by_language.entry(language_name(*kind)).or_default() += 1;
    if analysis.syntax_errors > 0 {
        quiet.with_syntax_errors += 1;
    }
    None
}

/// Stack size of the analysis workers: lowering and evaluation recurse (depth-bounded), and a
/// bounded recursion on a pathological file must still fit.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Files per message from the walker to the analysis workers: one channel operation (and, when a
/// side waits, one wake-up) per batch rather than per file.
const BATCH: usize = 32;

/// Walks `paths` and analyses every file in a known language. Explicitly named files are
/// always analysed, whatever the ignore files say.
///
/// The `ignore` walker only discovers files; it streams them in batches through a bounded
/// channel to analysis workers that own large stacks, so memory stays bounded and no file can
/// overflow a walker thread's stack. Each worker keeps what it found to itself until the end.
/// With one thread (`-j 1`) there is no channel: one thread with that stack walks and analyses.
pub fn scan(paths: &[PathBuf], opts: &WalkOptions) -> Scan {
    let results = Mutex::new(Scan::default());
    let projects = Projects::of(paths, opts.max_file_size);
    let shared = Shared {
        opts,
        seen: Mutex::new(Default::default()),
        entries: Mutex::new(Vec::new()),
        // Only several paths can name one file twice; one root never does.
        overlapping: paths.len() > 1,
        projects: &projects,
        walked: Mutex::new(Default::default()),
    };
    let threads = opts.threads.max(1);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Job>>(16 * threads);
    let rx = Mutex::new(rx);
    std::thread::scope(|scope| {
        if threads == 1 {
            // One thread, as asked: it walks and analyses each file as it is found.
            spawn_worker(scope, "siglint-worker-0".to_string(), || {
                let mut worker = Worker::default();
                let mut analyse = |job: Job| {
                    worker.analyse(job, &shared);
                    true
                };
                discover(paths, opts, Sink::Inline(&mut analyse), &results, &projects);
                worker.finish(&results, &shared.walked);
            });
            return;
        }
        for i in 0..threads {
            let (rx, results, shared) = (&rx, &results, &shared);
            spawn_worker(scope, format!("siglint-worker-{i}"), move || {
                let mut worker = Worker::default();
                loop {
                    let next = rx.lock().expect("lock").recv();
                    let Ok(batch) = next else { break };
                    for job in batch {
                        worker.analyse(job, shared);
                    }
                }
                worker.finish(results, &shared.walked);
            });
        }
        discover(paths, opts, Sink::Channel(&tx), &results, &projects);
        drop(tx);
    });
    let mut scan = results.into_inner().expect("lock");
    let walked = shared.walked.into_inner().expect("lock");
    merge_elsewhere(&mut scan, opts, paths, &walked, &shared.entries);
    scan.baseline_entries = shared.entries.into_inner().expect("lock");
    scan.baseline_entries.sort();
    scan.files.sort_by(|a, b| a.path.cmp(&b.path));
    scan.path_errors.sort();
    scan
}

/// Starts an analysis thread, with the stack analysis needs.
fn spawn_worker<'scope, F: FnOnce() + Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    name: String,
    work: F,
) {
    std::thread::Builder::new()
        .name(name)
        .stack_size(WORKER_STACK)
        .spawn_scoped(scope, work)
        .expect("spawn analysis worker");
}

/// What every analysis worker shares.
struct Shared<'a> {
    opts: &'a WalkOptions,
    /// Files seen, when several paths may name one file (`siglint check a.js . ./a.js`).
    seen: Mutex<std::collections::HashSet<PathBuf>>,
    overlapping: bool,
    /// Baseline entries, with `--write-baseline`.
    entries: Mutex<Vec<crate::baseline::Entry>>,
    /// The projects the scanned paths are in.
    projects: &'a Projects,
    /// Every file analysed, by the hash of its path (findings that analyses of other files
    /// place in it are merged into its report at the end).
    walked: Mutex<std::collections::HashSet<u64>>,
}

/// One analysis worker's own state: what it found, until the end of the scan.
#[derive(Default)]
struct Worker {
    kept: Vec<FileReport>,
    quiet: QuietFiles,
    dir_config: DirConfig,
    /// The paths (hashed) of the files this worker analysed.
    walked: std::collections::HashSet<u64>,
}

impl Worker {
    fn analyse(&mut self, job: Job, shared: &Shared) {
        if shared.overlapping {
            let key = std::fs::canonicalize(&job.path).unwrap_or_else(|_| job.path.clone());
            if !shared.seen.lock().expect("lock").insert(key) {
                return;
            }
        }
        self.walked.insert(path_hash(&job.path));
        let project = shared.projects.get(job.project);
        if let Some(report) = analyze_guarded(
            &job,
            shared.opts,
            &shared.entries,
            &mut self.dir_config,
            project,
        ) {
            self.kept.extend(count_if_quiet(report, &mut self.quiet));
        }
    }

    fn finish(mut self, results: &Mutex<Scan>, walked: &Mutex<std::collections::HashSet<u64>>) {
        walked.lock().expect("lock").extend(self.walked);
        let mut results = results.lock().expect("lock");
        results.files.append(&mut self.kept);
        results.quiet.merge(self.quiet);
    }
}

/// [`analyze_job`], where a bug costs one file and never the scan: a panic becomes a problem
/// report. `None` when the configuration excludes the file.
fn analyze_guarded(
    job: &Job,
    opts: &WalkOptions,
    entries: &Mutex<Vec<crate::baseline::Entry>>,
    dir_config: &mut DirConfig,
    project: Option<&Project>,
) -> Option<FileReport> {
    let analysed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        analyze_job(job, opts, entries, dir_config, project)
    }));
    match analysed {
        Ok(report) => report,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Some(FileReport {
                path: job.path.clone(),
                rel: job.rel.clone(),
                outcome: FileOutcome::Error(format!(
                    "internal error while analysing this file ({what}); please report it"
                )),
            })
        }
    }
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
    dir_config: &mut DirConfig,
    project: Option<&Project>,
) -> Option<FileReport> {
    let config = match &opts.policy {
        Some(p) => match dir_config.get(&job.path, &p.configs) {
            Ok(c) => Some(c),
            Err(message) => {
                return Some(FileReport {
                    path: job.path.clone(),
                    rel: job.rel.clone(),
                    outcome: FileOutcome::Error(format!("configuration error: {message}")),
                })
            }
        },
        None => None,
    };
    // The path relative to the configuration's root, for its patterns.
    let config_rel = match (&config, &dir_config.rel, job.path.file_name()) {
        (Some(_), Some(dir), Some(name)) => Some(dir.join(name)),
        _ => None,
    };
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
        project,
    ))
}

/// The configuration of the directory a worker's last file was in: files come in batches from
/// one walker thread, most of them several from one directory, so the lookup (a path made
/// absolute, a map keyed by paths) is done once per directory rather than per file.
#[derive(Default)]
struct DirConfig {
    /// The directory, as the file's path names it.
    dir: Option<PathBuf>,
    config: Option<Result<Arc<crate::config::Config>, String>>,
    /// The directory relative to the configuration's root; `None` outside it.
    rel: Option<PathBuf>,
}

impl DirConfig {
    /// The configuration of the file at `path`.
    fn get(
        &mut self,
        path: &Path,
        configs: &ConfigResolver,
    ) -> Result<Arc<crate::config::Config>, String> {
        let dir = path.parent().unwrap_or(Path::new(""));
        if self.dir.as_deref() != Some(dir) || self.config.is_none() {
            let abs = configs.absolute(dir);
            let config = configs.for_dir(&abs).map_err(|e| e.to_string());
            self.rel = match &config {
                Ok(c) => abs.strip_prefix(&c.root).ok().map(Path::to_path_buf),
                Err(_) => None,
            };
            self.dir = Some(dir.to_path_buf());
            self.config = Some(config);
        }
        self.config.clone().expect("set above")
    }
}

/// A file to analyse, with its path relative to the root it was found under.
struct Job {
    path: PathBuf,
    rel: Option<PathBuf>,
    kind: FileKind,
    /// Its project (an index into [`Projects`]).
    project: usize,
}

/// Where discovered files go: in batches to the analysis workers, or straight to an analysis
/// in the walking thread (one thread in all). The closure returns `false` to stop the walk.
enum Sink<'a> {
    Channel(&'a SyncSender<Vec<Job>>),
    Inline(&'a mut dyn FnMut(Job) -> bool),
}

/// Sends every file to analyse to `sink`; records path problems in `results`.
fn discover(
    paths: &[PathBuf],
    opts: &WalkOptions,
    sink: Sink,
    results: &Mutex<Scan>,
    projects: &Projects,
) {
    let mut sink = sink;
    let mut roots = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => results
                .lock()
                .expect("lock")
                .path_errors
                .push((p.clone(), crate::files::io_message(&e))),
            Ok(m) if m.is_file() => match detect_kind(p) {
                Some(kind) => {
                    // A file named on the command line: its path as typed, when relative.
                    let rel = p.is_relative().then(|| p.clone());
                    let job = Job {
                        path: p.clone(),
                        rel,
                        kind,
                        project: projects.of_path(p),
                    };
                    match &mut sink {
                        Sink::Channel(tx) => {
                            let _ = tx.send(vec![job]);
                        }
                        Sink::Inline(analyse) => {
                            analyse(job);
                        }
                    }
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
    let roots: &Vec<(PathBuf, usize)> = &roots
        .iter()
        .map(|r| (r.clone(), projects.of_path(r)))
        .collect();
    match sink {
        Sink::Inline(analyse) => {
            for entry in builder.build() {
                if let Some(job) = job_of(entry, roots, results) {
                    if !analyse(job) {
                        break;
                    }
                }
            }
        }
        Sink::Channel(tx) => builder.build_parallel().run(|| {
            let mut batch = Batch {
                tx: tx.clone(),
                jobs: Vec::with_capacity(BATCH),
            };
            Box::new(move |entry| {
                let sent = job_of(entry, roots, results).is_none_or(|job| batch.push(job));
                if sent {
                    WalkState::Continue
                } else {
                    WalkState::Quit
                }
            })
        }),
    }
}

/// The job for a walk entry: a file in a known language, or nothing (a directory, another
/// file); a walk error goes to `results`.
fn job_of(
    entry: Result<ignore::DirEntry, ignore::Error>,
    roots: &[(PathBuf, usize)],
    results: &Mutex<Scan>,
) -> Option<Job> {
    let e = match entry {
        Ok(e) => e,
        Err(err) => {
            let path = error_path(&err).unwrap_or_default();
            results
                .lock()
                .expect("lock")
                .path_errors
                .push((path, walk_error_message(&err)));
            return None;
        }
    };
    if !e.file_type().is_some_and(|t| t.is_file()) {
        return None;
    }
    let kind = detect_kind(e.path())?;
    let (rel, project) = roots
        .iter()
        .find_map(|(r, project)| Some((e.path().strip_prefix(r).ok()?, *project)))
        .map(|(rel, project)| (Some(rel.to_path_buf()), project))
        .unwrap_or((None, 0));
    Some(Job {
        path: e.into_path(),
        rel,
        kind,
        project,
    })
}

/// The jobs one walker thread found and has not sent yet; the rest is sent when the thread's
/// walk ends (on drop).
struct Batch {
    tx: SyncSender<Vec<Job>>,
    jobs: Vec<Job>,
}

impl Batch {
    /// Adds a job, sending the batch when full; `false` when the workers are gone.
    fn push(&mut self, job: Job) -> bool {
        self.jobs.push(job);
        if self.jobs.len() < BATCH {
            return true;
        }
        let full = std::mem::replace(&mut self.jobs, Vec::with_capacity(BATCH));
        self.tx.send(full).is_ok()
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        if !self.jobs.is_empty() {
            let _ = self.tx.send(std::mem::take(&mut self.jobs));
        }
    }
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
        ignore::Error::Io(e) => crate::files::io_message(e),
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

/// The projects of a scan's paths: each path's project root (see [`Project::root_of`]), one
/// [`Project`] per root, shared by the workers.
pub struct Projects {
    list: Vec<(PathBuf, Project)>,
}

impl Projects {
    fn of(paths: &[PathBuf], max_file_size: u64) -> Projects {
        let mut list: Vec<(PathBuf, Project)> = Vec::new();
        for p in paths {
            let root = Project::root_of(p);
            if !list.iter().any(|(r, _)| *r == root) {
                let project = Project::new(&root, max_file_size);
                list.push((root, project));
            }
        }
        Projects { list }
    }

    /// The project of a scanned path (an index for [`Projects::get`]).
    fn of_path(&self, path: &Path) -> usize {
        let root = Project::root_of(path);
        self.list.iter().position(|(r, _)| *r == root).unwrap_or(0)
    }

    fn get(&self, i: usize) -> Option<&Project> {
        self.list.get(i).map(|(_, p)| p)
    }
}

fn path_hash(path: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut h);
    h.finish()
}

/// Findings that the analysis of one file placed in another (a literal secret in the config
/// module a signer imports) join that file's report: after its suppressions, configuration and
/// baseline, once (the same finding reached from several files is one finding, with the related
/// places of all).
fn merge_elsewhere(
    scan: &mut Scan,
    opts: &WalkOptions,
    paths: &[PathBuf],
    walked: &std::collections::HashSet<u64>,
    entries: &Mutex<Vec<crate::baseline::Entry>>,
) {
    let mut by_path: BTreeMap<PathBuf, Vec<Finding>> = BTreeMap::new();
    for file in &mut scan.files {
        if let FileOutcome::Analysed { analysis, .. } = &mut file.outcome {
            for (path, f) in std::mem::take(&mut analysis.elsewhere) {
                by_path.entry(path).or_default().push(f);
            }
        }
    }
    if by_path.is_empty() {
        return;
    }
    // Reports by canonical path, to find the one a finding belongs to.
    let mut index: std::collections::HashMap<PathBuf, usize> = scan
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (crate::project::canonical(&f.path), i))
        .collect();
    // The scanned paths, canonical, to tell whether the walk went through a file.
    let scanned: Vec<(PathBuf, &PathBuf)> = paths
        .iter()
        .map(|p| (crate::project::canonical(p), p))
        .collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    for (path, mut findings) in by_path {
        // One finding per code and place, with every related place.
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
        });
        let mut merged: Vec<Finding> = Vec::new();
        for f in findings {
            match merged.last_mut() {
                Some(last)
                    if last.code == f.code
                        && (last.span.start, last.span.end) == (f.span.start, f.span.end) =>
                {
                    for r in f.related {
                        if !last.related.contains(&r) {
                            last.related.push(r);
                        }
                    }
                }
                _ => merged.push(f),
            }
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        // The path as the user would name it: relative to the working directory when inside it.
        let shown = path
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.clone());
        let config = opts
            .policy
            .as_ref()
            .and_then(|p| p.configs.for_path(&path).ok());
        let config_rel = config.as_ref().and_then(|c| c.relative(&path));
        if let (Some(c), Some(rel)) = (&config, &config_rel) {
            if c.is_excluded(rel) {
                continue;
            }
        }
        let secrets = crate::baseline::secrets(&merged);
        let display = display_path(&shown);
        let mut kept = filter_findings(config.as_deref(), config_rel.as_deref(), &text, merged);
        if let Some(p) = &opts.policy {
            if let Some(b) = &p.baseline {
                kept = crate::baseline::filter_new(&display, &text, kept, &secrets, b);
            }
            if p.write_baseline {
                let new = crate::baseline::entries_for_file(&display, &text, &kept, &secrets);
                entries.lock().expect("lock").extend(new);
            }
        }
        if kept.is_empty() {
            continue;
        }
        match index.get(&path) {
            Some(&i) => {
                if let FileOutcome::Analysed {
                    analysis, source, ..
                } = &mut scan.files[i].outcome
                {
                    for f in kept {
                        if !analysis.findings.iter().any(|g| {
                            g.code == f.code
                                && (g.span.start, g.span.end) == (f.span.start, f.span.end)
                        }) {
                            analysis.findings.push(f);
                        }
                    }
                    analysis.findings.sort_by(|a, b| {
                        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
                    });
                    if source.is_none() {
                        *source = Some(text);
                    }
                }
            }
            None => {
                let kind = detect_kind(&path).unwrap_or(FileKind::Config);
                // A file the walk counted as having nothing to report now has.
                let walked_as = scanned.iter().any(|(canon, given)| {
                    path.strip_prefix(canon)
                        .is_ok_and(|rest| walked.contains(&path_hash(&given.join(rest))))
                        || (path == *canon && walked.contains(&path_hash(given)))
                });
                if walked_as {
                    if let Some(n) = scan.quiet.by_language.get_mut(language_name(kind)) {
                        *n = n.saturating_sub(1);
                    }
                }
                index.insert(path.clone(), scan.files.len());
                scan.files.push(FileReport {
                    path: shown,
                    rel: None,
                    outcome: FileOutcome::Analysed {
                        kind,
                        analysis: crate::engine::Analysis {
                            findings: kept,
                            ..Default::default()
                        },
                        source: Some(text),
                    },
                });
            }
        }
    }
    scan.files.sort_by(|a, b| a.path.cmp(&b.path));
}
