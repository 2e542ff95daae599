//! The committed-token scan skips through text instead of looking at every byte (issue 7). Planted
//! tokens must be found wherever they stand: at the start or end of the text, after `=` padding
//! or a path, between base64 runs just below and just above the length a legacy signature needs.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::Mac;
use siglint::token::find_tokens;

/// A small seeded PRNG (xorshift64*), so the run is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn hs256(secret: &str, data: &str) -> Vec<u8> {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// The legacy signature of SPEC §1.1.
fn legacy(key: &str, mn: u64, ts: u64, role: u8) -> String {
    let message = STANDARD.encode(format!("{key}{mn}{ts}{role}"));
    let hash = STANDARD.encode(hs256("legacy-secret", &message));
    URL_SAFE_NO_PAD.encode(format!("{key}.{mn}.{ts}.{role}.{hash}"))
}

/// A Meeting SDK JWT.
fn jwt(mn: u64) -> String {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(format!(
        r#"{{"appKey":"k","sdkKey":"k","mn":{mn},"role":0,"iat":1700000000,"exp":1700007200,"tokenExp":1700007200}}"#
    ));
    let input = format!("{header}.{payload}");
    let sig = URL_SAFE_NO_PAD.encode(hs256("jwt-secret", &input));
    format!("{input}.{sig}")
}

const RUN_BYTES: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/";
const SEPARATORS: &[&str] = &[" ", "\n", "'", "\"", ":", ", ", "(", ") ", "; ", "\t", ". "];

/// A random run of base64 characters, `len` long, then maybe padding.
fn run(rng: &mut Rng, len: usize) -> String {
    let mut s: String = (0..len)
        .map(|_| RUN_BYTES[rng.below(RUN_BYTES.len())] as char)
        .collect();
    s.push_str(["", "", "=", "=="][rng.below(4)]);
    s
}

#[test]
fn planted_tokens_are_found_wherever_they_stand() {
    let mut rng = Rng(0xC0FF_EE00_1234_5678);
    let mut planted_total = 0;
    for round in 0..400 {
        let mut text = String::new();
        let mut planted = Vec::new();
        let pieces = rng.below(40) + 1;
        for piece in 0..pieces {
            // Before a token: nothing at the very start, else a separator, `=` or `/join/`.
            let plant = rng.below(5) == 0;
            if plant {
                let before = match rng.below(4) {
                    _ if text.is_empty() && round % 2 == 0 => "",
                    0 => "signature=",
                    1 => "https://zoom.us/wc/join/",
                    _ => SEPARATORS[rng.below(SEPARATORS.len())],
                };
                text.push_str(before);
                let token = if rng.below(2) == 0 {
                    let key: String = (0..rng.below(20) + 3)
                        .map(|_| RUN_BYTES[rng.below(62)] as char)
                        .collect();
                    legacy(
                        &key,
                        100_000_000 + rng.below(900_000_000) as u64,
                        1_600_000_000_000 + rng.below(1 << 30) as u64,
                        rng.below(2) as u8,
                    )
                } else {
                    jwt(100_000_000 + piece as u64)
                };
                planted.push(text.len()..text.len() + token.len());
                text.push_str(&token);
                // After a token: never `=` (padding would belong to it); the last may end the
                // text.
                if piece + 1 < pieces || rng.below(2) == 0 {
                    text.push_str(SEPARATORS[rng.below(SEPARATORS.len())]);
                }
                continue;
            }
            // Filler: words, runs just around the lengths that matter, text with `=`.
            let len = match rng.below(4) {
                0 => rng.below(8) + 1,
                1 => rng.below(12) + 56,
                2 => rng.below(200) + 60,
                _ => rng.below(64),
            };
            let r = run(&mut rng, len);
            text.push_str(&r);
            text.push_str(SEPARATORS[rng.below(SEPARATORS.len())]);
        }
        let found: Vec<_> = find_tokens(&text).into_iter().map(|(r, _)| r).collect();
        assert_eq!(found, planted, "round {round}: {text}");
        planted_total += planted.len();
    }
    assert!(planted_total > 500, "only {planted_total} tokens planted");
}
