//! Writing fixes on claims: where a claim is written, how each language converts a number, and
//! when one claim's expression may be copied to another.
//!
//! A claim is fixed where it is *written into the payload* (its entry's `site`: the value of
//! `exp: …`, the argument of `claims.put("exp", …)`, the `String.format` argument that fills
//! it), not where its value was first computed. A variable may feed several claims or other
//! code, and an `exp` derived from a millisecond `iat` must not be converted twice; converting
//! each claim where it is written is right whatever the value went through before.

use crate::diagnostic::{Edit, Fix};
use crate::eval::{ObjEntry, Value};
use crate::model::{Arg, ExprId, ExprKind, Language, Span};
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
    input.text(span)
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
    let site = entry.value.site;
    let plain = replacement
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | '@'));
    if operand(input, site) && !plain {
        // `"…" + exp + "…"`: `iat + 7200` written there must stay one operand.
        return vec![Edit::replace(site, format!("({replacement})"))];
    }
    vec![Edit::replace(site, replacement)]
}

/// Whether the expression at `span` is an operand of an operator, a cast or a member access.
fn operand(input: &Input, span: Span) -> bool {
    let m = input.model;
    m.expr_ids().any(|id| match m.kind(id) {
        ExprKind::Binary { left, right, .. } => m.span(*left) == span || m.span(*right) == span,
        ExprKind::Unary { operand, .. } | ExprKind::Cast { operand, .. } => {
            m.span(*operand) == span
        }
        ExprKind::Member { object, .. } => m.span(*object) == span,
        _ => false,
    })
}

/// Edits converting the number written for a claim.
pub(crate) fn convert_claim(input: &Input, entry: &ObjEntry, c: Conversion) -> Vec<Edit> {
    let (before, after, needs) = conversion(input.sites.language, c);
    if shorthand(input, entry) {
        return replace_claim(input, entry, &format!("{before}{}{after}", entry.key));
    }
    wrap(input, entry.value.site, before, after, needs)
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

/// `tokenExp` written as the expression written for `exp`, when [`claim_text`] allows it.
pub(crate) fn token_exp_as_exp(input: &Input, exp: &ObjEntry, token_exp: &ObjEntry) -> Option<Fix> {
    let x = claim_text(input, exp, token_exp, true)?;
    Some(Fix::safe(
        format!("make `tokenExp` equal to `exp` (`{x}`)"),
        replace_claim(input, token_exp, x),
    ))
}

/// The claim's own expression shifted by `delta` (in the claim's unit), and the edits writing it.
pub(crate) fn shifted_claim(input: &Input, entry: &ObjEntry, delta: i64) -> (String, Vec<Edit>) {
    let site = entry.value.site;
    let written = offset_text(input, site, text(input, site), delta);
    let edits = replace_claim(input, entry, &written);
    (written, edits)
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

/// The call expression written at `span`: its callee's object and method name, and arguments.
pub(crate) type CallParts<'a> = (Option<ExprId>, &'a str, Span, &'a [Arg]);

pub(crate) fn call_at<'a>(input: &'a Input, span: Span) -> Option<CallParts<'a>> {
    let m = input.model;
    m.expr_ids()
        .filter(|id| m.span(*id) == span)
        .find_map(|id| {
            let ExprKind::Call { callee, args } = m.kind(id) else {
                return None;
            };
            let callee_span = m.span(*callee);
            match m.kind(*callee) {
                ExprKind::Member { object, name } => {
                    Some((Some(*object), name.as_str(), callee_span, args.as_slice()))
                }
                ExprKind::Name(name) => Some((None, name.as_str(), callee_span, args.as_slice())),
                _ => None,
            }
        })
}

/// The span of a method name at the end of a callee (`toString` in `buf.toString`).
pub(crate) fn method_name_span(input: &Input, callee: Span, name: &str) -> Option<Span> {
    text(input, callee)
        .ends_with(name)
        .then(|| callee.with_range(callee.end - name.len(), callee.end))
}

/// How code refers to a variable or parameter: `$name` in PHP, `name` elsewhere.
pub(crate) fn variable(language: Language, name: &str) -> String {
    match language {
        Language::Php => format!("${name}"),
        _ => name.to_string(),
    }
}

