//! One document analysed as `siglint check` analyses a file: in its project (imports followed,
//! the editor's open buffers read instead of the disk), with the findings other files of the
//! project cause in it, then suppressions and the nearest `siglint.toml` applied.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Config, ConfigResolver};
use crate::diagnostic::Finding;
use crate::engine::{analyze_file_in, analyze_text_in, FileKind, InProject};
use crate::project::{canonical, Project};

/// What the analysis of one document needs to know of the rest of the editor.
pub struct Workspace<'a> {
    pub configs: &'a ConfigResolver,
    /// The open documents' texts, by canonical path.
    pub buffers: &'a HashMap<PathBuf, Arc<str>>,
    /// One project per root, kept between analyses (imported files are read and lowered
    /// once); see [`Projects`].
    pub projects: &'a mut Projects,
    pub signers: &'a mut Signers,
}

/// A document to analyse.
pub struct Subject<'a> {
    /// Its file, for a document of a file (`None` for an unsaved, untitled one).
    pub path: Option<&'a Path>,
    pub kind: FileKind,
    pub text: &'a str,
}

/// What the analysis of a document found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings that count, located in the document's text.
    pub findings: Vec<Finding>,
    /// The other files whose text this result depends on (canonical): those it imports and
    /// those that cause findings in it.
    pub depends_on: Vec<PathBuf>,
    /// The configuration of the document (for severities).
    pub config: Option<Arc<Config>>,
    /// The configuration excludes the document: no findings.
    pub excluded: bool,
    /// The configuration could not be read (the defaults were used).
    pub config_error: Option<String>,
    /// What could not be read on the way (imports too large…), and parse time-outs.
    pub notes: Vec<String>,
}

/// The configuration of a document's file: its nearest `siglint.toml` (or the one given), the
/// path relative to it, and an error when the file could not be read.
struct Policy {
    config: Arc<Config>,
    rel: Option<PathBuf>,
    error: Option<String>,
}

fn policy(configs: &ConfigResolver, path: Option<&Path>) -> Policy {
    let Some(path) = path else {
        return Policy {
            config: Arc::new(Config::default()),
            rel: None,
            error: None,
        };
    };
    match configs.for_path(path) {
        Ok(config) => Policy {
            rel: config.relative(path),
            config,
            error: None,
        },
        Err(e) => Policy {
            config: Arc::new(Config::default()),
            rel: None,
            error: Some(e.to_string()),
        },
    }
}

impl Workspace<'_> {
    /// The project of a file, with the open buffers under its root standing for the disk.
    fn project(&mut self, path: &Path) -> &Project {
        let root = Project::root_of(path);
        let cached = self
            .projects
            .by_root
            .entry(root.clone())
            .or_insert_with(|| CachedProject {
                project: Project::new(&root, crate::limits::DEFAULT_MAX_FILE_SIZE),
                given: HashMap::new(),
            });
        // Only a buffer that changed since it was given drops its file's cached model.
        for (p, text) in self.buffers {
            if p.starts_with(cached.project.root())
                && cached.given.get(p).is_none_or(|g| g[..] != text[..])
            {
                cached.project.set_text(p, text.clone());
                cached.given.insert(p.clone(), text.clone());
            }
        }
        &cached.project
    }

    /// The files that cause findings in `path` (a signer that reads this config module's
    /// literal secret), with their texts.
    fn causes(&mut self, path: &Path) -> Vec<(PathBuf, String)> {
        let root = Project::root_of(path);
        let mut out = self.signers.causes_of(&root, path, self.buffers);
        // Scripts without signature words that import the file and hand it on to a signing
        // module (a component passing `environment.ts`'s secret to its service): the scan
        // analyses them as callers (`walk::signer_callers`), and so does the editor.
        let names = crate::walk::import_names(path);
        let target = canonical(path);
        let imports = self.imports(path);
        let candidates: Vec<PathBuf> = imports
            .into_iter()
            .filter(|(p, specs)| {
                *p != target
                    && !out.iter().any(|(o, _)| o == p)
                    && specs.iter().any(|s| {
                        let stem = crate::walk::spec_stem(s);
                        names.iter().any(|n| n == stem)
                    })
            })
            .map(|(p, _)| p)
            .collect();
        if candidates.is_empty() {
            return out;
        }
        let project = self.project(path);
        for p in candidates {
            let Ok(text) = project.source_text(&p) else {
                continue;
            };
            let no_words = matches!(
                crate::prefilter::check(text.as_bytes()),
                crate::prefilter::Verdict::NoSite
            );
            if no_words && crate::engine::imports_signer(&text, project, &p) {
                out.push((p, text.to_string()));
            }
        }
        out
    }

    /// What each script file of `path`'s project imports.
    fn imports(&mut self, path: &Path) -> Vec<(PathBuf, Vec<String>)> {
        let root = Project::root_of(path);
        self.signers.imports_of(&root, self.buffers)
    }
}

