//! PHP library functions (core, Carbon, firebase/php-jwt, lcobucci/jwt, Laravel helpers).

use super::Alphabet::Standard;
use super::Callee::{Function, New, Path};
use super::Does::*;
use super::Padding::Kept;
use super::When::{ArgTrue, ArgWallText, AtMostArgs, NoArgs};
use super::{
    arg, row, row_when, AlgorithmFrom, DigestOutput, Hash, JwtSign, Naive, Parsed, Row, ZoneFrom,
};
use crate::eval::value::{Unit, Zone};

/// A date at the current time, showing local time.
const NOW: super::Does = Now {
    naive: Naive::No,
    zone: ZoneFrom::Fixed(Zone::Local),
};

/// A date at the current time in the zone given (`Carbon::now('UTC')`), local without one.
const NOW_IN_ARG: super::Does = Now {
    naive: Naive::No,
    zone: ZoneFrom::Arg(arg(0)),
};

pub const ROWS: &[Row] = &[
    // Clocks and dates.
    row_when(
        Function("time"),
        NoArgs,
        Clock {
            unit: Unit::Seconds,
            fractional: false,
        },
    ),
    row_when(
        Function("mktime"),
        NoArgs,
        Clock {
            unit: Unit::Seconds,
            fractional: false,
        },
    ),
    row_when(
        Function("microtime"),
        ArgTrue(0),
        Clock {
            unit: Unit::Seconds,
            fractional: true,
        },
    ),
    // `mktime(gmdate('H'), gmdate('i'), …)`: parts of a date, read as local time (`gmmktime`: UTC).
    row(
        Function("mktime"),
        EpochOfParts {
            read_as: Zone::Local,
        },
    ),
    row(Function("gmmktime"), EpochOfParts { read_as: Zone::Utc }),
    // Wall-clock text: `gmdate` in UTC, `date` in the local zone.
    row(
        Function("gmdate"),
        FormatWall {
            format: arg(0),
            time: arg(1),
            zone: Zone::Utc,
        },
    ),
    row(
        Function("date"),
        FormatWall {
            format: arg(0),
            time: arg(1),
            zone: Zone::Local,
        },
    ),
    // A zone-less text read back as local time.
    row_when(
        Function("strtotime"),
        ArgWallText(0),
        Parse {
            text: arg(0),
            read_as: ZoneFrom::Fixed(Zone::Local),
            result: Parsed::Epoch(Unit::Seconds),
        },
    ),
    row_when(
        Function("date_create"),
        ArgWallText(0),
        Parse {
            text: arg(0),
            read_as: ZoneFrom::Arg(arg(1)),
            result: Parsed::Date,
        },
    ),
    row_when(
        Path("Carbon.parse"),
        ArgWallText(0),
        Parse {
            text: arg(0),
            read_as: ZoneFrom::Arg(arg(1)),
            result: Parsed::Date,
        },
    ),
    row(
        Function("strtotime"),
        RelativeTime {
            text: arg(0),
            unit: Unit::Seconds,
        },
    ),
    row_when(Function("now"), AtMostArgs(1), NOW_IN_ARG),
    row_when(Function("date_create"), AtMostArgs(1), NOW),
    row_when(Function("date_create_immutable"), AtMostArgs(1), NOW),
    row(Path("Carbon.now"), NOW_IN_ARG),
    row(Path("CarbonImmutable.now"), NOW_IN_ARG),
    // Numbers and text.
    row(Function("floor"), Integer(arg(0))),
    row(Function("round"), Integer(arg(0))),
    row(Function("ceil"), Integer(arg(0))),
    row(Function("intval"), Integer(arg(0))),
    row(Function("floatval"), Same(arg(0))),
    row(Function("strval"), Text(arg(0))),
    row(Function("number_format"), Text(arg(0))),
    row(Function("json_encode"), Json(arg(0))),
    // WordPress's json_encode wrapper.
    row(Function("wp_json_encode"), Json(arg(0))),
    row(Function("sprintf"), Format { template: arg(0) }),
    row(
        Function("implode"),
        Join {
            separator: arg(0),
            items: arg(1),
        },
    ),
    row(
        Function("join"),
        Join {
            separator: arg(0),
            items: arg(1),
        },
    ),
    // Base64 and HMAC.
    row(
        Function("base64_encode"),
        Base64 {
            input: arg(0),
            alphabet: Standard,
            padding: Kept,
        },
    ),
    row(Function("base64_decode"), Bytes(arg(0))),
    row(
        Function("hash_hmac"),
        Hmac {
            hash: Hash::Arg(arg(0)),
            key: arg(2),
            data: arg(1),
            output: DigestOutput::RawIfTrue(3),
        },
    ),
    // firebase/php-jwt.
    row(Path("JWT.encode"), PHP_JWT),
    // lcobucci/jwt 4/5: a configuration of a signer and a key, whose builder signs with them
    // (`getToken($config->signer(), $config->signingKey())`). The signer classes are told
    // apart by their namespace, as the file's `use` names them: `Signer\Hmac\Sha256` is HS256,
    // `Signer\Rsa\Sha256` RS256.
    row(
        Path("Lcobucci\\JWT\\Configuration.forSymmetricSigner"),
        SignerConfig {
            signer: arg(0),
            key: arg(1),
        },
    ),
    row(
        Path("Lcobucci\\JWT\\Configuration.forAsymmetricSigner"),
        SignerConfig {
            signer: arg(0),
            key: arg(1),
        },
    ),
    row(
        Path("Lcobucci\\JWT\\Signer\\Key\\InMemory.plainText"),
        Bytes(arg(0)),
    ),
    row(
        Path("Lcobucci\\JWT\\Signer\\Key\\InMemory.base64Encoded"),
        Bytes(arg(0)),
    ),
    row(
        New("Lcobucci\\JWT\\Signer\\Hmac\\Sha256"),
        Algorithm("HS256"),
    ),
    row(
        New("Lcobucci\\JWT\\Signer\\Hmac\\Sha384"),
        Algorithm("HS384"),
    ),
    row(
        New("Lcobucci\\JWT\\Signer\\Hmac\\Sha512"),
        Algorithm("HS512"),
    ),
    row(
        New("Lcobucci\\JWT\\Signer\\Rsa\\Sha256"),
        Algorithm("RS256"),
    ),
    row(
        New("Lcobucci\\JWT\\Signer\\Rsa\\Sha384"),
        Algorithm("RS384"),
    ),
    row(
        New("Lcobucci\\JWT\\Signer\\Rsa\\Sha512"),
        Algorithm("RS512"),
    ),
    row(
        New("Lcobucci\\JWT\\Signer\\Ecdsa\\Sha256"),
        Algorithm("ES256"),
    ),
    row(
        New("Lcobucci\\JWT\\Signer\\Ecdsa\\Sha384"),
        Algorithm("ES384"),
    ),
    row(
        New("Lcobucci\\JWT\\Signer\\Ecdsa\\Sha512"),
        Algorithm("ES512"),
    ),
    row(New("Lcobucci\\JWT\\Signer\\Eddsa"), Algorithm("EdDSA")),
    // lcobucci/jwt 3: `(new Builder())->set(…)->sign($signer, new Key($secret))->getToken()`.
    row(New("Lcobucci\\JWT\\Builder"), JwtBuilder),
    row(New("Lcobucci\\JWT\\Signer\\Key"), Bytes(arg(0))),
    // Configuration with a default: either value may be used.
    row(Function("env"), ReadWithDefault { default: arg(1) }),
    row(Function("config"), ReadWithDefault { default: arg(1) }),
];

/// firebase/php-jwt `JWT::encode($payload, $key, $alg)`.
const PHP_JWT: super::Does = JwtSign(JwtSign {
    library: "php-jwt",
    payload: arg(0),
    key: arg(1),
    algorithm: Some(AlgorithmFrom::Arg(arg(2))),
    header: None,
    json_text: false,
    expires_in: None,
});
