//! SIG008 hardcoded-secret: the signing key of a Meeting SDK token or legacy signature is a
//! string literal. The literal is never printed: at most its last four characters.

use crate::diagnostic::Finding;
use crate::eval::{Val, Value};
use crate::sites::Sites;

pub fn check(sites: &Sites, out: &mut Vec<Finding>) {
    let keys = sites
        .signings
        .iter()
        .filter_map(|s| s.key.as_ref())
        .chain(sites.legacy.iter().filter_map(|l| l.key.as_ref()));
    for key in keys {
        for alt in key.alternatives() {
            let Some(literal) = literal_secret(alt) else {
                continue;
            };
            let masked = mask(literal);
            let message = if is_placeholder(literal) {
                format!("the signing secret is the placeholder literal {masked}; it must come from the environment, and the placeholder must not ship")
            } else {
                format!("the signing secret is the string literal {masked} in the source")
            };
            let span = secret_span(alt);
            out.push(Finding::new("SIG008", span, message).redacting(span));
        }
    }
}

/// The literal text of a key given as a string or the bytes of a string.
fn literal_secret(v: &Val) -> Option<&str> {
    match &v.value {
        Value::Str(s) if !s.is_empty() => Some(s),
        Value::Bytes(inner) => literal_secret(inner),
        // jsrsasign keys `{ utf8: '…' }`, `{ hex: '…' }`, `{ b64: '…' }`.
        Value::Object(o) => ["utf8", "hex", "b64", "b64u", "rstr"]
            .iter()
            .find_map(|k| o.get(k))
            .and_then(|e| literal_secret(&e.value)),
        _ => None,
    }
}

fn secret_span(v: &Val) -> crate::model::Span {
    match &v.value {
        Value::Bytes(inner) => secret_span(inner),
        Value::Object(o) => ["utf8", "hex", "b64", "b64u", "rstr"]
            .iter()
            .find_map(|k| o.get(k))
            .map(|e| secret_span(&e.value))
            .unwrap_or(v.span),
        _ => v.span,
    }
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
