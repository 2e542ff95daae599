//! SIG004 non-url-safe-base64: a hand-rolled JWT segment or final legacy signature keeps the
//! standard alphabet or the `=` padding.

use crate::diagnostic::Edit;
use crate::diagnostic::Finding;
use crate::diagnostic::Fix;
use crate::eval::Encoding;
use crate::model::{ExprKind, Language, Span};
use crate::rules::Input;
use crate::rules::{rewrite, wrap, Tightness};

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for s in &sites.segments {
        // What the encoder leaves in that base64url has not; for a constant text (the usual
        // header), only what its standard base64 really holds.
        let mut e = s.encoding.clone();
        if let Some(holds) = s.may_hold {
            e.plus_safe |= !holds.plus;
            e.slash_safe |= !holds.slash;
            e.padded &= holds.pad;
        }
        if e.is_url_safe() {
            continue;
        }
        let e = &s.encoding;
        let mut wrong = Vec::new();
        if !e.plus_safe || !e.slash_safe {
            let chars = match (e.plus_safe, e.slash_safe) {
                (false, false) => "`+` and `/`",
                (true, false) => "`/`",
                _ => "`+`",
            };
            wrong.push(format!("the standard base64 alphabet ({chars} left in)"));
        }
        if e.padded {
            wrong.push("`=` padding".to_string());
        }
        let what = if s.legacy {
            "the signature"
        } else {
            "this JWT segment"
        };
        let mut finding = Finding::new(
            "SIG004",
            e.span,
            format!("{what} is encoded with {}", wrong.join(" and ")),
        );
        if let Some(fix) = url_safe_fix(input, e) {
            finding = finding.with_fix(fix);
        }
        out.push(finding);
    }
}

/// Makes the encoder's output base64url without padding, in the language's idiom: the encoder
/// itself is changed where it is a known call (`toString('base64')` to `'base64url'`,
/// `Base64.strict_encode64(x)` to `Base64.urlsafe_encode64(x, padding: false)`,
/// `base64.b64encode(x)` to `base64.urlsafe_b64encode(x).rstrip(b"=")`, Java's
/// `Base64.getEncoder()` to `Base64.getUrlEncoder().withoutPadding()` where the encoder is made);
/// otherwise its output is repaired (`+` to `-`, `/` to `_`, `=` stripped: PHP's
/// `rtrim(strtr(…, '+/', '-_'), '=')`). Applied to the encoder, earlier than any existing
/// partial repair, so the result is right in any order; a repair adds only what the code does
/// not already do (`rtrim(base64_encode($d), '=')` gets the `strtr` alone).
fn url_safe_fix(input: &Input, e: &Encoding) -> Option<Fix> {
    let sites = input.sites;
    let alphabet = !(e.plus_safe && e.slash_safe);
    let padding = e.padded;
    let pick = |on: bool, text: &'static str| if on { text } else { "" };
    let edits = match sites.language {
        Language::JavaScript | Language::TypeScript | Language::Tsx => js_encoder(input, e.span)
            .unwrap_or_else(|| {
                let after = [
                    pick(alphabet, ".replace(/\\+/g, '-').replace(/\\//g, '_')"),
                    pick(padding, ".replace(/=+$/, '')"),
                ]
                .concat();
                wrap(input, e.span, "", &after, Tightness::Postfix)
            }),
        Language::Php => {
            let before = [pick(padding, "rtrim("), pick(alphabet, "strtr(")].concat();
            let after = [pick(alphabet, ", '+/', '-_')"), pick(padding, ", '=')")].concat();
            wrap(input, e.span, &before, &after, Tightness::Any)
        }
        Language::Ruby => ruby_encoder(input, e.span, e.padded).unwrap_or_else(|| {
            wrap(
                input,
                e.span,
                "",
                ".tr('+/', '-_').delete(\"=\\n\")",
                Tightness::Postfix,
            )
        }),
        Language::Python => python_encoder(input, e.span, e.padded).unwrap_or_else(|| {
            let q = rewrite::python_quote(input, e.span);
            let after = [
                if alphabet {
                    format!(".replace(b{q}+{q}, b{q}-{q}).replace(b{q}/{q}, b{q}_{q})")
                } else {
                    String::new()
                },
                if padding {
                    format!(".rstrip(b{q}={q})")
                } else {
                    String::new()
                },
            ]
            .concat();
            wrap(input, e.span, "", &after, Tightness::Postfix)
        }),
        Language::Java => java_encoder(input, e)?,
    };
    Some(Fix::safe("encode as base64url without padding", edits))
}

