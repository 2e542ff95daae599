//! The data of a migration report: what the scan of each repository found, in the shape of the
//! JSON format (`--format json`), so that a report read back from JSON (`--merge`) renders
//! exactly like a report over a fresh scan.
//!
//! Only *raw* data is read back: per-language file and site counts, the listed files, the
//! findings, the rules and the notes. Every total (`summary`, `totals`, a finding's `name` and
//! `fix`, a file's `findings`) is derived again by [`Document::finish`], so a merged report can
//! never disagree with itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::catalogue::RuleInfo;
use crate::output::Report;
use crate::walk::display_path;

/// The version of the JSON schema. A reader refuses a higher version.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole report: one or more repositories.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// [`SCHEMA_VERSION`].
    pub version: u32,
    pub tool: Tool,
    /// The rules that fire somewhere in the report, by code.
    pub rules: Vec<Rule>,
    pub repositories: Vec<Repository>,
    /// Derived: the sum over all repositories.
    #[serde(default)]
    pub totals: Totals,
    /// Repositories listed for an organisation scan (`--repos`) that could not be scanned
    /// (clone refused, not found, timed out, too large), in the order of the list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<Failure>,
    /// Derived (`--compare OLD`): what changed since an older report. Not read back.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<super::compare::Comparison>,
}

