//! SIG011 client-side-signing: signing with the secret in browser code.

use crate::diagnostic::Finding;
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    let Some(signal) = &sites.browser else {
        return;
    };
    let why = &signal.0;
    // One token is signed once: a helper seen alone (its key a parameter) and seen through a
    // call (its key the caller's value) is one signing; point at the key that is known.
    let known = |s: &&crate::sites::Signing| s.key.as_ref().is_some_and(|k| !k.is_unknown());
    for s in &sites.signings {
        let twin_known = sites
            .signings
            .iter()
            .any(|o| o.payload == s.payload && known(&o));
        if twin_known && !known(&s) {
            continue;
        }
        let span = s
            .call
            .or_else(|| s.key.as_ref().map(|k| k.span))
            .unwrap_or(s.payload);
        let finding = Finding::new(
            "SIG011",
            span,
            format!("this signs a Meeting SDK token in browser code ({why}): the SDK secret ships to every visitor"),
        );
        out.push(echoed(input, s.key.as_ref(), finding));
    }
    for l in &sites.legacy {
        let finding = Finding::new(
            "SIG011",
            l.span,
            format!("this signs with the API secret in browser code ({why}): the secret ships to every visitor"),
        );
        out.push(echoed(input, l.key.as_ref(), finding));
    }
}

/// A secret the server echoes into the page (`'<?= API_SECRET ?>'`): the message names it, and
/// the echo is a related place (removing it is the fix).
fn echoed(input: &Input, key: Option<&crate::eval::Val>, finding: Finding) -> Finding {
    let Some((echo, _)) = key.and_then(|k| input.sites.echo_of(k)) else {
        return finding;
    };
    let code: String = echo.code.chars().take(60).collect();
    let mut f = finding.relating(echo.span, "the server prints the secret into the page here");
    f.message
        .push_str(&format!(" (the page echoes `{code}` into the script)"));
    f
}
