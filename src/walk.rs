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
    /// The JavaScript modules each script file imports (to find who imports a signer).
    pub imports: Vec<(PathBuf, Vec<String>)>,
    /// Files the resolution of imports passed over, and why (a `tsconfig.json` that is not
    /// JSON, a symbolic link in a loop).
    pub passed_over: Vec<(PathBuf, String)>,
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
    // Findings in other files (a literal secret of a config module this file hands to a
    // signing helper) are this file's to deliver, even when it has none of its own.
    let noteworthy = !analysis.findings.is_empty()
        || !analysis.elsewhere.is_empty()
        || !analysis.client_candidates.is_empty()
        || source.is_some()
        || analysis.jwt_sites + analysis.legacy_sites > 0
        || analysis.depth_limited
        || analysis.incomplete.is_some()
        || !analysis.notes.is_empty()
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
    let mut caused = reverse_pass(paths, opts, &projects);
    let mut modules = imported_signers(&scan, paths, opts, &projects);
    caused.extend(signer_callers(&scan, &modules, opts, &projects));
    let covered = signings_reported_by_callers(&scan, &caused);
    caused.extend(client_importers(
        &mut scan,
        &mut modules,
        paths,
        &projects,
        &covered,
    ));
    scan.imports = Vec::new();
    merge_elsewhere(&mut scan, opts, paths, &walked, &shared.entries, caused);
    scan.baseline_entries = shared.entries.into_inner().expect("lock");
    scan.baseline_entries.sort();
    scan.files.sort_by(|a, b| a.path.cmp(&b.path));
    scan.path_errors.sort();
    let here = std::env::current_dir().ok();
    for (_, project) in &projects.list {
        for (path, why) in project.problems() {
            let shown = here
                .as_deref()
                .and_then(|h| path.strip_prefix(h).ok())
                .map_or(path.clone(), Path::to_path_buf);
            scan.passed_over.push((shown, why));
        }
    }
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
    /// The JavaScript modules each script file imports (see `Analysis::import_specs`).
    imports: Vec<(PathBuf, Vec<String>)>,
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
        if let Some(mut report) = analyze_guarded(
            &job,
            shared.opts,
            &shared.entries,
            &mut self.dir_config,
            project,
        ) {
            if let FileOutcome::Analysed { analysis, .. } = &mut report.outcome {
                let mut specs = std::mem::take(&mut analysis.import_specs);
                // Kept to the end of the scan, for every script file: no spare room.
                specs.shrink_to_fit();
                if !specs.is_empty() {
                    self.imports.push((job.path.clone(), specs));
                }
            }
            self.kept.extend(count_if_quiet(report, &mut self.quiet));
        }
    }

    fn finish(mut self, results: &Mutex<Scan>, walked: &Mutex<std::collections::HashSet<u64>>) {
        walked.lock().expect("lock").extend(self.walked);
        results
            .lock()
            .expect("lock")
            .imports
            .append(&mut self.imports);
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

    /// The project whose root holds `path` (canonical).
    fn holding(&self, path: &Path) -> Option<&Project> {
        self.list
            .iter()
            .map(|(_, p)| p)
            .find(|p| path.starts_with(p.root()))
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
    caused: Vec<(PathBuf, PathBuf, Finding)>,
) {
    let mut by_path: BTreeMap<PathBuf, Vec<Finding>> = BTreeMap::new();
    // The files whose analysis caused findings in each file.
    let mut causes: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for (cause, path, f) in caused {
        let path = crate::project::canonical(&path);
        let list = causes.entry(path.clone()).or_default();
        if !list.contains(&cause) {
            list.push(cause);
        }
        by_path.entry(path).or_default().push(f);
    }
    for file in &mut scan.files {
        if let FileOutcome::Analysed { analysis, .. } = &mut file.outcome {
            for (path, f) in std::mem::take(&mut analysis.elsewhere) {
                let list = causes.entry(path.clone()).or_default();
                if !list.contains(&file.path) {
                    list.push(file.path.clone());
                }
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
    for (path, findings) in by_path {
        let merged = merge_duplicates(findings);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        // The path as the user would name it: under the scanned path that holds it, written as
        // that path was (absolute or relative); else relative to the working directory when
        // inside it.
        let under_scanned = scanned.iter().find_map(|(canon, given)| {
            let rest = path.strip_prefix(canon).ok()?;
            Some(if rest.as_os_str().is_empty() {
                given.to_path_buf()
            } else {
                given.join(rest)
            })
        });
        let shown = under_scanned.unwrap_or_else(|| {
            path.strip_prefix(&cwd)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| path.clone())
        });
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
                    analysis
                        .caused_by
                        .extend(causes.get(&path).cloned().unwrap_or_default());
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
                        analysis: Box::new(crate::engine::Analysis {
                            findings: kept,
                            caused_by: causes.get(&path).cloned().unwrap_or_default(),
                            ..Default::default()
                        }),
                        source: Some(text),
                    },
                });
            }
        }
    }
    scan.files.sort_by(|a, b| a.path.cmp(&b.path));
}

