//! The files of a project, as an analysis reaches them through imports.
//!
//! A scan analyses each file that may hold signature code (an *entry*) with the files it
//! imports: a secret in a config module, a signing helper in `utils/`, a lifetime constant, a
//! parent class. [`Project`] is shared by the scan's workers: it numbers files ([`FileId`]),
//! resolves imports the way each language does ([`resolve`]), and keeps the lowered models of
//! imported files so that a config module imported by a hundred files is read once. A
//! [`Session`] is one analysis: the entry's own text (which may be an editor's buffer or a
//! text being fixed) over the shared project, and what the evaluator reads through it
//! ([`crate::eval::Workspace`]).
//!
//! Imports are followed inside the project only: never into `node_modules`, `vendor` or a
//! folder outside the project's root (packages are unknown, as SPEC §6 says), and only into
//! files siglint reads (source files and JSON), within the size limit.

pub mod resolve;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::model::{FileId, ImportKind, Language, Model};

/// How many bytes of imported files' text the shared cache keeps (their models are some times
/// larger): beyond it, a file is lowered for each analysis that imports it.
const CACHE_BYTES: usize = 32 * 1024 * 1024;

/// A file as an analysis reads it.
#[derive(Debug)]
pub struct SourceFile {
    pub id: FileId,
    pub path: PathBuf,
    /// The text, or why it was not read (a note for the user).
    pub text: Result<Arc<str>, String>,
    /// The code model, for source files and JSON (`None` for anything else, or what did not
    /// parse).
    pub model: Option<Arc<Model>>,
}

impl SourceFile {
    pub fn language(&self) -> Option<Language> {
        self.model.as_ref().map(|m| m.language)
    }
}

/// The files of one project (a repository): shared, read-only for its users, filled lazily.
pub struct Project {
    /// Imports do not lead outside this folder.
    root: PathBuf,
    max_file_size: u64,
    ids: RwLock<Interner>,
    cache: RwLock<HashMap<FileId, Arc<SourceFile>>>,
    cached_bytes: AtomicUsize,
    /// Configuration files read for resolution (`tsconfig.json`, `composer.json`), by path.
    configs: Mutex<HashMap<PathBuf, Option<Arc<crate::lang::json::Json>>>>,
    /// Each Rails application's Ruby files by name (`zoom_config.rb`), for constants it
    /// autoloads by name.
    ruby_files: Mutex<HashMap<PathBuf, Arc<FilesByName>>>,
    /// Resolutions done, by (folder of the importing file, language, kind, namespace, spec):
    /// a module imported by many files is looked for on disk once.
    resolved: Mutex<HashMap<ResolveKey, Option<FileId>>>,
    /// Global names looked for (Ruby constants, PHP classes, Java classes), like `resolved`.
    defined: Mutex<HashMap<ResolveKey, Option<FileId>>>,
    /// The entries of each folder resolution looked into (read once: a resolution tries a dozen
    /// names in a folder, most of them missing, and asking the folder is one system call).
    listings: Mutex<HashMap<PathBuf, Arc<Listing>>>,
    /// The Zoom SDKs each package's `package.json` files declare, by package folder.
    sdk_use: Mutex<HashMap<PathBuf, crate::eval::SdkUse>>,
    /// Texts that stand for the disk's in every analysis over this project (by canonical
    /// path): an editor's unsaved buffers.
    texts: RwLock<HashMap<PathBuf, Arc<str>>>,
    /// Files resolution had to pass over, and why: a configuration file that is not JSON, a
    /// symbolic link in a loop or to nowhere.
    problems: Mutex<std::collections::BTreeMap<PathBuf, String>>,
    /// Whether each file read for [`Project::reaches_signer`] may hold a signature site (the
    /// prefilter's verdict on its text), by canonical path.
    may_sign: Mutex<HashMap<PathBuf, bool>>,
}

type ResolveKey = (PathBuf, Language, ImportKind, Option<String>, String);

/// Files by their name (`zoom_config.rb` → its paths).
type FilesByName = HashMap<String, Vec<PathBuf>>;

#[derive(Default)]
struct Interner {
    paths: Vec<PathBuf>,
    by_path: HashMap<PathBuf, FileId>,
}

impl Project {
    /// A project whose imports stay inside `root`.
    pub fn new(root: &Path, max_file_size: u64) -> Project {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Project {
            root,
            max_file_size,
            ids: RwLock::default(),
            cache: RwLock::default(),
            cached_bytes: AtomicUsize::new(0),
            configs: Mutex::default(),
            ruby_files: Mutex::default(),
            resolved: Mutex::default(),
            defined: Mutex::default(),
            listings: Mutex::default(),
            sdk_use: Mutex::default(),
            texts: RwLock::default(),
            problems: Mutex::default(),
            may_sign: Mutex::default(),
        }
    }

