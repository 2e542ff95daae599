//! SIG009 wrong-jwt-algorithm: a Meeting SDK token signed with something other than HS256.

use crate::diagnostic::Finding;
use crate::eval::Value;
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for s in &sites.signings {
        for alg in &s.algorithms {
            for alt in alg.alternatives() {
                if let Value::Str(name) = &alt.value {
                    if !name.eq_ignore_ascii_case("HS256") {
                        out.push(Finding::new(
                            "SIG009",
                            alt.span,
                            format!("the token is signed with {name}; Zoom verifies Meeting SDK signatures with HS256 only"),
                        ));
                    }
                }
            }
        }
        if let Some((Some(hash), span)) = &s.hmac {
            let h = hash.replace(['-', '_'], "").to_ascii_lowercase();
            if h != "sha256" && h != "hmacsha256" {
                out.push(Finding::new(
                    "SIG009",
                    *span,
                    format!("the signature is an HMAC with {hash}; HS256 is HMAC-SHA256"),
                ));
            }
        }
    }
}
