//! Organisation-wide scans (`siglint report --repos FILE`): each listed repository is cloned
//! shallowly with the user's `git` into a temporary folder, scanned, and deleted, a bounded
//! number at a time (`-j`). Each result is written to the state folder (`--state DIR`) as soon
//! as it is known, so a killed run resumes where it stopped, and a re-run asks each remote for
//! its current commit (`git ls-remote`) and scans again only what changed, what failed, and
//! what an older siglint (or other options) scanned. A failure is recorded with its reason and
//! the run goes on.
//!
//! `--shard I/N` gives a run its share of the list; `--merge` joins the shards' state folders
//! into the report one run over the whole list would have written.

pub mod git;
pub mod progress;
pub mod repos;
pub mod state;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use sha2::{Digest, Sha256};

use super::model::{Document, Failure, Repository, Rule};
use crate::output::Report;
use crate::walk::{scan, Policy, WalkOptions};
use repos::{Location, Shard, Source};
use state::{Manifest, ManifestEntry, Outcome, Record, State};

/// What an organisation scan needs to know.
pub struct Options<'a> {
    pub list: &'a Path,
    /// `None`: a temporary state folder, deleted at the end (nothing to resume).
    pub state: Option<&'a Path>,
    pub shard: Shard,
    /// Repositories in flight.
    pub jobs: usize,
    pub clone: git::Limits,
    /// Scan every repository again, whatever the state says.
    pub rescan: bool,
    pub quiet: bool,
    /// `--config`: one configuration for every repository.
    pub config: Option<&'a Path>,
    pub no_ignore: bool,
    pub max_file_size: u64,
    /// The limits as set on the command line, for the settings fingerprint.
    pub limits: String,
}

/// Runs the scan of the share of the list and returns its report.
pub fn run(opts: &Options) -> Result<Document, String> {
    git::available()?;
    let (sources, notes) = repos::read_list(opts.list)?;
    for n in &notes {
        eprintln!("note: {}:{}: {}", opts.list.display(), n.line, n.message);
    }
    let listed = sources.len();
    let share: Vec<Source> = sources
        .into_iter()
        .filter(|s| opts.shard.contains(s))
        .collect();
    let settings = settings_fingerprint(opts)?;

    let temporary_state;
    let state_dir = match opts.state {
        Some(dir) => dir.to_path_buf(),
        None => {
            temporary_state = TempDir::new("siglint-state")?;
            temporary_state.path().to_path_buf()
        }
    };
    let state = State::open(&state_dir)?;
    let mut manifest = Manifest {
        version: state::STATE_VERSION,
        shard: opts.shard.to_string(),
        list: opts.list.display().to_string(),
        finished: false,
        repositories: share
            .iter()
            .map(|s| ManifestEntry {
                index: s.index,
                key: s.key.clone(),
                source: s.shown.clone(),
                name: s.name.clone(),
            })
            .collect(),
    };
    state.write_manifest(&manifest, opts.shard.total)?;

    let clones = TempDir::new("siglint-org")?;
    let mut progress = progress::Progress::new(share.len(), opts.quiet);
    if opts.shard.total > 1 {
        progress.note(&format!(
            "siglint report: shard {} has {} of the {listed} listed repositories",
            opts.shard,
            share.len()
        ));
    }
    let jobs = opts.jobs.clamp(1, share.len().max(1));
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Done)>();
    let worker = Worker {
        opts,
        settings: &settings,
        state: &state,
        clones: clones.path(),
        counter: AtomicUsize::new(0),
    };
    let mut results: Vec<Option<Done>> = vec![None; share.len()];
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, share, worker) = (&next, &share, &worker);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(source) = share.get(i) else { break };
                let done = worker.process(source);
                if tx.send((i, done)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        for (i, done) in rx {
            for note in &done.notes {
                progress.warn(&format!("note: {}: {note}", share[i].shown));
            }
            let (findings, failed) = match &done.result {
                Ok(repo) => (repo.summary.findings, false),
                Err(f) => {
                    progress.note(&format!(
                        "failed: {} ({}): {}",
                        share[i].shown, f.kind, f.reason
                    ));
                    (0, true)
                }
            };
            progress.done(findings, done.reused, failed);
            results[i] = Some(done);
        }
    });
    progress.finish();
    manifest.finished = true;
    state.write_manifest(&manifest, opts.shard.total)?;

    let mut repositories = Vec::new();
    let mut failures = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    for done in results.into_iter().flatten() {
        match done.result {
            Ok(repo) => repositories.push(repo),
            Err(f) => failures.push(f),
        }
        rules.extend(done.rules);
    }
    rules.extend(super::catalogue());
    Document::with_failures(repositories, failures, rules)
}