    /// Whether the source file at `path` (canonical) may hold a signature site: the prefilter's
    /// verdict on its text (an editor's buffer, else the disk), read once per scan.
    pub fn may_hold_site(&self, path: &Path) -> bool {
        if let Some(hit) = self.may_sign.lock().expect("lock").get(path) {
            return *hit;
        }
        let may = self.source_text(path).is_ok_and(|t| {
            matches!(
                crate::prefilter::check(t.as_bytes()),
                crate::prefilter::Verdict::MayHoldSite
            )
        });
        self.may_sign
            .lock()
            .expect("lock")
            .insert(path.to_path_buf(), may);
        may
    }

    /// The text of a source file or page of the project (canonical path): an editor's buffer,
    /// else the disk.
    pub fn source_text(&self, path: &Path) -> Result<Arc<str>, String> {
        let source = crate::lang::detect(path).is_some() || crate::lang::page_kind(path).is_some();
        let given = self.texts.read().expect("texts lock").get(path).cloned();
        match given {
            Some(t) => Ok(t),
            None if source => read_text(path, self.max_file_size),
            None => Err(String::new()),
        }
    }

    /// Whether a file that holds no signature site itself (the prefilter found none of its
    /// words) hands values to project code that may: a PHP class extending or `use`-ing such a
    /// class (a controller calling its base class's signing helper). Such a file is analysed: a
    /// literal secret it passes to a signer of another file is found where it is written.
    /// JavaScript modules that import a signing module are not followed this way (resolving
    /// every module's imports made a scan of the generated corpus 40 % slower): the walk finds
    /// them after the scan, from the import lists it kept (`walk::signer_callers`).
    pub fn reaches_signer(&self, path: &Path, language: Language, text: &str) -> bool {
        // Only PHP is followed this way (a subclass of the class that signs); the file's
        // canonical path, a system call per file, is only worked out for PHP.
        if language != Language::Php {
            return false;
        }
        let (namespace, names) = php_class_references(text);
        if names.is_empty() {
            return false;
        }
        let from = canonical(path);
        // Resolved once per folder, namespace and name: the controllers of one folder `use`
        // the same classes.
        names.iter().any(|name| {
            self.resolve_cached(
                &from,
                Language::Php,
                name,
                ImportKind::Class,
                namespace.as_deref(),
            )
            .and_then(|id| self.path(id))
            .is_some_and(|t| t != from && self.may_hold_site(&t))
        })
    }

    /// What `spec` imported by the file at `from` (canonical) is, resolved once per folder,
    /// language, kind, namespace and spec: the files of one folder import the same modules.
    pub fn resolve_cached(
        &self,
        from: &Path,
        language: Language,
        spec: &str,
        kind: ImportKind,
        namespace: Option<&str>,
    ) -> Option<FileId> {
        let dir = from.parent()?.to_path_buf();
        let key = (
            dir,
            language,
            kind,
            namespace.map(str::to_string),
            spec.to_string(),
        );
        if let Some(hit) = self.resolved.lock().expect("lock").get(&key) {
            return *hit;
        }
        let found = resolve::resolve(self, from, language, spec, kind, namespace)
            .map(|target| self.intern(&target));
        self.resolved.lock().expect("lock").insert(key, found);
        found
    }

    /// The Zoom SDKs that the code of `dir` joins with, as `package.json` files declare them:
    /// those of its package (the nearest folder above with a `package.json`) and of the folders
    /// in it, up to two deep (a project's `client/` beside its `server/`); when none names a
    /// Zoom SDK, those of the folder above the package, if it is a monorepo's root (it has a
    /// `package.json`) or the project's root. Read once per package.
    pub fn sdk_use(&self, dir: &Path) -> crate::eval::SdkUse {
        let package = dir
            .ancestors()
            .take_while(|d| d.starts_with(&self.root))
            .find(|d| self.is_file(&d.join("package.json")))
            .unwrap_or(dir)
            .to_path_buf();
        if let Some(hit) = self.sdk_use.lock().expect("lock").get(&package) {
            return *hit;
        }
        let mut found = self.sdk_use_under(&package);
        if !found.meeting && !found.video {
            if let Some(parent) = package.parent() {
                let monorepo = parent.starts_with(&self.root)
                    && (parent == self.root || self.is_file(&parent.join("package.json")));
                if monorepo {
                    found = self.sdk_use_under(parent);
                }
            }
        }
        self.sdk_use.lock().expect("lock").insert(package, found);
        found
    }

