//! Analysis of one file: bytes → text → model → sites → findings.

use std::path::{Path, PathBuf};

use crate::diagnostic::Finding;
use crate::files::{io_message, read_all};
use crate::model::Language;
use crate::rules::Settings;

/// What analysing one source text found.
#[derive(Debug, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    /// Regions tree-sitter could not parse; the rest of the file was still analysed.
    pub syntax_errors: usize,
    /// Expressions nested deeper than the lowering bound were not analysed.
    pub depth_limited: bool,
    /// The evaluation budget or time limit ran out somewhere: findings may be missing.
    pub incomplete: Option<crate::eval::Incomplete>,
    /// Meeting SDK JWTs built in the file (payloads found).
    pub jwt_sites: usize,
    /// Legacy signatures built in the file.
    pub legacy_sites: usize,
    /// Tokens and legacy signatures the file signs (with a library, by hand, with the Web
    /// SDK's helpers): a module that does is a signer whose callers' values matter.
    pub signings: usize,
    /// The code was minified and not analysed (committed tokens were still looked for).
    pub minified: Option<crate::prefilter::MinifiedStats>,
    /// Parsing took longer than this limit and was given up: nothing but committed tokens was
    /// analysed (`analyze_file` reports the file as skipped).
    pub parse_timeout: Option<std::time::Duration>,
    /// Findings located in other files of the project (a literal secret in the config module
    /// this file imports), with the path of each.
    pub elsewhere: Vec<(PathBuf, Finding)>,
    /// The other files of the project the analysis read (through imports).
    pub reached: Vec<PathBuf>,
    /// What could not be read on the way (an import too large, not UTF-8, not JSON…).
    pub notes: Vec<String>,
    /// SIG011 findings that hold if browser code of the project imports this module (the walk
    /// checks, once every file's imports are known).
    pub client_candidates: Vec<Finding>,
    /// The modules a JavaScript/TypeScript file (or a page's script) imports, as written
    /// (`./lib/zoom`, `@/lib/zoom`), for finding who imports a signing module.
    pub import_specs: Vec<String>,
    /// The other files whose analysis placed findings in this one (its fixes are re-checked
    /// through them).
    pub caused_by: Vec<PathBuf>,
}

/// Where a text being analysed lives in a project: the project (its other files, read through
/// imports) and the path of the text in it.
#[derive(Clone, Copy)]
pub struct InProject<'p> {
    pub project: &'p crate::project::Project,
    pub path: &'p Path,
    /// A file of the project whose text is this, not what is on disk (a file being fixed).
    pub overriding: Option<(&'p Path, &'p str)>,
}

/// What kind of file a path is: source code in a language, or a configuration file that may
/// hold committed tokens (`.env`, JSON, YAML, properties, TOML).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Source(Language),
    /// A page whose `<script>` code is read: HTML, a view, a single-file component (a PHP view
    /// is `Source(Php)`: its PHP and its page script are both read).
    Page(crate::lang::PageKind),
    Config,
}

/// The kind of a file, from its name; `None` for files siglint does not read.
pub fn detect_kind(path: &Path) -> Option<FileKind> {
    use crate::lang::PageKind;
    match crate::lang::page_kind(path) {
        // A Blade view is no PHP program: its echoes and directives are template syntax.
        Some(kind @ PageKind::Blade) => return Some(FileKind::Page(kind)),
        Some(PageKind::Php) | None => {}
        Some(kind) => return Some(FileKind::Page(kind)),
    }
    if let Some(language) = crate::lang::detect(path) {
        return Some(FileKind::Source(language));
    }
    let name = path.file_name()?.to_str()?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let config = name == ".env"
        || name.starts_with(".env.")
        || matches!(ext, "env" | "json" | "yaml" | "yml" | "properties" | "toml");
    config.then_some(FileKind::Config)
}

/// Analyses the text of a file of any kind: the code model for source, and committed tokens in
/// every file. `settings` are the rule parameters (`siglint.toml`'s `[window]`).
pub fn analyze_text(
    kind: FileKind,
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
) -> Analysis {
    analyze_text_in(kind, source, path, settings, None)
}

/// [`analyze_text`] of a file of a project: its imports are followed into the project's files.
pub fn analyze_text_in(
    kind: FileKind,
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
    project: Option<InProject>,
) -> Analysis {
    analyze_text_as(kind, source, path, settings, project, AsCaller::No)
}