/// When the scanned paths are only part of their project (a pre-commit hook passes the staged
/// files; `siglint check src/`), files outside them can cause findings inside them: a signer
/// elsewhere signs with the literal secret of a scanned config module. Such files are found
/// (those that may hold signature code and mention the name of a scanned file), analysed in
/// the project, and the findings they place in, or relate to, the scanned files are kept; the
/// rest of their findings are theirs, not the scan's.
fn reverse_pass(
    paths: &[PathBuf],
    opts: &WalkOptions,
    projects: &Projects,
) -> Vec<(PathBuf, PathBuf, Finding)> {
    let mut caused = Vec::new();
    let scanned: Vec<PathBuf> = paths.iter().map(|p| crate::project::canonical(p)).collect();
    let named = |p: &Path| scanned.iter().any(|s| p.starts_with(s));
    for (root, project) in &projects.list {
        if scanned.iter().any(|s| root.starts_with(s)) {
            continue; // the whole project was scanned
        }
        let (stems, families) = scanned_stems(&scanned, root);
        if stems.is_empty() || families == 0 {
            continue;
        }
        let Ok(finder) = aho_corasick::AhoCorasick::new(&stems) else {
            continue;
        };
        // The files that may hold code importing a scanned file. The walk starts from the
        // project's root, which is canonical: so are the paths it gives.
        let mut builder = WalkBuilder::new(root);
        builder
            .hidden(!opts.no_ignore)
            .ignore(!opts.no_ignore)
            .git_ignore(!opts.no_ignore)
            .require_git(false)
            .follow_links(false);
        let candidates: Vec<(PathBuf, FileKind)> = builder
            .build()
            .flatten()
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()) && !named(e.path()))
            .filter_map(|e| match detect_kind(e.path()) {
                Some(kind @ (FileKind::Source(_) | FileKind::Page(_)))
                    if families_of(kind) & families != 0 =>
                {
                    Some((e.into_path(), kind))
                }
                _ => None,
            })
            .collect();
        let mut round = reverse_round(&candidates, root, project, opts, &finder, &named, &named);
        let mut analysed: std::collections::HashSet<PathBuf> = round.analysed.drain(..).collect();
        caused.append(&mut round.findings);
        // Scripts without signature words that import a scanned file and sign through it (a
        // wrapper of the signing helper): their own importers may hand them a secret, up to
        // CALLER_HOPS modules away (`signer_callers` does the same for a whole scan).
        let mut bridges = round.bridges;
        for _ in 1..crate::engine::CALLER_HOPS {
            if bridges.is_empty() {
                break;
            }
            let (stems, _) = scanned_stems(&bridges, root);
            let Ok(finder) = aho_corasick::AhoCorasick::new(&stems) else {
                break;
            };
            let rest: Vec<(PathBuf, FileKind)> = candidates
                .iter()
                .filter(|(p, kind)| crate::engine::is_script_kind(*kind) && !analysed.contains(p))
                .cloned()
                .collect();
            let is_bridge = |p: &Path| bridges.iter().any(|b| b == p);
            let mut round = reverse_round(&rest, root, project, opts, &finder, &is_bridge, &named);
            analysed.extend(round.analysed.drain(..));
            caused.append(&mut round.findings);
            bridges = round.bridges;
        }
    }
    // The threads finish in any order.
    caused.sort_by(|a, b| {
        (&a.0, &a.1, a.2.span.start, a.2.span.end, a.2.code).cmp(&(
            &b.0,
            &b.1,
            b.2.span.start,
            b.2.span.end,
            b.2.code,
        ))
    });
    caused
}

/// What one round of the reverse pass found: the findings that concern the scanned files, the
/// files it analysed, and the scripts without signature words that sign through what they
/// import (their importers are looked at in the next round).
#[derive(Default)]
struct ReverseRound {
    findings: Vec<(PathBuf, PathBuf, Finding)>,
    analysed: Vec<PathBuf>,
    bridges: Vec<PathBuf>,
}