    /// The Zoom SDKs the `package.json` files in `dir` and up to two folders below declare.
    fn sdk_use_under(&self, dir: &Path) -> crate::eval::SdkUse {
        let mut found = crate::eval::SdkUse::default();
        let mut stack = vec![(dir.to_path_buf(), 0)];
        let mut seen = 0;
        while let Some((d, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                seen += 1;
                if seen > 5_000 {
                    return found;
                }
                let name = e.file_name();
                let name = name.to_string_lossy();
                let Ok(kind) = e.file_type() else { continue };
                if kind.is_dir() {
                    let skip = name.starts_with('.')
                        || matches!(
                            name.as_ref(),
                            "node_modules" | "vendor" | "dist" | "build" | "target"
                        );
                    if depth < 2 && !skip {
                        stack.push((e.path(), depth + 1));
                    }
                } else if name == "package.json" {
                    let Ok(text) = read_text(&e.path(), self.max_file_size) else {
                        continue;
                    };
                    found.meeting |=
                        text.contains("\"@zoom/meetingsdk") || text.contains("\"@zoomus/websdk");
                    found.video |= text.contains("\"@zoom/videosdk");
                }
            }
        }
        found
    }

    /// Reads `text` for the file at `path` instead of what is on disk, in every analysis over
    /// this project (the language server gives the editor's open buffers this way).
    pub fn set_text(&self, path: &Path, text: Arc<str>) {
        let path = canonical(path);
        if let Some(id) = self.ids.read().expect("ids lock").by_path.get(&path) {
            self.cache.write().expect("cache lock").remove(id);
        }
        self.texts.write().expect("texts lock").insert(path, text);
    }

    /// Whether `path` is a regular file (its folder's listing is read once; a symbolic link is
    /// asked of the disk).
    pub fn is_file(&self, path: &Path) -> bool {
        match self.listed(path) {
            Some(Entry::File) => true,
            Some(Entry::Other) | None => false,
            // A symbolic link, or a folder that could not be listed: ask the path itself.
            Some(Entry::Unsure) => {
                let is = path.is_file();
                if !is && path.is_symlink() {
                    // A link that leads nowhere or in a loop (`a.js -> b.js -> a.js`).
                    if let Err(e) = std::fs::canonicalize(path) {
                        self.problem(
                            path,
                            format!("a symbolic link that cannot be followed ({e}); not imported"),
                        );
                    }
                }
                is
            }
        }
    }

