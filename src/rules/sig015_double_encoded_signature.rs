//! SIG015 double-encoded-signature: a finished signature encoded again before it reaches the
//! SDK (SPEC §8.3): base64 of a Meeting SDK JWT (`Buffer.from(token).toString('base64')`,
//! `base64_encode(JWT::encode(…))`, `Base64.strict_encode64(JWT.encode(…))`), base64 of a
//! finished legacy signature, the legacy message base64-encoded twice before the HMAC, and the
//! token's JSON text (`JSON.stringify(token)`, quotes included) put into other text. Sending
//! the token as JSON (`res.json({ signature })`) or URL-encoding it into a query string is not
//! double encoding and is not reported.
//!
//! Fix (unsafe: a consumer may decode the extra layer): the encoding expression is replaced by
//! the token it encodes.

use crate::diagnostic::{Edit, Finding, Fix};
use crate::rules::Input;
use crate::sites::Twice;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    for d in &input.sites.double_encoded {
        let message = match d.kind {
            Twice::Jwt => "the Meeting SDK JWT is base64-encoded again: the SDK gets `ZXlK…` instead of the three `eyJ….….…` segments and rejects it (\"Signature is invalid\")",
            Twice::Legacy => "the legacy signature is base64-encoded again: the SDK cannot read the key, meeting number and role out of it (\"Signature is invalid\")",
            Twice::LegacyMessage => "the legacy message is base64-encoded twice before the HMAC: Zoom computes the HMAC over the message encoded once, so the signature never matches",
            Twice::JsonInText => "the token's JSON text (with its quotes) is put into this string: the SDK gets `\"eyJ…\"` with the quotes and rejects it",
        };
        let mut finding = Finding::new("SIG015", d.span, message);
        let site = d.token.site;
        let same_file = site.file == d.span.file && d.span.file == input.model.file;
        if same_file && d.span.contains(site) && d.span != site {
            let token = input.text(site);
            if !token.is_empty() {
                let what = match d.kind {
                    Twice::LegacyMessage => "encode the message once",
                    Twice::JsonInText => "put the token itself into the text",
                    _ => "return the token as it is",
                };
                finding = finding.with_fix(Fix::unsafe_fix(
                    format!(
                        "{what} (`{}`); check that nothing decodes the extra layer",
                        short(token)
                    ),
                    vec![Edit::replace(d.span, token)],
                ));
            }
        }
        out.push(finding);
    }
}

/// The first line of an expression, shortened for a fix description.
fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() > 40 || text.contains('\n') {
        let cut: String = line.chars().take(37).collect();
        format!("{cut}…")
    } else {
        line.to_string()
    }
}
