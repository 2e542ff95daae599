//! The rule registry. Each rule is one small module reading the signature sites; its metadata
//! and docs live in `rules/SIG0NN.md` and are embedded here, so messages and docs cannot drift.

use crate::diagnostic::Finding;
use crate::eval::Val;
use crate::sites::Sites;

pub(crate) mod migrate;
pub(crate) mod rewrite;
mod sig001_legacy_signature;
mod sig002_missing_role;
mod sig003_iat_not_backdated;
mod sig004_non_url_safe_base64;
mod sig005_exp_out_of_window;
mod sig006_timestamp_in_milliseconds;
mod sig007_missing_app_key;
pub mod sig008_hardcoded_secret;
mod sig009_wrong_jwt_algorithm;
mod sig010_token_exp_after_exp;
mod sig011_client_side_signing;
mod sig012_iat_not_integer;
mod sig013_local_time_as_utc;
mod sig014_wrong_token_claims;
mod sig015_double_encoded_signature;

/// What a rule reads: the sites of one file, the model and text they were found in (fixes
/// need both to write code), and the project's rule parameters.
pub struct Input<'a> {
    pub sites: &'a Sites,
    pub model: &'a crate::model::Model,
    pub source: &'a str,
    pub settings: &'a Settings,
    /// The other files of the project the sites reach into (values, findings and fixes there).
    pub workspace: &'a dyn crate::eval::Workspace,
}

impl Input<'_> {
    /// Runs `f` with the input of the file `span` lies in: this file's, or another file's of the
    /// project (its model and text), so that a fix is written in the file it edits.
    pub fn in_file_of<T>(
        &self,
        span: crate::model::Span,
        f: impl FnOnce(&Input) -> Option<T>,
    ) -> Option<T> {
        if span.file == self.model.file {
            return f(self);
        }
        let model = self.workspace.model(span.file)?;
        let text = self.workspace.text(span.file)?;
        f(&Input {
            sites: self.sites,
            model: &model,
            source: &text,
            settings: self.settings,
            workspace: self.workspace,
        })
    }

    /// The source text of a span of this file (empty for a span of another file).
    pub fn text(&self, span: crate::model::Span) -> &str {
        if span.file != self.model.file {
            return "";
        }
        self.source.get(span.start..span.end).unwrap_or("")
    }
}

type Check = fn(&Input, &mut Vec<Finding>);

/// The rule parameters a project may tune in `siglint.toml` (`[window]`). The default is the
/// behaviour without a configuration file: Zoom's documented lifetime window, and an `iat` that
/// is exactly now (or later) reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// SIG005: the shortest accepted `exp - iat` / `tokenExp - iat`, in seconds.
    pub min_lifetime: u64,
    /// SIG005: the longest accepted lifetime, in seconds.
    pub max_lifetime: u64,
    /// SIG003: how many seconds before now `iat` must lie at least. 1 reports an `iat` of
    /// exactly now or later; 0 reports only an `iat` in the future; 30 asks for the backdate
    /// the rule's help recommends.
    pub min_backdate: u64,
}

impl Settings {
    /// Zoom's window for the Meeting SDK signature: 30 minutes to 48 hours.
    pub const ZOOM_MIN_LIFETIME: u64 = 1800;
    pub const ZOOM_MAX_LIFETIME: u64 = 172_800;
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            min_lifetime: Settings::ZOOM_MIN_LIFETIME,
            max_lifetime: Settings::ZOOM_MAX_LIFETIME,
            min_backdate: 1,
        }
    }
}

/// The source checks, by rule code.
const CHECKS: &[(&str, Check)] = &[
    ("SIG001", sig001_legacy_signature::check),
    ("SIG002", sig002_missing_role::check),
    ("SIG003", sig003_iat_not_backdated::check),
    ("SIG004", sig004_non_url_safe_base64::check),
    ("SIG005", sig005_exp_out_of_window::check),
    ("SIG006", sig006_timestamp_in_milliseconds::check),
    ("SIG007", sig007_missing_app_key::check),
    ("SIG008", sig008_hardcoded_secret::check),
    ("SIG009", sig009_wrong_jwt_algorithm::check),
    ("SIG010", sig010_token_exp_after_exp::check),
    ("SIG011", sig011_client_side_signing::check),
    ("SIG012", sig012_iat_not_integer::check),
    ("SIG013", sig013_local_time_as_utc::check),
    ("SIG014", sig014_wrong_token_claims::check),
    ("SIG015", sig015_double_encoded_signature::check),
];

/// SIG011 findings of a module that only browser code importing it would make true (see
/// [`sig011_client_side_signing::client_import_candidates`]).
pub fn client_import_candidates(input: &Input) -> Vec<Finding> {
    sig011_client_side_signing::client_import_candidates(input)
}