/// [`analyze_text_in`] of a script that holds none of the prefilter's words but calls a
/// signing module of its project (the walk found it importing one): its code is analysed all
/// the same, as what it hands the module (a literal secret, a public one) is written here.
/// Never minified code.
pub fn analyze_caller_in(
    kind: FileKind,
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
    project: InProject,
) -> Analysis {
    analyze_text_as(kind, source, path, settings, Some(project), AsCaller::Yes)
}

/// [`analyze_text_in`] for one file of a project asked about by itself (a fix pass, an
/// editor's buffer): a script without the prefilter's words that imports a signing module of
/// its project is analysed as its caller ([`analyze_caller_in`]), as a whole scan finds it.
pub fn analyze_file_in(
    kind: FileKind,
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
    project: InProject,
) -> Analysis {
    analyze_text_as(
        kind,
        source,
        path,
        settings,
        Some(project),
        AsCaller::IfItImportsASigner,
    )
}

/// Whether a script without the prefilter's words is analysed as the caller of a signing
/// module it imports.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AsCaller {
    No,
    Yes,
    /// When it imports one ([`imports_signer`]), asked only once the prefilter found no word.
    IfItImportsASigner,
}

fn analyze_text_as(
    kind: FileKind,
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
    project: Option<InProject>,
    as_caller: AsCaller,
) -> Analysis {
    use crate::prefilter::{check, Verdict};
    let caller = || match as_caller {
        AsCaller::No => false,
        AsCaller::Yes => true,
        AsCaller::IfItImportsASigner => {
            is_script_kind(kind)
                && project.is_some_and(|p| imports_signer(source, p.project, p.path))
        }
    };
    let verdict = match check(source.as_bytes()) {
        Verdict::NoSite if caller() && !crate::prefilter::looks_minified(source.as_bytes()) => {
            Verdict::MayHoldSite
        }
        Verdict::NoSite
            if project.is_some_and(|p| hands_to_signer(kind, source, p.project, p.path)) =>
        {
            Verdict::MayHoldSite
        }
        v => v,
    };
    let mut analysis = match kind {
        FileKind::Source(_) | FileKind::Page(_) => match verdict {
            Verdict::MayHoldSite => match kind {
                FileKind::Source(language) => {
                    let mut a = analyze_source_in(language, source, path, settings, project);
                    // A PHP file with inline HTML is a view: its page script too.
                    if language == Language::Php {
                        let page = analyze_page_in(
                            crate::lang::PageKind::Php,
                            source,
                            path,
                            settings,
                            project,
                        );
                        a.absorb(page);
                    }
                    a
                }
                FileKind::Page(page) => analyze_page_in(page, source, path, settings, project),
                FileKind::Config => Analysis::default(),
            },
            Verdict::Minified(stats) => Analysis {
                minified: Some(stats),
                ..Analysis::default()
            },
            Verdict::NoSite => Analysis::default(),
        },
        FileKind::Config => Analysis::default(),
    };
    if project.is_some() && is_script_kind(kind) {
        analysis.import_specs = crate::project::import_specs(source);
    }
    analysis.findings.extend(committed_tokens(source));
    analysis
        .findings
        .sort_by(|a, b| (a.span, a.code).cmp(&(b.span, b.code)));
    analysis
}

/// Whether a file of a project in which the prefilter found no site hands values to project
/// code that may sign (a controller extending the class that signs; see
/// [`crate::project::Project::reaches_signer`]): it is analysed too, as
/// what it passes is where a literal or public secret is written. Never minified code.
pub fn hands_to_signer(
    kind: FileKind,
    source: &str,
    project: &crate::project::Project,
    path: &Path,
) -> bool {
    let language = match kind {
        FileKind::Source(language) => language,
        FileKind::Page(_) => Language::JavaScript,
        FileKind::Config => return false,
    };
    !crate::prefilter::looks_minified(source.as_bytes())
        && project.reaches_signer(path, language, source)
}

/// How many modules without signature words a secret may pass through on its way to the
/// signing code and still be followed back to where it is written.
pub const CALLER_HOPS: usize = 3;