/// [`caused_by`] for each candidate, on as many threads as the scan has.
fn reverse_round(
    candidates: &[(PathBuf, FileKind)],
    root: &Path,
    project: &Project,
    opts: &WalkOptions,
    finder: &aho_corasick::AhoCorasick,
    targets: &(dyn Fn(&Path) -> bool + Sync),
    named: &(dyn Fn(&Path) -> bool + Sync),
) -> ReverseRound {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let found = Mutex::new(ReverseRound::default());
    std::thread::scope(|scope| {
        for i in 0..opts.threads.clamp(1, candidates.len().max(1)) {
            let (next, found) = (&next, &found);
            spawn_worker(scope, format!("siglint-reverse-{i}"), move || loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((path, kind)) = candidates.get(k) else {
                    break;
                };
                let Some(mine) =
                    caused_by(path, *kind, root, project, opts, finder, targets, named)
                else {
                    continue;
                };
                let mut found = found.lock().expect("lock");
                found.analysed.push(path.clone());
                if mine.bridge {
                    found.bridges.push(path.clone());
                }
                found.findings.extend(mine.findings);
            });
        }
    });
    found.into_inner().expect("lock")
}

/// What [`caused_by`] found in one file it analysed.
struct Caused {
    findings: Vec<(PathBuf, PathBuf, Finding)>,
    /// A script without signature words that signs through what it imports.
    bridge: bool,
}

/// What the analysis of `path` (a file of the project outside the scanned paths) places in, or
/// relates to, the scanned files (`named`): `None` (not analysed) unless it may hold signature
/// code (or hands values to code that does) and imports one of the `targets` (the scanned
/// files, or in later rounds the scripts that pass values on to them). A JavaScript module or
/// a page's script is taken to import one when a local import of its text names a target's
/// stem and resolves to it; a file of another language when its text names such a stem.
#[allow(clippy::too_many_arguments)]
fn caused_by(
    path: &Path,
    kind: FileKind,
    root: &Path,
    project: &Project,
    opts: &WalkOptions,
    finder: &aho_corasick::AhoCorasick,
    targets: &dyn Fn(&Path) -> bool,
    named: &dyn Fn(&Path) -> bool,
) -> Option<Caused> {
    // Read as the project reads the files it imports (a byte-order mark dropped, binary text
    // refused), so that spans agree with the model of the same file reached through imports.
    let text = crate::project::read_text(path, opts.max_file_size).ok()?;
    if !finder.is_match(text.as_bytes()) {
        return None;
    }
    // Views with server code of their own (PHP, Blade, ERB, JSP) include it by other means
    // than the script imports `import_specs` reads: their text decides.
    use crate::lang::PageKind;
    let server_view = matches!(
        kind,
        FileKind::Page(PageKind::Php | PageKind::Blade | PageKind::Erb | PageKind::Jsp)
    );
    let script = crate::engine::is_script_kind(kind) && !server_view;
    let imports_target = || {
        crate::project::import_specs(&text)
            .iter()
            .filter(|spec| finder.is_match(spec.as_str()))
            .any(|spec| {
                crate::project::resolve::script_import(project, path, spec)
                    .is_some_and(|target| targets(&target))
            })
    };
    // A script without the words that imports a signing module: analysed as its caller. Asked
    // only of scripts that import a target (resolving every import costs).
    let mut caller = false;
    match crate::prefilter::check(text.as_bytes()) {
        crate::prefilter::Verdict::MayHoldSite => {
            if script && !imports_target() {
                return None;
            }
        }
        crate::prefilter::Verdict::NoSite if script => {
            if !imports_target() {
                return None;
            }
            caller = crate::engine::imports_signer(&text, project, path);
            if !caller && !crate::engine::hands_to_signer(kind, &text, project, path) {
                return None;
            }
        }
        // A file that hands values to a signer of the project (its analysis reads it).
        crate::prefilter::Verdict::NoSite => {
            if !crate::engine::hands_to_signer(kind, &text, project, path) {
                return None;
            }
        }
        crate::prefilter::Verdict::Minified(_) => return None,
    }
    let in_project = crate::engine::InProject {
        project,
        path,
        overriding: None,
    };
    let rel = path.strip_prefix(root).ok();
    let analysis = if caller {
        crate::engine::analyze_caller_in(kind, &text, rel, &Default::default(), in_project)
    } else {
        crate::engine::analyze_text_in(kind, &text, rel, &Default::default(), Some(in_project))
    };
    let bridge = caller && analysis.signings > 0;
    let concerns = |f: &Finding, at: &Path| {
        named(at)
            || f.related
                .iter()
                .any(|r| r.path.as_deref().is_some_and(named))
    };
    let mut kept: Vec<(PathBuf, Finding)> = analysis
        .elsewhere
        .into_iter()
        .filter(|(p, f)| concerns(f, p))
        .collect();
    kept.extend(
        analysis
            .findings
            .into_iter()
            .filter(|f| concerns(f, path))
            .map(|f| (path.to_path_buf(), f)),
    );
    Some(Caused {
        findings: kept
            .into_iter()
            .map(|(p, f)| (path.to_path_buf(), p, f))
            .collect(),
        bridge,
    })
}