/// What became of one repository.
#[derive(Clone)]
struct Done {
    result: Result<Repository, Failure>,
    /// The rules' metadata of its report.
    rules: Vec<Rule>,
    /// Its earlier result stood (same commit).
    reused: bool,
    notes: Vec<String>,
}

struct Worker<'a> {
    opts: &'a Options<'a>,
    settings: &'a str,
    state: &'a State,
    clones: &'a Path,
    counter: AtomicUsize,
}

impl Worker<'_> {
    fn process(&self, source: &Source) -> Done {
        let started = Instant::now();
        let mut notes = Vec::new();
        let previous = match self.state.read(&source.key) {
            Ok(r) => r,
            Err(note) => {
                notes.push(format!("{note}; scanning it again"));
                None
            }
        };
        let location = match &source.location {
            Location::Folder(dir) if dir.is_dir() && git::is_repository(dir) => {
                Location::Git(file_url(dir))
            }
            other => other.clone(),
        };
        // An earlier result stands when the same siglint, with the same options, scanned the
        // commit the remote has now.
        if let Some(prev) = previous.as_ref().filter(|_| !self.opts.rescan) {
            if let (Outcome::Scanned(doc), Some(commit), Location::Git(url)) =
                (&prev.result, &prev.commit, &location)
            {
                if prev.settings == self.settings {
                    match git::remote_head(url, source.secret.as_deref(), self.opts.clone.timeout) {
                        Ok(head) if &head == commit => {
                            if let Some(mut repo) = doc.repositories.first().cloned() {
                                repo.name = source.name.clone();
                                return Done {
                                    result: Ok(repo),
                                    rules: doc.rules.clone(),
                                    reused: true,
                                    notes,
                                };
                            }
                        }
                        Ok(_) => {}
                        Err(e) => {
                            let failure = self.failure(source, e.kind, e.reason);
                            let result = self.record(
                                source,
                                previous.as_ref(),
                                None,
                                Err(failure),
                                started,
                                false,
                                &mut notes,
                            );
                            return Done {
                                result,
                                rules: Vec::new(),
                                reused: false,
                                notes,
                            };
                        }
                    }
                }
            }
        }
        let (result, commit) = self.scan(source, &location);
        let rules = match &result {
            Ok(doc) => doc.rules.clone(),
            Err(_) => Vec::new(),
        };
        let scanned = result.is_ok();
        let result = self.record(
            source,
            previous.as_ref(),
            commit,
            result,
            started,
            scanned,
            &mut notes,
        );
        Done {
            result,
            rules,
            reused: false,
            notes,
        }
    }

    /// Writes the record of `source` and returns its repository (or failure).
    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        source: &Source,
        previous: Option<&Record>,
        commit: Option<String>,
        result: Result<Document, Failure>,
        started: Instant,
        scanned: bool,
        notes: &mut Vec<String>,
    ) -> Result<Repository, Failure> {
        let scans = previous.map_or(0, |p| p.scans) + u32::from(scanned);
        let record = Record {
            version: state::STATE_VERSION,
            source: source.shown.clone(),
            index: source.index,
            name: source.name.clone(),
            settings: self.settings.to_string(),
            commit,
            scans,
            attempted_at: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            duration_ms: started.elapsed().as_millis() as u64,
            result: match &result {
                Ok(doc) => Outcome::Scanned(Box::new(doc.clone())),
                Err(f) => Outcome::Failed(f.clone()),
            },
        };
        if let Err(e) = self.state.write(&source.key, &record) {
            notes.push(format!(
                "its result could not be saved ({e}); it will be scanned again next time"
            ));
        }
        match result {
            Ok(mut doc) => Ok(doc.repositories.remove(0)),
            Err(f) => Err(f),
        }
    }

    fn failure(&self, source: &Source, kind: &str, reason: String) -> Failure {
        Failure {
            name: source.name.clone(),
            source: source.shown.clone(),
            kind: kind.to_string(),
            reason,
        }
    }

    /// Clones (or reads in place) and scans one repository: its one-repository report and
    /// the commit scanned.
    fn scan(
        &self,
        source: &Source,
        location: &Location,
    ) -> (Result<Document, Failure>, Option<String>) {
        match location {
            Location::Folder(dir) => {
                if !dir.is_dir() {
                    let why = if dir.exists() {
                        "not a folder"
                    } else {
                        "no such folder"
                    };
                    return (
                        Err(self.failure(source, "not-found", why.to_string())),
                        None,
                    );
                }
                (self.scan_tree(source, dir, None), None)
            }
            Location::Git(url) => {
                let n = self.counter.fetch_add(1, Ordering::Relaxed);
                let dest = self.clones.join(format!("{n}"));
                let cloned = git::clone(url, source.secret.as_deref(), &dest, self.opts.clone);
                let result = match cloned {
                    Ok(commit) => {
                        let doc = self.scan_tree(source, &dest, Some(commit.clone()));
                        (doc, Some(commit))
                    }
                    Err(e) => (Err(self.failure(source, e.kind, e.reason)), None),
                };
                let _ = std::fs::remove_dir_all(&dest);
                result
            }
        }
    }

    fn scan_tree(
        &self,
        source: &Source,
        root: &Path,
        commit: Option<String>,
    ) -> Result<Document, Failure> {
        let roots = [root.to_path_buf()];
        // Each repository gets its own configuration lookup: memory does not grow with the
        // number of repositories scanned.
        let policy = Policy::for_scan(self.opts.config, &roots, None, false)
            .map_err(|e| self.failure(source, "config", e))?;
        let policy = Arc::new(policy);
        let walk = WalkOptions {
            policy: Some(policy.clone()),
            no_ignore: self.opts.no_ignore,
            // `-j` is the number of repositories in flight; each is scanned by one thread.
            threads: 1,
            max_file_size: self.opts.max_file_size,
        };
        let mut report = Report::from_scan(scan(&roots, &walk));
        report.apply_severity_overrides(&policy.configs);
        let mut repo = Repository::from_report(source.name.clone(), root, report);
        repo.root = source.shown.clone();
        repo.commit = commit;
        let rules = super::catalogue();
        Document::new(vec![repo], rules).map_err(|e| self.failure(source, "io", e))
    }
}

