//! `siglint.toml`: which rules run, at what severity, on which files, with which time window.
//!
//! ```toml
//! select = ["SIG", "TOK005"]          # codes or prefixes; default: every code
//! ignore = ["SIG011"]                 # the more specific of select/ignore wins; a tie ignores
//! exclude = ["vendor/", "*.min.js"]   # gitignore-style, relative to this file's directory
//!
//! [severity]
//! SIG003 = "error"
//!
//! [per-file-ignores]
//! "legacy/**" = ["SIG001"]
//!
//! [window]
//! min-seconds = 1800                  # SIG005: shortest accepted exp - iat
//! max-seconds = 172800                # SIG005: longest accepted exp - iat
//! min-backdate-seconds = 30           # SIG003: iat at least this far in the past
//! ```
//!
//! The file is found by walking up from each scanned path to the nearest directory holding
//! `siglint.toml` (or `.siglint.toml`); `--config PATH` names one instead. Unknown keys and
//! values of the wrong type are errors that name the key and its line and column: a typo must
//! never silently turn a rule back on or off.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{GlobBuilder, GlobMatcher};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostic::{Finding, Severity};
use crate::rules::Settings;

/// The names a configuration file may have, in order of precedence within one directory.
pub const FILE_NAMES: [&str; 2] = ["siglint.toml", ".siglint.toml"];

const TOP_KEYS: &[&str] = &[
    "select",
    "ignore",
    "exclude",
    "severity",
    "per-file-ignores",
    "window",
];
const WINDOW_KEYS: &[&str] = &["min-seconds", "max-seconds", "min-backdate-seconds"];

/// A configuration that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// The file could not be read.
    Io { path: PathBuf, message: String },
    /// The file is not valid TOML, or holds an unknown key or a value of the wrong type.
    Invalid {
        path: PathBuf,
        /// 1-based line and column (in characters) of the key or value at fault.
        line: usize,
        column: usize,
        message: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            ConfigError::Invalid {
                path,
                line,
                column,
                message,
            } => write!(f, "{}:{line}:{column}: {message}", path.display()),
        }
    }
}

impl std::error::Error for ConfigError {}

/// A rule code or a prefix of codes (`SIG00`, `SIG`), or `ALL`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Selector(String);

impl Selector {
    /// How specifically this selector matches `code` (its length), if it does.
    fn specificity(&self, code: &str) -> Option<usize> {
        if self.0 == "ALL" {
            Some(0)
        } else {
            code.starts_with(&self.0).then_some(self.0.len())
        }
    }
}

fn best_match(selectors: &[Selector], code: &str) -> Option<usize> {
    selectors.iter().filter_map(|s| s.specificity(code)).max()
}

/// A gitignore-style path pattern, anchored at the configuration file's directory.
#[derive(Clone, Debug)]
struct PathPattern {
    /// `vendor/`: matches directories only (so everything below them).
    dir_only: bool,
    matcher: GlobMatcher,
}

impl PathPattern {
    fn new(text: &str) -> Result<PathPattern, String> {
        let mut pattern = text.trim();
        if pattern.is_empty() {
            return Err("an empty pattern matches nothing".to_string());
        }
        if pattern.starts_with('!') {
            return Err(format!(
                "`{text}`: negated patterns (`!`) are not supported; narrow the positive patterns instead"
            ));
        }
        let dir_only = pattern.ends_with('/');
        pattern = pattern.trim_end_matches('/');
        let anchored = pattern.starts_with('/') || pattern.starts_with("./");
        pattern = pattern.trim_start_matches("./").trim_start_matches('/');
        // As in .gitignore: a pattern without a slash matches a name at any depth; one with a
        // slash is relative to the directory of the file.
        let glob = if anchored || pattern.contains('/') {
            pattern.to_string()
        } else {
            format!("**/{pattern}")
        };
        let matcher = GlobBuilder::new(&glob)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("`{text}` is not a valid glob: {}", e.kind()))?
            .compile_matcher();
        Ok(PathPattern { dir_only, matcher })
    }

    /// Whether the pattern matches `rel` (slash-separated, relative to the configuration's
    /// directory) or one of the directories it lies in.
    fn matches(&self, rel: &str, rel_is_dir: bool) -> bool {
        let rel = rel.trim_matches('/');
        if rel.is_empty() {
            return false;
        }
        let mut candidates: Vec<(&str, bool)> = rel
            .match_indices('/')
            .map(|(i, _)| (&rel[..i], true))
            .collect();
        candidates.push((rel, rel_is_dir));
        candidates
            .into_iter()
            .filter(|(_, is_dir)| *is_dir || !self.dir_only)
            .any(|(c, _)| self.matcher.is_match(c))
    }
}

