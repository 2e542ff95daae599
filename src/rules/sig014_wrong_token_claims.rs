//! SIG014 wrong-token-claims: a Meeting SDK token payload carries claims under names Zoom does
//! not read for it (SPEC §8.2): Video SDK claims (`tpc`, `role_type`, `app_key`) or misspelt ones
//! (`meetingNumber`, `meeting_number`, `meetingId`, `roleType`, `userRole`, `sdk_key`,
//! `clientId`), so the meeting number, role or key is missing to Zoom.
//!
//! A payload is a Meeting SDK payload by its own claims (`sdkKey`, `mn`, `tokenExp`…) in any
//! project, or, when
//! only foreign names carry its claims (a Video SDK token's `{app_key, tpc, role_type, …}`),
//! when the file or the project joins with the Meeting SDK (`ZoomMtg`, `ZoomMtgEmbedded`,
//! `@zoom/meetingsdk`, `@zoomus/websdk`) and not with the Video SDK (`@zoom/videosdk`). A
//! foreign name is reported only when the claim Zoom reads is missing: an extra
//! `meetingNumber` beside `mn` is noise, not a defect.
//!
//! Fix (unsafe: the payload's shape changes for whoever else reads it): the claim is renamed to
//! `mn` or `role`; a key claim to `appKey`, with `sdkKey` added beside it.

use crate::diagnostic::{Edit, Finding, Fix};
use crate::model::ExprKind;
use crate::rules::rewrite::{entry_after, text};
use crate::rules::Input;
use crate::sites::{JwtPayload, FOREIGN_CLAIMS};

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    let (meeting, video) = sdk_context(input);
    // A payload with Meeting SDK claims of its own is a Meeting SDK token whatever else the
    // project uses.
    for p in &sites.payloads {
        report(input, p, false, out);
    }
    for p in &sites.foreign_payloads {
        // In a project that uses both SDKs, a payload whose topic is a meeting number
        // (`tpc: meetingNumber`) is meant for a meeting.
        if meeting && (!video || names_a_meeting(input, p)) {
            report(input, p, true, out);
        }
    }
}

/// Whether the payload's `tpc` is written as a meeting number (`meetingNumber`, `meeting_id`,
/// `req.body.meetingNumber`): a Video SDK session is named by a topic, never a meeting number.
fn names_a_meeting(input: &Input, p: &JwtPayload) -> bool {
    p.claim("tpc").is_some_and(|entry| {
        let value = text(input, entry.value.site).to_ascii_lowercase();
        let last = value
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .find(|w| !w.is_empty())
            .unwrap_or("");
        last.contains("meeting") || last == "mn"
    })
}

/// Whether the code joins with the Meeting SDK and with the Video SDK: the file's imports and
/// names, else the project's declared dependencies.
fn sdk_context(input: &Input) -> (bool, bool) {
    let m = input.model;
    let imports = |names: &[&str]| {
        m.imports.iter().any(|i| {
            names
                .iter()
                .any(|n| i == n || i.starts_with(&format!("{n}/")))
        })
    };
    let named = |names: &[&str]| {
        m.expr_ids()
            .any(|id| matches!(m.kind(id), ExprKind::Name(n) if names.contains(&n.as_str())))
    };
    let meeting =
        imports(&["@zoom/meetingsdk", "@zoomus/websdk"]) || named(&["ZoomMtg", "ZoomMtgEmbedded"]);
    let video = imports(&["@zoom/videosdk"]) || named(&["ZoomVideo"]);
    // What the file itself joins with decides; the project's dependencies speak for files
    // that name no SDK (a server route).
    if meeting || video {
        return (meeting, video);
    }
    match input.workspace.sdk_use(m.file) {
        Some(project) => (project.meeting, project.video),
        None => (false, false),
    }
}

fn report(input: &Input, p: &JwtPayload, video_token: bool, out: &mut Vec<Finding>) {
    for (name, target, video_claim) in FOREIGN_CLAIMS {
        let Some(target) = target else { continue };
        let Some(entry) = p.claim(name) else { continue };
        let present = match target {
            "appKey" => p.claim("appKey").is_some() || p.claim("sdkKey").is_some(),
            t => p.claim(t).is_some(),
        };
        if present {
            continue;
        }
        let mut message = crate::catalogue::foreign_claim_message(name, target, video_claim);
        if video_token {
            message.push_str(
                " (this payload is shaped like a Video SDK token, signed in code that joins with the Meeting SDK)",
            );
        }
        let mut finding = Finding::new("SIG014", entry.key_span, message);
        // Rename the key where it is written before its value.
        let value_text = text(input, entry.value.site);
        let key_at = input
            .source
            .get(entry.key_span.start..entry.value.site.start.max(entry.key_span.start))
            .and_then(|prefix| prefix.find(name))
            .map(|i| {
                entry.key_span.with_range(
                    entry.key_span.start + i,
                    entry.key_span.start + i + name.len(),
                )
            });
        // A shorthand entry (`{ meetingNumber }`) is written out: `mn: meetingNumber`.
        let shorthand = entry.key_span == entry.value.site && value_text == name;
        let key_at = if shorthand {
            Some(entry.key_span)
        } else {
            key_at
        };
        if let (Some(at), false) = (key_at, value_text.is_empty()) {
            let rename = if shorthand {
                Edit::replace(at, format!("{target}: {name}"))
            } else {
                Edit::replace(at, target)
            };
            let fix = if target == "appKey" {
                entry_after(input, entry, "sdkKey", value_text).map(|add| {
                    Fix::unsafe_fix(
                        format!("rename `{name}` to `appKey` and add `sdkKey`"),
                        vec![rename.clone(), add],
                    )
                })
            } else {
                Some(Fix::unsafe_fix(
                    format!("rename `{name}` to `{target}`"),
                    vec![rename.clone()],
                ))
            };
            if let Some(fix) = fix {
                finding = finding.with_fix(fix);
            }
        }
        out.push(finding);
    }
}
