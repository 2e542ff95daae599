//! Import resolution, per language, the way each runtime or build tool finds a module
//! (SPEC §6):
//!
//! - JavaScript/TypeScript: relative specifiers with the usual extensions and index files,
//!   `tsconfig.json`/`jsconfig.json` `baseUrl` and `paths` (following `extends`), and the `@/`
//!   and `~/` aliases of Vue, Nuxt and Vite projects (`src/`) when no configuration says
//!   otherwise.
//! - Python: relative imports from the file's package, absolute ones from every folder above the
//!   file (the package roots).
//! - Ruby: `require_relative` (the front end writes it `./name`) from the file's folder,
//!   `require` from the file's folder, `lib/` and the project root; constants by Rails's autoload
//!   convention (`ZoomConfig` in `zoom_config.rb`).
//! - PHP: `require`/`include` paths (absolute after `__DIR__`, else from the file's folder and the
//!   project root); classes by `composer.json` `autoload.psr-4` (and `psr-0`), or next to the file.
//! - Java: classes by package path under the source root the file's own package gives.
//!
//! Every path returned is canonical (symbolic links resolved, so a link loop ends) and inside
//! the project ([`Project::allows`]).

use std::path::{Path, PathBuf};

use super::{canonical, Project};
use crate::model::{ImportKind, Language};

/// Extensions tried for a JavaScript/TypeScript module specifier without one.
const JS_EXTENSIONS: [&str; 10] = [
    "ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts", "vue", "svelte",
];

/// The file an import names, from the file `from`.
pub fn resolve(
    project: &Project,
    from: &Path,
    language: Language,
    spec: &str,
    kind: ImportKind,
    namespace: Option<&str>,
) -> Option<PathBuf> {
    let dir = from.parent()?;
    let found = match (language, kind) {
        (l, _) if l.is_javascript() => js(project, dir, spec),
        (Language::Python, _) => python(project, dir, spec),
        (Language::Ruby, _) => ruby(project, dir, spec),
        (Language::Php, ImportKind::Module) => php_include(project, dir, spec),
        (Language::Php, ImportKind::Class) => php_class(project, dir, spec, namespace),
        (Language::Java, _) => java_class(project, dir, spec, namespace),
        _ => None,
    }?;
    let found = canonical(&found);
    (project.is_file(&found) && project.allows(&found)).then_some(found)
}

/// The module a JavaScript import names (`../lib/zoom`, `@/config`), from the file `from`.
pub fn script_import(project: &Project, from: &Path, spec: &str) -> Option<PathBuf> {
    resolve(
        project,
        from,
        Language::JavaScript,
        spec,
        ImportKind::Module,
        None,
    )
}

/// A file that defines a global name used in `from` (see `Workspace::define`).
pub fn definition(
    project: &Project,
    from: &Path,
    language: Language,
    name: &str,
    namespace: Option<&str>,
) -> Option<PathBuf> {
    let dir = from.parent()?;
    let found = match language {
        Language::Ruby => ruby_constant(project, dir, name),
        Language::Php => php_class(project, dir, name, namespace),
        Language::Java => java_class(project, dir, name, namespace),
        _ => None,
    }?;
    let found = canonical(&found);
    (project.is_file(&found) && project.allows(&found)).then_some(found)
}

fn first_file(project: &Project, candidates: impl IntoIterator<Item = PathBuf>) -> Option<PathBuf> {
    candidates.into_iter().find(|p| project.is_file(p))
}

// ---------------------------------------------------------------------------------------------
// JavaScript and TypeScript

fn js(project: &Project, dir: &Path, spec: &str) -> Option<PathBuf> {
    let spec = spec.split(['?', '#']).next().unwrap_or(spec);
    if spec.starts_with("./") || spec.starts_with("../") || spec == "." || spec == ".." {
        return js_file(project, &dir.join(spec));
    }
    if spec.starts_with('/') || spec.contains(':') {
        return None;
    }
    // `paths` and `baseUrl` of the nearest tsconfig.json / jsconfig.json.
    if let Some((base, paths)) = ts_config(project, dir) {
        for (pattern, targets) in &paths {
            let Some(rest) = match_pattern(pattern, spec) else {
                continue;
            };
            for t in targets {
                if let Some(f) = js_file(project, &base.join(t.replace('*', rest))) {
                    return Some(f);
                }
            }
        }
        if let Some(f) = js_file(project, &base.join(spec)) {
            return Some(f);
        }
    }
    // Vue CLI, Nuxt and Vite projects alias `@/` (and Nuxt `~/`) to `src/` (or the root).
    if let Some(rest) = spec.strip_prefix("@/").or_else(|| spec.strip_prefix("~/")) {
        for base in dir
            .ancestors()
            .take_while(|d| d.starts_with(project.root()))
        {
            if project.is_file(&base.join("package.json")) {
                return js_file(project, &base.join("src").join(rest))
                    .or_else(|| js_file(project, &base.join(rest)));
            }
        }
    }
    None
}

