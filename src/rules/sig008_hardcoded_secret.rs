//! SIG008 hardcoded-secret: the signing key of a Meeting SDK token or legacy signature is a
//! string literal. The literal is never printed: at most its last four characters.

use crate::diagnostic::Finding;
use crate::diagnostic::{Edit, Fix};
use crate::eval::{Val, Value};
use crate::model::{AssignKind, ExprKind, Language, Span};
use crate::rules::rewrite::{ensure_modules, text};
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    let keys = sites
        .signings
        .iter()
        .filter_map(|s| s.key.as_ref())
        .map(|k| (k, "ZOOM_SDK_SECRET"))
        .chain(
            sites
                .legacy
                .iter()
                .filter_map(|l| l.key.as_ref())
                .map(|k| (k, "ZOOM_API_SECRET")),
        );
    for (key, variable) in keys {
        let mut literals = Vec::new();
        literal_secrets(key, false, &mut literals);
        // A secret echoed into a page from the server code (`'<?= API_SECRET ?>'`): the
        // literal there.
        if let Some((_, Some(server))) = input.sites.echo_of(key) {
            literal_secrets(server, false, &mut literals);
        }
        for (literal, span, fallback) in literals {
            let masked = mask(literal);
            let message = if is_placeholder(literal) {
                format!("the signing secret is the placeholder literal {masked}; it must come from the environment, and the placeholder must not ship")
            } else {
                format!("the signing secret is the string literal {masked} in the source")
            };
            let mut finding = Finding::new("SIG008", span, message).redacting(span);
            // A literal of another file (a config module): where it signs.
            if key.site.file != span.file {
                finding = finding.relating(key.site, "used as the signing key here");
            }
            // In browser code an environment read is inlined into the bundle at build time:
            // no fix here (SIG011 says where the signing must go).
            if !fallback && input.sites.browser.is_none() {
                if let Some(fix) =
                    input.in_file_of(span, |inp| environment_fix(inp, span, variable))
                {
                    finding = finding.with_fix(fix);
                }
            }
            out.push(finding);
        }
    }
}

/// The string literals a key may be: itself, the text its bytes were made of, either branch of
/// a fallback (`os.getenv('X', 'dev').encode()`), a jsrsasign `{ utf8: '…' }` key.
/// With each literal: whether it is one branch of a choice (an environment fallback).
fn literal_secrets<'a>(v: &'a Val, choice: bool, out: &mut Vec<(&'a str, Span, bool)>) {
    match &v.value {
        Value::Str(s) if !s.is_empty() => out.push((s, v.span, choice)),
        Value::Bytes(inner) => literal_secrets(inner, choice, out),
        Value::Choice(alts) => {
            for a in alts.iter() {
                literal_secrets(a, true, out);
            }
        }
        Value::Object(o) => {
            if let Some(e) = ["utf8", "hex", "b64", "b64u", "rstr"]
                .iter()
                .find_map(|k| o.get(k))
            {
                literal_secrets(&e.value, choice, out);
            }
        }
        _ => {}
    }
}

/// Replaces the literal by a read of environment variable `variable`: `process.env.X` (with
/// `!` in TypeScript), `ENV.fetch('X')`, `getenv('X')`, `os.environ["X"]` (adding `import os`;
/// `.encode()` for a bytes literal), `System.getenv("X")`. None where a call may not stand: a
/// PHP constant or property initialiser outside a function.
fn environment_fix(input: &Input, span: Span, variable: &str) -> Option<Fix> {
    let literal = text(input, span);
    let quoted = literal.ends_with(['"', '\'']);
    if !quoted {
        return None; // not written as a plain string literal here
    }
    let mut edits = Vec::new();
    let read = match input.sites.language {
        Language::JavaScript | Language::Tsx if literal.starts_with('`') => return None,
        Language::JavaScript => format!("process.env.{variable}"),
        Language::TypeScript | Language::Tsx => format!("process.env.{variable}!"),
        Language::Ruby => format!("ENV.fetch('{variable}')"),
        Language::Php => {
            if input.model.function_at(span).is_none() && !top_level_variable(input, span) {
                return None;
            }
            format!("getenv('{variable}')")
        }
        Language::Java => format!("System.getenv(\"{variable}\")"),
        Language::Python => {
            edits.extend(ensure_modules(input, &["os"])?);
            let bytes = literal.starts_with(['b', 'B']);
            let q = crate::rules::rewrite::python_quote(input, span);
            format!(
                "os.environ[{q}{variable}{q}]{}",
                if bytes { ".encode()" } else { "" }
            )
        }
    };
    edits.push(Edit::replace(span, read.clone()));
    Some(Fix::unsafe_fix(
        format!("read the secret from the environment variable {variable} (`{read}`); set it where the code runs"),
        edits,
    ))
}

/// A PHP `$secret = '…';` outside any function and class (not a `const`, not a property).
fn top_level_variable(input: &Input, span: Span) -> bool {
    input.model.assignments.iter().any(|a| {
        input.model.span(a.value) == span
            && a.kind == AssignKind::Assign
            && matches!(input.model.kind(a.target), ExprKind::Name(_))
            && input
                .model
                .scope(input.model.expr(a.target).scope)
                .parent
                .is_none()
    })
}

/// `****abcd`: the last four characters of a secret of 12 or more characters, nothing of a
/// shorter one (four characters of an eight-character secret is half of it).
pub fn mask(secret: &str) -> String {
    let n = secret.chars().count();
    if n >= 12 {
        let tail: String = secret.chars().skip(n - 4).collect();
        format!("`****{tail}`")
    } else {
        "`****`".to_string()
    }
}

/// Placeholder values from samples and templates (`YOUR_SDK_SECRET`, `xxx`, `changeme`).
pub fn is_placeholder(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    let squashed: String = l.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    squashed.is_empty()
        || squashed.chars().all(|c| c == 'x')
        || squashed.starts_with("your")
        || ["mysecret", "mysdk", "myapi", "myzoom", "mykey"]
            .iter()
            .any(|p| squashed.starts_with(p))
        || squashed.contains("changeme")
        || squashed.contains("placeholder")
        || squashed.contains("replace")
        || squashed.contains("todo")
        || squashed == "secret"
        || squashed == "sdksecret"
        || squashed == "apisecret"
        || (l.starts_with('<') && l.ends_with('>'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_at_most_four_characters() {
        assert_eq!(mask("vJfi8WrWWLKvMYll4mWElOHFQ0n9cXbe"), "`****cXbe`");
        assert_eq!(mask("short-sec"), "`****`");
    }

    #[test]
    fn placeholders_are_recognised() {
        for p in [
            "YOUR_SDK_SECRET",
            "xxx",
            "changeme",
            "<sdk secret>",
            "your-secret-here",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        assert!(!is_placeholder("vJfi8WrWWLKvMYll4mWElOHFQ0n9cXbe"));
    }
}