/// The first parameter of the function around `span` whose lower-cased name `pick` accepts.
pub(crate) fn parameter_around(
    input: &Input,
    span: Span,
    pick: impl Fn(&str) -> bool,
) -> Option<String> {
    let f = input.model.function_at(span)?;
    input
        .model
        .function(f)
        .params
        .iter()
        .find(|p| pick(&p.name.to_ascii_lowercase()))
        .map(|p| variable(input.sites.language, &p.name))
}

/// An entry written after `anchor` in the same payload, keyed like it: `, role: 1` after
/// `mn: x`, `, 'role' => 1` after `'mn' => $x`, `, "role": 1`, `, role=1`; after an entry
/// written as a call, the same call again ([`call_entry_after`]). `None` when the anchor is
/// written otherwise (a JSON template, a merge).
pub(crate) fn entry_after(
    input: &Input,
    anchor: &ObjEntry,
    key: &str,
    value: &str,
) -> Option<Edit> {
    pair_entry_after(input, anchor, key, value)
        .or_else(|| call_entry_after(input, anchor, key, value))
}

/// Builder methods that add one claim and return the builder (jjwt `claim`, java-jwt
/// `withClaim`).
const CLAIM_LINKS: [&str; 2] = ["claim", "withClaim"];

/// After an entry written as a call with the key and the value as its two arguments: a Java map
/// `claims.put("mn", mn);` alone on its line gets `claims.put("role", 0);` on the next line, at
/// the same indentation; a builder link `.claim("mn", mn)` gets `.claim("role", 0)` right after
/// it, with the same line break and indentation before it.
fn call_entry_after(input: &Input, anchor: &ObjEntry, key: &str, value: &str) -> Option<Edit> {
    let m = input.model;
    let source = input.source;
    let (call, callee, key_arg) = m.expr_ids().find_map(|id| {
        let ExprKind::Call { callee, args } = m.kind(id) else {
            return None;
        };
        let [k, v] = args.as_slice() else {
            return None;
        };
        let (ks, vs) = (m.span(k.value), m.span(v.value));
        (ks.contains(anchor.key_span) && vs.contains(anchor.value.site)).then_some((
            m.span(id),
            *callee,
            ks,
        ))
    })?;
    let ExprKind::Member { object, name } = m.kind(callee) else {
        return None;
    };
    let quote = source.get(key_arg.start..key_arg.end)?.chars().next()?;
    if !matches!(quote, '"' | '\'') {
        return None;
    }
    let chained = matches!(m.kind(*object), ExprKind::Call { .. });
    let (object, callee) = (m.span(*object), m.span(callee));
    let args = format!("({quote}{key}{quote}, {value})");
    if CLAIM_LINKS.contains(&name.as_str()) && chained {
        // `.claim`, with the line break and indentation written before it.
        let link = source.get(object.end..callee.end)?;
        return Some(Edit::insert(call.end_point(), format!("{link}{args}")));
    }
    let statement = source
        .get(call.end..)?
        .trim_start_matches([' ', '\t'])
        .starts_with(';');
    if name == "put" && statement {
        let before = source[..call.start].trim_end_matches([' ', '\t']);
        if !(before.is_empty() || before.ends_with('\n')) {
            return None; // not alone on its line
        }
        let indent = line_indent(source, call.start);
        let line_end = source[call.end..]
            .find('\n')
            .map_or(source.len(), |i| call.end + i);
        let receiver = source.get(object.start..callee.end)?;
        return Some(Edit::insert(
            call.with_range(line_end, line_end),
            format!("\n{indent}{receiver}{args};"),
        ));
    }
    None
}

