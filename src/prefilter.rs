//! The literal prefilter: a file that contains none of the words every signature site needs is
//! not parsed at all. Tokens committed in text are found by their own byte scan
//! (`crate::token::find_tokens`), not through this filter: it runs on every file.
//!
//! | site | needs |
//! |---|---|
//! | Meeting SDK payload (every rule on claims, keys, algorithms, encoders of a JWT) | one of its specific claims `sdkKey`, `tokenExp`, `mn` (SPEC: a payload has one of them) |
//! | a token whose claims go by foreign names (SIG014): a Video SDK payload, `meetingNumber` for `mn` | one of `tpc`, `role_type`, `app_key`, `meetingNumber`, `meeting_number`, `meetingId`, `roleType`, `userRole`, `sdk_key`, as a word, with `iat` or `exp` (as a word) within 300 bytes |
//! | legacy signature (SIG001, SIG004 on it, SIG008, SIG011) | an HMAC API (`createHmac`, `HmacSHA256`, `hash_hmac`, `OpenSSL::HMAC`, `hmac.new`, `Mac.getInstance("HmacSHA256")`, `CryptoJS.HmacSHA256`) or `ZoomMtg.generateSignature` |
//!
//! In a project, a PHP file without any of these words that hands values to project code
//! holding one (it extends or `use`s such a class) is analysed all the same
//! (`engine::hands_to_signer`): the literal secret it passes is written there.
//!
//! `mn` must stand as a word (`mn:`, `"mn"`, `mn=`, `{ mn }`), not inside `column`, and another
//! claim (`iat`, `exp`, `role`, `appKey`), as a word too, must stand within 300 bytes of it: a
//! payload's claims are written together, while minified bundles name variables `mn` anywhere
//! and are full of `exports`, `expression` and `iterator`.
//!
//! # Minified code
//!
//! A minified bundle can still hold a literal (syntax highlighters list `HMAC` as a keyword,
//! crypto libraries are bundled whole), and parsing and evaluating minified code costs about a
//! second and 50–100 bytes of memory per byte: a few bundles would take most of a scan. Signature
//! code that someone wrote, reads and must fix sits on lines of ordinary length, so a file is
//! *minified* — its code is not analysed, and the scan reports it with a note — when all of:
//!
//! 1. it is larger than [`MINIFIED_MIN_SIZE`] (32 KiB): a small minified file costs little, and
//!    is analysed like any other;
//! 2. at least half of its bytes are on lines longer than [`LONG_LINE`] (1,000 bytes): what
//!    minifiers produce, whatever the file is called (a license banner of a few short lines does
//!    not change it; a `.min.js` of readable code is analysed, a minified `bundle.js` is not);
//! 3. every prefilter hit lies on such a long line. One hit on a line of ordinary length —
//!    signature code appended to a bundle, a generator next to a large data literal — and the
//!    whole file is analysed.
//!
//! File names (`*.min.js`, `dist/`, `vendor/`) are not used: they say where a file came from, not
//! whether a person wrote the code in it. The committed-token scan runs on minified files too,
//! so a token pasted into a bundle is still reported (TOK005).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// The literals, in the order of [`MN`]'s index below. (`bench/run.sh` reads this list and the
/// `usize` constants below 7 in this file, which mark the literals matched as words.)
pub const LITERALS: [&str; 16] = [
    "sdkKey",
    "tokenExp",
    "hmac",
    "Hmac",
    "HMAC",
    "ZoomMtg",
    "mn",
    // Claims of a Meeting SDK token under foreign names (SIG014): only as words with a time
    // claim near them, like `mn`.
    "tpc",
    "role_type",
    "app_key",
    "meetingNumber",
    "meeting_number",
    "meetingId",
    "roleType",
    "userRole",
    "sdk_key",
];
const MN: usize = 6;
/// The first of the foreign claim names: they need `iat` or `exp` near them.
const FOREIGN: usize = 7;

/// Other claims of which one must stand near `mn`, as a word.
const NEAR_CLAIMS: [&str; 4] = ["iat", "exp", "role", "appKey"];
/// How far (bytes, either side) another claim may stand from `mn`.
const NEAR: usize = 300;