/// Kinds of code, as bits: what a file holds, and what may import a file.
const SCRIPT: u8 = 1;
const PYTHON: u8 = 2;
const RUBY: u8 = 4;
const PHP: u8 = 8;
const JAVA: u8 = 16;

/// The kinds of code in a file of `kind` — and so the kinds of code that may import it (or,
/// for a page, include its server code): a page's script is JavaScript beside its server
/// language, a PHP file may hold a page script, a JSON file is imported by JavaScript, other
/// configuration files by nothing that siglint follows.
fn families_of(kind: FileKind) -> u8 {
    use crate::lang::PageKind;
    use crate::model::Language;
    match kind {
        FileKind::Source(l) if l.is_javascript() => SCRIPT,
        FileKind::Source(Language::Python) => PYTHON,
        FileKind::Source(Language::Ruby) => RUBY,
        FileKind::Source(Language::Php) => PHP | SCRIPT,
        FileKind::Source(Language::Java) => JAVA,
        FileKind::Source(_) => SCRIPT | PYTHON | RUBY | PHP | JAVA,
        FileKind::Page(PageKind::Php | PageKind::Blade) => PHP | SCRIPT,
        FileKind::Page(PageKind::Erb) => RUBY | SCRIPT,
        FileKind::Page(PageKind::Jsp) => JAVA | SCRIPT,
        FileKind::Page(_) => SCRIPT,
        FileKind::Config => 0,
    }
}

/// The names by which other files would import the scanned files of a project: their stems
/// (`zoom` for `config/zoom.js`, `ZoomConfig` for `ZoomConfig.java`), or the folder's name for
/// an index or package file; and the kinds of code that may import them ([`families_of`]).
fn scanned_stems(scanned: &[PathBuf], root: &Path) -> (Vec<String>, u8) {
    let mut stems = std::collections::BTreeSet::new();
    let mut families = 0;
    let mut add = |p: &Path| {
        let imported_by = match detect_kind(p) {
            Some(FileKind::Config) => {
                let json = p.extension().is_some_and(|e| e == "json");
                if json {
                    SCRIPT
                } else {
                    0
                }
            }
            Some(kind) => families_of(kind),
            None => 0,
        };
        if imported_by != 0 {
            families |= imported_by;
            stems.extend(import_names(p));
        }
    };
    for s in scanned.iter().filter(|s| s.starts_with(root)) {
        if s.is_file() {
            add(s);
        }
    }
    // Files found under scanned folders: those that had something to report or that a
    // report names are not all; the quiet ones are not kept. A folder scan asks for the names
    // of every file in it.
    for s in scanned.iter().filter(|s| s.is_dir() && s.starts_with(root)) {
        for e in WalkBuilder::new(s).require_git(false).build().flatten() {
            if e.file_type().is_some_and(|t| t.is_file()) {
                add(e.path());
            }
        }
    }
    (stems.into_iter().collect(), families)
}

/// SIG011 across files: a module that signs, imported (directly or through other modules) by
/// browser code of the project — a component, a page, a `'use client'` module, a mobile app's
/// screen — ships its secret too. Each candidate finding of the analyses
/// (`Analysis::client_candidates`) holds when such an importer is found; it then names the
/// chain and relates to the client file's import.
fn client_importers(
    scan: &mut Scan,
    modules: &mut [FileReport],
    paths: &[PathBuf],
    projects: &Projects,
    covered: &std::collections::HashSet<PathBuf>,
) -> Vec<(PathBuf, PathBuf, Finding)> {
    let scanned: Vec<PathBuf> = paths.iter().map(|p| crate::project::canonical(p)).collect();
    let named = |p: &Path| {
        let c = crate::project::canonical(p);
        scanned.iter().any(|s| c.starts_with(s))
    };
    let mut out = Vec::new();
    let has_candidates = |f: &FileReport| match &f.outcome {
        FileOutcome::Analysed { analysis, .. } => !analysis.client_candidates.is_empty(),
        _ => false,
    };
    if !modules.iter().chain(scan.files.iter()).any(has_candidates) {
        return out; // no module that signs in a way browser code could ship
    }
    let mut client_cache: std::collections::HashMap<PathBuf, Option<String>> = Default::default();
    // Importers by the name they import a module by (`zoom` for `../lib/zoom`).
    let mut by_stem: std::collections::HashMap<&str, Vec<(usize, usize)>> = Default::default();
    for (i, (_, specs)) in scan.imports.iter().enumerate() {
        for (j, spec) in specs.iter().enumerate() {
            by_stem.entry(spec_stem(spec)).or_default().push((i, j));
        }
    }
    let outside = modules.len();
    let files = modules.iter_mut().chain(scan.files.iter_mut());
    for (i, file) in files.enumerate() {
        let FileOutcome::Analysed { analysis, .. } = &mut file.outcome else {
            continue;
        };
        if analysis.client_candidates.is_empty() {
            continue;
        }
        // A module outside the scanned paths counts only through a scanned client file.
        let scanned_module = i >= outside;
        let candidates = std::mem::take(&mut analysis.client_candidates);
        let signer = crate::project::canonical(&file.path);
        let Some(project) = projects.holding(&signer) else {
            continue;
        };
        let Some(chain) =
            client_chain(&signer, project, &scan.imports, &by_stem, &mut client_cache)
        else {
            continue;
        };
        let (client, why, import_span) = &chain;
        if !scanned_module && !named(client) {
            continue;
        }
        // Signing code that browser code calls with a secret of its own is reported there,
        // where the secret enters the browser.
        if covered.contains(&signer) {
            continue;
        }
        for f in client_side(&candidates, client, why, *import_span) {
            out.push((signer.clone(), signer.clone(), f));
        }
    }
    out
}

