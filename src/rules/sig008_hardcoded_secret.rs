//! SIG008 hardcoded-secret: the signing key of a Meeting SDK token or legacy signature is a
//! string literal. The literal is never printed: at most its last four characters.

use crate::diagnostic::Finding;
use crate::eval::{Val, Value};
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    let keys = sites
        .signings
        .iter()
        .filter_map(|s| s.key.as_ref())
        .chain(sites.legacy.iter().filter_map(|l| l.key.as_ref()));
    for key in keys {
        let mut literals = Vec::new();
        literal_secrets(key, &mut literals);
        for (literal, span) in literals {
            let masked = mask(literal);
            let message = if is_placeholder(literal) {
                format!("the signing secret is the placeholder literal {masked}; it must come from the environment, and the placeholder must not ship")
            } else {
                format!("the signing secret is the string literal {masked} in the source")
            };
            out.push(Finding::new("SIG008", span, message).redacting(span));
        }
    }
}

/// The string literals a key may be: itself, the text its bytes were made of, either branch of
/// a fallback (`os.getenv('X', 'dev').encode()`), a jsrsasign `{ utf8: '…' }` key.
fn literal_secrets<'a>(v: &'a Val, out: &mut Vec<(&'a str, crate::model::Span)>) {
    match &v.value {
        Value::Str(s) if !s.is_empty() => out.push((s, v.span)),
        Value::Bytes(inner) => literal_secrets(inner, out),
        Value::Choice(alts) => {
            for a in alts.iter() {
                literal_secrets(a, out);
            }
        }
        Value::Object(o) => {
            if let Some(e) = ["utf8", "hex", "b64", "b64u", "rstr"]
                .iter()
                .find_map(|k| o.get(k))
            {
                literal_secrets(&e.value, out);
            }
        }
        _ => {}
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