/// Whether a script (JS/TS, a page's script) imports a module of its project that may sign
/// (the prefilter finds its words there), directly or through up to
/// [`CALLER_HOPS`] modules without the words. The walk asks for the scripts it
/// meets again after the scan (`walk::caused_by`), fixes and the editor for the file they look
/// at; never for every file: resolving every import of every module costs too much.
pub fn imports_signer(source: &str, project: &crate::project::Project, path: &Path) -> bool {
    let mut seen = std::collections::HashSet::new();
    imports_signer_within(
        source,
        project,
        &crate::project::canonical(path),
        CALLER_HOPS,
        &mut seen,
    )
}

fn imports_signer_within(
    source: &str,
    project: &crate::project::Project,
    from: &Path,
    hops: usize,
    seen: &mut std::collections::HashSet<PathBuf>,
) -> bool {
    if hops == 0 || !seen.insert(from.to_path_buf()) {
        return false;
    }
    let targets: Vec<PathBuf> = crate::project::import_specs(source)
        .iter()
        .filter_map(|spec| crate::project::resolve::script_import(project, from, spec))
        .filter(|t| t != from)
        .collect();
    if targets.iter().any(|t| project.may_hold_site(t)) {
        return true;
    }
    targets.iter().any(|t| {
        let script = crate::lang::detect(t).is_some_and(|l| l.is_javascript());
        script
            && project
                .source_text(t)
                .is_ok_and(|text| imports_signer_within(&text, project, t, hops - 1, seen))
    })
}

/// Meeting SDK JWTs and legacy signatures written into the text: the token itself is reported
/// (TOK005, its signature masked in rendered output), and what is wrong with it, under the
/// catalogue codes, at its exact position.
fn committed_tokens(source: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for (range, report) in crate::token::find_tokens(source) {
        let span = crate::model::Span::new(range.start, range.end);
        // The signature segment (after the last '.') is the credential part of a JWT; a legacy
        // signature is one base64 blob.
        let text = &source[range.clone()];
        let secret_start = match text.rfind('.') {
            Some(dot) if text.starts_with("eyJ") => range.start + dot + 1,
            _ => range.start,
        };
        out.push(
            Finding::new(
                "TOK005",
                span,
                format!(
                    "{} is committed here; tokens in code leak and expire",
                    report.describe()
                ),
            )
            .redacting(crate::model::Span::new(secret_start, range.end)),
        );
        for f in report.findings {
            out.push(Finding::new(
                f.code,
                crate::model::Span::new(f.span.start, f.span.end),
                f.message,
            ));
        }
    }
    out
}

/// Analyses source text in a known language. The path, when given, informs judgements that
/// depend on where code runs (a Next.js `pages/api/` route is server code).
pub fn analyze_source(
    language: Language,
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
) -> Analysis {
    analyze_source_in(language, source, path, settings, None)
}

/// [`analyze_source`] of a file of a project.
pub fn analyze_source_in(
    language: Language,
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
    project: Option<InProject>,
) -> Analysis {
    let model = match crate::lang::try_lower(language, source) {
        Ok(model) => model,
        Err(crate::lang::ParseError::TimedOut { limit }) => {
            return Analysis {
                parse_timeout: Some(limit),
                ..Analysis::default()
            }
        }
        Err(crate::lang::ParseError::NoParser) => return Analysis::default(),
    };
    let Some(ctx) = project else {
        return analyze_model(&model, source, path, settings, &crate::eval::NoWorkspace);
    };
    analyze_entry(model, source, path, settings, ctx, ctx.path, None)
}