/// The findings of the scanned scripts that hold none of the prefilter's words but import a
/// signing module of their project (an Angular component handing the secret of
/// `environment.ts` to its service, which signs): found through the import lists the scan
/// kept, so that only the importers of modules that sign are read again and analysed. A caller
/// that signs through the module (it wraps the helper) is a signing module in turn: its own
/// callers are looked for, up to [`crate::engine::CALLER_HOPS`] modules away from the signing
/// code. Each finding comes with the importer that caused it. JavaScript and TypeScript only (PHP
/// subclasses are followed by `engine::hands_to_signer` during the scan).
fn signer_callers(
    scan: &Scan,
    modules: &[FileReport],
    opts: &WalkOptions,
    projects: &Projects,
) -> Vec<(PathBuf, PathBuf, Finding)> {
    let signs = |f: &&FileReport| match &f.outcome {
        FileOutcome::Analysed { kind, analysis, .. } => {
            analysis.signings > 0 && crate::engine::is_script_kind(*kind)
        }
        _ => false,
    };
    let mut signers: Vec<PathBuf> = scan
        .files
        .iter()
        .chain(modules)
        .filter(signs)
        .map(|f| crate::project::canonical(&f.path))
        .collect();
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..crate::engine::CALLER_HOPS {
        if signers.is_empty() {
            break;
        }
        let stems: std::collections::HashSet<&str> = signers
            .iter()
            .filter_map(|p| p.file_name()?.to_str())
            .map(spec_stem)
            .collect();
        let mut next = Vec::new();
        for (importer, specs) in &scan.imports {
            let mut local = specs.iter().filter(|s| stems.contains(spec_stem(s)));
            let Some(first) = local.next() else { continue };
            let Some(kind) = detect_kind(importer) else {
                continue;
            };
            let importer_c = crate::project::canonical(importer);
            if seen.contains(&importer_c) {
                continue;
            }
            let Some(project) = projects.holding(&importer_c) else {
                continue;
            };
            let calls_signer = std::iter::once(first).chain(local).any(|spec| {
                crate::project::resolve::script_import(project, &importer_c, spec)
                    .is_some_and(|t| t != importer_c && signers.contains(&t))
            });
            if !calls_signer {
                continue;
            }
            seen.insert(importer_c.clone());
            let Ok(text) = crate::project::read_text(&importer_c, opts.max_file_size) else {
                continue;
            };
            // A script with the words was analysed in the scan, imports and all.
            if !matches!(
                crate::prefilter::check(text.as_bytes()),
                crate::prefilter::Verdict::NoSite
            ) {
                continue;
            }
            let analysis = crate::engine::analyze_caller_in(
                kind,
                &text,
                importer_c.strip_prefix(project.root()).ok(),
                &Default::default(),
                crate::engine::InProject {
                    project,
                    path: &importer_c,
                    overriding: None,
                },
            );
            if analysis.signings > 0 {
                next.push(importer_c.clone());
            }
            let here = analysis.findings.into_iter().map(|f| (importer.clone(), f));
            for (path, f) in here.chain(analysis.elsewhere) {
                out.push((importer.clone(), path, f));
            }
        }
        signers = next;
    }
    out
}