/// A line longer than this many bytes is a long line (minified code, data).
pub const LONG_LINE: usize = 1000;
/// Files up to this size are analysed even when minified.
pub const MINIFIED_MIN_SIZE: usize = 32 * 1024;

/// The literals up to [`FOREIGN`], searched in every file.
fn matcher() -> &'static AhoCorasick {
    static M: OnceLock<AhoCorasick> = OnceLock::new();
    // No literal overlaps another (none ends with `m` or starts with `n`, nor contains `mn`), so
    // leftmost-first matches find every hit that overlapping matches would.
    M.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&LITERALS[..FOREIGN])
            .expect("literal patterns build")
    })
}

/// The foreign claim names, searched only near a time claim: one matcher over every file with
/// all sixteen literals costs a scan several times slower than seven (many short patterns),
/// while `iat` and `exp` are found with a plain substring search.
fn foreign_matcher() -> &'static AhoCorasick {
    static M: OnceLock<AhoCorasick> = OnceLock::new();
    M.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&LITERALS[FOREIGN..])
            .expect("literal patterns build")
    })
}

/// The length of the longest foreign claim name.
const LONGEST_FOREIGN: usize = 16;

/// The offsets of the foreign claim names that stand as words with a time claim (`iat`, `exp`,
/// as a word) within [`NEAR`] bytes, in order.
fn foreign_hits(text: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut searched_to: usize = 0;
    let mut times: Vec<usize> = ["iat", "exp"]
        .iter()
        .flat_map(|w| {
            memchr::memmem::find_iter(text, w.as_bytes()).filter(|&k| is_word(text, k, k + 3))
        })
        .collect();
    times.sort_unstable();
    for at in times {
        // The window around this time claim, less what an earlier window covered.
        // (A name cut by the end of the earlier window is searched again: back by the longest.)
        let from = at
            .saturating_sub(NEAR)
            .max(searched_to.saturating_sub(LONGEST_FOREIGN));
        let to = (at + 3 + NEAR + LONGEST_FOREIGN).min(text.len());
        if from >= to || to <= searched_to {
            continue;
        }
        for m in foreign_matcher().find_iter(&text[from..to]) {
            let (start, end) = (from + m.start(), from + m.end());
            if is_word(text, start, end) {
                out.push(start);
            }
        }
        searched_to = to;
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// Whether `text[start..end]` stands as a word: no identifier character either side.
fn is_word(text: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| text[i]);
    let after = text.get(end).copied();
    !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
}

/// Another claim name, as a word, within [`NEAR`] bytes of `at`.
fn near_claim(text: &[u8], at: usize) -> bool {
    let from = at.saturating_sub(NEAR);
    let window = &text[from..(at + NEAR).min(text.len())];
    NEAR_CLAIMS.iter().any(|w| {
        memchr::memmem::find_iter(window, w.as_bytes())
            .any(|k| is_word(text, from + k, from + k + w.len()))
    })
}

/// The byte offsets of the prefilter's hits other than the foreign claim names: each literal
/// other than `mn`, and each `mn` that stands as a word with another claim near it.
fn main_hits(text: &[u8]) -> impl Iterator<Item = usize> + '_ {
    matcher().find_iter(text).filter_map(move |m| {
        let hit = match m.pattern().as_usize() {
            MN => is_word(text, m.start(), m.end()) && near_claim(text, m.start()),
            _ => true,
        };
        hit.then_some(m.start())
    })
}

/// Every hit of the prefilter, in order: [`main_hits`] and each foreign claim name that stands
/// as a word with a time claim near it.
fn hits(text: &[u8]) -> Vec<usize> {
    let mut all: Vec<usize> = main_hits(text).collect();
    all.extend(foreign_hits(text));
    all.sort_unstable();
    all
}

/// What the prefilter decided for a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No word a signature site needs: nothing to analyse.
    NoSite,
    /// A word a site needs: the file must be analysed.
    MayHoldSite,
    /// The words are there, but only in minified code (see the module docs): not analysed.
    Minified(MinifiedStats),
}

