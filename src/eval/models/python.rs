//! Python library functions (stdlib time/datetime/calendar, base64, json; Django's timezone;
//! arrow; pendulum). PyJWT, hmac.new and the base64 functions with `altchars` are code
//! (`eval/python.rs`).

use super::Alphabet::UrlSafe;
use super::Callee::{Function, Path};
use super::Does::*;
use super::Padding::Kept;
use super::When::{AtMostArgs, NoArgs};
use super::{arg, kwarg, row, row_when, Row};
use crate::eval::value::Unit;

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
    row_when(Path("datetime.now"), AtMostArgs(1), Now),
    row_when(Path("datetime.utcnow"), AtMostArgs(1), Now),
    row_when(Path("datetime.today"), AtMostArgs(1), Now),
    row_when(Path("timezone.now"), AtMostArgs(1), Now),
    row_when(Path("arrow.utcnow"), AtMostArgs(1), Now),
    row_when(Path("arrow.now"), AtMostArgs(1), Now),
    row_when(Path("pendulum.now"), AtMostArgs(1), Now),
    row(Path("calendar.timegm"), EpochSeconds(arg(0))),
    row(Path("time.mktime"), EpochSeconds(arg(0))),
    row(Function("timegm"), EpochSeconds(arg(0))),
    row(Function("mktime"), EpochSeconds(arg(0))),
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
