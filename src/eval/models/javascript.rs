//! JavaScript and TypeScript library functions (Node, browsers, npm packages).

use super::Alphabet::{Standard, UrlSafe};
use super::Callee::{Function, New, Path, Property};
use super::Does::*;
use super::Padding::{Kept, Removed};
use super::When::{ArgNotOtherThan, ArgOneOf, ArgTrue, ArgWallText, AtLeastArgs, NoArgs};
use super::{
    arg, row, row_when, AlgorithmFrom, DigestOutput, Hash, JwtSign, Naive, Parsed, Row, ZoneFrom,
};
use crate::eval::value::{Unit, Zone};

/// A date object at the current time, showing local time.
const NOW: super::Does = Now {
    naive: Naive::No,
    zone: ZoneFrom::Fixed(Zone::Local),
};

const UTF8: &[&str] = &["utf8", "utf-8"];

pub const ROWS: &[Row] = &[
    // Clocks and dates.
    row(
        Path("Date.now"),
        Clock {
            unit: Unit::Millis,
            fractional: false,
        },
    ),
    row_when(Function("moment"), NoArgs, NOW),
    row_when(Function("dayjs"), NoArgs, NOW),
    row_when(
        Path("moment.utc"),
        NoArgs,
        Now {
            naive: Naive::No,
            zone: ZoneFrom::Fixed(Zone::Utc),
        },
    ),
    row_when(
        Path("dayjs.utc"),
        NoArgs,
        Now {
            naive: Naive::No,
            zone: ZoneFrom::Fixed(Zone::Utc),
        },
    ),
    // `Date.parse(text)`: text without a zone is local time.
    row_when(
        Path("Date.parse"),
        ArgWallText(0),
        Parse {
            text: arg(0),
            read_as: ZoneFrom::Fixed(Zone::Local),
            result: Parsed::Epoch(Unit::Millis),
        },
    ),
    // Numbers.
    row(Path("Math.floor"), Integer(arg(0))),
    row(Path("Math.round"), Integer(arg(0))),
    row(Path("Math.trunc"), Integer(arg(0))),
    row(Path("Math.ceil"), Integer(arg(0))),
    row(Path("parseInt"), Integer(arg(0))),
    row(Path("Number.parseInt"), Integer(arg(0))),
    row(Path("Number"), Number(arg(0))),
    row(Path("parseFloat"), Number(arg(0))),
    row(Function("String"), Text(arg(0))),
    row(Path("JSON.stringify"), Json(arg(0))),
    // Bytes: Node's Buffer (text, or base64 decoded), crypto-js WordArrays.
    row_when(Path("Buffer.from"), ArgNotOtherThan(1, UTF8), Bytes(arg(0))),
    row_when(Path("Buffer.from"), ArgOneOf(1, &["base64"]), Bytes(arg(0))),
    row_when(
        Path("Buffer.alloc"),
        ArgNotOtherThan(1, UTF8),
        Bytes(arg(0)),
    ),
    row_when(
        Function("encodeUtf8"),
        ArgNotOtherThan(1, UTF8),
        Bytes(arg(0)),
    ),
    row(Path("CryptoJS.enc.Utf8.parse"), Bytes(arg(0))),
    row(Path("CryptoJS.enc.Latin1.parse"), Bytes(arg(0))),
    row(Path("atob"), Bytes(arg(0))),
    // Binary strings and typed arrays (Web Crypto results turned into text for `btoa`).
    row(New("Uint8Array"), Bytes(arg(0))),
    row(Path("Uint8Array.from"), Bytes(arg(0))),
    row(Path("String.fromCharCode"), Bytes(arg(0))),
    // Base64: btoa, js-base64, crypto-js, base64url.
    row(
        Path("btoa"),
        Base64 {
            input: arg(0),
            alphabet: Standard,
            padding: Kept,
        },
    ),
    row(
        Path("Base64.encode"),
        Base64 {
            input: arg(0),
            alphabet: Standard,
            padding: Kept,
        },
    ),
    row(
        Path("CryptoJS.enc.Base64.stringify"),
        Base64 {
            input: arg(0),
            alphabet: Standard,
            padding: Kept,
        },
    ),
    row(
        Path("crypto-js/enc-base64.stringify"),
        Base64 {
            input: arg(0),
            alphabet: Standard,
            padding: Kept,
        },
    ),
    row(
        Path("crypto-js/enc-base64url.stringify"),
        Base64 {
            input: arg(0),
            alphabet: UrlSafe,
            padding: Removed,
        },
    ),
    row(
        Path("base64url"),
        Base64 {
            input: arg(0),
            alphabet: UrlSafe,
            padding: Removed,
        },
    ),
    row(
        Path("base64url.encode"),
        Base64 {
            input: arg(0),
            alphabet: UrlSafe,
            padding: Removed,
        },
    ),
    row(
        Path("base64url.fromBase64"),
        Base64 {
            input: arg(0),
            alphabet: UrlSafe,
            padding: Removed,
        },
    ),
    row(
        Path("Base64.encodeURI"),
        Base64 {
            input: arg(0),
            alphabet: UrlSafe,
            padding: Removed,
        },
    ),
    row(
        Path("Base64.encodeURL"),
        Base64 {
            input: arg(0),
            alphabet: UrlSafe,
            padding: Removed,
        },
    ),
    row(
        Path("CryptoJS.enc.Base64url.stringify"),
        Base64 {
            input: arg(0),
            alphabet: UrlSafe,
            padding: Removed,
        },
    ),
    // js-base64 `fromUint8Array(bytes, urlsafe)`.
    row_when(
        Path("Base64.fromUint8Array"),
        ArgTrue(1),
        Base64 {
            input: arg(0),
            alphabet: UrlSafe,
            padding: Removed,
        },
    ),
    row(
        Path("Base64.fromUint8Array"),
        Base64 {
            input: arg(0),
            alphabet: Standard,
            padding: Kept,
        },
    ),
    // crypto-js encoders as values: `wordArray.toString(CryptoJS.enc.Base64)`.
    row(
        Property("CryptoJS.enc.Base64"),
        Base64Encoder {
            alphabet: Standard,
            padding: Kept,
        },
    ),
    row(
        Property("CryptoJS.enc.Base64url"),
        Base64Encoder {
            alphabet: UrlSafe,
            padding: Removed,
        },
    ),
    // HMAC: Node's crypto, crypto-js.
    row(
        Path("crypto.createHmac"),
        HmacObject {
            hash: Hash::Arg(arg(0)),
            key: Some(arg(1)),
        },
    ),
    row(
        Function("createHmac"),
        HmacObject {
            hash: Hash::Arg(arg(0)),
            key: Some(arg(1)),
        },
    ),
    row(Path("HmacSHA256"), crypto_js_hmac("SHA256")),
    row(Path("HmacSHA512"), crypto_js_hmac("SHA512")),
    row(Path("HmacSHA384"), crypto_js_hmac("SHA384")),
    row(Path("HmacSHA1"), crypto_js_hmac("SHA1")),
    row(Path("HmacMD5"), crypto_js_hmac("MD5")),
    // crypto-js imported per module (`require('crypto-js/hmac-sha256')` called as a function):
    // matched on the path the file imports them from.
    row(Path("crypto-js/hmac-sha256"), crypto_js_hmac("SHA256")),
    row(Path("crypto-js/hmac-sha512"), crypto_js_hmac("SHA512")),
    row(Path("crypto-js/hmac-sha384"), crypto_js_hmac("SHA384")),
    row(Path("crypto-js/hmac-sha1"), crypto_js_hmac("SHA1")),
    // JWT libraries: jsonwebtoken, jsrsasign.
    row(Path("jwt.sign"), JSONWEBTOKEN),
    row(Path("jsonwebtoken.sign"), JSONWEBTOKEN),
    row_when(Function("sign"), AtLeastArgs(2), JSONWEBTOKEN),
    row(Path("KJUR.jws.JWS.sign"), JSRSASIGN_SIGN),
    // The package also exports `jws` itself: `import rs from 'jsrsasign'; rs.jws.JWS.sign(…)`
    // (a default import under any name).
    row(Path("jsrsasign.jws.JWS.sign"), JSRSASIGN_SIGN),
    // Promises: an async helper's `return Promise.resolve(token)` is the token to its caller's
    // `await` (which the model reads through).
    row(Path("Promise.resolve"), Same(arg(0))),
];

/// jsrsasign `KJUR.jws.JWS.sign(alg, header, payload, key)`, header and payload JSON text.
const JSRSASIGN_SIGN: super::Does = JwtSign(JwtSign {
    library: "jsrsasign",
    payload: arg(2),
    key: arg(3),
    algorithm: Some(AlgorithmFrom::Arg(arg(0))),
    header: Some(arg(1)),
    json_text: true,
    expires_in: None,
});

/// crypto-js `HmacSHA256(message, key)`: a WordArray digest.
const fn crypto_js_hmac(hash: &'static str) -> super::Does {
    Hmac {
        hash: Hash::Named(hash),
        key: arg(1),
        data: arg(0),
        output: DigestOutput::Raw,
    }
}

/// jsonwebtoken `sign(payload, secret, { algorithm, expiresIn })`.
const JSONWEBTOKEN: super::Does = JwtSign(JwtSign {
    library: "jsonwebtoken",
    payload: arg(0),
    key: arg(1),
    algorithm: Some(AlgorithmFrom::Option(2, "algorithm")),
    header: None,
    json_text: false,
    expires_in: Some((2, "expiresIn")),
});