    /// What the listing of `path`'s folder says of it (`None`: it is not there).
    fn listed(&self, path: &Path) -> Option<Entry> {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return Some(Entry::Unsure);
        };
        // `a/./b`, `a/b/..`: the folder's name as written is fine, but `..` as the last part
        // is no entry of a listing.
        if name == ".." || dir.as_os_str().is_empty() {
            return Some(Entry::Unsure);
        }
        let hit = self
            .listings
            .lock()
            .expect("listings lock")
            .get(dir)
            .cloned();
        let listing = match hit {
            Some(l) => l,
            None => {
                let l = Arc::new(Listing::of(dir));
                self.listings
                    .lock()
                    .expect("listings lock")
                    .insert(dir.to_path_buf(), l.clone());
                l
            }
        };
        match &*listing {
            Listing::Missing => None,
            Listing::Unreadable => Some(Entry::Unsure),
            Listing::Entries(entries) => entries.get(name).copied(),
        }
    }

    /// Records a file resolution passed over (reported once per scan).
    fn problem(&self, path: &Path, why: String) {
        self.problems
            .lock()
            .expect("problems lock")
            .entry(path.to_path_buf())
            .or_insert(why);
    }

    /// The files resolution passed over, and why.
    pub fn problems(&self) -> Vec<(PathBuf, String)> {
        let problems = self.problems.lock().expect("problems lock");
        problems
            .iter()
            .map(|(p, w)| (p.clone(), w.clone()))
            .collect()
    }

    /// The folder imports stay inside.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The project of a path: the nearest folder above it that holds `.git`, else the nearest
    /// that holds a project manifest (`package.json`, `composer.json`, `pom.xml`,
    /// `pyproject.toml`, `Gemfile`…), else the folder itself.
    pub fn root_of(path: &Path) -> PathBuf {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let start = if abs.is_dir() {
            abs.clone()
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or(abs.clone())
        };
        const MANIFESTS: [&str; 12] = [
            "package.json",
            "composer.json",
            "pom.xml",
            "build.gradle",
            "build.gradle.kts",
            "pyproject.toml",
            "setup.py",
            "requirements.txt",
            "Gemfile",
            "artisan",
            "tsconfig.json",
            "manage.py",
        ];
        // The folders with a manifest, nearest first.
        let mut manifests: Vec<&Path> = Vec::new();
        for dir in start.ancestors() {
            if dir.join(".git").exists() {
                // A folder the repository ignores (vendored or generated code, another tree
                // dropped into it) is no part of its project: the project is what lies in the
                // outermost ignored folder.
                let Some(ignored) = ignored_folder(dir, &start) else {
                    return dir.to_path_buf();
                };
                return manifests
                    .iter()
                    .rev()
                    .find(|m| m.starts_with(&ignored))
                    .map_or_else(|| start.clone(), |m| m.to_path_buf());
            }
            if MANIFESTS.iter().any(|m| dir.join(m).is_file()) {
                manifests.push(dir);
            }
        }
        // The outermost folder with a manifest: a monorepo's packages import each other.
        manifests
            .last()
            .map_or_else(|| start.clone(), |m| m.to_path_buf())
    }

    /// The number of a file (the same path always gets the same number).
    pub fn intern(&self, path: &Path) -> FileId {
        if let Some(id) = self.ids.read().expect("ids lock").by_path.get(path) {
            return *id;
        }
        let mut ids = self.ids.write().expect("ids lock");
        if let Some(id) = ids.by_path.get(path) {
            return *id;
        }
        // 0 is the default file of single-file analysis: project files start at 1.
        let id = FileId(ids.paths.len() as u32 + 1);
        ids.paths.push(path.to_path_buf());
        ids.by_path.insert(path.to_path_buf(), id);
        id
    }

    /// The path of a file number.
    pub fn path(&self, id: FileId) -> Option<PathBuf> {
        let i = (id.0 as usize).checked_sub(1)?;
        self.ids.read().expect("ids lock").paths.get(i).cloned()
    }

    /// Whether a path is one imports may lead to: inside the root, not in a package folder.
    pub fn allows(&self, path: &Path) -> bool {
        path.starts_with(&self.root)
            && !path.components().any(|c| {
                matches!(
                    c.as_os_str().to_str(),
                    Some("node_modules" | "vendor" | "bower_components" | ".git")
                )
            })
    }

    /// A file of the project read and lowered, from the shared cache or from disk.
    pub fn load(&self, id: FileId) -> Option<Arc<SourceFile>> {
        if let Some(f) = self.cache.read().expect("cache lock").get(&id) {
            return Some(f.clone());
        }
        let path = self.path(id)?;
        let given = self.texts.read().expect("texts lock").get(&path).cloned();
        let file = Arc::new(match given {
            Some(text) => lower_given(id, &path, text),
            None => read_and_lower(id, &path, self.max_file_size),
        });
        let bytes = file.text.as_ref().map_or(0, |t| t.len());
        if self.cached_bytes.fetch_add(bytes, Ordering::Relaxed) + bytes <= CACHE_BYTES {
            self.cache
                .write()
                .expect("cache lock")
                .entry(id)
                .or_insert_with(|| file.clone());
        } else {
            self.cached_bytes.fetch_sub(bytes, Ordering::Relaxed);
        }
        Some(file)
    }

    /// A configuration file read as JSON (comments allowed), cached by path; `None` when it is
    /// missing or not JSON.
    pub fn json_config(&self, path: &Path) -> Option<Arc<crate::lang::json::Json>> {
        if let Some(c) = self.configs.lock().expect("configs lock").get(path) {
            return c.clone();
        }
        let value = match std::fs::metadata(path) {
            Ok(m) if m.is_file() && m.len() > self.max_file_size => {
                self.problem(
                    path,
                    format!(
                        "{} bytes, larger than the {}-byte limit; its settings are not followed",
                        m.len(),
                        self.max_file_size
                    ),
                );
                None
            }
            Ok(m) if m.is_file() => match std::fs::read_to_string(path) {
                Ok(text) => match crate::lang::json::parse(&text) {
                    Ok(json) => Some(Arc::new(json)),
                    Err(e) => {
                        self.problem(path, format!("{e}; its settings are not followed"));
                        None
                    }
                },
                Err(e) => {
                    self.problem(
                        path,
                        format!("not read ({e}); its settings are not followed"),
                    );
                    None
                }
            },
            _ => None,
        };
        self.configs
            .lock()
            .expect("configs lock")
            .insert(path.to_path_buf(), value.clone());
        value
    }

    /// The Ruby files named `name` (`zoom_config.rb`) where Rails autoloads constants from:
    /// `app/`, `lib/` and `config/` of the application `dir` is in (the nearest folder above it
    /// with a `Gemfile` or `config/application.rb`). Each application's files are listed once.
    pub fn ruby_files_named(&self, dir: &Path, name: &str) -> Vec<PathBuf> {
        let Some(app) = dir
            .ancestors()
            .take_while(|d| d.starts_with(&self.root))
            .find(|d| {
                self.is_file(&d.join("Gemfile")) || self.is_file(&d.join("config/application.rb"))
            })
        else {
            return Vec::new();
        };
        let index = {
            let mut all = self.ruby_files.lock().expect("lock");
            all.entry(app.to_path_buf())
                .or_insert_with(|| Arc::new(list_ruby_files(self, app)))
                .clone()
        };
        index.get(name).cloned().unwrap_or_default()
    }
}

