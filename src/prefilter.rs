//! The literal prefilter: a file that contains none of the words every signature site needs is
//! not parsed at all. Tokens committed in text are found by their own byte scan
//! (`crate::token::find_tokens`), not through this filter.
//!
//! | site | needs |
//! |---|---|
//! | Meeting SDK payload (every rule on claims, keys, algorithms, encoders of a JWT) | one of its specific claims `sdkKey`, `tokenExp`, `mn` (SPEC: a payload has one of them) |
//! | legacy signature (SIG001, SIG004 on it, SIG008, SIG011) | an HMAC API (`createHmac`, `HmacSHA256`, `hash_hmac`, `OpenSSL::HMAC`, `hmac.new`, `Mac.getInstance("HmacSHA256")`, `CryptoJS.HmacSHA256`) or `ZoomMtg.generateSignature` |
//!
//! `mn` must stand as a word (`mn:`, `"mn"`, `mn=`, `{ mn }`), not inside `column`, and another
//! claim (`iat`, `exp`, `role`, `appKey`) must stand within 300 bytes of it: a payload's claims
//! are written together, while minified bundles name variables `mn` anywhere.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

/// The literals, in the order of [`MN`]'s index below.
pub const LITERALS: [&str; 7] = [
    "sdkKey", "tokenExp", "hmac", "Hmac", "HMAC", "ZoomMtg", "mn",
];
const MN: usize = 6;

fn matcher() -> &'static AhoCorasick {
    static M: OnceLock<AhoCorasick> = OnceLock::new();
    M.get_or_init(|| AhoCorasick::new(LITERALS).expect("literal patterns build"))
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// Another claim name within [`NEAR`] bytes of `at`.
fn near_claim(text: &[u8], at: usize) -> bool {
    let window = &text[at.saturating_sub(NEAR)..(at + NEAR).min(text.len())];
    ["iat", "exp", "role", "appKey"]
        .iter()
        .any(|w| memchr::memmem::find(window, w.as_bytes()).is_some())
}

const NEAR: usize = 300;

/// Whether the text may hold a signature site and must be analysed.
pub fn may_hold_site(text: &[u8]) -> bool {
    for m in matcher().find_overlapping_iter(text) {
        if m.pattern().as_usize() != MN {
            return true;
        }
        let before = m.start().checked_sub(1).map(|i| text[i]);
        let after = text.get(m.end()).copied();
        if !before.is_some_and(is_ident)
            && !after.is_some_and(is_ident)
            && near_claim(text, m.start())
        {
            return true;
        }
    }
    false
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
        ] {
            assert!(may_hold_site(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn ordinary_code_is_skipped() {
        for text in [
            "const columns = table.columns.map(c => c.name)",
            "mnemonic = generate_mnemonic()",
            "var mn=a.b,qz=mn(c);function mn(x){return x}",
            "SELECT * FROM users",
            "",
        ] {
            assert!(!may_hold_site(text.as_bytes()), "{text}");
        }
    }
}