/// A loaded `siglint.toml` (or the defaults, when there is none).
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it was read from; `None` for the defaults.
    pub path: Option<PathBuf>,
    /// The directory patterns and relative paths are anchored at (absolute).
    pub root: PathBuf,
    /// `None`: every code.
    select: Option<Vec<Selector>>,
    ignore: Vec<Selector>,
    severity: Vec<(Selector, Severity)>,
    exclude: Vec<PathPattern>,
    per_file_ignores: Vec<(PathPattern, Vec<Selector>)>,
    settings: Settings,
}

impl Default for Config {
    /// No configuration file: every code at its own severity, no file excluded, Zoom's window,
    /// anchored at the current directory.
    fn default() -> Config {
        Config {
            path: None,
            root: absolute(Path::new(".")),
            select: None,
            ignore: Vec::new(),
            severity: Vec::new(),
            exclude: Vec::new(),
            per_file_ignores: Vec::new(),
            settings: Settings::default(),
        }
    }
}

impl Config {
    /// The rule parameters (`[window]`) to pass to the engine.
    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// Whether `rel_path` (relative to [`Config::root`], see [`Config::relative`]) is excluded
    /// by `exclude`, itself or through a directory it lies in.
    pub fn is_excluded(&self, rel_path: &Path) -> bool {
        let rel = slash_path(rel_path);
        self.exclude.iter().any(|p| p.matches(&rel, false))
    }

    /// Whether the directory `rel_path` is excluded (a walker need not descend into it).
    pub fn is_excluded_dir(&self, rel_path: &Path) -> bool {
        let rel = slash_path(rel_path);
        self.exclude.iter().any(|p| p.matches(&rel, true))
    }

    /// Whether the code is enabled at all by `select` / `ignore`.
    pub fn is_enabled(&self, code: &str) -> bool {
        let selected = match &self.select {
            None => Some(0),
            Some(select) => best_match(select, code),
        };
        match (selected, best_match(&self.ignore, code)) {
            (None, _) => false,
            (Some(_), None) => true,
            // The more specific selector wins (`select = ["SIG003"]`, `ignore = ["SIG"]` keeps
            // SIG003); on a tie, ignore wins.
            (Some(s), Some(i)) => s > i,
        }
    }

    /// Whether a finding of `code` in `rel_path` is reported: enabled by `select`/`ignore`
    /// and not ignored for that file by `per-file-ignores`.
    pub fn filter(&self, code: &str, rel_path: &Path) -> bool {
        if !self.is_enabled(code) {
            return false;
        }
        let rel = slash_path(rel_path);
        !self
            .per_file_ignores
            .iter()
            .any(|(p, codes)| best_match(codes, code).is_some() && p.matches(&rel, false))
    }

    /// The severity `[severity]` sets for `code` (the most specific entry), if any.
    pub fn severity(&self, code: &str) -> Option<Severity> {
        self.severity
            .iter()
            .filter_map(|(s, sev)| s.specificity(code).map(|n| (n, *sev)))
            .max_by_key(|(n, _)| *n)
            .map(|(_, sev)| sev)
    }

    /// Keeps the findings of one file that [`Config::filter`] lets through. `rel_path` is the
    /// file relative to [`Config::root`] (`None` outside it: only `select`/`ignore` apply).
    /// Apply inline suppressions first (`crate::suppress::apply_to_findings`), so that a
    /// suppression of a disabled rule is not reported as unused.
    pub fn filter_findings(&self, rel_path: Option<&Path>, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| match rel_path {
                Some(rel) => self.filter(f.code, rel),
                None => self.is_enabled(f.code),
            })
            .collect()
    }

    /// `path` (absolute, or relative to the current directory) relative to [`Config::root`];
    /// `None` when it lies outside (then `exclude` and `per-file-ignores` do not apply).
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        absolute(path)
            .strip_prefix(&self.root)
            .ok()
            .map(Path::to_path_buf)
    }
}

/// Reads and validates one configuration file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Io {
        path: path.to_path_buf(),
        message: crate::files::io_message(&e),
    })?;
    let root = absolute(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| absolute(Path::new(".")));
    let mut config = parse(&text, root).map_err(|(span, message)| {
        let (line, column) = line_column(&text, span.start);
        ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    })?;
    config.path = Some(path.to_path_buf());
    Ok(config)
}

