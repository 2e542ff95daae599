//! SIG001 legacy-signature: code builds the legacy API-key signature.

use crate::diagnostic::Finding;
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for l in &sites.legacy {
        out.push(Finding::new(
            "SIG001",
            l.span,
            "this builds a legacy API-key Web SDK signature, which Web SDK 2.7+ rejects",
        ));
    }
}