/// The files of signing code that SIG011 findings of their callers relate to (browser code
/// that hands it a secret of its own: the finding is at that secret), by canonical path.
fn signings_reported_by_callers(
    scan: &Scan,
    caused: &[(PathBuf, PathBuf, Finding)],
) -> std::collections::HashSet<PathBuf> {
    let analysed = scan.files.iter().filter_map(|file| match &file.outcome {
        FileOutcome::Analysed { analysis, .. } => Some((&file.path, analysis)),
        _ => None,
    });
    // Each finding with the file it is in: a related place without a path is in that file (a
    // secret and the signing code that uses it, both in an imported module).
    let findings = analysed
        .flat_map(|(path, a)| {
            let here = a.findings.iter().map(move |f| (path, f));
            here.chain(a.elsewhere.iter().map(|(p, f)| (p, f)))
        })
        .chain(caused.iter().map(|(_, p, f)| (p, f)));
    findings
        .filter(|(_, f)| f.code == "SIG011")
        .flat_map(|(at, f)| {
            f.related
                .iter()
                .map(move |r| crate::project::canonical(r.path.as_deref().unwrap_or(at)))
        })
        .collect()
}

/// The SIG011 findings of a signing module's candidates once browser code (`client`, `why` it
/// is) is found to import it at `import_span`: the message names the client file, a related
/// place points at its import.
fn client_side(
    candidates: &[Finding],
    client: &Path,
    why: &str,
    import_span: crate::model::Span,
) -> Vec<Finding> {
    let shown = shown_path(client);
    candidates
        .iter()
        .cloned()
        .map(|mut f| {
            f.message.push_str(&format!(
                " (`{shown}` is browser code: {why}, and imports it)"
            ));
            f.related.push(crate::diagnostic::Related {
                span: import_span,
                message: "browser code imports the signing module here".into(),
                path: Some(client.to_path_buf()),
            });
            f
        })
        .collect()
}

/// SIG011 across files for one signing module, as a scan of its whole project finds it (the
/// language server asks for each open module): `candidates` are the module's
/// `Analysis::client_candidates`, `imports` the JavaScript modules each script file of the
/// project imports (`project::import_specs`). The findings that hold, and the browser file that
/// makes them hold.
pub fn client_side_findings(
    signer: &Path,
    project: &Project,
    imports: &[(PathBuf, Vec<String>)],
    candidates: &[Finding],
) -> Option<(PathBuf, Vec<Finding>)> {
    if candidates.is_empty() {
        return None;
    }
    let mut by_stem: std::collections::HashMap<&str, Vec<(usize, usize)>> = Default::default();
    for (i, (_, specs)) in imports.iter().enumerate() {
        for (j, spec) in specs.iter().enumerate() {
            by_stem.entry(spec_stem(spec)).or_default().push((i, j));
        }
    }
    let signer = crate::project::canonical(signer);
    let (client, why, span) =
        client_chain(&signer, project, imports, &by_stem, &mut Default::default())?;
    let findings = client_side(candidates, &client, &why, span);
    Some((client, findings))
}

/// The name a module is imported by: the last part of the specifier without its extension
/// (`zoom` for `../lib/zoom.js`), or the folder for an index (`zoom` for `./zoom/index`).
pub fn spec_stem(spec: &str) -> &str {
    let spec = spec.trim_end_matches('/');
    let mut parts = spec.rsplit('/');
    let last = parts.next().unwrap_or(spec);
    let stem = last.split('.').next().unwrap_or(last);
    if stem == "index" || stem.is_empty() {
        return parts.next().unwrap_or(stem);
    }
    stem
}

