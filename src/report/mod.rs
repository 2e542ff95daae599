//! `siglint report`: a migration report over one or many repositories — per repository and
//! language, how many signature sites exist and how many are legacy, which rules fire, how many
//! findings have a safe or unsafe fix, the files with line links, and what to do per rule.
//!
//! Every format renders one [`model::Document`]; `--format json` writes it whole (schema in
//! docs/reports.md), and `--merge` reads such files back, so reports made on different machines
//! combine into one. No format contains source text: messages are the findings' own, with
//! secrets already masked.

pub mod compare;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod merge;
pub mod model;
pub mod org;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use crate::output::Report;
use crate::walk::{scan, WalkOptions};
use model::{Document, Repository, Rule};

/// `siglint report`: exit 0 when the report was written (findings or not, and whatever
/// repositories of a `--repos` list failed), 2 on a usage or I/O error.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Repository roots to scan, one report section each (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Combine results instead of scanning: reports written with `--format json` (e.g. on
    /// other machines) and state folders of `--repos` runs (e.g. one per `--shard`).
    #[arg(long, value_name = "FILE|DIR", num_args = 1.., conflicts_with_all = [
        "paths", "repos", "no_ignore", "threads", "config", "max_file_size", "parse_timeout_ms",
        "analysis_timeout_ms",
    ])]
    pub merge: Vec<PathBuf>,
    /// Scan the repositories listed in FILE: one git URL or local path per line (`#` starts a
    /// comment). Each is cloned shallowly with `git` into a temporary folder, scanned, and
    /// deleted.
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub repos: Option<PathBuf>,
    /// With --repos: keep each repository's result in DIR, so that a killed run resumes and a
    /// re-run scans again only failures and repositories whose commit changed.
    #[arg(long, value_name = "DIR", requires = "repos")]
    pub state: Option<PathBuf>,
    /// With --repos: scan only the I-th of N shares of the list (1 ≤ I ≤ N), e.g. one per CI
    /// job; `--merge` joins the shards' state folders.
    #[arg(long, value_name = "I/N", requires = "repos", value_parser = parse_shard)]
    pub shard: Option<org::repos::Shard>,
    /// With --repos: scan every repository again, even those whose commit is unchanged.
    #[arg(long, requires = "repos")]
    pub rescan: bool,
    /// With --repos: give up a clone (or `git ls-remote`) after this many seconds.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 600,
        requires = "repos"
    )]
    pub clone_timeout: u64,
    /// With --repos: give up a clone that grows past this many megabytes on disk.
    #[arg(long, value_name = "MB", default_value_t = 1024, requires = "repos")]
    pub max_repo_size: u64,
    /// Compare with an older report (a `--format json` file or a state folder): what was
    /// fixed, what is new and what remains, per repository and rule.
    #[arg(long, value_name = "OLD")]
    pub compare: Option<PathBuf>,
    /// No progress on standard error (warnings and errors still show).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Also scan files that .gitignore/.ignore exclude, and hidden files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Number of worker threads (default: all cores). With --repos: the number of
    /// repositories cloned and scanned at once, each by one thread.
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Use this configuration file for every repository (default: the nearest `siglint.toml`
    /// or `.siglint.toml` above each scanned file, as `siglint check` finds it).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub limits: crate::limits::LimitArgs,
}

fn parse_shard(s: &str) -> Result<org::repos::Shard, String> {
    s.parse()
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Html,
    Csv,
    Json,
}

