//! Every code a finding may carry, with its metadata: the rule catalogue (the documents
//! `rules/SIG0NN.md`, embedded so that messages and docs cannot drift), the token-state codes
//! (`TOK…`, the token inspector and committed tokens) and the suppression codes (`SUP…`).
//!
//! Metadata only: the checks live in `rules`, the token decoder in `token`. Every layer that names
//! a code (rules, token, suppressions, configuration, outputs) reads it from here.

use crate::diagnostic::Severity;

/// A rule's metadata, read from its embedded document.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub help: &'static str,
    /// `safe`, `unsafe` or `none`.
    pub fix: &'static str,
    /// The Markdown body: What it does, Why is this bad?, Example, Fix safety.
    pub docs: &'static str,
}

/// The metadata of a code outside the rule documents (token states, suppressions), and the
/// summary of any code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub help: &'static str,
    pub fix: &'static str,
}

/// The codes for the state of one token (not defects of code; not in the rule catalogue).
pub const TOKEN_RULES: &[CodeInfo] = &[
    CodeInfo {
        code: "TOK001",
        name: "token-expired",
        severity: Severity::Error,
        summary: "the token has expired: Zoom rejects it",
        help: "generate a fresh token for each join on the server; a token lives 30 min to 48 h",
        fix: "none",
    },
    CodeInfo {
        code: "TOK002",
        name: "token-not-yet-valid",
        severity: Severity::Error,
        summary: "the token is issued in the future: Zoom rejects it",
        help: "backdate iat by 30 seconds and keep the generating server's clock in sync (NTP)",
        fix: "none",
    },
    CodeInfo {
        code: "TOK003",
        name: "bad-signature",
        severity: Severity::Error,
        summary: "the signature is not the HMAC of the token",
        help: "sign `base64url(header) + \".\" + base64url(payload)` with HMAC-SHA256 and the SDK \
               secret, and append the raw 32 HMAC bytes as base64url",
        fix: "none",
    },
    CodeInfo {
        code: "TOK004",
        name: "secret-in-payload",
        severity: Severity::Error,
        summary: "a claim holds a secret; anyone holding the token can read its payload",
        help: "remove the claim and rotate the secret",
        fix: "none",
    },
    CodeInfo {
        code: "TOK005",
        name: "committed-token",
        severity: Severity::Warning,
        summary: "a Meeting SDK token or legacy signature is committed in the repository",
        help: "generate tokens per join on the server; never commit one (it leaks, and it expires)",
        fix: "none",
    },
];

/// The code of a suppression that suppresses nothing.
pub const UNUSED_SUPPRESSION: &str = "SUP001";

/// The suppression codes, outside the rule catalogue (like the token-state codes `TOK…`).
pub const SUPPRESSION_RULES: &[CodeInfo] = &[CodeInfo {
    code: UNUSED_SUPPRESSION,
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "a `siglint: ignore` comment that suppresses nothing",
    help: "remove the suppression, or name the code of the finding it is meant for \
           (`siglint: ignore[SIG003] reason`) on the finding's line or the line above",
    fix: "none",
}];

/// Every rule's document, in code order. The metadata of all rules is available (the token
/// inspector and `siglint rules` use it) even where the source check is not written yet.
const DOCS: &[&str] = &[
    include_str!("../rules/SIG001.md"),
    include_str!("../rules/SIG002.md"),
    include_str!("../rules/SIG003.md"),
    include_str!("../rules/SIG004.md"),
    include_str!("../rules/SIG005.md"),
    include_str!("../rules/SIG006.md"),
    include_str!("../rules/SIG007.md"),
    include_str!("../rules/SIG008.md"),
    include_str!("../rules/SIG009.md"),
    include_str!("../rules/SIG010.md"),
    include_str!("../rules/SIG011.md"),
    include_str!("../rules/SIG012.md"),
    include_str!("../rules/SIG013.md"),
    include_str!("../rules/SIG014.md"),
    include_str!("../rules/SIG015.md"),
];