/// The Ruby files of an application's autoload folders, by file name.
fn list_ruby_files(project: &Project, app: &Path) -> FilesByName {
    let mut map = FilesByName::new();
    for folder in ["app", "lib", "config"] {
        let root = app.join(folder);
        if !root.is_dir() {
            continue;
        }
        let walker = ignore::WalkBuilder::new(&root)
            .require_git(false)
            .max_depth(Some(8))
            .build();
        for entry in walker.flatten().take(50_000) {
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "rb") && project.allows(p) {
                if let Some(n) = p.file_name().and_then(|n| n.to_str()) {
                    map.entry(n.to_string()).or_default().push(p.to_path_buf());
                }
            }
        }
    }
    map
}

/// Reads and lowers one file; the text holds why it was not read.
fn read_and_lower(id: FileId, path: &Path, max_size: u64) -> SourceFile {
    let text = read_text(path, max_size);
    let model = text
        .as_ref()
        .ok()
        .and_then(|t| lower(path, t))
        .map(|mut m| {
            m.set_file(id);
            Arc::new(m)
        });
    SourceFile {
        id,
        path: path.to_path_buf(),
        text,
        model,
    }
}

/// Lowers a text given for a file (see [`Project::set_text`]).
fn lower_given(id: FileId, path: &Path, text: Arc<str>) -> SourceFile {
    let model = lower(path, &text).map(|mut m| {
        m.set_file(id);
        Arc::new(m)
    });
    SourceFile {
        id,
        path: path.to_path_buf(),
        text: Ok(text),
        model,
    }
}

/// A source file's text for analysis: not larger than `max_size`, not binary, a UTF-8 BOM removed.
pub fn read_text(path: &Path, max_size: u64) -> Result<Arc<str>, String> {
    let mut file = std::fs::File::open(path).map_err(|e| crate::files::io_message(&e))?;
    let meta = file.metadata().map_err(|e| crate::files::io_message(&e))?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > max_size {
        return Err(format!(
            "{} bytes, larger than the {max_size}-byte limit",
            meta.len()
        ));
    }
    let bytes =
        crate::files::read_all(&mut file, meta.len()).map_err(|e| crate::files::io_message(&e))?;
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err("binary file".into());
    }
    let mut text = String::from_utf8(bytes).map_err(|_| "not valid UTF-8".to_string())?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text.into())
}

/// The model of a file's text: source code by its language, JSON by its extension.
fn lower(path: &Path, text: &str) -> Option<Model> {
    if path.extension().is_some_and(|e| e == "json") {
        return crate::lang::json::lower(text).ok();
    }
    let language = crate::lang::detect(path)?;
    crate::lang::try_lower(language, text).ok()
}

/// One analysis over a project: the entry file's text (which need not be on disk as it is),
/// the shared project for everything it imports, and what it noticed on the way.
pub struct Session<'p> {
    project: &'p Project,
    /// Files of this analysis only: the entry, texts given by the caller (a buffer being
    /// edited, a text being fixed), and imported files the shared cache had no room for.
    local: std::cell::RefCell<HashMap<FileId, Arc<SourceFile>>>,
    /// Texts that stand for the disk's (by path).
    overrides: HashMap<PathBuf, Arc<str>>,
    notes: std::cell::RefCell<Vec<String>>,
    /// Every file of the analysis read from the shared project (they are not in `local`).
    shared: std::cell::RefCell<std::collections::BTreeSet<FileId>>,
}

impl<'p> Session<'p> {
    pub fn new(project: &'p Project) -> Session<'p> {
        Session {
            project,
            local: Default::default(),
            overrides: HashMap::new(),
            notes: Default::default(),
            shared: Default::default(),
        }
    }

    /// Uses `text` for the file at `path` instead of what is on disk.
    pub fn with_override(mut self, path: &Path, text: Arc<str>) -> Session<'p> {
        self.overrides.insert(canonical(path), text);
        self
    }