/// `x.toString('base64')`, `hmac.digest('base64')`: the argument becomes `'base64url'`.
fn js_encoder(input: &Input, span: Span) -> Option<Vec<Edit>> {
    let (_, name, _, args) = rewrite::call_at(input, span)?;
    if !matches!(name, "toString" | "digest") {
        return None;
    }
    let arg = args.first()?;
    if !matches!(input.model.kind(arg.value), ExprKind::Str(s) if s == "base64") {
        return None;
    }
    let at = input.model.span(arg.value);
    let quote = rewrite::text(input, at).chars().next()?;
    Some(vec![Edit::replace(at, format!("{quote}base64url{quote}"))])
}

/// `Base64.strict_encode64(x)`, `Base64.encode64(x)`, `Base64.urlsafe_encode64(x)`:
/// `Base64.urlsafe_encode64(x, padding: false)` (without `padding: false` where the padding is
/// already removed).
fn ruby_encoder(input: &Input, span: Span, padded: bool) -> Option<Vec<Edit>> {
    let (object, name, callee, args) = rewrite::call_at(input, span)?;
    let object = object?;
    if input.model.path(object).as_deref() != Some("Base64") || args.len() != 1 {
        return None;
    }
    let last = input.model.span(args[0].value);
    let mut edits = Vec::new();
    match name {
        "strict_encode64" | "encode64" => edits.push(Edit::replace(
            rewrite::method_name_span(input, callee, name)?,
            "urlsafe_encode64",
        )),
        "urlsafe_encode64" => {}
        _ => return None,
    }
    if padded {
        edits.push(Edit::insert(last.end_point(), ", padding: false"));
    }
    Some(edits)
}

/// `base64.b64encode(x)`: `base64.urlsafe_b64encode(x).rstrip(b"=")` (without the `rstrip`
/// where the padding is already removed).
fn python_encoder(input: &Input, span: Span, padded: bool) -> Option<Vec<Edit>> {
    let (object, name, callee, _) = rewrite::call_at(input, span)?;
    if input.model.path(object?).as_deref() != Some("base64") {
        return None;
    }
    let mut edits = Vec::new();
    match name {
        "b64encode" | "standard_b64encode" => edits.push(Edit::replace(
            rewrite::method_name_span(input, callee, name)?,
            "urlsafe_b64encode",
        )),
        "urlsafe_b64encode" => {}
        _ => return None,
    }
    if padded {
        let q = rewrite::python_quote(input, span);
        edits.push(Edit::insert(span.end_point(), format!(".rstrip(b{q}={q})")));
    }
    Some(edits)
}

/// Java: where the encoder is made, `Base64.getEncoder()` becomes
/// `Base64.getUrlEncoder().withoutPadding()` (`.withoutPadding()` is added to a
/// `getUrlEncoder()`); Apache Commons `Base64.encodeBase64String(x)` becomes
/// `Base64.encodeBase64URLSafeString(x)`.
fn java_encoder(input: &Input, e: &Encoding) -> Option<Vec<Edit>> {
    if let Some((_, name, callee, _)) = rewrite::call_at(input, e.span) {
        if name == "encodeBase64String" {
            return Some(vec![Edit::replace(
                rewrite::method_name_span(input, callee, name)?,
                "encodeBase64URLSafeString",
            )]);
        }
    }
    let (object, name, callee, args) = rewrite::call_at(input, e.factory)?;
    if input.model.path(object?).is_none() || !args.is_empty() {
        return None;
    }
    let at = rewrite::method_name_span(input, callee, name)?;
    match name {
        "getEncoder" | "getMimeEncoder" => Some(vec![Edit::replace(
            at.with_range(at.start, e.factory.end),
            "getUrlEncoder().withoutPadding()",
        )]),
        "getUrlEncoder" => Some(vec![Edit::insert(
            e.factory.end_point(),
            ".withoutPadding()",
        )]),
        _ => None,
    }
}
