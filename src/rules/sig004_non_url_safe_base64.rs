//! SIG004 non-url-safe-base64: a hand-rolled JWT segment or final legacy signature keeps the
//! standard alphabet or the `=` padding.

use crate::diagnostic::Finding;
use crate::sites::Sites;

pub fn check(sites: &Sites, out: &mut Vec<Finding>) {
    for s in &sites.segments {
        let e = &s.encoding;
        if e.is_url_safe() {
            continue;
        }
        let mut wrong = Vec::new();
        if !e.plus_safe || !e.slash_safe {
            let chars = match (e.plus_safe, e.slash_safe) {
                (false, false) => "`+` and `/`",
                (true, false) => "`/`",
                _ => "`+`",
            };
            wrong.push(format!("the standard base64 alphabet ({chars} left in)"));
        }
        if e.padded {
            wrong.push("`=` padding".to_string());
        }
        let what = if s.legacy {
            "the signature"
        } else {
            "this JWT segment"
        };
        out.push(Finding::new(
            "SIG004",
            e.span,
            format!("{what} is encoded with {}", wrong.join(" and ")),
        ));
    }
}