/// A browser-code module of the project that imports `signer`, directly or through other
/// modules (up to five steps): its path, why it is browser code, and where it imports the
/// next module of the chain.
fn client_chain(
    signer: &Path,
    project: &Project,
    imports: &[(PathBuf, Vec<String>)],
    by_stem: &std::collections::HashMap<&str, Vec<(usize, usize)>>,
    client_cache: &mut std::collections::HashMap<PathBuf, Option<String>>,
) -> Option<(PathBuf, String, crate::model::Span)> {
    let mut frontier = vec![signer.to_path_buf()];
    let mut seen = std::collections::HashSet::new();
    seen.insert(signer.to_path_buf());
    for _ in 0..5 {
        let mut next = Vec::new();
        for target in &frontier {
            let stem = match target.file_stem().and_then(|s| s.to_str()) {
                Some("index") => target
                    .parent()
                    .and_then(|d| d.file_name())
                    .and_then(|n| n.to_str())
                    .unwrap_or(""),
                Some(s) => s.split('.').next().unwrap_or(s),
                None => "",
            };
            for &(i, j) in by_stem.get(stem).map_or(&[][..], |v| v.as_slice()) {
                let (importer, specs) = &imports[i];
                let importer_c = crate::project::canonical(importer);
                if seen.contains(&importer_c) {
                    continue;
                }
                let Some(language) = crate::lang::detect(importer).or_else(|| {
                    crate::lang::page_kind(importer).map(|_| crate::model::Language::JavaScript)
                }) else {
                    continue;
                };
                let resolved = crate::project::resolve::resolve(
                    project,
                    &importer_c,
                    language,
                    &specs[j],
                    crate::model::ImportKind::Module,
                    None,
                );
                if resolved.as_deref() != Some(target.as_path()) {
                    continue;
                }
                seen.insert(importer_c.clone());
                let why = client_cache
                    .entry(importer_c.clone())
                    .or_insert_with(|| client_signal(&importer_c, project.root()))
                    .clone();
                if let Some(why) = why {
                    let span = import_span(&importer_c, &specs[j]);
                    return Some((importer_c, why, span));
                }
                next.push(importer_c);
            }
        }
        if next.is_empty() {
            return None;
        }
        frontier = next;
    }
    None
}

/// Why a module is browser code, if it is: a page or component, or what the JS/TS file shows.
fn client_signal(path: &Path, root: &Path) -> Option<String> {
    use crate::lang::PageKind;
    if let Some(kind) = crate::lang::page_kind(path) {
        if matches!(kind, PageKind::Vue | PageKind::Svelte | PageKind::Html) {
            return Some(format!("a {} file", kind.name()));
        }
    }
    let language = crate::lang::detect(path).filter(|l| l.is_javascript())?;
    let text = std::fs::read_to_string(path).ok()?;
    let model = crate::lang::lower(language, &text)?;
    let rel = path.strip_prefix(root).ok();
    crate::sites::browser_signal(&model, rel).map(|s| s.0)
}

/// Where a file imports `spec`: the quoted specifier in its text.
fn import_span(path: &Path, spec: &str) -> crate::model::Span {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    for q in ['\'', '"', '`'] {
        if let Some(at) = text.find(&format!("{q}{spec}{q}")) {
            return crate::model::Span::new(at, at + spec.len() + 2);
        }
    }
    crate::model::Span::new(0, 0)
}

/// A path for display: relative to the working directory when it lies inside it.
pub fn shown_path(path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    match path.strip_prefix(&cwd) {
        Ok(rel) if path.is_absolute() => display_path(rel),
        _ => display_path(path),
    }
}

/// The signing modules that scanned script files import but the scan did not reach (a
/// pre-commit hook passes the staged component, not the helper it imports): analysed, so that
/// a scanned client file that imports signing code is told (SIG011 across files), and a
/// scanned file that hands one a secret is analysed as its caller (`signer_callers`).
fn imported_signers(
    scan: &Scan,
    paths: &[PathBuf],
    opts: &WalkOptions,
    projects: &Projects,
) -> Vec<FileReport> {
    let scanned: Vec<PathBuf> = paths.iter().map(|p| crate::project::canonical(p)).collect();
    let named = |p: &Path| scanned.iter().any(|s| p.starts_with(s));
    let mut out = Vec::new();
    // When every project was scanned whole, its modules were all analysed: nothing to look
    // up (and no importer's path to make canonical, a system call each).
    let whole = |root: &Path| scanned.iter().any(|s| root.starts_with(s));
    if projects.list.iter().all(|(_, p)| whole(p.root())) {
        return out;
    }
    let mut seen = std::collections::HashSet::new();
    // The scanned paths as written: an import that leads, by its text alone, into one of them
    // names a file the scan analysed (most imports of a scanned folder stay in it), and is
    // neither made canonical nor resolved.
    let given: Vec<PathBuf> = paths.iter().filter_map(|p| lexical(p)).collect();
    let inside = |importer: &Path, spec: &str| {
        (spec.starts_with("./") || spec.starts_with("../"))
            && importer
                .parent()
                .and_then(|dir| lexical(&dir.join(spec)))
                .is_some_and(|target| given.iter().any(|g| target.starts_with(g)))
    };
    for (importer, specs) in &scan.imports {
        if specs.iter().all(|spec| inside(importer, spec)) {
            continue;
        }
        let importer_as_walked = importer;
        let importer = crate::project::canonical(importer);
        let Some(project) = projects.holding(&importer) else {
            continue;
        };
        if scanned.iter().any(|s| project.root().starts_with(s)) {
            continue; // the whole project was scanned: its modules were analysed
        }
        for spec in specs.iter().filter(|s| !inside(importer_as_walked, s)) {
            let Some(target) = crate::project::resolve::script_import(project, &importer, spec)
            else {
                continue;
            };
            if named(&target) || !seen.insert(target.clone()) {
                continue;
            }
            let Some(kind @ FileKind::Source(_)) = detect_kind(&target) else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(&target) else {
                continue;
            };
            if text.len() as u64 > opts.max_file_size {
                continue;
            }
            let in_project = crate::engine::InProject {
                project,
                path: &target,
                overriding: None,
            };
            // A module without signature words that passes values on to one is analysed as its
            // caller (`engine::analyze_file_in`): a scanned file may hand it a secret.
            let mut analysis = crate::engine::analyze_file_in(
                kind,
                &text,
                target.strip_prefix(project.root()).ok(),
                &Default::default(),
                in_project,
            );
            // Kept when browser code importing it would ship its secret, or when it signs
            // (the scanned file may hand it the secret: `signer_callers`).
            if analysis.client_candidates.is_empty() && analysis.signings == 0 {
                continue;
            }
            analysis.findings.clear();
            analysis.elsewhere.clear();
            out.push(FileReport {
                path: target,
                rel: None,
                outcome: FileOutcome::Analysed {
                    kind,
                    analysis: Box::new(analysis),
                    source: None,
                },
            });
        }
    }
    out
}