/// `file:///abs/path`: git clones a local repository shallowly only through a URL.
fn file_url(dir: &Path) -> String {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let s = abs.to_string_lossy().replace('\\', "/");
    if s.starts_with('/') {
        format!("file://{s}")
    } else {
        format!("file:///{s}")
    }
}

/// What decides whether an earlier result can stand: siglint's version and every option that
/// changes what a scan finds.
fn settings_fingerprint(opts: &Options) -> Result<String, String> {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update([0]);
    if let Some(config) = opts.config {
        let text = std::fs::read(config)
            .map_err(|e| format!("{}: {}", config.display(), super::io_error(&e)))?;
        h.update(&text);
    }
    h.update([0, u8::from(opts.no_ignore)]);
    h.update(opts.max_file_size.to_le_bytes());
    h.update(opts.limits.as_bytes());
    let digest = h.finalize();
    Ok(format!(
        "siglint {} {}",
        env!("CARGO_PKG_VERSION"),
        digest[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    ))
}

/// A temporary folder of this process, removed when dropped. Folders that runs killed
/// earlier left behind are removed when the next run starts.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(prefix: &str) -> Result<TempDir, String> {
        let base = std::env::temp_dir();
        remove_stale(&base, prefix);
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = base.join(format!(
            "{prefix}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path)
            .map_err(|e| format!("{}: {}", path.display(), super::io_error(&e)))?;
        Ok(TempDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Removes `<prefix>-<pid>-<n>` folders of processes that no longer run (where the system
/// tells: Linux's /proc).
fn remove_stale(base: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(prefix).and_then(|r| r.strip_prefix('-')) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}