    pub fn project(&self) -> &'p Project {
        self.project
    }

    /// Adds the entry file (its text is given: it was read already) and returns its model.
    pub fn add_entry(&self, path: &Path, model: Model, text: Arc<str>) -> FileId {
        // Resolution works from the file's real place (a scan of `.` gives relative paths).
        let path = canonical(path);
        let id = self.project.intern(&path);
        let mut model = model;
        model.set_file(id);
        self.local.borrow_mut().insert(
            id,
            Arc::new(SourceFile {
                id,
                path,
                text: Ok(text),
                model: Some(Arc::new(model)),
            }),
        );
        id
    }

    /// A file of the analysis: the entry, an override, or a project file.
    pub fn file(&self, id: FileId) -> Option<Arc<SourceFile>> {
        if let Some(f) = self.local.borrow().get(&id) {
            return Some(f.clone());
        }
        let path = self.project.path(id)?;
        if let Some(text) = self.overrides.get(&path) {
            let model = lower(&path, text).map(|mut m| {
                m.set_file(id);
                Arc::new(m)
            });
            let f = Arc::new(SourceFile {
                id,
                path,
                text: Ok(text.clone()),
                model,
            });
            self.local.borrow_mut().insert(id, f.clone());
            return Some(f);
        }
        let f = self.project.load(id)?;
        self.shared.borrow_mut().insert(id);
        let shown = f.path.strip_prefix(self.project.root()).unwrap_or(&f.path);
        // An asset a bundler imports (`./logo.png`) holds no values: nothing to say.
        let code = f.path.extension().is_some_and(|e| e == "json")
            || crate::lang::detect(&f.path).is_some();
        let problem = match (&f.text, &f.model) {
            _ if !code => None,
            (Err(why), _) => Some(format!("was not read ({why})")),
            (Ok(_), None) if f.path.extension().is_some_and(|e| e == "json") => {
                Some("is not valid JSON".to_string())
            }
            (Ok(_), None) => Some("could not be read as code".to_string()),
            (Ok(_), Some(_)) => None,
        };
        if let Some(problem) = problem {
            self.note(format!(
                "imports {}, which {problem}: its values are unknown",
                shown.display()
            ));
        }
        Some(f)
    }

    /// The text of a file of the analysis.
    pub fn text(&self, id: FileId) -> Option<Arc<str>> {
        self.file(id)?.text.as_ref().ok().cloned()
    }

    fn note(&self, note: String) {
        let mut notes = self.notes.borrow_mut();
        if !notes.contains(&note) {
            notes.push(note);
        }
    }

    /// What the analysis could not read of the files it was led to.
    pub fn notes(&self) -> Vec<String> {
        self.notes.borrow().clone()
    }

    /// The files of the analysis so far (the entry and every file it read).
    pub fn files(&self) -> Vec<FileId> {
        let mut v: Vec<FileId> = self.local.borrow().keys().copied().collect();
        v.extend(self.shared.borrow().iter().copied());
        v.sort();
        v.dedup();
        v
    }
}

/// What a folder listing says of one of its entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    File,
    /// A folder, a socket…: not a file.
    Other,
    /// A symbolic link (or an entry of unknown type): only the path itself can tell.
    Unsure,
}

/// The entries of one folder, by name.
enum Listing {
    Entries(HashMap<std::ffi::OsString, Entry>),
    /// No such folder: nothing is in it.
    Missing,
    /// Not readable: every question goes to the path itself.
    Unreadable,
}

impl Listing {
    /// Folders larger than this are not listed (each path is asked instead).
    const MAX_ENTRIES: usize = 50_000;

    fn of(dir: &Path) -> Listing {
        let read = match std::fs::read_dir(dir) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Listing::Missing,
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return Listing::Missing,
            Err(_) => return Listing::Unreadable,
        };
        let mut entries = HashMap::new();
        for e in read {
            let Ok(e) = e else {
                return Listing::Unreadable;
            };
            if entries.len() >= Self::MAX_ENTRIES {
                return Listing::Unreadable;
            }
            let kind = match e.file_type() {
                Ok(t) if t.is_file() => Entry::File,
                Ok(t) if t.is_symlink() => Entry::Unsure,
                Ok(_) => Entry::Other,
                Err(_) => Entry::Unsure,
            };
            entries.insert(e.file_name(), kind);
        }
        Listing::Entries(entries)
    }
}

