//! Writing fixes on claims: where a claim is written, how each language converts a number, and
//! when one claim's expression may be copied to another.
//!
//! A claim is fixed where it is *written into the payload* (its entry's `site`: the value of
//! `exp: …`, the argument of `claims.put("exp", …)`, the `String.format` argument that fills
//! it), not where its value was first computed. A variable may feed several claims or other
//! code, and an `exp` derived from a millisecond `iat` must not be converted twice; converting
//! each claim where it is written is right whatever the value went through before.

use crate::eval::{ObjEntry, Value};
use crate::fix::Edit;
use crate::model::{Language, Span};
use crate::rules::{wrap, Input, Tightness};

/// A conversion of a number written into a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Conversion {
    /// Milliseconds to whole seconds.
    ToSeconds,
    /// A fractional number to its integer part.
    Floor,
    /// A numeric string to an integer.
    Parse,
}

/// The text around an expression that converts it, and how tightly the expression must bind.
fn conversion(language: Language, c: Conversion) -> (&'static str, &'static str, Tightness) {
    use Conversion::*;
    use Language::*;
    match (language, c) {
        (JavaScript | TypeScript | Tsx, ToSeconds) => {
            ("Math.floor(", " / 1000)", Tightness::Postfix)
        }
        (JavaScript | TypeScript | Tsx, Floor) => ("Math.floor(", ")", Tightness::Any),
        (JavaScript | TypeScript | Tsx, Parse) => ("Math.floor(Number(", "))", Tightness::Any),
        (Python, ToSeconds) => ("int(", " // 1000)", Tightness::Postfix),
        (Python, Floor) => ("int(", ")", Tightness::Any),
        (Python, Parse) => ("int(float(", "))", Tightness::Any),
        (Ruby, ToSeconds) => ("", ".div(1000)", Tightness::Postfix),
        (Ruby, Floor | Parse) => ("", ".to_i", Tightness::Postfix),
        (Php, ToSeconds) => ("intdiv((int) ", ", 1000)", Tightness::Postfix),
        (Php, Floor | Parse) => ("(int) ", "", Tightness::Postfix),
        (Java, ToSeconds) => ("", " / 1000", Tightness::Postfix),
        (Java, Floor) => ("(long) ", "", Tightness::Postfix),
        (Java, Parse) => ("(long) Double.parseDouble(", ")", Tightness::Any),
    }
}

/// The source text of a span.
pub(crate) fn text<'a>(input: &'a Input, span: Span) -> &'a str {
    input.source.get(span.start..span.end).unwrap_or("")
}

/// `{ exp }`: a JavaScript shorthand property, whose value cannot be edited in place.
fn shorthand(input: &Input, entry: &ObjEntry) -> bool {
    input.sites.language.is_javascript()
        && entry.key_span == entry.value.site
        && text(input, entry.key_span) == entry.key
}

/// Edits replacing the expression written for a claim by `replacement`.
pub(crate) fn replace_claim(input: &Input, entry: &ObjEntry, replacement: &str) -> Vec<Edit> {
    if shorthand(input, entry) {
        return vec![Edit::replace(
            entry.key_span,
            format!("{}: {replacement}", entry.key),
        )];
    }
    vec![Edit::replace(entry.value.site, replacement)]
}

/// Edits converting the number written for a claim.
pub(crate) fn convert_claim(input: &Input, entry: &ObjEntry, c: Conversion) -> Vec<Edit> {
    let (before, after, needs) = conversion(input.sites.language, c);
    if shorthand(input, entry) {
        return replace_claim(input, entry, &format!("{before}{}{after}", entry.key));
    }
    wrap(input.sites, entry.value.site, before, after, needs)
}

/// The text of the expression written for claim `from`, when it may be written for claim `to`
/// too: a timestamp the source computes itself (not one a library derives from a date or an
/// option such as `expiresIn`), written in the same function. With `stable`, it must not read
/// the clock either: `tokenExp: Date.now() + …` next to `exp: Date.now() + …` may differ by a
/// second.
pub(crate) fn claim_text<'a>(
    input: &'a Input,
    from: &ObjEntry,
    to: &ObjEntry,
    stable: bool,
) -> Option<&'a str> {
    let (a, b) = (from.value.site, to.value.site);
    if !matches!(from.value.value, Value::Time(_)) || a == b {
        return None;
    }
    if input.model.function_at(a) != input.model.function_at(b) {
        return None;
    }
    if stable && input.sites.reads_clock(a) {
        return None;
    }
    let t = text(input, a);
    (!t.is_empty()).then_some(t)
}

/// `x + 7200` or `x - 60`: an offset added to an expression's text, parenthesised as needed.
pub(crate) fn offset_text(input: &Input, span: Span, text: &str, amount: i64) -> String {
    let base = if input.sites.atomic.contains(&span) || input.sites.additive.contains(&span) {
        text.to_string()
    } else {
        format!("({text})")
    };
    match amount {
        0 => base,
        n if n > 0 => format!("{base} + {n}"),
        n => format!("{base} - {}", -n),
    }
}