/// One finding per code and place, with the related places of all (the same finding reached
/// from several files).
pub fn merge_duplicates(mut findings: Vec<Finding>) -> Vec<Finding> {
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
                // The same place, reached by the analyses of different files, may be named by
                // different paths (as walked, or canonical).
                let place = |r: &crate::diagnostic::Related| {
                    (
                        (r.span.start, r.span.end),
                        r.message.clone(),
                        r.path.as_deref().map(crate::project::canonical),
                    )
                };
                for r in f.related {
                    if !last.related.iter().any(|l| place(l) == place(&r)) {
                        last.related.push(r);
                    }
                }
            }
            _ => merged.push(f),
        }
    }
    merged
}

/// `path` with its `.` and `..` parts worked out from the text alone (no file system):
/// `None` when a `..` climbs above where the path starts.
fn lexical(path: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    return None;
                }
                out.pop();
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// The names other files would import a file by: its stem (`zoom` for `config/zoom.js`), the
/// folder's name for an index or package file, and the class name Rails autoloads from a
/// snake-case file (`ZoomConfig` from `zoom_config.rb`), as `siglint check` looks for them.
pub fn import_names(path: &Path) -> Vec<String> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let stem = stem.split('.').next().unwrap_or(stem);
    let name = if matches!(stem, "index" | "__init__" | "mod" | "main") {
        path.parent()
            .and_then(|d| d.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or("")
    } else {
        stem
    };
    if name.len() < 3 {
        return Vec::new();
    }
    let mut out = vec![name.to_string()];
    if name.contains('_') {
        let camel: String = name
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect();
        out.push(camel);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_paths_work_out_dots_and_refuse_to_climb_above_their_start() {
        let l = |p: &str| lexical(Path::new(p)).map(|p| p.to_string_lossy().into_owned());
        assert_eq!(
            l("apps/web/src/../lib/./zoom").as_deref(),
            Some("apps/web/lib/zoom")
        );
        assert_eq!(l("./src/a.ts").as_deref(), Some("src/a.ts"));
        assert_eq!(l("/repo/a/../b").as_deref(), Some("/repo/b"));
        assert_eq!(l(".").as_deref(), Some(""));
        assert_eq!(l("src/../../other"), None);
        assert_eq!(l("../x"), None);
        assert_eq!(l("/.."), None);
    }

    #[test]
    fn code_is_looked_for_among_the_kinds_that_can_import_it() {
        use crate::lang::PageKind;
        use crate::model::Language;
        let js = families_of(FileKind::Source(Language::TypeScript));
        // A Vue component or an ERB view's script imports JavaScript modules; a Python module
        // does not.
        assert_ne!(families_of(FileKind::Page(PageKind::Vue)) & js, 0);
        assert_ne!(families_of(FileKind::Page(PageKind::Erb)) & js, 0);
        assert_eq!(families_of(FileKind::Source(Language::Python)) & js, 0);
        // A Ruby file is included by ERB views and by Ruby, not by Java.
        let rb = families_of(FileKind::Source(Language::Ruby));
        assert_ne!(families_of(FileKind::Page(PageKind::Erb)) & rb, 0);
        assert_eq!(families_of(FileKind::Source(Language::Java)) & rb, 0);
        // A PHP file may hold a page script too.
        assert_ne!(families_of(FileKind::Source(Language::Php)) & js, 0);
    }
}