/// Parses the `---`-delimited header of a rule document.
fn parse_doc(doc: &'static str) -> Result<RuleInfo, String> {
    let rest = doc
        .strip_prefix("---\n")
        .ok_or("rule document must start with a --- header")?;
    let (header, body) = rest
        .split_once("\n---\n")
        .ok_or("rule document header is not closed by ---")?;
    let field = |key: &str| -> Result<&'static str, String> {
        header
            .lines()
            .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix(':')))
            .map(str::trim)
            .ok_or(format!("rule document lacks `{key}`"))
    };
    let severity = field("severity")?;
    Ok(RuleInfo {
        code: field("code")?,
        name: field("name")?,
        severity: Severity::parse(severity).ok_or(format!("bad severity `{severity}`"))?,
        summary: field("summary")?,
        help: field("help")?,
        fix: field("fix")?,
        docs: body.trim_start(),
    })
}

/// Every rule's metadata, in code order.
pub fn all() -> Vec<RuleInfo> {
    DOCS.iter()
        .map(|d| parse_doc(d).expect("embedded rule documents are checked by tests"))
        .collect()
}

/// The catalogue, the token-state codes (`TOK001`…, see the `token` module) and the suppression
/// codes (`SUP001`, see the `suppress` module) together: every code a finding of `siglint check` may
/// carry.
pub fn all_codes() -> Vec<RuleInfo> {
    let mut out = all();
    let extra = TOKEN_RULES.iter().chain(SUPPRESSION_RULES);
    out.extend(extra.map(|t| RuleInfo {
        code: t.code,
        name: t.name,
        severity: t.severity,
        summary: t.summary,
        help: t.help,
        fix: t.fix,
        docs: "",
    }));
    out
}

/// The metadata of one rule by code.
pub fn info(code: &str) -> Option<RuleInfo> {
    all().into_iter().find(|r| r.code == code)
}

/// The metadata of any code: a token-state or suppression code, or a catalogue rule.
pub fn code_info(code: &str) -> Option<CodeInfo> {
    if let Some(r) = TOKEN_RULES
        .iter()
        .chain(SUPPRESSION_RULES)
        .find(|r| r.code == code)
    {
        return Some(r.clone());
    }
    info(code).map(|r| CodeInfo {
        code: r.code,
        name: r.name,
        severity: r.severity,
        summary: r.summary,
        help: r.help,
        fix: r.fix,
    })
}

/// Claim names Zoom does not read in a Meeting SDK token (SPEC §8.2), with the claim it reads
/// instead (`None`: a Video SDK claim with no Meeting SDK counterpart), and whether the name is
/// a Video SDK claim.
pub const FOREIGN_CLAIMS: [(&str, Option<&str>, bool); 14] = [
    ("tpc", Some("mn"), true),
    ("role_type", Some("role"), true),
    ("app_key", Some("appKey"), true),
    ("version", None, true),
    ("session_key", None, true),
    ("user_identity", None, true),
    ("user_key", None, true),
    ("meetingNumber", Some("mn"), false),
    ("meeting_number", Some("mn"), false),
    ("meetingId", Some("mn"), false),
    ("roleType", Some("role"), false),
    ("userRole", Some("role"), false),
    ("sdk_key", Some("appKey"), false),
    ("clientId", Some("appKey"), false),
];

/// Why a foreign claim (`name`, read by Zoom as `target`) breaks the join: the SIG014 message,
/// the same for code and for tokens.
pub fn foreign_claim_message(name: &str, target: &str, video_claim: bool) -> String {
    let expected = match target {
        "appKey" => "`appKey` and `sdkKey`",
        "mn" => "`mn` (the meeting number)",
        _ => "`role` (0 participant, 1 host)",
    };
    let what = if video_claim {
        "is a Video SDK claim"
    } else {
        "is not a claim Zoom reads"
    };
    let missing = match target {
        "appKey" => "SDK key",
        "mn" => "meeting number",
        _ => "role",
    };
    format!(
        "`{name}` {what}: a Meeting SDK token carries it as {expected}, so Zoom finds no {missing} and rejects the join"
    )
}