/// Analyses a lowered file of a project as an entry (`as_path` names it: the file, or a
/// page's script); findings in other files go to those files. `also_here` is another model of
/// the same file (a PHP view's PHP, for its page script): its findings are this file's.
fn analyze_entry(
    model: crate::model::Model,
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
    ctx: InProject,
    as_path: &Path,
    also_here: Option<crate::model::FileId>,
) -> Analysis {
    let mut session = crate::project::Session::new(ctx.project);
    if let Some((path, text)) = ctx.overriding {
        session = session.with_override(path, text.into());
    }
    let entry = session.add_entry(as_path, model, source.into());
    let Some(model) = session.file(entry).and_then(|f| f.model.clone()) else {
        return Analysis::default();
    };
    let mut analysis = analyze_model(&model, source, path, settings, &session);
    let here_file = |file: crate::model::FileId| file == entry || Some(file) == also_here;
    // Findings in other files go to those files; related places in another file than their
    // finding's get that file's path.
    let path_of = |file: crate::model::FileId| -> Option<PathBuf> {
        if here_file(file) {
            return Some(ctx.path.to_path_buf());
        }
        session.file(file).map(|f| f.path.clone())
    };
    let mut here = Vec::new();
    for mut f in std::mem::take(&mut analysis.findings) {
        for r in &mut f.related {
            if !(here_file(r.span.file) && here_file(f.span.file)) && r.span.file != f.span.file {
                r.path = path_of(r.span.file);
            }
        }
        if here_file(f.span.file) {
            here.push(f);
        } else if let Some(p) = path_of(f.span.file) {
            analysis.elsewhere.push((p, f));
        }
    }
    analysis.findings = here;
    analysis.reached = session
        .files()
        .into_iter()
        .filter(|id| !here_file(*id))
        .filter_map(|id| session.file(id).map(|f| f.path.clone()))
        .collect();
    analysis.notes = session.notes();
    analysis
}

/// Analyses the script of a page (an HTML page, a view, a single-file component; SPEC §7): the
/// page's script blocks as one JavaScript program, in the browser. For a PHP view, echoes are
/// evaluated in the view's own PHP.
pub fn analyze_page_in(
    kind: crate::lang::PageKind,
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
    project: Option<InProject>,
) -> Analysis {
    use crate::model::FileId;
    let mut model = match crate::lang::lower_page(kind, source) {
        Ok(Some(model)) => model,
        Ok(None) | Err(crate::lang::ParseError::NoParser) => return Analysis::default(),
        Err(crate::lang::ParseError::TimedOut { limit }) => {
            return Analysis {
                parse_timeout: Some(limit),
                ..Analysis::default()
            }
        }
    };
    let php = kind == crate::lang::PageKind::Php;
    let page_info = model.page.as_deref().cloned().unwrap_or_default();
    let mut analysis = match project {
        None => {
            // One text alone: the view's PHP is a second model of it.
            let server = php
                .then(|| crate::lang::try_lower(Language::Php, source).ok())
                .flatten()
                .map(|mut m| {
                    m.set_file(FileId(1));
                    std::sync::Arc::new(m)
                });
            if let (Some(page), Some(s)) = (&mut model.page, &server) {
                page.server = Some(s.file);
            }
            let side = crate::eval::SideModel {
                model: server,
                text: source.into(),
            };
            analyze_model(&model, source, path, settings, &side)
        }
        Some(ctx) => {
            let real = crate::project::canonical(ctx.path);
            let server = php.then(|| ctx.project.intern(&real));
            if let Some(page) = &mut model.page {
                page.server = server;
            }
            // The script is a file of its own for the analysis: `<page>#script`.
            let script = PathBuf::from(format!("{}#script", real.display()));
            analyze_entry(model, source, path, settings, ctx, &script, server)
        }
    };
    withhold_fixes_outside_scripts(&mut analysis.findings, &page_info);
    analysis
}

/// Drops the fix (not the finding) of a finding in a page whose edits leave the page's script
/// blocks or touch template syntax (SPEC §7: a fix stays inside the script).
fn withhold_fixes_outside_scripts(findings: &mut [Finding], page: &crate::model::Page) {
    let inside = |lo: usize, hi: usize| {
        page.blocks.iter().any(|b| b.start <= lo && hi <= b.end)
            && !page
                .echoes
                .iter()
                .map(|e| e.span)
                .chain(page.tags.iter().copied())
                .any(|t| t.start < hi && lo < t.end || (lo == hi && t.start < lo && lo < t.end))
    };
    for f in findings.iter_mut() {
        let Some(fix) = &f.fix else { continue };
        if !fix.edits.iter().all(|e| inside(e.span.start, e.span.end)) {
            f.fix = None;
        }
    }
}