/// `./config` → `./config.ts`, `./config.js`, `./config/index.ts`…; a path with an extension
/// (`./keys.json`) is taken as it is.
fn js_file(project: &Project, base: &Path) -> Option<PathBuf> {
    if project.is_file(base) {
        return Some(base.to_path_buf());
    }
    let name = base.file_name()?.to_string_lossy().into_owned();
    let with_ext = JS_EXTENSIONS
        .iter()
        .chain(&["json"])
        .map(|e| base.with_file_name(format!("{name}.{e}")));
    let index = JS_EXTENSIONS
        .iter()
        .map(|e| base.join(format!("index.{e}")));
    first_file(project, with_ext.chain(index))
}

/// `*` patterns of `paths`: the part of `spec` the star stands for.
fn match_pattern<'s>(pattern: &str, spec: &'s str) -> Option<&'s str> {
    match pattern.split_once('*') {
        None => (pattern == spec).then_some(""),
        Some((pre, post)) => spec
            .strip_prefix(pre)
            .and_then(|r| r.strip_suffix(post))
            .filter(|_| spec.len() >= pre.len() + post.len()),
    }
}

type PathAliases = Vec<(String, Vec<String>)>;

/// The `baseUrl` folder and the `paths` of the tsconfig.json (or jsconfig.json) nearest above
/// `dir`, following `extends` (three levels at most).
fn ts_config(project: &Project, dir: &Path) -> Option<(PathBuf, PathAliases)> {
    let file = dir
        .ancestors()
        .take_while(|d| d.starts_with(project.root()))
        .flat_map(|d| [d.join("tsconfig.json"), d.join("jsconfig.json")])
        .find(|p| project.is_file(p))?;
    let mut base_url: Option<PathBuf> = None;
    let mut paths: PathAliases = Vec::new();
    let mut current = Some(file);
    for _ in 0..3 {
        let Some(path) = current.take() else { break };
        let Some(json) = project.json_config(&path) else {
            break;
        };
        let here = path.parent().unwrap_or(Path::new("."));
        if let Some(options) = json.get("compilerOptions") {
            if base_url.is_none() {
                if let Some(b) = options.get("baseUrl").and_then(|b| b.as_str()) {
                    base_url = Some(here.join(b));
                }
            }
            if paths.is_empty() {
                for (pattern, _, targets) in options.get("paths").map_or(&[][..], |p| p.entries()) {
                    let targets = match targets {
                        crate::lang::json::Json::Array(items, _) => items
                            .iter()
                            .filter_map(|t| t.as_str().map(str::to_string))
                            .collect(),
                        _ => Vec::new(),
                    };
                    paths.push((pattern.clone(), targets));
                }
                // `paths` are relative to `baseUrl`, or to the file that declares them.
                if !paths.is_empty() && base_url.is_none() {
                    base_url = Some(here.to_path_buf());
                }
            }
        }
        current = json
            .get("extends")
            .and_then(|e| e.as_str())
            .filter(|e| e.starts_with('.'))
            .map(|e| {
                let p = here.join(e);
                if p.extension().is_some() {
                    p
                } else {
                    p.with_extension("json")
                }
            });
    }
    Some((base_url?, paths))
}

// ---------------------------------------------------------------------------------------------
// Python

fn python(project: &Project, dir: &Path, spec: &str) -> Option<PathBuf> {
    let dots = spec.chars().take_while(|c| *c == '.').count();
    let rest: Vec<&str> = spec[dots..].split('.').filter(|s| !s.is_empty()).collect();
    if dots > 0 {
        let mut base = dir.to_path_buf();
        for _ in 1..dots {
            base = base.parent()?.to_path_buf();
        }
        return python_module(project, &base, &rest);
    }
    // Absolute: from the package roots, nearest first.
    dir.ancestors()
        .take_while(|d| d.starts_with(project.root()))
        .find_map(|root| python_module(project, root, &rest))
}

/// `a.b` under `base`: `base/a/b.py` or `base/a/b/__init__.py` (`base/__init__.py` for none).
pub fn python_module(project: &Project, base: &Path, parts: &[&str]) -> Option<PathBuf> {
    let mut p = base.to_path_buf();
    for part in parts {
        p.push(part);
    }
    let file = if parts.is_empty() {
        None
    } else {
        Some(p.with_extension("py"))
    };
    first_file(project, file.into_iter().chain([p.join("__init__.py")]))
        .filter(|f| project.allows(f))
}

// ---------------------------------------------------------------------------------------------
// Ruby

fn ruby(project: &Project, dir: &Path, spec: &str) -> Option<PathBuf> {
    let with_rb = |p: PathBuf| {
        if p.extension().is_some_and(|e| e == "rb") {
            p
        } else {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            p.with_file_name(format!("{}.rb", name.unwrap_or_default()))
        }
    };
    if let Some(rel) = spec.strip_prefix("./") {
        return first_file(project, [with_rb(dir.join(rel))]);
    }
    let root = project.root();
    first_file(
        project,
        [
            with_rb(dir.join(spec)),
            with_rb(root.join("lib").join(spec)),
            with_rb(root.join(spec)),
        ],
    )
}

