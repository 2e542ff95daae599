//! SIG001 legacy-signature: code builds the legacy API-key signature.

use crate::diagnostic::Finding;
use crate::sites::Sites;

pub fn check(sites: &Sites, out: &mut Vec<Finding>) {
    for l in &sites.legacy {
        out.push(Finding::new(
            "SIG001",
            l.span,
            "this builds a legacy API-key Web SDK signature, which Web SDK 2.7+ rejects",
        ));
    }
}
