//! SIG012 iat-not-integer: a time claim that is a string or a fractional number.

use crate::diagnostic::Finding;
use crate::eval::Value;
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for p in &sites.payloads {
        for claim in ["iat", "exp", "tokenExp"] {
            let Some(c) = p.claim(claim) else { continue };
            for alt in c.value.alternatives() {
                let problem = match &alt.value {
                    Value::Text(inner) => match inner.value {
                        Value::Int(_) | Value::Float(_) | Value::Time(_) => {
                            format!("`{claim}` is a string; JWT times are integer seconds")
                        }
                        _ => continue,
                    },
                    Value::Time(t) if t.fractional => {
                        format!("`{claim}` has a fractional part; JWT times are integer seconds")
                    }
                    Value::Float(f) if f.fract() != 0.0 => {
                        format!("`{claim}` is the fraction {f}; JWT times are integer seconds")
                    }
                    _ => continue,
                };
                out.push(Finding::new("SIG012", alt.span, problem));
            }
        }
    }
}