/// Why a file counts as minified, for the note that reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MinifiedStats {
    /// Bytes on lines longer than [`LONG_LINE`].
    pub long_line_bytes: usize,
    /// The longest line, in bytes.
    pub longest_line: usize,
    /// Prefilter hits, every one on a long line.
    pub hits: usize,
}

impl std::fmt::Display for MinifiedStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} bytes on lines longer than {LONG_LINE} bytes, the longest {} bytes",
            self.long_line_bytes, self.longest_line
        )
    }
}

/// Whether the text may hold a signature site and must be analysed (minified or not).
pub fn may_hold_site(text: &[u8]) -> bool {
    main_hits(text).next().is_some() || !foreign_hits(text).is_empty()
}

/// Whether a text is shaped like minified code (rules 1 and 2 of the module docs), whatever
/// words it holds.
pub fn looks_minified(text: &[u8]) -> bool {
    if text.len() <= MINIFIED_MIN_SIZE {
        return false;
    }
    let (mut long_line_bytes, mut start) = (0, 0);
    for end in memchr::memchr_iter(b'\n', text).chain(std::iter::once(text.len())) {
        if end - start > LONG_LINE {
            long_line_bytes += end - start;
        }
        start = end + 1;
    }
    long_line_bytes * 2 >= text.len()
}

