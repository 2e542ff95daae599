//! SIG002 missing-role: a Web SDK payload (it has `mn`) without a numeric role of 0 or 1.
//!
//! Fix (unsafe: it chooses who the user joins as): a missing `role` is added after `mn`, as
//! the enclosing function's role parameter when it has one, otherwise 0 (participant). A role
//! written as the string `"1"` becomes the number; a number made text (`String(role)`) is
//! converted back where the claim is written.

use crate::diagnostic::Finding;
use crate::diagnostic::{Edit, Fix};
use crate::eval::Value;
use crate::rules::rewrite::{convert_claim, entry_after, parameter_around, text, Conversion};
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for p in &sites.payloads {
        let Some(role) = p.claim("role") else {
            // A role under a foreign name (`roleType`) is SIG014's finding.
            let misnamed = crate::sites::has_alias_of(&p.obj, "role");
            if let (Some(mn), false) = (p.claim("mn"), p.obj.open || misnamed) {
                let mut finding = Finding::new(
                    "SIG002",
                    p.obj.span,
                    "this Web SDK token payload has `mn` but no `role` claim",
                );
                let (value, why) = match parameter_around(input, p.obj.span, |n| n.contains("role"))
                {
                    Some(param) => (param, "the function's role parameter"),
                    None => ("0".to_string(), "0 = participant; 1 = host"),
                };
                if let Some(edit) = entry_after(input, mn, "role", &value) {
                    finding = finding.with_fix(Fix::unsafe_fix(
                        format!("add `role` = `{value}` ({why})"),
                        vec![edit],
                    ));
                }
                out.push(finding);
            }
            continue;
        };
        for alt in role.value.alternatives() {
            let (problem, fix) = match &alt.value {
                Value::Str(s) => {
                    let literal = text(input, alt.span);
                    let fix = (matches!(s.as_str(), "0" | "1")
                        && literal.len() == 3
                        && role.value.site.contains(alt.span))
                    .then(|| {
                        Fix::unsafe_fix(
                            format!("write `role` as the number {s}"),
                            vec![Edit::replace(alt.span, s.clone())],
                        )
                    });
                    (
                        format!("`role` is the string {s:?}; the claim must be the number 0 or 1"),
                        fix,
                    )
                }
                Value::Text(_) => (
                    "`role` is a string; the claim must be the number 0 or 1".to_string(),
                    Some(Fix::unsafe_fix(
                        "convert `role` to a number",
                        convert_claim(input, role, Conversion::Parse),
                    )),
                ),
                Value::Int(n) if *n != 0 && *n != 1 => (
                    format!("`role` is {n}; the claim must be 0 (participant) or 1 (host)"),
                    None,
                ),
                Value::Bool(b) => (
                    format!("`role` is the boolean {b}; the claim must be the number 0 or 1"),
                    None,
                ),
                _ => continue,
            };
            let mut finding = Finding::new("SIG002", alt.span, problem);
            if let Some(fix) = fix {
                finding = finding.with_fix(fix);
            }
            out.push(finding);
        }
    }
}
