//! SIG011 client-side-signing: signing with the secret in browser code.

use crate::diagnostic::Finding;
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    public_env_keys(input, out);
    let Some(signal) = &sites.browser else {
        return;
    };
    let why = &signal.0;
    out.extend(signing_findings(input, |_| false, |legacy| {
        if legacy {
            format!("this signs with the API secret in browser code ({why}): the secret ships to every visitor")
        } else {
            format!("this signs a Meeting SDK token in browser code ({why}): the SDK secret ships to every visitor")
        }
    }));
}

/// The signings of a file that browser code may import: SIG011 findings to keep when a client
/// module of the project is found to import this one (the walk decides, after every file is
/// known). Server-only modules and browser code itself have none.
pub fn client_import_candidates(input: &Input) -> Vec<Finding> {
    let sites = input.sites;
    if !sites.language.is_javascript() || sites.browser.is_some() || sites.server_only {
        return Vec::new();
    }
    // A secret in a public environment name is reported as such, once.
    let public = |key: Option<&crate::eval::Val>| {
        key.is_some_and(|k| {
            k.alternatives()
                .iter()
                .any(|a| sites.public_env.contains_key(&a.span))
        })
    };
    signing_findings(input, public, |legacy| {
        if legacy {
            "this signs with the API secret in a module that browser code imports: the secret ships to every visitor".to_string()
        } else {
            "this signs a Meeting SDK token in a module that browser code imports: the SDK secret ships to every visitor".to_string()
        }
    })
}

/// One finding per signing (at the signing call, else the key, else the payload) and per
/// legacy signature, with the message `message(legacy)`.
fn signing_findings(
    input: &Input,
    skip: impl Fn(Option<&crate::eval::Val>) -> bool,
    message: impl Fn(bool) -> String,
) -> Vec<Finding> {
    let sites = input.sites;
    let mut out = Vec::new();
    // One token is signed once: a helper seen alone (its key a parameter) and seen through a
    // call (its key the caller's value) is one signing; point at the key that is known.
    let known = |s: &&crate::sites::Signing| s.key.as_ref().is_some_and(|k| !k.is_unknown());
    for s in &sites.signings {
        let twin_known = sites
            .signings
            .iter()
            .any(|o| o.payload == s.payload && known(&o));
        if (twin_known && !known(&s)) || skip(s.key.as_ref()) {
            continue;
        }
        let span = s
            .call
            .or_else(|| s.key.as_ref().map(|k| k.span))
            .unwrap_or(s.payload);
        let code = s.call.unwrap_or(s.payload);
        out.push(echoed(
            input,
            s.key.as_ref(),
            placed(input, span, code, s.key.as_ref(), message(false)),
        ));
    }
    for l in sites.legacy.iter().filter(|l| !skip(l.key.as_ref())) {
        out.push(echoed(
            input,
            l.key.as_ref(),
            placed(input, l.span, l.span, l.key.as_ref(), message(true)),
        ));
    }
    out
}

/// The finding for a signing, at `span` (the signing call, else its key, else its payload).
/// When the signing code (`code`) is in another file (a helper this file calls) and the secret
/// it signs with comes from this file (read from a public variable, written as a literal,
/// passed in), the place to fix is here, where the secret enters the browser: the finding is
/// put there, relating to the signing code.
fn placed(
    input: &Input,
    span: crate::model::Span,
    code: crate::model::Span,
    key: Option<&crate::eval::Val>,
    message: String,
) -> Finding {
    let here = input.model.file;
    let entry = (code.file != here)
        .then(|| {
            key?.alternatives()
                .into_iter()
                .find(|a| a.span.file == here && a.span.end > a.span.start)
        })
        .flatten();
    match entry {
        Some(secret) => {
            let message = match message.strip_prefix("this signs ") {
                Some(rest) => format!("this secret is handed to imported code that signs {rest}"),
                None => message,
            };
            Finding::new("SIG011", secret.span, message)
                .relating(code, "the imported code signs with it here")
        }
        // The signing code and a secret written as a literal both come from imported modules
        // (a utils module holding the secret beside the signer): the finding is at the literal,
        // where the secret enters the bundle; it relates to the signing code (which is then not
        // reported again for the browser code that imports it) and to this file's import.
        None if code.file != here && span != code && is_literal(key) => {
            let message = match message.strip_prefix("this signs ") {
                Some(rest) => format!("this secret is used by imported code that signs {rest}"),
                None => message,
            };
            let f = Finding::new("SIG011", span, message)
                .relating(code, "the imported code signs with it here");
            match import_of(input, code.file) {
                Some(import) => {
                    f.relating(import, "the browser code imports the signing code here")
                }
                None => f,
            }
        }
        None => Finding::new("SIG011", span, message),
    }
}

/// Whether the key is a secret written in the code (a string literal, wherever it is).
fn is_literal(key: Option<&crate::eval::Val>) -> bool {
    key.is_some_and(|k| {
        k.alternatives()
            .iter()
            .any(|a| a.as_str().is_some_and(|s| !s.is_empty()))
    })
}

/// The span of this file's import of the project file `target`.
fn import_of(input: &Input, target: crate::model::FileId) -> Option<crate::model::Span> {
    let m = input.model;
    m.expr_ids().find_map(|id| {
        let crate::model::ExprKind::Import { spec, kind } = m.kind(id) else {
            return None;
        };
        let crate::model::ExprKind::Str(text) = m.kind(*spec) else {
            return None;
        };
        (input.workspace.resolve(m.file, text, *kind) == Some(target)).then(|| m.span(id))
    })
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

/// A signing secret read from an environment variable whose name the bundler exposes
/// (`NEXT_PUBLIC_ZOOM_SDK_SECRET`): it is in the browser bundle whatever file reads it.
fn public_env_keys(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    if sites.browser.is_some() {
        return; // reported as browser code
    }
    let keys = sites
        .signings
        .iter()
        .filter_map(|s| s.key.as_ref())
        .chain(sites.legacy.iter().filter_map(|l| l.key.as_ref()));
    for key in keys {
        for alt in key.alternatives() {
            if let Some(name) = sites.public_env.get(&alt.span) {
                out.push(Finding::new(
                    "SIG011",
                    alt.span,
                    format!("the signing secret is read from `{name}`, a name the bundler inlines into browser code: the secret ships to every visitor"),
                ));
            }
        }
    }
}
