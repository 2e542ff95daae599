//! Ruby library functions (stdlib, ActiveSupport, ruby-jwt).

use super::Alphabet::{Standard, UrlSafe};
use super::Callee::{Function, New, Path};
use super::Does::*;
use super::Padding::{Kept, UnlessFalse};
use super::{arg, row, AlgorithmFrom, DigestOutput, Hash, JwtSign, Row};

pub const ROWS: &[Row] = &[
    // Clocks and dates.
    row(Path("Time.now"), Now),
    row(Path("Time.current"), Now),
    row(Path("Time.zone.now"), Now),
    row(Path("DateTime.now"), Now),
    row(Function("Integer"), Integer(arg(0))),
    // Base64.
    row(
        Path("Base64.strict_encode64"),
        Base64 {
            input: arg(0),
            alphabet: Standard,
            padding: Kept,
        },
    ),
    row(
        Path("Base64.encode64"),
        Base64 {
            input: arg(0),
            alphabet: Standard,
            padding: Kept,
        },
    ),
    row(
        Path("Base64.urlsafe_encode64"),
        Base64 {
            input: arg(0),
            alphabet: UrlSafe,
            padding: UnlessFalse("padding"),
        },
    ),
    row(Path("Base64.decode64"), Bytes(arg(0))),
    row(Path("Base64.strict_decode64"), Bytes(arg(0))),
    row(Path("Base64.urlsafe_decode64"), Bytes(arg(0))),
    // HMAC (OpenSSL::HMAC.digest is lowered as the path OpenSSL.HMAC.digest).
    row(Path("OpenSSL.HMAC.digest"), openssl_hmac(DigestOutput::Raw)),
    row(
        Path("OpenSSL.HMAC.hexdigest"),
        openssl_hmac(DigestOutput::Hex),
    ),
    row(
        Path("OpenSSL.HMAC.base64digest"),
        openssl_hmac(DigestOutput::Base64),
    ),
    row(
        New("HMAC"),
        HmacObject {
            hash: Hash::Arg(arg(1)),
            key: Some(arg(0)),
        },
    ),
    // JSON and text.
    row(Path("JSON.generate"), Json(arg(0))),
    row(Path("JSON.dump"), Json(arg(0))),
    row(Path("JSON.fast_generate"), Json(arg(0))),
    row(Function("format"), Format { template: arg(0) }),
    row(Function("sprintf"), Format { template: arg(0) }),
    // ruby-jwt.
    row(
        Path("JWT.encode"),
        JwtSign(JwtSign {
            library: "ruby-jwt",
            payload: arg(0),
            key: arg(1),
            algorithm: Some(AlgorithmFrom::Arg(arg(2))),
            header: None,
            json_text: false,
            expires_in: None,
        }),
    ),
    // Configuration with a default: either value may be used.
    row(Path("ENV.fetch"), ReadWithDefault { default: arg(1) }),
];

/// `OpenSSL::HMAC.digest(hash, key, data)`.
const fn openssl_hmac(output: DigestOutput) -> super::Does {
    Hmac {
        hash: Hash::Arg(arg(0)),
        key: arg(1),
        data: arg(2),
        output,
    }
}