/// Runs `siglint report`.
pub fn run(args: ReportArgs) -> ExitCode {
    let mut notes = Vec::new();
    // The older report is read first: a bad one stops the run before hours of cloning.
    let before = match &args.compare {
        Some(old) => match merge::read_one(old, &mut notes) {
            Ok(doc) => Some((old.display().to_string(), doc)),
            Err(e) => {
                eprintln!("error: --compare: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let doc = if let Some(list) = &args.repos {
        scan_organisation(&args, list)
    } else if args.merge.is_empty() {
        scan_repositories(&args)
    } else {
        merge::merge(&args.merge, &mut notes)
    };
    let doc = doc.map(|mut doc| {
        if let Some((name, old)) = &before {
            doc.comparison = Some(compare::compare(&doc, old, name));
        }
        doc
    });
    for note in &notes {
        eprintln!("note: {note}");
    }
    let doc = match doc {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let text = render(&doc, args.format);
    let written = match &args.output {
        Some(path) => std::fs::write(path, text.as_bytes())
            .map_err(|e| format!("writing {} failed: {e}", path.display())),
        None => match std::io::stdout().write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(format!("writing the report failed: {e}"))
            }
            _ => Ok(()),
        },
    };
    if let Err(e) = written {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    if let (Some(path), false) = (&args.output, args.quiet) {
        let t = &doc.totals;
        let failed = if doc.failures.is_empty() {
            String::new()
        } else {
            format!(" ({} could not be scanned)", doc.failures.len())
        };
        eprintln!(
            "wrote {}: {} {}{failed}, {} files scanned, {} signature sites ({} legacy), {} findings",
            path.display(),
            t.repositories,
            plural(t.repositories, "repository", "repositories"),
            t.counts.files_scanned,
            t.counts.signature_sites,
            t.counts.legacy_sites,
            t.counts.findings,
        );
    }
    ExitCode::SUCCESS
}

/// `--repos FILE`: the organisation scan.
fn scan_organisation(args: &ReportArgs, list: &Path) -> Result<Document, String> {
    // A broken --config is a usage error before anything is cloned.
    if let Some(config) = &args.config {
        crate::config::ConfigResolver::new(Some(config)).map_err(|e| e.to_string())?;
    }
    args.limits.apply();
    let jobs = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let opts = org::Options {
        list,
        state: args.state.as_deref(),
        shard: args.shard.unwrap_or(org::repos::Shard::WHOLE),
        jobs,
        clone: org::git::Limits {
            timeout: std::time::Duration::from_secs(args.clone_timeout.max(1)),
            max_size: args.max_repo_size.saturating_mul(1024 * 1024),
        },
        rescan: args.rescan,
        quiet: args.quiet,
        config: args.config.as_deref(),
        no_ignore: args.no_ignore,
        max_file_size: args.limits.max_file_size,
        limits: format!("{:?}", args.limits),
    };
    org::run(&opts)
}

/// The report in `format`.
pub fn render(doc: &Document, format: ReportFormat) -> String {
    match format {
        ReportFormat::Markdown => markdown::render(doc),
        ReportFormat::Html => html::render(doc),
        ReportFormat::Csv => csv::render(doc),
        ReportFormat::Json => json::render(doc),
    }
}

/// Scans each path as one repository.
fn scan_repositories(args: &ReportArgs) -> Result<Document, String> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    for p in &paths {
        match std::fs::metadata(p) {
            Err(e) => return Err(format!("{}: {}", p.display(), io_error(&e))),
            Ok(m) if !m.is_dir() => {
                return Err(format!(
                    "{}: not a directory (each path is the root of a repository)",
                    p.display()
                ))
            }
            Ok(_) => {}
        }
    }
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    // The configuration applies as it does to `siglint check` (exclusions, selected rules,
    // per-file ignores, severities); a baseline does not: a migration report counts everything.
    let policy = crate::walk::Policy::for_scan(args.config.as_deref(), &paths, None, false)?;
    args.limits.apply();
    let opts = WalkOptions {
        policy: Some(std::sync::Arc::new(policy)),
        no_ignore: args.no_ignore,
        threads,
        max_file_size: args.limits.max_file_size,
    };
    let repositories = paths
        .iter()
        .map(|root| scan_repository(root, &opts))
        .collect();
    Document::new(repositories, catalogue())
}

/// Scans one repository.
pub fn scan_repository(root: &Path, opts: &WalkOptions) -> Repository {
    let mut report = Report::from_scan(scan(&[root.to_path_buf()], opts));
    if let Some(policy) = &opts.policy {
        report.apply_severity_overrides(&policy.configs);
    }
    Repository::from_report(repository_name(root), root, report)
}

/// The name of the folder a repository lives in (`.` becomes the current folder's name).
pub fn repository_name(root: &Path) -> String {
    std::fs::canonicalize(root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| crate::walk::display_path(root))
}

/// The metadata of every code a finding may carry.
pub fn catalogue() -> Vec<Rule> {
    crate::catalogue::all_codes()
        .iter()
        .map(Rule::from)
        .collect()
}

/// An I/O error in plain words (`no such file or directory`).
pub(crate) fn io_error(e: &std::io::Error) -> String {
    crate::files::io_message(e)
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `1 finding`, `2 findings`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", plural(n, one, many))
}