/// The nearest configuration file for `start` (a file or directory): in its directory or the
/// closest one above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = absolute(start);
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        if let Some(found) = config_in(d) {
            return Some(found);
        }
        dir = d.parent();
    }
    None
}

fn config_in(dir: &Path) -> Option<PathBuf> {
    FILE_NAMES
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
}

/// Finds and loads the configuration of each scanned file, once per directory and per file.
/// Safe to share between analysis workers.
#[derive(Debug)]
pub struct ConfigResolver {
    /// `--config PATH`: used for every file.
    fixed: Option<Arc<Config>>,
    default: Arc<Config>,
    /// The current directory when the resolver was made (relative paths are resolved against
    /// it without asking the system for every file).
    cwd: Option<PathBuf>,
    /// Directory → the configuration file found from it (each directory is looked at once).
    found: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    loaded: Mutex<HashMap<PathBuf, Result<Arc<Config>, ConfigError>>>,
}

impl ConfigResolver {
    /// `config` is `--config PATH`: loaded now (an error is a usage error), then used for
    /// every path. Without it, each path gets its nearest `siglint.toml`, or the defaults.
    pub fn new(config: Option<&Path>) -> Result<ConfigResolver, ConfigError> {
        let fixed = config.map(load).transpose()?.map(Arc::new);
        Ok(ConfigResolver {
            fixed,
            default: Arc::new(Config::default()),
            cwd: std::env::current_dir().ok(),
            found: Mutex::new(HashMap::new()),
            loaded: Mutex::new(HashMap::new()),
        })
    }

    /// The configuration that applies to `path` (a scanned file or directory).
    pub fn for_path(&self, path: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let abs = absolute(path);
        let dir = if abs.is_dir() {
            abs
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or(abs)
        };
        self.for_dir(&dir)
    }

    /// `path` made absolute against the current directory of the resolver's creation, `.` and
    /// `..` resolved lexically.
    pub fn absolute(&self, path: &Path) -> PathBuf {
        match &self.cwd {
            Some(cwd) if path.is_relative() => absolute(&cwd.join(path)),
            _ => absolute(path),
        }
    }

    /// The configuration of the files in `dir`, a directory made absolute with
    /// [`ConfigResolver::absolute`]: no system call unless the directory is new to the resolver.
    pub fn for_dir(&self, dir: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let Some(file) = self.config_file_from(dir) else {
            return Ok(self.default.clone());
        };
        let mut loaded = self.loaded.lock().expect("lock");
        loaded
            .entry(file.clone())
            .or_insert_with(|| load(&file).map(Arc::new))
            .clone()
    }

    /// The nearest configuration file in `dir` or above it, as [`discover`] finds it, with
    /// every directory on the way looked at once per scan (sibling folders share ancestors).
    fn config_file_from(&self, dir: &Path) -> Option<PathBuf> {
        // The directories not seen yet, nearest first, up to the first one seen.
        let mut unseen = Vec::new();
        let mut above = None;
        {
            let found = self.found.lock().expect("lock");
            let mut d = Some(dir);
            while let Some(x) = d {
                if let Some(hit) = found.get(x) {
                    above = hit.clone();
                    break;
                }
                unseen.push(x.to_path_buf());
                d = x.parent();
            }
        }
        if unseen.is_empty() {
            return above;
        }
        // The nearest unseen directory holding a file decides for those below it; past it,
        // nothing is known yet.
        let (mut result, mut known) = (above, unseen.len());
        for (k, d) in unseen.iter().enumerate() {
            if let Some(file) = config_in(d) {
                (result, known) = (Some(file), k + 1);
                break;
            }
        }
        let mut found = self.found.lock().expect("lock");
        for d in unseen.into_iter().take(known) {
            found.insert(d, result.clone());
        }
        result
    }
}

/// `path` made absolute against the current directory, `.` and `..` resolved lexically.
fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A relative path with `/` separators, as patterns are written.
fn slash_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

type Invalid = (Range<usize>, String);

