//! Python library functions (stdlib time/datetime/calendar, base64, json; Django's timezone;
//! arrow; pendulum). PyJWT, hmac.new and the base64 functions with `altchars` are code
//! (`eval/python.rs`).

use super::Alphabet::UrlSafe;
use super::Callee::{Function, Path, Property};
use super::Does::*;
use super::Padding::Kept;
use super::When::{AtMostArgs, NoArgs};
use super::{arg, kwarg, row, row_when, Naive, Row, ZoneFrom};
use crate::eval::value::{Unit, Zone};

/// Unix seconds of a date or time tuple, naive fields read as `zone`.
const fn epoch(zone: Zone) -> super::Does {
    EpochSeconds {
        date: arg(0),
        read_as: zone,
    }
}

/// The UTC zone.
const UTC: super::Does = TimeZone(ZoneFrom::Fixed(Zone::Utc));

pub const ROWS: &[Row] = &[
    // Clocks and dates.
    row_when(
        Function("time"),
        NoArgs,
        Clock {
            unit: Unit::Seconds,
            fractional: true,
        },
    ),
    row_when(
        Path("time.time"),
        NoArgs,
        Clock {
            unit: Unit::Seconds,
            fractional: true,
        },
    ),
    // `datetime.now()` is naive local time, `datetime.now(tz)` an aware date in `tz`.
    row_when(
        Path("datetime.now"),
        AtMostArgs(1),
        Now {
            naive: Naive::UnlessArg(kwarg(0, "tz")),
            zone: ZoneFrom::Arg(kwarg(0, "tz")),
        },
    ),
    row_when(
        Path("datetime.utcnow"),
        AtMostArgs(1),
        Now {
            naive: Naive::Yes,
            zone: ZoneFrom::Fixed(Zone::Utc),
        },
    ),
    row_when(
        Path("datetime.today"),
        AtMostArgs(1),
        Now {
            naive: Naive::Yes,
            zone: ZoneFrom::Fixed(Zone::Local),
        },
    ),
    // Django's `timezone.now()`: aware UTC, or naive local time without `USE_TZ`.
    row_when(
        Path("timezone.now"),
        AtMostArgs(1),
        Now {
            naive: Naive::No,
            zone: ZoneFrom::Fixed(Zone::Other),
        },
    ),
    row_when(
        Path("arrow.utcnow"),
        AtMostArgs(1),
        Now {
            naive: Naive::No,
            zone: ZoneFrom::Fixed(Zone::Utc),
        },
    ),
    row_when(
        Path("arrow.now"),
        AtMostArgs(1),
        Now {
            naive: Naive::No,
            zone: ZoneFrom::Arg(arg(0)),
        },
    ),
    row_when(
        Path("pendulum.now"),
        AtMostArgs(1),
        Now {
            naive: Naive::No,
            zone: ZoneFrom::Arg(arg(0)),
        },
    ),
    // `struct_time`s of now: naive fields.
    row_when(
        Path("time.gmtime"),
        NoArgs,
        Now {
            naive: Naive::Yes,
            zone: ZoneFrom::Fixed(Zone::Utc),
        },
    ),
    row_when(
        Path("time.localtime"),
        NoArgs,
        Now {
            naive: Naive::Yes,
            zone: ZoneFrom::Fixed(Zone::Local),
        },
    ),
    // `calendar.timegm` reads a time tuple as UTC, `time.mktime` as local time.
    row(Path("calendar.timegm"), epoch(Zone::Utc)),
    row(Path("time.mktime"), epoch(Zone::Local)),
    row(Function("timegm"), epoch(Zone::Utc)),
    row(Function("mktime"), epoch(Zone::Local)),
    // Zones.
    row(Property("timezone.utc"), UTC),
    row(Property("datetime.timezone.utc"), UTC),
    row(Property("pytz.utc"), UTC),
    row(Property("UTC"), UTC),
    row(Path("tz.tzutc"), UTC),
    row(Path("tz.gettz"), TimeZone(ZoneFrom::Arg(arg(0)))),
    row(Path("tz.tzlocal"), TimeZone(ZoneFrom::Fixed(Zone::Local))),
    row(Path("pytz.timezone"), TimeZone(ZoneFrom::Arg(arg(0)))),
    row(Path("ZoneInfo"), TimeZone(ZoneFrom::Arg(arg(0)))),
    // Numbers.
    row_when(Function("int"), AtMostArgs(1), Integer(arg(0))),
    row_when(Function("round"), AtMostArgs(1), Integer(arg(0))),
    row_when(Function("floor"), AtMostArgs(1), Integer(arg(0))),
    row_when(Function("ceil"), AtMostArgs(1), Integer(arg(0))),
    row_when(Function("trunc"), AtMostArgs(1), Integer(arg(0))),
    row_when(Path("math.floor"), AtMostArgs(1), Integer(arg(0))),
    row_when(Path("math.ceil"), AtMostArgs(1), Integer(arg(0))),
    row_when(Path("math.trunc"), AtMostArgs(1), Integer(arg(0))),
    // Bytes, base64, JSON.
    row(Function("bytes"), Bytes(arg(0))),
    row(Function("bytearray"), Bytes(arg(0))),
    row(
        Path("urlsafe_b64encode"),
        Base64 {
            input: kwarg(0, "s"),
            alphabet: UrlSafe,
            padding: Kept,
        },
    ),
    row(Path("json.dumps"), Json(kwarg(0, "obj"))),
    row(Path("simplejson.dumps"), Json(kwarg(0, "obj"))),
    row(Path("orjson.dumps"), Json(kwarg(0, "obj"))),
    row(Path("ujson.dumps"), Json(kwarg(0, "obj"))),
    row(Function("dumps"), Json(kwarg(0, "obj"))),
    // Configuration with a default: either value may be used.
    row(Function("getattr"), ReadWithDefault { default: arg(2) }),
    row(Path("os.getenv"), ReadWithDefault { default: arg(1) }),
    row(Path("os.environ.get"), ReadWithDefault { default: arg(1) }),
    row(Path("environ.get"), ReadWithDefault { default: arg(1) }),
    row(Path("getenv"), ReadWithDefault { default: arg(1) }),
];
