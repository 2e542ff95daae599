//! SIG013 local-time-as-utc: a timestamp claim (or the legacy timestamp) mixes local wall-clock
//! time and UTC, so it is off by the server's UTC offset (SPEC §8.1).
//!
//! The evaluator marks a timestamp as skewed where naive wall-clock fields of one zone are
//! read as another's (`datetime.utcnow().timestamp()`, `strtotime(gmdate(…))`,
//! `LocalDateTime.now().toEpochSecond(ZoneOffset.UTC)`) or where the zone offset is applied to
//! an epoch time (`Date.now() - new Date().getTimezoneOffset() * 60000`). This rule reports
//! each such place once, naming the claims it reaches. The other time rules read a skewed
//! clock as "now": the skew is this rule's finding, not a cascade of theirs.
//!
//! Fix (safe): the conversion reads the fields in their own zone, or the offset term goes.
//! Python `calendar.timegm(d.timetuple())` for a naive UTC date's `.timestamp()`/`mktime`,
//! `int(time.mktime(t))` for a local tuple's `timegm`, `.astimezone(tz)` for a
//! `.replace(tzinfo=tz)` of a local date, `.astimezone()` for a naive local date given to
//! PyJWT; Java `.atZone(java.time.ZoneId.systemDefault())` before `toEpochSecond()`/
//! `toInstant()`; JavaScript the epoch time without the offset term; PHP `date` for `gmdate`
//! (and `gmmktime`/`mktime` swapped) where the text is read back as local time; Ruby a zone
//! written into the text `Time.parse` reads.

use std::collections::BTreeMap;

use crate::diagnostic::{Edit, Finding, Fix};
use crate::eval::{Skew, SkewKind, Val};
use crate::model::{ExprId, ExprKind, Language, Model, Span};
use crate::rules::rewrite::ensure_modules;
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    // Each skewed conversion, with the claims it reaches (in order of first appearance).
    let mut skews: BTreeMap<Span, (Skew, Vec<&'static str>, Vec<Val>)> = BTreeMap::new();
    let mut note = |skew: Skew, claim: &'static str, v: &Val| {
        let e = skews
            .entry(skew.at)
            .or_insert_with(|| (skew, Vec::new(), Vec::new()));
        if !e.1.contains(&claim) {
            e.1.push(claim);
        }
        e.2.push(v.clone());
    };
    for p in &input.sites.payloads {
        for claim in ["iat", "exp", "tokenExp"] {
            let Some(c) = p.claim(claim) else { continue };
            for alt in c.value.alternatives() {
                if let Some(skew) = alt.time().and_then(|t| t.skew) {
                    note(skew, claim, alt);
                }
            }
        }
    }
    for l in &input.sites.legacy {
        for ts in &l.timestamps {
            for alt in ts.alternatives() {
                if let Some(skew) = alt.time().and_then(|t| t.skew) {
                    note(skew, "the legacy timestamp", alt);
                }
            }
        }
    }
    let pinned = input.sites.language == Language::Php && php_zone_pinned(input);
    for (at, (skew, claims, _)) in skews {
        if pinned && skew.kind != SkewKind::OffsetApplied {
            continue;
        }
        let what = list(&claims);
        let (how, consequence) = match skew.kind {
            SkewKind::UtcReadAsLocal => (
                "UTC wall-clock time read as the server's local time",
                "behind the real time by the server's UTC offset east of UTC (the token is born expired) and ahead of it west of UTC (Zoom sees a token issued in its future)",
            ),
            SkewKind::LocalReadAsUtc => (
                "the server's local wall-clock time read as UTC",
                "ahead of the real time by the server's UTC offset east of UTC (Zoom sees a token issued in its future) and behind it west of UTC (the token is born expired)",
            ),
            SkewKind::OffsetApplied => (
                "an epoch time shifted by the time-zone offset (an epoch time has no zone)",
                "off by the server's UTC offset: issued in Zoom's future on one side of UTC, born expired on the other",
            ),
        };
        let message = format!(
            "{what} {} {how}: {} {consequence}; it works only on a server set to UTC",
            if claims.len() == 1 { "is" } else { "are" },
            if claims.len() == 1 {
                "it is"
            } else {
                "they are"
            },
        );
        let mut finding = Finding::new("SIG013", at, message);
        if let Some(source) = skew.source.filter(|s| *s != at && !at.contains(*s)) {
            finding = finding.relating(source, "the wall-clock time comes from here");
        }
        if let Some(fix) = input.in_file_of(at, |i| fix(i, &skew)) {
            finding = finding.with_fix(fix);
        }
        out.push(finding);
    }
}