/// The prefilter's decision on a source file: no site possible, analyse, or minified.
pub fn check(text: &[u8]) -> Verdict {
    if !may_hold_site(text) {
        return Verdict::NoSite;
    }
    if text.len() <= MINIFIED_MIN_SIZE {
        return Verdict::MayHoldSite;
    }
    let hits = hits(text);
    // The long lines, as byte ranges, in order.
    let mut long = Vec::new();
    let (mut long_line_bytes, mut longest_line, mut start) = (0, 0, 0);
    for end in memchr::memchr_iter(b'\n', text).chain(std::iter::once(text.len())) {
        let len = end - start;
        longest_line = longest_line.max(len);
        if len > LONG_LINE {
            long.push(start..end);
            long_line_bytes += len;
        }
        start = end + 1;
    }
    if long_line_bytes * 2 < text.len() {
        return Verdict::MayHoldSite;
    }
    // Hits come in order: walk the long lines along with them.
    let mut line = 0;
    let mut count = 0;
    for at in hits {
        while line < long.len() && long[line].end <= at {
            line += 1;
        }
        if line == long.len() || long[line].start > at {
            return Verdict::MayHoldSite; // a hit on a line of ordinary length
        }
        count += 1;
    }
    Verdict::Minified(MinifiedStats {
        long_line_bytes,
        longest_line,
        hits: count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_mark_a_site_pass() {
        for text in [
            "const p = { appKey, sdkKey }",
            "payload = {'mn': meeting, 'role': 0}",
            "$p['tokenExp'] = $exp;",
            "crypto.createHmac('sha256', s)",
            "OpenSSL::HMAC.digest('SHA256', k, m)",
            "Mac.getInstance(\"HmacSHA256\")",
            "ZoomMtg.generateSignature({})",
            "{ mn, role }",
            "dict(mn=1, role=0)",
            "claims.put(\"mn\", n);\nclaims.put(\"iat\", now);",
        ] {
            assert!(may_hold_site(text.as_bytes()), "{text}");
            assert_eq!(check(text.as_bytes()), Verdict::MayHoldSite, "{text}");
        }
    }

    #[test]
    fn foreign_claim_names_pass_only_near_a_time_claim() {
        let far = " ".repeat(NEAR + 10);
        for (text, passes) in [
            (
                "const p = { app_key: k, tpc: topic, role_type: 1, iat, exp };".to_string(),
                true,
            ),
            (
                "$p = ['meetingNumber' => $n, 'iat' => time()];".to_string(),
                true,
            ),
            (format!("payload = {{'userRole': 1}}{far}# exp"), false),
            (
                format!("iat = now{far}meeting_id = 1; meetingId = 2"),
                false,
            ),
            // A join call: a meeting number and no time claim.
            (
                "client.join({ meetingNumber, userName })".to_string(),
                false,
            ),
            // Inside longer words neither counts.
            (
                "const expiry = 1; const tpcs = meetingNumbers;".to_string(),
                false,
            ),
        ] {
            assert_eq!(may_hold_site(text.as_bytes()), passes, "{text}");
        }
        // Names right at the edge of a time claim's window, and one cut by the edge of an
        // earlier window, are found.
        let mut text = String::from("iat");
        text.push_str(&" ".repeat(NEAR - 4));
        text.push_str(" sdk_key ");
        assert_eq!(foreign_hits(text.as_bytes()), vec![NEAR]);
        let text = format!("iat{}exp sdk_key", " ".repeat(NEAR - 2));
        assert_eq!(foreign_hits(text.as_bytes()), vec![NEAR + 5]);
    }

    #[test]
    fn ordinary_code_is_skipped() {
        for text in [
            "const columns = table.columns.map(c => c.name)",
            "mnemonic = generate_mnemonic()",
            "var mn=a.b,qz=mn(c);function mn(x){return x}",
            // Claim names inside longer words are not claims.
            "var mn=a.exports,b=mn.expression,r=mn.roles;for(var iat2 of mn.iterator)x()",
            "SELECT * FROM users",
            "",
        ] {
            assert!(!may_hold_site(text.as_bytes()), "{text}");
            assert_eq!(check(text.as_bytes()), Verdict::NoSite, "{text}");
        }
    }

    /// A minified line of `n` bytes without any prefilter word.
    fn minified_line(n: usize) -> String {
        let mut s = String::new();
        let mut i = 0;
        while s.len() < n {
            s.push_str(&format!("var a{i}=function(b,c){{return b+c*{i}}};"));
            i += 1;
        }
        s
    }

    #[test]
    fn a_large_bundle_with_words_only_on_long_lines_is_minified() {
        let line = minified_line(20_000);
        let text = format!(
            "/*! bundle v1 | MIT */\n{line}var k=['HMAC','SHA'];{line}\n{line}\n//# sourceMappingURL=b.js.map\n"
        );
        match check(text.as_bytes()) {
            Verdict::Minified(stats) => {
                assert_eq!(stats.hits, 1);
                assert!(stats.long_line_bytes > text.len() / 2);
                assert!(stats.longest_line > 40_000);
            }
            other => panic!("{other:?}"),
        }
        // Still a file that may hold a site, for callers that only ask that.
        assert!(may_hold_site(text.as_bytes()));
    }

    #[test]
    fn signature_code_on_ordinary_lines_is_analysed_beside_minified_code() {
        let line = minified_line(60_000);
        let text =
            format!("{line}var k=['HMAC'];\nconst payload = {{ sdkKey: key, mn: 1, role: 0 }};\n");
        assert_eq!(check(text.as_bytes()), Verdict::MayHoldSite);
        // ... and before it.
        let text = format!("const sig = crypto.createHmac('sha256', s);\n{line}\n");
        assert_eq!(check(text.as_bytes()), Verdict::MayHoldSite);
    }

    #[test]
    fn small_minified_files_are_analysed() {
        let text = format!(
            "{}var p={{sdkKey:k,mn:m,role:0,iat:t,exp:t+7200}};",
            minified_line(20_000)
        );
        assert!(text.len() <= MINIFIED_MIN_SIZE);
        assert_eq!(check(text.as_bytes()), Verdict::MayHoldSite);
    }

    #[test]
    fn mostly_ordinary_lines_are_analysed_even_with_words_on_a_long_line() {
        // A data literal on one long line among many short ones.
        let mut text = String::new();
        for i in 0..2000 {
            text.push_str(&format!("export const row{i} = {i};\n"));
        }
        text.push_str(&format!("const s = '{}HMAC';\n", "x".repeat(5000)));
        assert!(text.len() > MINIFIED_MIN_SIZE);
        assert_eq!(check(text.as_bytes()), Verdict::MayHoldSite);
    }
}
