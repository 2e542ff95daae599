//! SIG007 missing-app-key: a Meeting SDK payload without `appKey`/`sdkKey`, or with `apiKey`.

use crate::diagnostic::Finding;
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for p in &sites.payloads {
        let legacy = ["apiKey", "api_key"]
            .into_iter()
            .find_map(|k| p.claim(k).map(|e| (k, e)));
        if let Some((name, entry)) = legacy {
            out.push(Finding::new(
                "SIG007",
                entry.key_span,
                format!("`{name}` is the legacy API-key claim; Meeting SDK tokens carry the SDK key in `appKey` and `sdkKey`"),
            ));
            continue;
        }
        if p.claim("appKey").is_none() && p.claim("sdkKey").is_none() && !p.obj.open {
            out.push(Finding::new(
                "SIG007",
                p.obj.span,
                "this Meeting SDK token payload has neither `appKey` nor `sdkKey`",
            ));
        }
    }
}