/// `iat`, `iat and exp`, `iat, exp and tokenExp`.
fn list(claims: &[&str]) -> String {
    let quoted: Vec<String> = claims
        .iter()
        .map(|c| {
            if c.contains(' ') {
                c.to_string()
            } else {
                format!("`{c}`")
            }
        })
        .collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The expression of the model at exactly `span` that is a call, `new` or binary operation.
fn expr_at(model: &Model, span: Span) -> Option<ExprId> {
    model.expr_ids().find(|id| {
        model.span(*id) == span
            && matches!(
                model.kind(*id),
                ExprKind::Call { .. } | ExprKind::New { .. } | ExprKind::Binary { .. }
            )
    })
}

/// The callee's receiver and method name of a call (`d.timestamp()` → `d`, `timestamp`).
fn method_call(model: &Model, id: ExprId) -> Option<(Option<ExprId>, &str, Vec<ExprId>)> {
    let ExprKind::Call { callee, args } = model.kind(id) else {
        return None;
    };
    let positional: Vec<ExprId> = args
        .iter()
        .filter(|a| a.name.is_none())
        .map(|a| a.value)
        .collect();
    match model.kind(*callee) {
        ExprKind::Member { object, name } => Some((Some(*object), name.as_str(), positional)),
        ExprKind::Name(name) => Some((None, name.as_str(), positional)),
        _ => None,
    }
}

fn fix(input: &Input, skew: &Skew) -> Option<Fix> {
    let model = input.model;
    let text = |s: Span| input.text(s).to_string();
    let at_text = text(skew.at);
    match (input.sites.language, skew.kind) {
        (Language::Python, kind) => {
            let id = expr_at(model, skew.at);
            let call = id.and_then(|id| method_call(model, id));
            match (kind, call) {
                // `d.timestamp()` of a naive UTC date → `calendar.timegm(d.timetuple())`.
                (SkewKind::UtcReadAsLocal, Some((Some(recv), "timestamp", args)))
                    if args.is_empty() =>
                {
                    let mut edits = module_free(input, "calendar")?;
                    edits.push(Edit::replace(
                        skew.at,
                        format!("calendar.timegm({}.timetuple())", text(model.span(recv))),
                    ));
                    Some(Fix::safe(
                        "read the UTC fields as UTC (`calendar.timegm(….timetuple())`)",
                        edits,
                    ))
                }
                // `time.mktime(t)` of a UTC tuple → `calendar.timegm(t)`.
                (SkewKind::UtcReadAsLocal, Some((_, "mktime", args))) if args.len() == 1 => {
                    let mut edits = module_free(input, "calendar")?;
                    edits.push(Edit::replace(
                        skew.at,
                        format!("calendar.timegm({})", text(model.span(args[0]))),
                    ));
                    Some(Fix::safe(
                        "read the UTC fields as UTC (`calendar.timegm(…)`)",
                        edits,
                    ))
                }
                // `calendar.timegm(t)` of a local tuple → `int(time.mktime(t))`.
                (SkewKind::LocalReadAsUtc, Some((_, "timegm", args))) if args.len() == 1 => {
                    let mut edits = module_free(input, "time")?;
                    edits.push(Edit::replace(
                        skew.at,
                        format!("int(time.mktime({}))", text(model.span(args[0]))),
                    ));
                    Some(Fix::safe(
                        "read the local fields as local time (`int(time.mktime(…))`)",
                        edits,
                    ))
                }
                // `d.replace(tzinfo=tz)` of a naive local date → `d.astimezone(tz)`.
                (SkewKind::LocalReadAsUtc, Some((Some(recv), "replace", args)))
                    if args.is_empty() =>
                {
                    let ExprKind::Call { args: all, .. } = model.kind(id?) else {
                        return None;
                    };
                    let [tz] = all.as_slice() else { return None };
                    if tz.name.as_deref() != Some("tzinfo") {
                        return None;
                    }
                    Some(Fix::safe(
                        "convert the local date to the zone (`.astimezone(…)`) instead of relabelling its fields",
                        vec![Edit::replace(
                            skew.at,
                            format!(
                                "{}.astimezone({})",
                                text(model.span(recv)),
                                text(model.span(tz.value))
                            ),
                        )],
                    ))
                }
                // A naive local date given to PyJWT, which reads it as UTC: make it aware.
                // (The date itself is the skewed value: `datetime.now()` or arithmetic on it.)
                (SkewKind::LocalReadAsUtc, call)
                    if call
                        .as_ref()
                        .is_none_or(|(_, m, _)| matches!(*m, "now" | "today")) =>
                {
                    let src = skew.source?;
                    let src_call = expr_at(model, src).and_then(|i| method_call(model, i))?;
                    if !matches!(src_call, (Some(_), "now" | "today", ref a) if a.is_empty()) {
                        return None;
                    }
                    Some(Fix::safe(
                        "make the local date aware (`.astimezone()`) so that it is converted to UTC",
                        vec![Edit::insert(Span { start: src.end, ..src }, ".astimezone()")],
                    ))
                }
                _ => None,
            }
        }
        (Language::Java, SkewKind::LocalReadAsUtc) => {
            let (recv, method, args) = method_call(model, expr_at(model, skew.at)?)?;
            let recv = text(model.span(recv?));
            let tail = match (method, args.len()) {
                ("toEpochSecond", 1) => ".toEpochSecond()",
                ("toInstant", 1) => ".toInstant()",
                ("atZone" | "atOffset", 1) => "",
                _ => return None,
            };
            Some(Fix::safe(
                "read the local fields in the server's zone (`atZone(ZoneId.systemDefault())`)",
                vec![Edit::replace(
                    skew.at,
                    format!("{recv}.atZone(java.time.ZoneId.systemDefault()){tail}"),
                )],
            ))
        }
        (Language::JavaScript | Language::TypeScript | Language::Tsx, SkewKind::OffsetApplied) => {
            let ExprKind::Binary { left, right, .. } = model.kind(expr_at(model, skew.at)?) else {
                return None;
            };
            let keep = skew.source?;
            let kept = [*left, *right]
                .into_iter()
                .find(|e| model.span(*e) == keep)?;
            Some(Fix::safe(
                "drop the time-zone offset: an epoch time is the same in every zone",
                vec![Edit::replace(skew.at, text(model.span(kept)))],
            ))
        }
        (Language::JavaScript | Language::TypeScript | Language::Tsx, _) => {
            // `new Date(d.toLocaleString('en-US', { timeZone: 'UTC' }))` → `new Date(d)`: the
            // same instant, without a trip through zone-less text.
            let ExprKind::New { args, .. } = model.kind(expr_at(model, skew.at)?) else {
                return None;
            };
            let [arg] = args.as_slice() else { return None };
            let (recv, "toLocaleString", _) = method_call(model, arg.value)? else {
                return None;
            };
            let recv = text(model.span(recv?));
            Some(Fix::safe(
                "copy the date itself instead of reading back its text without a zone",
                vec![Edit::replace(skew.at, format!("new Date({recv})"))],
            ))
        }
        (Language::Php, kind) => {
            // Swap the function that writes (or reads) the wall-clock fields so that both sides
            // are in one zone: `strtotime(gmdate(…))` → `strtotime(date(…))`,
            // `mktime(gmdate('H'), …)` → `gmmktime(gmdate('H'), …)`.
            let (span, from, to) = if at_text.starts_with("mktime") {
                (skew.at, "mktime", "gmmktime")
            } else if at_text.starts_with("gmmktime") {
                (skew.at, "gmmktime", "mktime")
            } else {
                let src = skew.source?;
                match (kind, input.text(src)) {
                    (SkewKind::UtcReadAsLocal, t) if t.starts_with("gmdate") => {
                        (src, "gmdate", "date")
                    }
                    _ => return None,
                }
            };
            Some(Fix::safe(
                format!("use `{to}` so that the fields are written and read in one zone"),
                vec![Edit::replace(
                    Span {
                        end: span.start + from.len(),
                        ..span
                    },
                    to,
                )],
            ))
        }
        (Language::Ruby, SkewKind::UtcReadAsLocal) => {
            // `Time.parse(utc_text)` → `Time.parse("#{utc_text} UTC")`.
            let (_, method, args) = method_call(model, expr_at(model, skew.at)?)?;
            if method != "parse" || args.len() != 1 {
                return None;
            }
            let arg = model.span(args[0]);
            Some(Fix::safe(
                "say that the text is UTC (`\"#{…} UTC\"`) so that it is not read as local time",
                vec![Edit::replace(arg, format!("\"#{{{}}} UTC\"", text(arg)))],
            ))
        }
        _ => None,
    }
}

/// The edits that import Python module `module`, when its name is free for it (no other
/// binding of the name in the file); `None` when the name is taken by something else.
fn module_free(input: &Input, module: &str) -> Option<Vec<Edit>> {
    let m = input.model;
    let imported = m.imports.iter().any(|i| i == module);
    if !imported
        && m.assignments
            .iter()
            .any(|a| matches!(m.kind(a.target), ExprKind::Name(n) if n == module))
    {
        return None;
    }
    ensure_modules(input, &[module])
}

/// Whether PHP's "local" zone is set by the code around it rather than by the server: the file
/// calls `date_default_timezone_set` (or sets `date.timezone`), it is WordPress code (WordPress
/// sets the zone to UTC and its files check `ABSPATH`), or it is part of a Laravel application
/// (which sets the zone from `config/app.php`). Local time there is what the code chose, often
/// UTC: silence.
fn php_zone_pinned(input: &Input) -> bool {
    const PINNING: &[&str] = &[
        "date_default_timezone_set",
        "add_action",
        "add_filter",
        "add_shortcode",
        "register_activation_hook",
        "get_option",
        "wp_remote_post",
        "wp_send_json",
        "wp_send_json_success",
    ];
    let m = input.model;
    let pinned_here = m.expr_ids().any(|id| match m.kind(id) {
        ExprKind::Call { callee, args } => match m.kind(*callee) {
            ExprKind::Name(n) if PINNING.contains(&n.as_str()) => true,
            ExprKind::Name(n) if n == "ini_set" || n == "defined" => args.first().is_some_and(|a| {
                matches!(m.kind(a.value), ExprKind::Str(s) if s == "date.timezone" || s == "ABSPATH")
            }),
            _ => false,
        },
        _ => false,
    });
    pinned_here || input.workspace.config_file(m.file, "app").is_some()
}