/// A listed repository that could not be scanned, and why.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The name the repository would have had in the report.
    pub name: String,
    /// Where it was cloned from (credentials removed).
    pub source: String,
    /// `auth`, `not-found`, `network`, `timeout`, `too-large`, `empty`, `git` (another git
    /// error), `config` (a broken `siglint.toml` in the repository), `not-run` (a shard's run
    /// stopped before it got there) or `io` (the state or the temporary folder).
    pub kind: String,
    /// What git (or siglint) said.
    pub reason: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Tool {
    pub fn current() -> Tool {
        Tool {
            name: "siglint".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// A rule's metadata, as needed to render the report without the catalogue of the siglint that
/// merges it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub code: String,
    pub name: String,
    /// `error` or `warning` (the rule's default; each finding carries its own severity).
    pub severity: String,
    /// What the rule reports, in one line.
    pub summary: String,
    /// What to do.
    pub help: String,
    /// `safe`, `unsafe` or `none`.
    pub fix: String,
}

impl From<&RuleInfo> for Rule {
    fn from(r: &RuleInfo) -> Rule {
        Rule {
            code: r.code.to_string(),
            name: r.name.to_string(),
            severity: r.severity.as_str().to_string(),
            summary: r.summary.to_string(),
            help: r.help.to_string(),
            fix: r.fix.to_string(),
        }
    }
}

/// Counts over a set of files and findings. `files_scanned`, `jwt_sites` and `legacy_sites` of a
/// [`Language`] are raw data; everything else is derived.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(default)]
pub struct Counts {
    /// Files analysed (source and configuration files).
    pub files_scanned: usize,
    /// Files with at least one finding.
    pub files_with_findings: usize,
    /// `jwt_sites + legacy_sites`.
    pub signature_sites: usize,
    /// Meeting SDK JWT payloads built in the code.
    pub jwt_sites: usize,
    /// Legacy (API key) signatures built in the code.
    pub legacy_sites: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Findings of rules whose fix is `safe`.
    pub fix_safe: usize,
    /// Findings of rules whose fix is `unsafe` (needs review).
    pub fix_unsafe: usize,
    /// Findings of rules without an automatic fix.
    pub fix_none: usize,
    /// Findings per rule code.
    pub by_rule: BTreeMap<String, usize>,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.files_scanned += other.files_scanned;
        self.files_with_findings += other.files_with_findings;
        self.signature_sites += other.signature_sites;
        self.jwt_sites += other.jwt_sites;
        self.legacy_sites += other.legacy_sites;
        self.findings += other.findings;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.fix_safe += other.fix_safe;
        self.fix_unsafe += other.fix_unsafe;
        self.fix_none += other.fix_none;
        for (code, n) in &other.by_rule {
            *self.by_rule.entry(code.clone()).or_default() += n;
        }
    }

    fn count_finding(&mut self, f: &Finding) {
        self.findings += 1;
        if f.severity == "warning" {
            self.warnings += 1;
        } else {
            self.errors += 1;
        }
        match f.fix.as_str() {
            "safe" => self.fix_safe += 1,
            "unsafe" => self.fix_unsafe += 1,
            _ => self.fix_none += 1,
        }
        *self.by_rule.entry(f.code.clone()).or_default() += 1;
    }
}

/// The totals of the whole report.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(default)]
pub struct Totals {
    pub repositories: usize,
    #[serde(flatten)]
    pub counts: Counts,
}

/// One scanned repository.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Repository {
    /// The name shown (the root folder's name; made unique within a report).
    pub name: String,
    /// The root as given on the command line of the machine that scanned it.
    pub root: String,
    /// Files whose syntax tree had errors (analysed where the tree is sound).
    #[serde(default)]
    pub files_with_syntax_errors: usize,
    /// Per language (`javascript`, `typescript`, `ruby`, `php`, `java`, `python`, `config`),
    /// sorted by name.
    pub languages: Vec<Language>,
    /// The files with a signature site or a finding, sorted by path (relative to the root).
    pub files: Vec<FileEntry>,
    /// Sorted by path, line, column, code.
    pub findings: Vec<Finding>,
    /// Files that were not (fully) analysed.
    #[serde(default)]
    pub not_analysed: Vec<Note>,
    /// The commit scanned, for a repository cloned by an organisation scan (`--repos`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Derived: the sum over the languages.
    #[serde(default)]
    pub summary: Counts,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Language {
    pub language: String,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct FileEntry {
    /// Relative to the repository root, `/`-separated.
    pub path: String,
    pub language: String,
    #[serde(default)]
    pub jwt_sites: usize,
    #[serde(default)]
    pub legacy_sites: usize,
    /// Derived.
    #[serde(default)]
    pub findings: usize,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Relative to the repository root, `/`-separated.
    pub path: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub code: String,
    /// Derived from `rules`.
    #[serde(default)]
    pub name: String,
    /// `error` or `warning`.
    pub severity: String,
    /// Derived from `rules`: `safe`, `unsafe` or `none`.
    #[serde(default)]
    pub fix: String,
    /// What is wrong here. Secrets in it are already masked.
    pub message: String,
}

/// A file that was not analysed, or not completely.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub path: String,
    /// `skipped` (binary, not UTF-8, too large), `unreadable`, `depth-limited` (nesting too
    /// deep) or `incomplete` (the evaluation budget or time limit ran out).
    pub kind: String,
    pub reason: String,
}

impl Repository {
    /// Whether the repository builds a signature anywhere or has a finding (a committed token
    /// in a configuration file is one without a signature site).
    pub fn has_signature_code(&self) -> bool {
        self.summary.signature_sites > 0 || self.summary.findings > 0
    }

    /// The repository scanned at `root`, from the scan's report.
    pub fn from_report(name: String, root: &Path, report: Report) -> Repository {
        let rel = |p: &str| relative(p, root);
        let mut languages: BTreeMap<String, Counts> = BTreeMap::new();
        let with_findings: BTreeSet<&str> =
            report.findings.iter().map(|f| f.path.as_str()).collect();
        let mut files = Vec::new();
        for (language, n) in &report.quiet_files {
            languages
                .entry(language.to_string())
                .or_default()
                .files_scanned += n;
        }
        for f in &report.files {
            let counts = languages.entry(f.language.to_string()).or_default();
            counts.files_scanned += 1;
            counts.jwt_sites += f.jwt_sites;
            counts.legacy_sites += f.legacy_sites;
            if f.jwt_sites + f.legacy_sites > 0 || with_findings.contains(f.path.as_str()) {
                files.push(FileEntry {
                    path: rel(&f.path),
                    language: f.language.to_string(),
                    jwt_sites: f.jwt_sites,
                    legacy_sites: f.legacy_sites,
                    findings: 0,
                });
            }
        }
        let findings = report
            .findings
            .iter()
            .map(|f| Finding {
                path: rel(&f.path),
                line: f.start.line,
                column: f.start.column,
                end_line: f.end.line,
                end_column: f.end.column,
                code: f.rule.code.to_string(),
                name: f.rule.name.to_string(),
                severity: f.severity.as_str().to_string(),
                fix: f.rule.fix.to_string(),
                message: f.message.clone(),
            })
            .collect();
        let s = &report.summary;
        let note = |path: &str, kind: &str, reason: &str| Note {
            path: rel(path),
            kind: kind.to_string(),
            reason: reason.to_string(),
        };
        let mut not_analysed: Vec<Note> = Vec::new();
        not_analysed.extend(s.skipped.iter().map(|(p, r)| note(p, "skipped", r)));
        not_analysed.extend(s.problems.iter().map(|(p, r)| note(p, "unreadable", r)));
        not_analysed.extend(s.depth_limited.iter().map(|p| {
            note(
                p,
                "depth-limited",
                "nested too deeply: the deepest expressions were not analysed",
            )
        }));
        not_analysed.extend(s.incomplete.iter().map(|(p, r)| note(p, "incomplete", r)));
        Repository {
            name,
            root: display_path(root),
            files_with_syntax_errors: s.files_with_syntax_errors,
            languages: languages
                .into_iter()
                .map(|(language, counts)| Language { language, counts })
                .collect(),
            files,
            findings,
            not_analysed,
            commit: None,
            summary: Counts::default(),
        }
    }
}

/// A scanned path relative to the repository root, `/`-separated; the path unchanged when it
/// is not under the root.
fn relative(path: &str, root: &Path) -> String {
    let p = Path::new(path);
    let stripped = p
        .strip_prefix(root)
        .ok()
        .or_else(|| p.strip_prefix(display_path(root)).ok());
    let rel = match stripped {
        Some(r) if r.as_os_str().is_empty() => ".".to_string(),
        Some(r) => r.to_string_lossy().into_owned(),
        None => path.to_string(),
    };
    if std::path::MAIN_SEPARATOR == '\\' {
        rel.replace('\\', "/")
    } else {
        rel
    }
}

impl Document {
    /// A report over `repositories`; `rules` holds the metadata of (at least) every rule that
    /// fires. Derives every total.
    pub fn new(repositories: Vec<Repository>, rules: Vec<Rule>) -> Result<Document, String> {
        Document::with_failures(repositories, Vec::new(), rules)
    }

    /// A report over `repositories`, listing the repositories that could not be scanned.
    pub fn with_failures(
        repositories: Vec<Repository>,
        failures: Vec<Failure>,
        rules: Vec<Rule>,
    ) -> Result<Document, String> {
        let mut doc = Document {
            version: SCHEMA_VERSION,
            tool: Tool::current(),
            rules,
            repositories,
            totals: Totals::default(),
            failures,
            comparison: None,
        };
        doc.finish()?;
        Ok(doc)
    }

    /// Repositories with neither a signature site nor a finding: nothing to migrate.
    pub fn without_signature_code(&self) -> impl Iterator<Item = &Repository> {
        self.repositories.iter().filter(|r| !r.has_signature_code())
    }

    /// Sorts, makes repository names unique, keeps only the rules that fire, and derives every
    /// total from the raw data.
    fn finish(&mut self) -> Result<(), String> {
        // Rules: unique by code (the first wins), only those that fire, by code.
        let firing: BTreeSet<String> = self
            .repositories
            .iter()
            .flat_map(|r| r.findings.iter().map(|f| f.code.clone()))
            .collect();
        let mut rules: BTreeMap<String, Rule> = BTreeMap::new();
        for rule in std::mem::take(&mut self.rules) {
            if firing.contains(&rule.code) {
                rules.entry(rule.code.clone()).or_insert(rule);
            }
        }
        for code in &firing {
            if !rules.contains_key(code) {
                // Not described by the input: the catalogue of this siglint may know it.
                let known = crate::catalogue::all_codes()
                    .into_iter()
                    .find(|r| r.code == code);
                match known {
                    Some(info) => {
                        rules.insert(code.clone(), Rule::from(&info));
                    }
                    None => return Err(format!("rule {code} is not described in `rules`")),
                }
            }
        }
        self.rules = rules.values().cloned().collect();

        // Repository names: unique, in order (`api`, `api (2)`).
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for repo in &mut self.repositories {
            let base = repo.name.clone();
            let mut n = 1;
            while !seen.insert(repo.name.clone()) {
                n += 1;
                repo.name = format!("{base} ({n})");
            }
        }

        let mut totals = Totals {
            repositories: self.repositories.len(),
            counts: Counts::default(),
        };
        for repo in &mut self.repositories {
            repo.files.sort_by(|a, b| a.path.cmp(&b.path));
            repo.files.dedup_by(|a, b| a.path == b.path);
            repo.findings.sort_by(|a, b| {
                (&a.path, a.line, a.column, &a.code).cmp(&(&b.path, b.line, b.column, &b.code))
            });
            repo.languages.sort_by(|a, b| a.language.cmp(&b.language));
            let language_of: BTreeMap<String, String> = repo
                .files
                .iter()
                .map(|f| (f.path.clone(), f.language.clone()))
                .collect();
            let mut per_language: BTreeMap<String, Counts> = BTreeMap::new();
            let mut files_with_findings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            let mut per_file: BTreeMap<String, usize> = BTreeMap::new();
            for f in &mut repo.findings {
                let rule = &rules[&f.code];
                f.name = rule.name.clone();
                f.fix = rule.fix.clone();
                if f.severity != "error" && f.severity != "warning" {
                    return Err(format!(
                        "finding {} at {}:{} has severity `{}` (expected error or warning)",
                        f.code, f.path, f.line, f.severity
                    ));
                }
                let Some(language) = language_of.get(&f.path) else {
                    return Err(format!(
                        "repository {}: the finding at {}:{} is in a file not listed in `files`",
                        repo.name, f.path, f.line
                    ));
                };
                per_language
                    .entry(language.clone())
                    .or_default()
                    .count_finding(f);
                files_with_findings
                    .entry(language.clone())
                    .or_default()
                    .insert(f.path.clone());
                *per_file.entry(f.path.clone()).or_default() += 1;
            }
            for file in &mut repo.files {
                file.findings = per_file.get(&file.path).copied().unwrap_or(0);
            }
            // A language with findings but no counts (inconsistent input) still shows.
            for language in per_language.keys() {
                if !repo.languages.iter().any(|l| &l.language == language) {
                    repo.languages.push(Language {
                        language: language.clone(),
                        counts: Counts::default(),
                    });
                }
            }
            repo.languages.sort_by(|a, b| a.language.cmp(&b.language));
            let mut summary = Counts::default();
            for l in &mut repo.languages {
                let raw = Counts {
                    files_scanned: l.counts.files_scanned,
                    jwt_sites: l.counts.jwt_sites,
                    legacy_sites: l.counts.legacy_sites,
                    signature_sites: l.counts.jwt_sites + l.counts.legacy_sites,
                    ..Counts::default()
                };
                l.counts = raw;
                if let Some(c) = per_language.get(&l.language) {
                    l.counts.add(c);
                }
                l.counts.files_with_findings = files_with_findings
                    .get(&l.language)
                    .map_or(0, BTreeSet::len);
                summary.add(&l.counts);
            }
            repo.summary = summary;
            totals.counts.add(&repo.summary);
        }
        self.totals = totals;
        Ok(())
    }

    /// Reads a report written by `--format json`, checks its version and derives its totals.
    pub fn from_json(text: &str) -> Result<Document, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let version = value.get("version").and_then(serde_json::Value::as_u64);
        match version {
            None => {
                return Err("not a siglint report (no `version`; write one with `siglint report --format json`)".to_string())
            }
            Some(v) if v > u64::from(SCHEMA_VERSION) => {
                return Err(format!(
                    "report schema version {v} is newer than this siglint reads ({SCHEMA_VERSION}); update siglint"
                ))
            }
            Some(_) => {}
        }
        let mut doc: Document =
            serde_json::from_value(value).map_err(|e| format!("not a siglint report: {e}"))?;
        doc.version = SCHEMA_VERSION;
        doc.finish()?;
        Ok(doc)
    }

    /// The metadata of a rule that fires in this report.
    pub fn rule(&self, code: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.code == code)
    }

    /// The names of the repositories where `code` fires.
    pub fn repositories_with(&self, code: &str) -> Vec<&str> {
        self.repositories
            .iter()
            .filter(|r| r.summary.by_rule.contains_key(code))
            .map(|r| r.name.as_str())
            .collect()
    }
}

/// Plain words for a fix safety.
pub fn fix_words(fix: &str) -> &'static str {
    match fix {
        "safe" => "safe automatic fix",
        "unsafe" => "automatic fix, review it",
        _ => "fix by hand",
    }
}