/// The outermost folder from `repo` (a git work tree) down to `dir` that the repository's
/// ignore files (`.gitignore` of each folder on the way, `.git/info/exclude`) exclude, if any.
fn ignored_folder(repo: &Path, dir: &Path) -> Option<PathBuf> {
    let rel = dir.strip_prefix(repo).ok()?;
    if rel.as_os_str().is_empty() {
        return None;
    }
    // Each folder's own rules, from the repository's root down (a deeper file overrides).
    let mut rules = Vec::new();
    fn add(rules: &mut Vec<ignore::gitignore::Gitignore>, root: &Path, file: PathBuf) {
        if !file.is_file() {
            return;
        }
        let mut builder = ignore::gitignore::GitignoreBuilder::new(root);
        if builder.add(&file).is_none() {
            if let Ok(g) = builder.build() {
                rules.push(g);
            }
        }
    }
    add(
        &mut rules,
        repo,
        repo.join(".git").join("info").join("exclude"),
    );
    let mut folder = repo.to_path_buf();
    add(&mut rules, &folder, folder.join(".gitignore"));
    for part in rel.components() {
        folder.push(part);
        let ignored = rules
            .iter()
            .rev()
            .map(|g| g.matched(&folder, true))
            .find(|m| !m.is_none())
            .is_some_and(|m| m.is_ignore());
        if ignored {
            return Some(folder);
        }
        add(&mut rules, &folder, folder.join(".gitignore"));
    }
    None
}

/// The canonical form of a path (symbolic links resolved), or the path itself. The canonical
/// form of each folder is asked of the system once per process: a scan canonicalises every
/// file it analyses, and thousands of them share a few folders.
pub fn canonical(path: &Path) -> PathBuf {
    static FOLDERS: std::sync::OnceLock<Mutex<HashMap<PathBuf, Option<PathBuf>>>> =
        std::sync::OnceLock::new();
    let whole = || std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return whole();
    };
    if dir.as_os_str().is_empty() || name == ".." || name == "." {
        return whole();
    }
    // The file itself must be no symbolic link (and exist) for its folder's form to do.
    match std::fs::symlink_metadata(path) {
        Ok(m) if !m.file_type().is_symlink() => {}
        _ => return whole(),
    }
    let folders = FOLDERS.get_or_init(Mutex::default);
    match canonical_folder(folders, dir, 0) {
        Some(f) => f.join(name),
        None => whole(),
    }
}

/// The canonical form of a folder, cached: its parent's canonical form and its own name when it
/// is no symbolic link (one `lstat`), else the system's answer.
fn canonical_folder(
    folders: &Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    dir: &Path,
    depth: usize,
) -> Option<PathBuf> {
    if let Some(hit) = folders.lock().expect("folders lock").get(dir) {
        return hit.clone();
    }
    let plain = |name: &std::ffi::OsStr| name != ".." && name != ".";
    let found = match (dir.parent(), dir.file_name()) {
        (Some(parent), Some(name))
            if depth < 64
                && plain(name)
                && !parent.as_os_str().is_empty()
                && std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) =>
        {
            canonical_folder(folders, parent, depth + 1).map(|p| p.join(name))
        }
        _ => std::fs::canonicalize(dir).ok(),
    };
    folders
        .lock()
        .expect("folders lock")
        .insert(dir.to_path_buf(), found.clone());
    found
}

