//! Java library functions (JDK, commons-codec, Spring, Jackson/Gson, jjwt, java-jwt,
//! nimbus-jose-jwt).

use super::Alphabet::{Standard, UrlSafe};
use super::Callee::{Method, New, Path, Property};
use super::Does::*;
use super::Padding::{Kept, Removed};
use super::{arg, row, Hash, Naive, Row, ZoneFrom};
use crate::eval::value::{Unit, Zone};

/// A date at the current time in the zone given (local without one).
const NOW_IN_ARG: super::Does = Now {
    naive: Naive::No,
    zone: ZoneFrom::Arg(arg(0)),
};

const HOUR: i64 = 3_600_000;

pub const ROWS: &[Row] = &[
    // Clocks and dates.
    row(
        Path("System.currentTimeMillis"),
        Clock {
            unit: Unit::Millis,
            fractional: false,
        },
    ),
    row(
        Path("Instant.now"),
        Now {
            naive: Naive::No,
            zone: ZoneFrom::Fixed(Zone::Utc),
        },
    ),
    row(Path("ZonedDateTime.now"), NOW_IN_ARG),
    row(Path("OffsetDateTime.now"), NOW_IN_ARG),
    // Wall-clock fields without a zone: local time, or the zone (or clock) given.
    row(
        Path("LocalDateTime.now"),
        Now {
            naive: Naive::Yes,
            zone: ZoneFrom::Arg(arg(0)),
        },
    ),
    row(Path("Calendar.getInstance"), NOW_IN_ARG),
    // Zones and clocks.
    row(
        Property("ZoneOffset.UTC"),
        TimeZone(ZoneFrom::Fixed(Zone::Utc)),
    ),
    row(
        Path("ZoneId.systemDefault"),
        TimeZone(ZoneFrom::Fixed(Zone::Local)),
    ),
    row(Path("ZoneId.of"), TimeZone(ZoneFrom::Arg(arg(0)))),
    row(Path("ZoneOffset.of"), TimeZone(ZoneFrom::Arg(arg(0)))),
    row(
        Path("TimeZone.getTimeZone"),
        TimeZone(ZoneFrom::Arg(arg(0))),
    ),
    row(
        Path("TimeZone.getDefault"),
        TimeZone(ZoneFrom::Fixed(Zone::Local)),
    ),
    row(
        Path("Clock.systemUTC"),
        TimeZone(ZoneFrom::Fixed(Zone::Utc)),
    ),
    row(
        Path("Clock.systemDefaultZone"),
        TimeZone(ZoneFrom::Fixed(Zone::Local)),
    ),
    row(Path("Date.from"), DateOf(arg(0))),
    row(
        Path("Duration.ofDays"),
        Duration {
            amount: arg(0),
            unit_ms: 24 * HOUR,
        },
    ),
    row(
        Path("Duration.ofHours"),
        Duration {
            amount: arg(0),
            unit_ms: HOUR,
        },
    ),
    row(
        Path("Duration.ofMinutes"),
        Duration {
            amount: arg(0),
            unit_ms: 60_000,
        },
    ),
    row(
        Path("Duration.ofSeconds"),
        Duration {
            amount: arg(0),
            unit_ms: 1000,
        },
    ),
    row(
        Path("Duration.ofMillis"),
        Duration {
            amount: arg(0),
            unit_ms: 1,
        },
    ),
    // Numbers and text.
    row(Path("Math.round"), Integer(arg(0))),
    row(Path("Math.floor"), Integer(arg(0))),
    row(Path("Long.valueOf"), Integer(arg(0))),
    row(Path("Long.parseLong"), Integer(arg(0))),
    row(Path("Integer.valueOf"), Integer(arg(0))),
    row(Path("Objects.toString"), Text(arg(0))),
    row(Path("String.valueOf"), Text(arg(0))),
    row(Path("Long.toString"), Text(arg(0))),
    row(Path("Integer.toString"), Text(arg(0))),
    row(Path("String.format"), Format { template: arg(0) }),
    row(
        Path("MessageFormat.format"),
        PositionalFormat { template: arg(0) },
    ),
    // JSON: Jackson, Gson, json-simple.
    row(Method("writeValueAsString"), Json(arg(0))),
    row(Method("writeValueAsBytes"), Json(arg(0))),
    row(Method("toJson"), Json(arg(0))),
    row(Method("toJSONString"), Json(arg(0))),
    // Base64: java.util, commons-codec, JAXB, Spring.
    row(
        Path("Base64.getEncoder"),
        Base64Encoder {
            alphabet: Standard,
            padding: Kept,
        },
    ),
    row(
        Path("Base64.getMimeEncoder"),
        Base64Encoder {
            alphabet: Standard,
            padding: Kept,
        },
    ),
    row(
        Path("Base64.getUrlEncoder"),
        Base64Encoder {
            alphabet: UrlSafe,
            padding: Kept,
        },
    ),
    row(
        Path("Base64.encodeBase64URLSafeString"),
        Base64 {
            input: arg(0),
            alphabet: UrlSafe,
            padding: Removed,
        },
    ),
    row(
        Path("Base64.encodeBase64String"),
        Base64 {
            input: arg(0),
            alphabet: Standard,
            padding: Kept,
        },
    ),
    row(
        Path("DatatypeConverter.printBase64Binary"),
        Base64 {
            input: arg(0),
            alphabet: Standard,
            padding: Kept,
        },
    ),
    row(
        Path("Base64Utils.encodeToString"),
        Base64 {
            input: arg(0),
            alphabet: Standard,
            padding: Kept,
        },
    ),
    row(
        Path("Base64Utils.encodeToUrlSafeString"),
        Base64 {
            input: arg(0),
            alphabet: UrlSafe,
            padding: Kept,
        },
    ),
    row(Path("Hex.encodeHexString"), Hex(arg(0))),
    row(Path("DatatypeConverter.printHexBinary"), Hex(arg(0))),
    // HMAC.
    row(
        Path("Mac.getInstance"),
        HmacObject {
            hash: Hash::Arg(arg(0)),
            key: None,
        },
    ),
    row(New("SecretKeySpec"), Same(arg(0))),
    // JWT: jjwt and java-jwt (their builders' methods are code).
    row(Path("Jwts.builder"), JwtBuilder),
    row(Path("JWT.create"), JwtBuilder),
    row(
        Path("Algorithm.HMAC256"),
        SigningKey {
            algorithm: "HS256",
            key: arg(0),
        },
    ),
    row(
        Path("Algorithm.HMAC384"),
        SigningKey {
            algorithm: "HS384",
            key: arg(0),
        },
    ),
    row(
        Path("Algorithm.HMAC512"),
        SigningKey {
            algorithm: "HS512",
            key: arg(0),
        },
    ),
    row(Path("Keys.hmacShaKeyFor"), Same(arg(0))),
    row(Path("Decoders.BASE64.decode"), Bytes(arg(0))),
    row(Path("Decoders.BASE64URL.decode"), Bytes(arg(0))),
    // nimbus-jose-jwt: a claims set built like jjwt's claims, a header naming the algorithm, a
    // `SignedJWT` of the two that `jwt.sign(new MACSigner(secret))` signs in place.
    row(New("JWTClaimsSet.Builder"), JwtBuilder),
    row(New("JWSHeader"), JwtHeader { algorithm: arg(0) }),
    row(New("JWSHeader.Builder"), JwtHeader { algorithm: arg(0) }),
    row(
        New("SignedJWT"),
        JwtOf {
            header: arg(0),
            claims: arg(1),
        },
    ),
    row(New("MACSigner"), Bytes(arg(0))),
    row(Property("JWSAlgorithm.HS256"), Algorithm("HS256")),
    row(Property("JWSAlgorithm.HS384"), Algorithm("HS384")),
    row(Property("JWSAlgorithm.HS512"), Algorithm("HS512")),
    row(Property("JWSAlgorithm.RS256"), Algorithm("RS256")),
    row(Property("JWSAlgorithm.ES256"), Algorithm("ES256")),
    row(Property("JWSAlgorithm.PS256"), Algorithm("PS256")),
    row(Property("JWSAlgorithm.EdDSA"), Algorithm("EdDSA")),
    // Configuration with a default: either value may be used.
    row(Method("getOrDefault"), ReadWithDefault { default: arg(1) }),
    row(Method("getProperty"), ReadWithDefault { default: arg(1) }),
];