/// The spaces and tabs that start the line holding byte `at`.
pub(crate) fn line_indent(source: &str, at: usize) -> &str {
    let line = &source[source[..at].rfind('\n').map_or(0, |i| i + 1)..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// [`entry_after`] for entries written as `key: value` pairs of a literal.
fn pair_entry_after(input: &Input, anchor: &ObjEntry, key: &str, value: &str) -> Option<Edit> {
    if shorthand(input, anchor) {
        return Some(Edit::insert(
            anchor.key_span.end_point(),
            format!(", {key}: {value}"),
        ));
    }
    let (start, site) = (anchor.key_span.start, anchor.value.site);
    if start >= site.start {
        return None;
    }
    let prefix = input.source.get(start..site.start)?;
    let squashed: String = prefix.chars().filter(|c| !c.is_whitespace()).collect();
    let k = &anchor.key;
    let plain = [
        format!("{k}:"),
        format!("'{k}':"),
        format!("\"{k}\":"),
        format!("'{k}'=>"),
        format!("\"{k}\"=>"),
        format!(":{k}=>"),
        format!("{k}="),
    ];
    if !plain.contains(&squashed) || prefix.matches(k.as_str()).count() != 1 {
        return None;
    }
    let new_prefix = prefix.replacen(k.as_str(), key, 1);
    Some(Edit::insert(
        site.end_point(),
        format!(", {new_prefix}{value}"),
    ))
}

type LinePredicate = fn(&str) -> bool;
type LineMaker = fn(&str) -> String;

/// Edits making Python `modules` (`import x`) or Ruby libraries (`require 'x'`) available, when
/// the file lacks them: new lines before the file's first import (or require), or after its
/// leading comments and docstring-free header. `None` when there is no safe place (a Python file
/// that starts with a docstring or `from __future__` and imports nothing).
pub(crate) fn ensure_modules(input: &Input, modules: &[&str]) -> Option<Vec<Edit>> {
    let m = input.model;
    let present = |module: &str| match input.sites.language {
        Language::Python | Language::Ruby => m.imports.iter().any(|i| i == module),
        _ => true,
    };
    let missing: Vec<&str> = modules.iter().copied().filter(|x| !present(x)).collect();
    if missing.is_empty() {
        return Some(Vec::new());
    }
    let (is_import, line_for): (LinePredicate, LineMaker) = match input.sites.language {
        Language::Python => (
            |l| {
                (l.starts_with("import ") || l.starts_with("from "))
                    && !l.starts_with("from __future__")
            },
            |x| format!("import {x}\n"),
        ),
        Language::Ruby => (
            |l| l.starts_with("require ") || l.starts_with("require("),
            |x| format!("require '{x}'\n"),
        ),
        _ => return Some(Vec::new()),
    };
    let mut offset = 0;
    let mut at = None;
    let mut header_end = None;
    for line in input.source.split_inclusive('\n') {
        if is_import(line) {
            at = Some(offset);
            break;
        }
        let t = line.trim();
        if header_end.is_none() && !(t.is_empty() || t.starts_with('#')) {
            header_end = Some(offset);
        }
        offset += line.len();
    }
    let at = match (at, header_end) {
        (Some(a), _) => a,
        (None, Some(h)) => {
            let rest = input.source[h..].trim_start();
            let python_header = rest.starts_with("\"\"\"")
                || rest.starts_with("'''")
                || rest.starts_with("from __future__");
            if input.sites.language == Language::Python && python_header {
                return None;
            }
            h
        }
        (None, None) => input.source.len(),
    };
    let text: String = missing.iter().map(|x| line_for(x)).collect();
    Some(vec![Edit::insert(
        Span::in_file(input.model.file, at, at),
        text,
    )])
}

/// The quote a string or bytes literal written at `span` takes: `"`, or `'` inside an f-string quoted
/// with `"` (`f"{base64.urlsafe_b64encode(x).rstrip(b'=')}"`): before Python 3.12 an f-string's
/// expressions may not hold its own quote character.
pub fn python_quote(input: &Input, span: Span) -> char {
    let m = input.model;
    let innermost = m
        .expr_ids()
        .filter(|id| matches!(m.kind(*id), ExprKind::Interpolated { .. }))
        .map(|id| m.span(id))
        .filter(|s| s.contains(span) && *s != span)
        .min_by_key(|s| s.end - s.start);
    let Some(f) = innermost else { return '"' };
    let quote = text(input, f)
        .chars()
        .find(|c| !matches!(c, 'f' | 'F' | 'r' | 'R' | 'b' | 'B' | 'u' | 'U'));
    if quote == Some('"') {
        '\''
    } else {
        '"'
    }
}