/// Analyses one document.
pub fn analyse(subject: &Subject, ws: &mut Workspace) -> Outcome {
    let policy = policy(ws.configs, subject.path);
    let mut out = Outcome {
        config: Some(policy.config.clone()),
        config_error: policy.error.clone(),
        ..Outcome::default()
    };
    if let Some(rel) = &policy.rel {
        if policy.config.is_excluded(rel) {
            out.excluded = true;
            return out;
        }
    }
    let settings = policy.config.settings();
    let findings = match subject.path {
        None => {
            let a = analyze_text_in(subject.kind, subject.text, None, &settings, None);
            if a.parse_timeout.is_some() {
                out.notes.push(timeout_note());
            }
            a.findings
        }
        Some(path) => {
            let this = canonical(path);
            let causes = ws.causes(path);
            let imports = ws.imports(path);
            let project = ws.project(path);
            let rel = path.strip_prefix(project.root()).ok();
            let ctx = InProject {
                project,
                path,
                overriding: Some((&this, subject.text)),
            };
            let a = analyze_file_in(subject.kind, subject.text, rel, &settings, ctx);
            if a.parse_timeout.is_some() {
                out.notes.push(timeout_note());
            }
            out.notes.extend(a.notes);
            out.depends_on = a.reached.iter().map(|p| canonical(p)).collect();
            let mut findings = a.findings;
            // Browser code that relates a SIG011 finding of its own to this file (it hands this
            // signing module a secret, or uses a secret and signer both written here) reports
            // the signing; the scan then drops this module's own candidates, and so does the
            // editor.
            let mut covered = false;
            let mut caused = Vec::new();
            let relates_here = |at: &Path, f: &crate::diagnostic::Finding| {
                f.code == "SIG011"
                    && f.related
                        .iter()
                        .any(|r| canonical(r.path.as_deref().unwrap_or(at)) == this)
            };
            for (other, text) in &causes {
                let Some(kind) = crate::engine::detect_kind(other) else {
                    continue;
                };
                let ctx = InProject {
                    project,
                    path: other,
                    overriding: Some((&this, subject.text)),
                };
                let b = analyze_file_in(kind, text, None, &settings, ctx);
                // A dependency whether it causes findings here now or not: an edit may make it.
                out.depends_on.push(canonical(other));
                covered |= b.findings.iter().any(|f| relates_here(other, f))
                    || b.elsewhere.iter().any(|(p, f)| relates_here(p, f));
                caused.extend(
                    b.elsewhere
                        .into_iter()
                        .filter(|(p, _)| canonical(p) == this)
                        .map(|(_, f)| f),
                );
            }
            // SIG011 across files: browser code of the project imports this signing module.
            if !covered {
                if let Some((client, found)) =
                    crate::walk::client_side_findings(path, project, &imports, &a.client_candidates)
                {
                    out.depends_on.push(client);
                    findings.extend(found);
                }
            }
            // After this module's own findings: of two at one place, the first is kept (the
            // candidate names the client file and points at its import).
            findings.extend(caused);
            out.depends_on.sort();
            out.depends_on.dedup();
            crate::walk::merge_duplicates(findings)
        }
    };
    out.findings = crate::walk::filter_findings(
        Some(&policy.config),
        policy.rel.as_deref(),
        subject.text,
        findings,
    );
    out
}

fn timeout_note() -> String {
    "parsing took longer than the time limit: only committed tokens were looked for".into()
}

/// "Fix all safe problems": the fix loop of `siglint check --fix` on the document's text, with
/// the same project, causes, suppressions and configuration. `None` when nothing changes.
pub fn fix_all(subject: &Subject, ws: &mut Workspace) -> Option<String> {
    let policy = policy(ws.configs, subject.path);
    if let Some(rel) = &policy.rel {
        if policy.config.is_excluded(rel) {
            return None;
        }
    }
    let path = subject.path?;
    let settings = policy.config.settings();
    let causes = ws.causes(path);
    let project = ws.project(path);
    let rel = path.strip_prefix(project.root()).ok();
    let filter = |source: &str, findings: Vec<Finding>| {
        crate::walk::filter_findings(
            Some(&policy.config),
            policy.rel.as_deref(),
            source,
            findings,
        )
    };
    let (outcome, _) = crate::autofix::fix_text(
        subject.text,
        &crate::autofix::TextToFix {
            path,
            rel,
            kind: subject.kind,
            settings: &settings,
            filter: &filter,
            unsafe_fixes: false,
            caused_by: &causes,
            project,
        },
    );
    // A loop that did not settle is a rule bug: `--fix` writes nothing then, nor does this.
    (outcome.converged && outcome.text != subject.text).then_some(outcome.text)
}

/// The projects of the open documents, kept between analyses so that a file they import is
/// read and lowered once. A buffer that changes is given to its project again (its file's
/// model is dropped); a project is forgotten, and made anew when next needed, when files change
/// on disk, a document closes (its buffer no longer stands for the disk), or an analysis
/// panicked (its caches may be half-written).
#[derive(Default)]
pub struct Projects {
    by_root: HashMap<PathBuf, CachedProject>,
}