/// Sites and rules of one lowered file.
fn analyze_model(
    model: &crate::model::Model,
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
    workspace: &dyn crate::eval::Workspace,
) -> Analysis {
    let sites = crate::sites::find_in_workspace(model, path, workspace);
    let input = crate::rules::Input {
        sites: &sites,
        model,
        source,
        settings,
        workspace,
    };
    let mut findings = crate::rules::check(&input);
    let client_candidates = crate::rules::client_import_candidates(&input);
    withhold_fixes_near_syntax_errors(&mut findings, &model.syntax_errors);
    Analysis {
        findings,
        syntax_errors: model.syntax_errors.len(),
        depth_limited: model.depth_limited,
        incomplete: sites.incomplete,
        jwt_sites: sites
            .payloads
            .iter()
            .map(|p| p.obj.span)
            .collect::<std::collections::HashSet<_>>()
            .len(),
        legacy_sites: sites.legacy.len(),
        signings: sites.signings.len() + sites.legacy.len(),
        minified: None,
        parse_timeout: None,
        elsewhere: Vec::new(),
        reached: Vec::new(),
        notes: Vec::new(),
        client_candidates,
        import_specs: Vec::new(),
        caused_by: Vec::new(),
    }
}

/// Files whose code imports JavaScript modules: JS/TS sources and pages.
pub fn is_script_kind(kind: FileKind) -> bool {
    match kind {
        FileKind::Source(l) => l.is_javascript(),
        FileKind::Page(_) => true,
        FileKind::Config => false,
    }
}

/// Drops the fix (not the finding) of a finding whose expression or edits touch a syntax error.
/// There the tree is a guess of tree-sitter's error recovery: an expression's span can end
/// before its real end (a call whose `)` is missing), and an edit appended to it lands inside
/// the call, where the next pass finds the same defect again (found by the `fix_engine` fuzz
/// target: `- 30` appended a hundred times).
fn withhold_fixes_near_syntax_errors(findings: &mut [Finding], errors: &[crate::model::Span]) {
    if errors.is_empty() {
        return;
    }
    for f in findings.iter_mut() {
        let Some(fix) = &f.fix else { continue };
        let touches = |lo: usize, hi: usize| errors.iter().any(|e| e.start <= hi && lo <= e.end);
        if touches(f.span.start, f.span.end)
            || fix.edits.iter().any(|e| touches(e.span.start, e.span.end))
        {
            f.fix = None;
        }
    }
}

impl Analysis {
    /// Adds what another analysis of the same file found (a PHP view's page script).
    pub fn absorb(&mut self, other: Analysis) {
        self.findings.extend(other.findings);
        self.syntax_errors += other.syntax_errors;
        self.depth_limited |= other.depth_limited;
        self.incomplete = self.incomplete.or(other.incomplete);
        self.jwt_sites += other.jwt_sites;
        self.legacy_sites += other.legacy_sites;
        self.signings += other.signings;
        self.parse_timeout = self.parse_timeout.or(other.parse_timeout);
        self.elsewhere.extend(other.elsewhere);
        self.client_candidates.extend(other.client_candidates);
        for r in other.reached {
            if !self.reached.contains(&r) {
                self.reached.push(r);
            }
        }
        for n in other.notes {
            if !self.notes.contains(&n) {
                self.notes.push(n);
            }
        }
    }
}

/// Why a file was not analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    Binary,
    InvalidUtf8,
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// UTF-16 text whose code units do not form characters (an unpaired surrogate, odd length).
    InvalidUtf16,
    /// A byte-order mark of an encoding siglint does not read (UTF-32).
    UnsupportedEncoding(&'static str),
    /// Parsing took longer than `--parse-timeout-ms`.
    ParseTimeout {
        limit_ms: u64,
    },
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Binary => write!(f, "binary file (contains NUL bytes)"),
            SkipReason::InvalidUtf8 => write!(f, "not valid UTF-8"),
            SkipReason::TooLarge { size, limit } => {
                write!(f, "{size} bytes, larger than the {limit}-byte limit")
            }
            SkipReason::InvalidUtf16 => write!(
                f,
                "not valid UTF-16 (it starts with a UTF-16 byte-order mark)"
            ),
            SkipReason::UnsupportedEncoding(name) => write!(f, "{name} is not supported"),
            SkipReason::ParseTimeout { limit_ms } => {
                write!(
                    f,
                    "parsing took longer than the {limit_ms} ms limit (--parse-timeout-ms)"
                )
            }
        }
    }
}