fn parse(text: &str, root: PathBuf) -> Result<Config, Invalid> {
    let doc = DeTable::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let mut message = e.message().trim_end().to_string();
        if message == "duplicate key" {
            if let Some(key) = text.get(span.clone()) {
                message = format!("duplicate key `{}`", key.trim());
            }
        }
        (span, format!("invalid TOML: {message}"))
    })?;
    let mut config = Config {
        root,
        ..Config::default()
    };
    let mut window = (None, None);
    for (key, value) in in_file_order(doc.get_ref()) {
        match key.get_ref().as_ref() {
            "select" => config.select = Some(selectors(value, "select")?),
            "ignore" => config.ignore = selectors(value, "ignore")?,
            "exclude" => {
                for (pattern, span) in strings(value, "exclude")? {
                    config.exclude.push(
                        PathPattern::new(&pattern)
                            .map_err(|m| (span, format!("`exclude`: {m}")))?,
                    );
                }
            }
            "severity" => {
                for (code, level) in in_file_order(table(value, "severity")?) {
                    let name = format!("severity.{}", code.get_ref());
                    let selector = selector(code.get_ref(), code.span(), &name)?;
                    let severity = match level.get_ref() {
                        DeValue::String(s) => Severity::parse(s).ok_or_else(|| {
                            (
                                level.span(),
                                format!("`{name}` must be \"error\" or \"warning\", not \"{s}\""),
                            )
                        })?,
                        other => return Err(wrong_type(level.span(), &name, "a string", other)),
                    };
                    config.severity.push((selector, severity));
                }
            }
            "per-file-ignores" => {
                for (glob, codes) in in_file_order(table(value, "per-file-ignores")?) {
                    let name = format!("per-file-ignores.\"{}\"", glob.get_ref());
                    let pattern = PathPattern::new(glob.get_ref())
                        .map_err(|m| (glob.span(), format!("`per-file-ignores`: {m}")))?;
                    config
                        .per_file_ignores
                        .push((pattern, selectors(codes, &name)?));
                }
            }
            "window" => {
                for (k, v) in in_file_order(table(value, "window")?) {
                    let name = format!("window.{}", k.get_ref());
                    let seconds = || seconds(v, &name);
                    match k.get_ref().as_ref() {
                        "min-seconds" => window.0 = Some((seconds()?, v.span())),
                        "max-seconds" => window.1 = Some((seconds()?, v.span())),
                        "min-backdate-seconds" => config.settings.min_backdate = seconds()?,
                        other => return Err(unknown_key(k.span(), &name, other, WINDOW_KEYS)),
                    }
                }
            }
            other => return Err(unknown_key(key.span(), other, other, TOP_KEYS)),
        }
    }
    if let Some((min, _)) = window.0 {
        config.settings.min_lifetime = min;
    }
    if let Some((max, _)) = window.1 {
        config.settings.max_lifetime = max;
    }
    if config.settings.min_lifetime > config.settings.max_lifetime {
        let span = window.0.or(window.1).map(|(_, s)| s).unwrap_or(0..0);
        return Err((
            span,
            format!(
                "`window.min-seconds` ({}) is greater than `window.max-seconds` ({})",
                config.settings.min_lifetime, config.settings.max_lifetime
            ),
        ));
    }
    Ok(config)
}

type Entry<'a, 'i> = (&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>);
type DeString<'i> = std::borrow::Cow<'i, str>;

/// The entries of a table in the order they are written (the first error is the first one a
/// reader meets).
fn in_file_order<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<Entry<'a, 'i>> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

fn table<'a, 'i>(value: &'a Spanned<DeValue<'i>>, name: &str) -> Result<&'a DeTable<'i>, Invalid> {
    match value.get_ref() {
        DeValue::Table(t) => Ok(t),
        other => Err(wrong_type(value.span(), name, "a table", other)),
    }
}

fn strings(
    value: &Spanned<DeValue<'_>>,
    name: &str,
) -> Result<Vec<(String, Range<usize>)>, Invalid> {
    let DeValue::Array(items) = value.get_ref() else {
        return Err(wrong_type(
            value.span(),
            name,
            "an array of strings",
            value.get_ref(),
        ));
    };
    items
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::String(s) => Ok((s.to_string(), item.span())),
            other => Err(wrong_type(
                item.span(),
                &format!("{name} entry"),
                "a string",
                other,
            )),
        })
        .collect()
}

fn selectors(value: &Spanned<DeValue<'_>>, name: &str) -> Result<Vec<Selector>, Invalid> {
    strings(value, name)?
        .into_iter()
        .map(|(s, span)| selector(&s, span, name))
        .collect()
}

