//! SIG002 missing-role: a Web SDK payload (it has `mn`) without a numeric role of 0 or 1.

use crate::diagnostic::Finding;
use crate::eval::Value;
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for p in &sites.payloads {
        let Some(role) = p.claim("role") else {
            if p.claim("mn").is_some() && !p.obj.open {
                out.push(Finding::new(
                    "SIG002",
                    p.obj.span,
                    "this Web SDK token payload has `mn` but no `role` claim",
                ));
            }
            continue;
        };
        for alt in role.value.alternatives() {
            let problem = match &alt.value {
                Value::Str(s) => {
                    format!("`role` is the string {s:?}; the claim must be the number 0 or 1")
                }
                Value::Text(_) => {
                    "`role` is a string; the claim must be the number 0 or 1".to_string()
                }
                Value::Int(n) if *n != 0 && *n != 1 => {
                    format!("`role` is {n}; the claim must be 0 (participant) or 1 (host)")
                }
                Value::Bool(b) => {
                    format!("`role` is the boolean {b}; the claim must be the number 0 or 1")
                }
                _ => continue,
            };
            out.push(Finding::new("SIG002", alt.span, problem));
        }
    }
}