impl crate::eval::Workspace for Session<'_> {
    fn model(&self, file: FileId) -> Option<Arc<Model>> {
        self.file(file)?.model.clone()
    }

    fn resolve(&self, from: FileId, spec: &str, kind: ImportKind) -> Option<FileId> {
        let f = self.file(from)?;
        let language = f.language()?;
        let namespace = f.model.as_ref().and_then(|m| m.namespace.clone());
        let found =
            self.project
                .resolve_cached(&f.path, language, spec, kind, namespace.as_deref());
        found.filter(|id| *id != from)
    }

    fn define(&self, from: FileId, name: &str) -> Option<FileId> {
        let f = self.file(from)?;
        let language = f.language()?;
        if !matches!(language, Language::Ruby | Language::Php | Language::Java) {
            return None;
        }
        let namespace = f.model.as_ref().and_then(|m| m.namespace.clone());
        let key = (
            f.path.parent()?.to_path_buf(),
            language,
            ImportKind::Class,
            namespace,
            name.to_string(),
        );
        if let Some(hit) = self.project.defined.lock().expect("lock").get(&key) {
            return hit.filter(|id| *id != from);
        }
        let found = resolve::definition(self.project, &f.path, language, name, key.3.as_deref())
            .map(|target| self.project.intern(&target));
        self.project
            .defined
            .lock()
            .expect("lock")
            .insert(key, found);
        found.filter(|id| *id != from)
    }

    fn submodule(&self, package: FileId, name: &str) -> Option<FileId> {
        let f = self.file(package)?;
        if f.path.file_name()? != "__init__.py" {
            return None;
        }
        let dir = f.path.parent()?;
        let target = resolve::python_module(self.project, dir, &[name])?;
        Some(self.project.intern(&target))
    }

    fn dir(&self, file: FileId) -> Option<String> {
        let f = self.file(file)?;
        Some(f.path.parent()?.to_string_lossy().into_owned())
    }

    fn text(&self, file: FileId) -> Option<Arc<str>> {
        Session::text(self, file)
    }

    fn sdk_use(&self, from: FileId) -> Option<crate::eval::SdkUse> {
        let f = self.file(from)?;
        Some(self.project.sdk_use(f.path.parent()?))
    }

    fn config_file(&self, from: FileId, name: &str) -> Option<FileId> {
        let f = self.file(from)?;
        let rel = format!("config/{name}.php");
        let found = f
            .path
            .parent()?
            .ancestors()
            .take_while(|d| d.starts_with(self.project.root()))
            .map(|d| d.join(&rel))
            .find(|p| self.project.is_file(p))?;
        Some(self.project.intern(&canonical(&found)))
    }
}

/// The namespace a PHP file declares and the classes it names in `use` imports and `extends`
/// clauses (`App\Support\Signer`, `Controller`), read from its text (the prefilter's
/// follow-up: the file is not parsed unless one of them may sign).
pub fn php_class_references(text: &str) -> (Option<String>, Vec<String>) {
    let b = text.as_bytes();
    let is_name = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'\\';
    // The qualified name that starts at `i` (after blanks), if any.
    let name_at = |mut i: usize| -> Option<String> {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while i < b.len() && is_name(b[i]) {
            i += 1;
        }
        (i > start && !b[start].is_ascii_digit()).then(|| text[start..i].to_string())
    };
    // `keyword` standing as a word, followed by a blank.
    let words = |keyword: &'static str| {
        memchr::memmem::find_iter(b, keyword.as_bytes()).filter(move |&at| {
            let end = at + keyword.len();
            (at == 0 || !is_name(b[at - 1]) && b[at - 1] != b'$')
                && b.get(end).is_some_and(|c| c.is_ascii_whitespace())
        })
    };
    let namespace = words("namespace")
        .filter_map(|at| name_at(at + "namespace".len()))
        .find(|n| !n.is_empty());
    let mut names: Vec<String> = Vec::new();
    for keyword in ["use", "extends"] {
        for at in words(keyword) {
            if let Some(n) = name_at(at + keyword.len()) {
                let n = n.trim_start_matches('\\').to_string();
                // `use function …`, `use const …` import no class.
                if !n.is_empty() && n != "function" && n != "const" && !names.contains(&n) {
                    names.push(n);
                }
            }
        }
    }
    (namespace, names)
}

/// The modules a JavaScript or TypeScript text imports, as written: the strings after `from`,
/// `import`, `require(` and `import(`, when they name a file of the project rather than a
/// package (relative, or an alias: `./zoom`, `../lib/zoom`, `@/lib/zoom`, `~/lib/zoom`,
/// `#lib/zoom`, `src/lib/zoom`). A scan, not a parse: it finds the candidates whose importer
/// is then parsed to be sure.
pub fn import_specs(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out: Vec<String> = Vec::new();
    for keyword in ["from", "import", "require("] {
        for at in memchr::memmem::find_iter(b, keyword.as_bytes()) {
            let mut i = at + keyword.len();
            while i < b.len() && matches!(b[i], b' ' | b'\t' | b'(') {
                i += 1;
            }
            let Some(&quote @ (b'\'' | b'"' | b'`')) = b.get(i) else {
                continue;
            };
            let start = i + 1;
            let Some(len) = b[start..]
                .iter()
                .take(300)
                .position(|c| *c == quote || *c == b'\n')
            else {
                continue;
            };
            if b[start + len] != quote {
                continue;
            }
            let spec = &text[start..start + len];
            let local = spec.starts_with('.')
                || spec.starts_with("@/")
                || spec.starts_with("~/")
                || spec.starts_with('#')
                || (spec.contains('/') && !spec.starts_with('@') && !spec.contains(':'));
            if local && !out.iter().any(|s| s == spec) {
                out.push(spec.to_string());
            }
        }
    }
    out
}