struct CachedProject {
    project: Project,
    /// The buffer texts given to the project, by canonical path.
    given: HashMap<PathBuf, Arc<str>>,
}

impl Projects {
    /// Forgets the project `path` is in.
    pub fn forget_project_of(&mut self, path: &Path) {
        let root = Project::root_of(path);
        self.by_root.remove(&root);
    }

    pub fn clear(&mut self) {
        self.by_root.clear();
    }
}

/// The files of each project that may hold signature code, found once per project (and again
/// after files change on disk): the candidates for causing findings in another file, as the
/// reverse pass of `siglint check` finds them.
#[derive(Default)]
pub struct Signers {
    by_root: HashMap<PathBuf, ProjectFiles>,
}

/// What the server keeps of a project's files on disk.
#[derive(Default)]
struct ProjectFiles {
    /// The files that may hold signature code, with their texts.
    signers: Vec<(PathBuf, Arc<str>)>,
    /// The JavaScript modules each script file imports (to find browser code that imports a
    /// signing module).
    imports: Vec<(PathBuf, Vec<String>)>,
}

/// At most this many files of a project are looked at for signers (a huge monorepo must not
/// stall the editor); the rest are not.
const MAX_FILES: usize = 20_000;

impl Signers {
    /// Forgets what was read from disk (files changed there).
    pub fn clear(&mut self) {
        self.by_root.clear();
    }

    fn causes_of(
        &mut self,
        root: &Path,
        target: &Path,
        buffers: &HashMap<PathBuf, Arc<str>>,
    ) -> Vec<(PathBuf, String)> {
        let stems = crate::walk::import_names(target);
        if stems.is_empty() {
            return Vec::new();
        }
        let target = canonical(target);
        let on_disk = &self
            .by_root
            .entry(root.to_path_buf())
            .or_insert_with(|| read_project(root))
            .signers;
        let mut out: Vec<(PathBuf, String)> = Vec::new();
        let open = buffers
            .iter()
            .filter(|(p, _)| p.starts_with(root) && !on_disk.iter().any(|(d, _)| d == *p));
        let disk = on_disk.iter().map(|(p, text)| {
            // An open document is read from its buffer.
            (p, buffers.get(p).unwrap_or(text))
        });
        for (path, text) in disk.chain(open) {
            if *path == target
                || !matches!(
                    crate::engine::detect_kind(path),
                    Some(FileKind::Source(_) | FileKind::Page(_))
                )
            {
                continue;
            }
            let site = matches!(
                crate::prefilter::check(text.as_bytes()),
                crate::prefilter::Verdict::MayHoldSite
            );
            if site && stems.iter().any(|s| text.contains(s.as_str())) {
                out.push((path.clone(), text.to_string()));
            }
        }
        out
    }

    /// The JavaScript modules each script file of the project imports, open buffers read
    /// instead of the disk.
    fn imports_of(
        &mut self,
        root: &Path,
        buffers: &HashMap<PathBuf, Arc<str>>,
    ) -> Vec<(PathBuf, Vec<String>)> {
        let files = self
            .by_root
            .entry(root.to_path_buf())
            .or_insert_with(|| read_project(root));
        let mut out: Vec<(PathBuf, Vec<String>)> = files
            .imports
            .iter()
            .filter(|(p, _)| !buffers.contains_key(p))
            .cloned()
            .collect();
        for (p, text) in buffers {
            if p.starts_with(root) && is_script(p) {
                let specs = crate::project::import_specs(text);
                if !specs.is_empty() {
                    out.push((p.clone(), specs));
                }
            }
        }
        out
    }
}

/// A file whose code imports JavaScript modules ([`crate::engine::is_script_kind`]).
fn is_script(path: &Path) -> bool {
    crate::engine::detect_kind(path).is_some_and(crate::engine::is_script_kind)
}

/// The source files and pages of a project that may hold signature code, with their texts, and
/// the imports of its script files.
fn read_project(root: &Path) -> ProjectFiles {
    let mut out = ProjectFiles::default();
    let walker = ignore::WalkBuilder::new(root)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker.flatten().take(MAX_FILES) {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        if !matches!(
            crate::engine::detect_kind(path),
            Some(FileKind::Source(_) | FileKind::Page(_))
        ) {
            continue;
        }
        if entry
            .metadata()
            .map_or(true, |m| m.len() > crate::limits::DEFAULT_MAX_FILE_SIZE)
        {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let path = canonical(path);
        if is_script(&path) {
            let specs = crate::project::import_specs(&text);
            if !specs.is_empty() {
                out.imports.push((path.clone(), specs));
            }
        }
        if matches!(
            crate::prefilter::check(text.as_bytes()),
            crate::prefilter::Verdict::MayHoldSite
        ) {
            out.signers.push((path, Arc::from(text)));
        }
    }
    out
}
