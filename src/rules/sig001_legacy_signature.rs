//! SIG001 legacy-signature: code builds the legacy API-key signature.
//!
//! Fix (unsafe): a function that builds and returns the signature is rewritten into a Meeting
//! SDK JWT generator (see `crate::rules::migrate`).

use crate::diagnostic::Finding;
use crate::rules::migrate::migration;
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    for l in &input.sites.legacy {
        let mut finding = Finding::new(
            "SIG001",
            l.span,
            "this builds a legacy API-key Web SDK signature, which Web SDK 2.7+ rejects",
        );
        if let Some(fix) = l.generator.as_ref().and_then(|g| migration(input, g)) {
            finding = finding.with_fix(fix);
        }
        out.push(finding);
    }
}
