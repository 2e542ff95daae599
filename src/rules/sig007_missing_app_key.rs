//! SIG007 missing-app-key: a Meeting SDK payload without `appKey`/`sdkKey`, or with `apiKey`.
//!
//! Fix (unsafe: the value must now be the Meeting SDK key): `apiKey: k` becomes
//! `appKey: k, sdkKey: k`; a payload with no key at all gets both after `mn`, from the
//! enclosing function's SDK-key parameter when it has one (`sdkKey`, `clientId`, `appKey`).

use crate::diagnostic::Finding;
use crate::diagnostic::{Edit, Fix};
use crate::rules::rewrite::{entry_after, parameter_around, text};
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for p in &sites.payloads {
        let legacy = ["apiKey", "api_key"]
            .into_iter()
            .find_map(|k| p.claim(k).map(|e| (k, e)));
        let has_key = p.claim("appKey").is_some() || p.claim("sdkKey").is_some();
        if let Some((name, entry)) = legacy {
            let mut finding = Finding::new(
                "SIG007",
                entry.key_span,
                format!("`{name}` is the legacy API-key claim; Meeting SDK tokens carry the SDK key in `appKey` and `sdkKey`"),
            );
            // Rename the key where it is written before its value, and add `sdkKey`.
            let value_text = text(input, entry.value.site);
            let key_at = input
                .source
                .get(entry.key_span.start..entry.value.site.start)
                .and_then(|prefix| prefix.find(name))
                .map(|i| {
                    entry.key_span.with_range(
                        entry.key_span.start + i,
                        entry.key_span.start + i + name.len(),
                    )
                });
            if let (Some(at), false) = (key_at, has_key || value_text.is_empty()) {
                let rename = Edit::replace(at, "appKey");
                // Where no `sdkKey` entry can be written beside it (a builder call, a map
                // `put`), `appKey` alone is a Meeting SDK key claim.
                finding = finding.with_fix(match entry_after(input, entry, "sdkKey", value_text) {
                    Some(add) => Fix::unsafe_fix(
                        format!("write the key as `appKey` and `sdkKey` (`{value_text}` must be the Meeting SDK key)"),
                        vec![rename, add],
                    ),
                    None => Fix::unsafe_fix(
                        format!("write the key as `appKey` (`{value_text}` must be the Meeting SDK key)"),
                        vec![rename],
                    ),
                });
            }
            out.push(finding);
            continue;
        }
        // A key under a foreign name (`sdk_key`, `clientId`) is SIG014's finding.
        if !has_key && !p.obj.open && !crate::sites::has_alias_of(&p.obj, "appKey") {
            let mut finding = Finding::new(
                "SIG007",
                p.obj.span,
                "this Meeting SDK token payload has neither `appKey` nor `sdkKey`",
            );
            let key = parameter_around(input, p.obj.span, |n| {
                [
                    "sdkkey",
                    "sdk_key",
                    "clientid",
                    "client_id",
                    "appkey",
                    "app_key",
                ]
                .iter()
                .any(|k| n.contains(k))
            });
            if let (Some(key), Some(mn)) = (key, p.claim("mn")) {
                let app = entry_after(input, mn, "appKey", &key);
                let sdk = entry_after(input, mn, "sdkKey", &key);
                if let (Some(app), Some(sdk)) = (app, sdk) {
                    finding = finding.with_fix(Fix::unsafe_fix(
                        format!("add `appKey` and `sdkKey` = `{key}`"),
                        vec![Edit::insert(
                            app.span,
                            format!("{}{}", app.replacement, sdk.replacement),
                        )],
                    ));
                }
            }
            out.push(finding);
        }
    }
}