/// A code or prefix that names at least one code siglint reports.
fn selector(text: &str, span: Range<usize>, name: &str) -> Result<Selector, Invalid> {
    if text == "ALL" {
        return Ok(Selector(text.to_string()));
    }
    let codes = crate::catalogue::all_codes();
    if !text.is_empty() && codes.iter().any(|r| r.code.starts_with(text)) {
        return Ok(Selector(text.to_string()));
    }
    let upper = text.to_ascii_uppercase();
    let hint =
        if !text.is_empty() && upper != text && codes.iter().any(|r| r.code.starts_with(&upper)) {
            format!(" (codes are upper case: `{upper}`)")
        } else if let Some(r) = codes.iter().find(|r| r.name == text) {
            format!(" (`{text}` is the name of {}; use the code)", r.code)
        } else {
            String::new()
        };
    Err((
        span,
        format!("`{name}`: `{text}` is not a siglint code or prefix of codes{hint}"),
    ))
}

/// A non-negative whole number of seconds.
fn seconds(value: &Spanned<DeValue<'_>>, name: &str) -> Result<u64, Invalid> {
    match value.get_ref() {
        DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix()).map_err(|_| {
            (
                value.span(),
                format!("`{name}` must be a whole number of seconds, 0 or more"),
            )
        }),
        other => Err(wrong_type(
            value.span(),
            name,
            "a whole number of seconds",
            other,
        )),
    }
}

fn wrong_type(span: Range<usize>, name: &str, expected: &str, found: &DeValue<'_>) -> Invalid {
    let found = match found {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    };
    (span, format!("`{name}` must be {expected}, found {found}"))
}

fn unknown_key(span: Range<usize>, name: &str, key: &str, known: &[&str]) -> Invalid {
    let suggestion = known
        .iter()
        .map(|k| (edit_distance(key, k), k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| format!("; did you mean `{k}`?"))
        .unwrap_or_default();
    (
        span,
        format!(
            "unknown key `{name}` (expected one of: {}){suggestion}",
            known.join(", ")
        ),
    )
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<Config, (usize, usize, String)> {
        parse(text, PathBuf::from("/project")).map_err(|(span, m)| {
            let (l, c) = line_column(text, span.start);
            (l, c, m)
        })
    }

    #[test]
    fn gitignore_style_patterns() {
        let p = |pattern: &str, rel: &str| PathPattern::new(pattern).unwrap().matches(rel, false);
        assert!(p("vendor", "vendor/a.js"));
        assert!(p("vendor", "lib/vendor/a.js"));
        assert!(p("vendor/", "lib/vendor/a.js"));
        assert!(
            !p("vendor/", "lib/vendor"),
            "a directory pattern matches no file"
        );
        assert!(p("/vendor", "vendor/a.js"));
        assert!(!p("/vendor", "lib/vendor/a.js"));
        assert!(p("*.min.js", "public/app.min.js"));
        assert!(!p("*.min.js", "public/app.js"));
        assert!(p("src/legacy", "src/legacy/old.php"));
        assert!(!p("src/legacy", "app/src/legacy/old.php"));
        assert!(p("legacy/**", "legacy/a/b.rb"));
        assert!(p("src/*.js", "src/a.js"));
        assert!(!p("src/*.js", "src/deep/a.js"), "`*` does not cross `/`");
        assert!(p("**/test_*.py", "a/b/test_sig.py"));
    }

    #[test]
    fn line_columns_count_characters() {
        assert_eq!(line_column("ab\nçd x", 7), (2, 4));
        assert_eq!(line_column("x", 0), (1, 1));
    }

    #[test]
    fn unknown_keys_suggest_the_near_one() {
        let (line, col, m) = config("select = []\nignor = [\"SIG003\"]\n").unwrap_err();
        assert_eq!((line, col), (2, 1));
        assert!(m.contains("unknown key `ignor`"), "{m}");
        assert!(m.contains("did you mean `ignore`?"), "{m}");
    }

    #[test]
    fn codes_are_checked() {
        let (_, _, m) = config("select = [\"sig003\"]").unwrap_err();
        assert!(m.contains("upper case: `SIG003`"), "{m}");
        let (_, _, m) = config("ignore = [\"iat-not-backdated\"]").unwrap_err();
        assert!(m.contains("name of SIG003"), "{m}");
        assert!(config("select = [\"SIG\", \"TOK005\", \"SUP\", \"ALL\"]").is_ok());
    }

    #[test]
    fn severity_uses_the_most_specific_entry() {
        let c = config("[severity]\nSIG = \"warning\"\nSIG001 = \"error\"\n").unwrap();
        assert_eq!(c.severity("SIG001"), Some(Severity::Error));
        assert_eq!(c.severity("SIG002"), Some(Severity::Warning));
        assert_eq!(c.severity("TOK005"), None);
    }
}
