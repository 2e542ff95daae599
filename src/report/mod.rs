//! `siglint report`: a migration report over one or many repositories — per repository and
//! language, how many signature sites exist and how many are legacy, which rules fire, how many
//! findings have a safe or unsafe fix, the files with line links, and what to do per rule.
//!
//! Every format renders one [`model::Document`]; `--format json` writes it whole (schema in
//! docs/reports.md), and `--merge` reads such files back, so reports made on different machines
//! combine into one. No format contains source text: messages are the findings' own, with
//! secrets already masked.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod merge;
pub mod model;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use crate::output::Report;
use crate::walk::{scan, WalkOptions};
use model::{Document, Repository, Rule};

/// `siglint report`: exit 0 when the report was written (findings or not), 2 on a usage or I/O
/// error.
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
    /// Combine reports written with `--format json` (e.g. on other machines) instead of
    /// scanning.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with_all = [
        "paths", "no_ignore", "threads", "config", "max_file_size", "parse_timeout_ms",
        "analysis_timeout_ms",
    ])]
    pub merge: Vec<PathBuf>,
    /// Also scan files that .gitignore/.ignore exclude, and hidden files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Number of worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Use this configuration file for every repository (default: the nearest `siglint.toml`
    /// or `.siglint.toml` above each scanned file, as `siglint check` finds it).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub limits: crate::limits::LimitArgs,
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
    let doc = if args.merge.is_empty() {
        scan_repositories(&args)
    } else {
        merge::merge(&args.merge)
    };
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
    if let Some(path) = &args.output {
        let t = &doc.totals;
        eprintln!(
            "wrote {}: {} {}, {} files scanned, {} signature sites ({} legacy), {} findings",
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
            Err(e) => return Err(format!("{}: {}", p.display(), crate::files::io_message(&e))),
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
