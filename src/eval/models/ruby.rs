//! Ruby library functions (stdlib, ActiveSupport, ruby-jwt).

use super::Alphabet::{Standard, UrlSafe};
use super::Callee::{Function, New, Path};
use super::Does::*;
use super::Padding::{Kept, UnlessFalse};
use super::When::ArgWallText;
use super::{
    arg, row, row_when, AlgorithmFrom, DigestOutput, Hash, JwtSign, Naive, Parsed, Row, ZoneFrom,
};
use crate::eval::value::Zone;

/// A date at the current time, showing local time.
const NOW: super::Does = Now {
    naive: Naive::No,
    zone: ZoneFrom::Fixed(Zone::Local),
};

/// A date parsed from text, a zone-less text read as `zone`.
const fn parse(zone: Zone) -> super::Does {
    Parse {
        text: arg(0),
        read_as: ZoneFrom::Fixed(zone),
        result: Parsed::Date,
    }
}

pub const ROWS: &[Row] = &[
    // Clocks and dates.
    row(Path("Time.now"), NOW),
    row(Path("DateTime.now"), NOW),
    // Rails' configured zone: the server's own or not, siglint cannot tell.
    row(
        Path("Time.current"),
        Now {
            naive: Naive::No,
            zone: ZoneFrom::Fixed(Zone::Other),
        },
    ),
    row(
        Path("Time.zone.now"),
        Now {
            naive: Naive::No,
            zone: ZoneFrom::Fixed(Zone::Other),
        },
    ),
    // Text read back: `Time.parse` takes a zone-less text as local time, `DateTime.parse` as
    // UTC, Rails' `Time.zone.parse` as the configured zone.
    row_when(Path("Time.zone.parse"), ArgWallText(0), parse(Zone::Other)),
    row_when(Path("Time.parse"), ArgWallText(0), parse(Zone::Local)),
    row_when(Path("Time.strptime"), ArgWallText(0), parse(Zone::Local)),
    row_when(Path("DateTime.parse"), ArgWallText(0), parse(Zone::Utc)),
    row_when(Path("DateTime.strptime"), ArgWallText(0), parse(Zone::Utc)),
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