/// Runs every rule over the sites of one file. Findings are unique per (code, span).
pub fn check(input: &Input) -> Vec<Finding> {
    let mut out = Vec::new();
    for (_, check) in CHECKS {
        check(input, &mut out);
    }
    out.sort_by(|a, b| (a.span, a.code).cmp(&(b.span, b.code)));
    out.dedup_by(|a, b| a.code == b.code && a.span == b.span);
    // A fix edits the file of its finding, with at least one edit: one that edits another file
    // (a value that came through an import) is not offered.
    for f in &mut out {
        let whole = f.fix.as_ref().is_some_and(|fix| {
            !fix.edits.is_empty() && fix.edits.iter().all(|e| e.span.file == f.span.file)
        });
        if !whole {
            f.fix = None;
        }
    }
    out
}

/// The pairs of alternatives of two claims to compare. Two claims holding the very same
/// expression (`tokenExp: exp`) pair branch by branch; otherwise every combination counts.
pub(crate) fn claim_pairs<'a>(a: &'a Val, b: &'a Val) -> Vec<(&'a Val, &'a Val)> {
    let (xs, ys) = (a.alternatives(), b.alternatives());
    if a.span == b.span && xs.len() == ys.len() {
        return xs.into_iter().zip(ys).collect();
    }
    xs.iter()
        .flat_map(|x| ys.iter().map(move |y| (*x, *y)))
        .collect()
}

/// How tightly an expression must bind for a fix to write next to it without parentheses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tightness {
    /// The fix encloses it (`rtrim(…)`): anything goes.
    Any,
    /// The fix appends a method call (`….replace(…)`).
    Postfix,
    /// The fix appends ` - 30`.
    Additive,
}

/// Wraps the expression at `span` as `before` + expression + `after`, adding parentheses around
/// it when it does not bind tightly enough for `needs` (`x - 30` after a ternary needs them).
/// The edit replaces the whole expression, so two fixes wrapping the same expression conflict
/// and are applied in successive passes, each seeing the other's result.
pub(crate) fn wrap(
    input: &Input,
    span: crate::model::Span,
    before: &str,
    after: &str,
    needs: Tightness,
) -> Vec<crate::diagnostic::Edit> {
    let sites = input.sites;
    let parens = match needs {
        Tightness::Any => false,
        Tightness::Postfix => !sites.atomic.contains(&span),
        Tightness::Additive => !sites.atomic.contains(&span) && !sites.additive.contains(&span),
    };
    let (open, close) = if parens { ("(", ")") } else { ("", "") };
    if span.file != input.model.file {
        return Vec::new();
    }
    let text = input.text(span);
    vec![crate::diagnostic::Edit::replace(
        span,
        format!("{before}{open}{text}{close}{after}"),
    )]
}

/// `1234567 s (14 d 6 h)`: a lifetime for messages.
pub(crate) fn human_seconds(s: f64) -> String {
    let secs = s.round() as i64;
    let abs = secs.unsigned_abs();
    let human = human_duration(abs);
    if abs < 60 {
        format!("{secs} s")
    } else {
        format!("{secs} s ({}{human})", if secs < 0 { "-" } else { "" })
    }
}

/// `30 min`, `48 h`, `1.5 d`, `45 s`: a duration in its largest unit.
pub(crate) fn human_duration(abs: u64) -> String {
    let human = if abs >= 86_400 {
        format!("{:.1} d", abs as f64 / 86_400.0)
    } else if abs >= 3600 {
        format!("{:.1} h", abs as f64 / 3600.0)
    } else if abs >= 60 {
        format!("{:.1} min", abs as f64 / 60.0)
    } else {
        format!("{abs} s")
    };
    human.replace(".0 ", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_document_parses_and_has_the_required_sections() {
        let rules = crate::catalogue::all();
        assert_eq!(rules.len(), CHECKS.len());
        for (code, _) in CHECKS {
            assert!(
                rules.iter().any(|r| r.code == *code),
                "{code} has no document"
            );
        }
        for (i, r) in rules.iter().enumerate() {
            assert_eq!(r.code, format!("SIG{:03}", i + 1));
            assert!(
                r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} name must be kebab-case",
                r.code
            );
            assert!(matches!(r.fix, "safe" | "unsafe" | "none"), "{}", r.code);
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "Use instead:",
                "## Fix safety",
            ] {
                assert!(r.docs.contains(section), "{} lacks {section}", r.code);
            }
        }
    }

    #[test]
    fn lifetimes_read_well() {
        assert_eq!(human_seconds(7200.0), "7200 s (2 h)");
        assert_eq!(human_seconds(259_200.0), "259200 s (3 d)");
        assert_eq!(human_seconds(600.0), "600 s (10 min)");
        assert_eq!(human_seconds(30.0), "30 s");
    }
}