/// `ZoomConfig` (or `Zoom::Config`'s `Zoom`) in `zoom_config.rb`: the file of that name
/// nearest to `dir`, preferring the Rails folders.
fn ruby_constant(project: &Project, dir: &Path, name: &str) -> Option<PathBuf> {
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let file = format!("{}.rb", snake_case(name));
    let mut candidates = project.ruby_files_named(dir, &file);
    // Nearest first: the most folders shared with the file that uses the constant.
    candidates.sort_by_key(|p| {
        std::cmp::Reverse(
            p.components()
                .zip(dir.components())
                .take_while(|(a, b)| a == b)
                .count(),
        )
    });
    candidates.into_iter().next()
}

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if i > 0 && (prev_lower || (next_lower && chars[i - 1].is_ascii_uppercase())) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(*c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// PHP

fn php_include(project: &Project, dir: &Path, spec: &str) -> Option<PathBuf> {
    let p = Path::new(spec);
    if p.is_absolute() {
        return first_file(project, [p.to_path_buf()]);
    }
    first_file(project, [dir.join(spec), project.root().join(spec)])
}

/// A class by its name (`App\Services\Zoom`, or `Zoom` in the namespace of the file): PSR-4
/// (and PSR-0) roots of the nearest composer.json, else a file of that name next to `dir`.
fn php_class(
    project: &Project,
    dir: &Path,
    name: &str,
    namespace: Option<&str>,
) -> Option<PathBuf> {
    let name = name.trim_start_matches('\\');
    let qualified = match (name.contains('\\'), namespace) {
        (false, Some(ns)) if !ns.is_empty() => format!("{ns}\\{name}"),
        _ => name.to_string(),
    };
    let composer = dir
        .ancestors()
        .take_while(|d| d.starts_with(project.root()))
        .map(|d| d.join("composer.json"))
        .find(|p| project.is_file(p));
    if let Some(composer) = composer {
        let base = composer.parent().unwrap_or(Path::new("."));
        if let Some(json) = project.json_config(&composer) {
            for section in ["autoload", "autoload-dev"] {
                let Some(autoload) = json.get(section) else {
                    continue;
                };
                for (prefix, _, dirs) in autoload.get("psr-4").map_or(&[][..], |p| p.entries()) {
                    let Some(rest) = qualified.strip_prefix(prefix.as_str()) else {
                        continue;
                    };
                    let rel = format!("{}.php", rest.replace('\\', "/"));
                    for d in json_strings(dirs) {
                        if let Some(f) = first_file(project, [base.join(&d).join(&rel)]) {
                            return Some(f);
                        }
                    }
                }
                for (prefix, _, dirs) in autoload.get("psr-0").map_or(&[][..], |p| p.entries()) {
                    if !qualified.starts_with(prefix.as_str()) {
                        continue;
                    }
                    let rel = format!("{}.php", qualified.replace('\\', "/"));
                    for d in json_strings(dirs) {
                        if let Some(f) = first_file(project, [base.join(&d).join(&rel)]) {
                            return Some(f);
                        }
                    }
                }
            }
        }
    }
    let last = qualified.rsplit('\\').next().unwrap_or(&qualified);
    first_file(project, [dir.join(format!("{last}.php"))])
}

fn json_strings(v: &crate::lang::json::Json) -> Vec<String> {
    match v {
        crate::lang::json::Json::Str(s, _) => vec![s.clone()],
        crate::lang::json::Json::Array(items, _) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Java

/// A class by its qualified name (`com.acme.zoom.ZoomConfig`) or its simple name (in the
/// package of the file): the source root is the file's folder without its package's folders.
fn java_class(project: &Project, dir: &Path, name: &str, package: Option<&str>) -> Option<PathBuf> {
    let package_depth = package.map_or(0, |p| p.split('.').count());
    let root =
        (0..package_depth).try_fold(dir.to_path_buf(), |d, _| d.parent().map(Path::to_path_buf))?;
    let rel = if name.contains('.') {
        // An inner class (`Config.Zoom`) lives in its outer class's file: try shorter prefixes.
        let parts: Vec<&str> = name.split('.').collect();
        return (1..=parts.len()).rev().find_map(|n| {
            let candidate = root.join(format!("{}.java", parts[..n].join("/")));
            first_file(project, [candidate])
        });
    } else {
        format!("{name}.java")
    };
    first_file(project, [dir.join(&rel)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_follows_rails() {
        assert_eq!(snake_case("ZoomConfig"), "zoom_config");
        assert_eq!(snake_case("SDKSignature"), "sdk_signature");
        assert_eq!(snake_case("Zoom"), "zoom");
        assert_eq!(snake_case("JWTHelper2"), "jwt_helper2");
    }

    #[test]
    fn path_patterns_match_with_one_star() {
        assert_eq!(match_pattern("@/*", "@/lib/zoom"), Some("lib/zoom"));
        assert_eq!(match_pattern("@config", "@config"), Some(""));
        assert_eq!(match_pattern("@/*", "react"), None);
        assert_eq!(match_pattern("*.js", "a"), None);
    }
}