/// The outcome for one file.
#[derive(Debug)]
pub enum FileOutcome {
    Analysed {
        kind: FileKind,
        analysis: Box<Analysis>,
        /// Kept only when there are findings (for rendering).
        source: Option<String>,
    },
    Skipped(SkipReason),
    /// The file could not be read (permission denied, vanished, a directory…).
    Error(String),
}

#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    /// The path relative to the scanned root, when known.
    pub rel: Option<PathBuf>,
    pub outcome: FileOutcome,
}

/// Decodes file bytes as text: UTF-8, or UTF-16 when the file starts with a UTF-16 byte-order
/// mark (LE or BE; transcoded). A byte-order mark is dropped. Spans of the analysis are byte
/// offsets into this text (after the mark; for a UTF-16 file they count UTF-8 bytes), while
/// lines and columns are those of the file as an editor shows it.
pub fn decode(bytes: Vec<u8>) -> Result<String, SkipReason> {
    use crate::fix::TextEncoding;
    if let Some(name) = TextEncoding::unsupported_bom(&bytes) {
        return Err(SkipReason::UnsupportedEncoding(name));
    }
    let encoding = TextEncoding::sniff(&bytes);
    if encoding != TextEncoding::Utf8 {
        let text = encoding
            .decode_utf16(&bytes)
            .ok_or(SkipReason::InvalidUtf16)?;
        // Binary content behind a UTF-16 mark decodes to characters; NUL is the tell, as for
        // UTF-8.
        if text.chars().take(8192).any(|c| c == '\0') {
            return Err(SkipReason::Binary);
        }
        return Ok(text);
    }
    let probe = &bytes[..bytes.len().min(8192)];
    if probe.contains(&0) {
        return Err(SkipReason::Binary);
    }
    let mut text = String::from_utf8(bytes).map_err(|_| SkipReason::InvalidUtf8)?;
    if text.starts_with('\u{feff}') {
        // Editors do not count the mark: columns on the first line are right only without it
        // (and the text is then the one `fix::FileText` fixes).
        text.drain(..3);
    }
    Ok(text)
}

/// Reads and analyses one file. `rel` is its path relative to the scanned root (what path
/// signals such as `pages/api/` are judged on), when known.
pub fn analyze_file(
    path: &Path,
    rel: Option<&Path>,
    kind: FileKind,
    max_size: u64,
    settings: &Settings,
    post: &dyn Fn(&str, Vec<Finding>) -> Vec<Finding>,
    project: Option<&crate::project::Project>,
) -> FileReport {
    // One open, and the size from the open file: no second lookup of the path.
    let opened = std::fs::File::open(path).and_then(|f| Ok((f.metadata()?, f)));
    let outcome = match opened {
        Err(e) => FileOutcome::Error(io_message(&e)),
        Ok((meta, _)) if meta.is_dir() => FileOutcome::Error("is a directory".to_string()),
        Ok((meta, _)) if meta.len() > max_size => FileOutcome::Skipped(SkipReason::TooLarge {
            size: meta.len(),
            limit: max_size,
        }),
        Ok((meta, mut file)) => match read_all(&mut file, meta.len()) {
            Err(e) => FileOutcome::Error(io_message(&e)),
            Ok(bytes) => match decode(bytes) {
                Err(reason) => FileOutcome::Skipped(reason),
                Ok(source) => {
                    let in_project = project.map(|project| InProject {
                        project,
                        path,
                        overriding: None,
                    });
                    let mut analysis = analyze_text_in(kind, &source, rel, settings, in_project);
                    if let Some(limit) = analysis.parse_timeout {
                        let limit_ms = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX);
                        return FileReport {
                            path: path.to_path_buf(),
                            rel: rel.map(Path::to_path_buf),
                            outcome: FileOutcome::Skipped(SkipReason::ParseTimeout { limit_ms }),
                        };
                    }
                    // Suppressions, configuration and baseline need the text: apply them now.
                    analysis.findings = post(&source, std::mem::take(&mut analysis.findings));
                    let source = (!analysis.findings.is_empty()).then_some(source);
                    FileOutcome::Analysed {
                        kind,
                        analysis: Box::new(analysis),
                        source,
                    }
                }
            },
        },
    };
    FileReport {
        path: path.to_path_buf(),
        rel: rel.map(Path::to_path_buf),
        outcome,
    }
}
