//! What Python library calls compute (time, datetime, base64, hmac/hashlib, json, PyJWT).
//! Consulted by [`super::library::call`] for Python files, after the rows of `models`.
//!
//! Python's clocks: `time.time()` is fractional seconds, `datetime.now()` a date object whose
//! `.timestamp()` is fractional seconds too; `int()`, `round()`, `math.floor()` make integers,
//! `calendar.timegm(d.utctimetuple())` integer seconds. Bytes and text are one value here: a
//! `b"="` literal is the string `"="`, `.encode()` wraps a value in `Bytes` and `.decode()`
//! unwraps it again, so that repairs such as `.rstrip(b"=")` apply on either side of the
//! conversion.

use std::rc::Rc;

use super::library::{boxed, join, moment_to_seconds, replace_chars, signed, stringify, CallSite};
use super::value::*;

/// A Python library call; `None` when it is not one this module knows (the language-neutral
/// semantics of `library` are tried next).
pub fn call(cs: &CallSite) -> Option<Value> {
    if let Some(v) = clock(cs) {
        return Some(v);
    }
    if let Some(v) = numeric(cs) {
        return Some(v);
    }
    if let Some(v) = encoding(cs) {
        return Some(v);
    }
    if let Some(v) = hmac(cs) {
        return Some(v);
    }
    if let Some(v) = jwt(cs) {
        return Some(v);
    }
    text(cs)
}

/// The argument at `pos` or the keyword argument `name`.
fn param<'a>(cs: &'a CallSite, pos: usize, name: &str) -> Option<&'a Val> {
    cs.named(name).or_else(|| cs.arg(pos))
}

// ---------------------------------------------------------------------------------------------
// time, datetime, calendar

fn clock(cs: &CallSite) -> Option<Value> {
    let m = cs.method;
    if cs.path_is("datetime.fromtimestamp") || cs.path_is("datetime.utcfromtimestamp") {
        if let Value::Time(t) = &cs.arg(0)?.value {
            if t.unit == Unit::Seconds {
                // `fromtimestamp(t)` gives naive local fields, `utcfromtimestamp(t)` naive UTC
                // ones, `fromtimestamp(t, tz)` an aware date.
                let wall = match (m, param(cs, 1, "tz").map(|z| &z.value)) {
                    ("utcfromtimestamp", _) => Wall::naive(Zone::Utc, cs.span),
                    (_, None) => Wall::naive(Zone::Local, cs.span),
                    (_, Some(Value::TimeZone(z))) => Wall::aware(*z),
                    (_, Some(_)) => Wall::aware(Zone::Other),
                };
                return Some(Value::Moment {
                    offset_ms: (t.offset * 1000.0) as i64,
                    wall: Wall {
                        skew: t.skew,
                        ..wall
                    },
                });
            }
        }
        return None;
    }
    if cs.path_is("timedelta") || cs.path_is("relativedelta") {
        return timedelta(cs).map(|ms| Value::Duration { ms });
    }
    let zone_of = |v: Option<&Val>| match v.map(|v| &v.value) {
        Some(Value::TimeZone(z)) => Some(*z),
        Some(Value::Null) => None,
        Some(_) => Some(Zone::Other),
        None => None,
    };
    match (cs.recv()?, m) {
        // A naive date's `timestamp()` reads its fields as local time.
        (Value::Moment { offset_ms, wall }, "timestamp") if cs.args.is_empty() => {
            Some(moment_to_seconds(*offset_ms, true).with_skew(wall.read_as(Zone::Local, cs.span)))
        }
        (Value::Moment { offset_ms, wall }, "timetuple") => Some(Value::Moment {
            offset_ms: *offset_ms,
            wall: wall.fields(cs.span),
        }),
        // A naive date's `utctimetuple()` is its own fields (Python does not convert them).
        (Value::Moment { offset_ms, wall }, "utctimetuple") => Some(Value::Moment {
            offset_ms: *offset_ms,
            wall: if wall.naive {
                *wall
            } else {
                Wall {
                    zone: Zone::Utc,
                    ..wall.fields(cs.span)
                }
            },
        }),
        // `isoformat()` of a naive date writes no offset.
        (Value::Moment { offset_ms, wall }, "isoformat") if wall.naive => Some(Value::WallText {
            offset_ms: *offset_ms,
            wall: *wall,
            complete: true,
        }),
        // `astimezone(tz)`: a naive date is taken as local time first.
        (Value::Moment { offset_ms, wall }, "astimezone") => {
            let instant = wall.interpreted(Zone::Local, cs.span);
            Some(Value::Moment {
                offset_ms: *offset_ms,
                wall: Wall {
                    zone: zone_of(param(cs, 0, "tz")).unwrap_or(Zone::Local),
                    ..instant
                },
            })
        }
        (Value::Moment { offset_ms, wall }, "replace")
            if cs
                .args
                .iter()
                .all(|a| matches!(a.name.as_deref(), Some("tzinfo" | "microsecond" | "fold"))) =>
        {
            // `replace(tzinfo=tz)` reads the fields as `tz`; `tzinfo=None` drops the zone.
            let wall = match cs.named("tzinfo").map(|z| &z.value) {
                None => *wall,
                Some(Value::Null) => wall.fields(cs.span),
                Some(z) => {
                    let zone = match z {
                        Value::TimeZone(z) => *z,
                        _ => Zone::Other,
                    };
                    Wall {
                        naive: true,
                        ..*wall
                    }
                    .interpreted(zone, cs.span)
                }
            };
            Some(Value::Moment {
                offset_ms: *offset_ms,
                wall,
            })
        }
        (Value::Duration { ms }, "total_seconds") => Some(Value::Float(*ms as f64 / 1000.0)),
        _ => None,
    }
}

/// The milliseconds of `timedelta(days, seconds, microseconds, milliseconds, minutes, hours,
/// weeks)` or dateutil's `relativedelta(hours=…)`; `None` when a part is unknown or a calendar
/// unit (months, years).
fn timedelta(cs: &CallSite) -> Option<i64> {
    const POSITIONAL: [(&str, f64); 7] = [
        ("days", 86_400_000.0),
        ("seconds", 1000.0),
        ("microseconds", 0.001),
        ("milliseconds", 1.0),
        ("minutes", 60_000.0),
        ("hours", 3_600_000.0),
        ("weeks", 604_800_000.0),
    ];
    let relative = cs.path_is("relativedelta");
    let mut total = 0.0;
    let mut positional = 0;
    for a in cs.args {
        let unit = match a.name.as_deref() {
            None if relative => return None,
            None => {
                positional += 1;
                POSITIONAL.get(positional - 1)?.1
            }
            Some(name) => POSITIONAL.iter().find(|(n, _)| *n == name)?.1,
        };
        let n = match a.val.value {
            Value::Int(i) => i as f64,
            Value::Float(f) => f,
            _ => return None,
        };
        total += n * unit;
    }
    Some(total.round() as i64)
}

// ---------------------------------------------------------------------------------------------
// Numbers and text conversions

fn numeric(cs: &CallSite) -> Option<Value> {
    if cs.receiver.is_some() && !matches!(cs.path, Some(p) if p.starts_with("math.")) {
        return None;
    }
    let m = cs.method;
    match m {
        "float" if cs.path == Some("float") && cs.args.len() == 1 => {
            let v = cs.arg(0)?;
            match &v.value {
                Value::Time(t) => Some(Value::Time(TimeValue {
                    fractional: true,
                    ..*t
                })),
                Value::Int(i) => Some(Value::Float(*i as f64)),
                Value::Float(f) => Some(Value::Float(*f)),
                Value::Text(inner) => match inner.value {
                    Value::Time(t) => Some(Value::Time(TimeValue {
                        fractional: true,
                        ..t
                    })),
                    _ => None,
                },
                _ => None,
            }
        }
        "str" if cs.path == Some("str") => match cs.arg(0) {
            None => Some(Value::Str(String::new())),
            Some(v) => match &v.value {
                // `str(b"...")` is the bytes' repr; `str(x, "utf-8")` decodes.
                Value::Bytes(inner) if cs.args.len() > 1 => Some(inner.value.clone()),
                _ => Some(stringify(v.clone())),
            },
        },
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// base64 and bytes

fn encoding(cs: &CallSite) -> Option<Value> {
    let m = cs.method;
    let span = cs.span;
    let std = |v: &Val| Value::Encoded(boxed(v.clone()), Encoding::standard(span));
    let url = |v: &Val, padded: bool| Value::Encoded(boxed(v.clone()), Encoding::url(padded, span));
    if cs.path_is("b64encode")
        || cs.path_is("standard_b64encode")
        || cs.path_is("encodebytes")
        || cs.path_is("encodestring")
        || cs.path_is("binascii.b2a_base64")
    {
        let data = param(cs, 0, "s")?;
        // `b64encode(x, altchars=b"-_")` is the url-safe alphabet, padded.
        return Some(match param(cs, 1, "altchars").map(|a| &a.value) {
            Some(Value::Str(alt)) if !alt.contains(['+', '/']) => url(data, true),
            _ => std(data),
        });
    }
    let recv = cs.receiver?;
    match m {
        "encode" if is_charset_call(cs) => match recv.value {
            Value::Unknown => None,
            _ => Some(Value::Bytes(boxed(recv.clone()))),
        },
        "decode" if is_charset_call(cs) => match &recv.value {
            Value::Unknown => None,
            Value::Bytes(inner) => Some(inner.value.clone()),
            other => Some(other.clone()),
        },
        "hex" if cs.args.is_empty() => match recv.value {
            Value::Digest(_) | Value::Bytes(_) => Some(Value::Hex(boxed(recv.clone()))),
            _ => None,
        },
        // Whitespace trimming leaves base64 as it is.
        "strip" | "rstrip" | "lstrip" if cs.args.is_empty() && recv.is_stringy() => {
            Some(recv.value.clone())
        }
        _ => None,
    }
}

/// `x.encode()`, `x.encode("utf-8")`, `x.decode(encoding="ascii")`: a text/bytes conversion
/// (not `jwt.encode(payload, key)` or `codecs.encode(x, "hex")`).
fn is_charset_call(cs: &CallSite) -> bool {
    let charset = |v: &Val| {
        v.as_str().is_some_and(|s| {
            matches!(
                s.to_ascii_lowercase().replace('_', "-").as_str(),
                "utf-8" | "utf8" | "ascii" | "latin-1" | "latin1" | "iso-8859-1"
            )
        })
    };
    cs.args.iter().all(|a| match a.name.as_deref() {
        None | Some("encoding") => charset(&a.val),
        Some("errors") => true,
        _ => false,
    }) && cs.args.len() <= 2
}

// ---------------------------------------------------------------------------------------------
// hmac

fn algorithm_of(v: Option<&Val>) -> Option<String> {
    v.and_then(|v| v.as_str()).map(|s| s.to_ascii_lowercase())
}

fn hmac(cs: &CallSite) -> Option<Value> {
    if cs.path_is("hmac.new") || cs.path_is("hmac.HMAC") {
        let key = param(cs, 0, "key")?.clone();
        let data = param(cs, 1, "msg")
            .filter(|v| !matches!(v.value, Value::Null))
            .cloned();
        return Some(Value::HmacState(Rc::new(Hmac {
            algorithm: algorithm_of(param(cs, 2, "digestmod")),
            key,
            data: data.into_iter().collect(),
        })));
    }
    if cs.path_is("hmac.digest") {
        return Some(Value::Digest(Rc::new(Hmac {
            algorithm: algorithm_of(param(cs, 2, "digest")),
            key: param(cs, 0, "key")?.clone(),
            data: vec![param(cs, 1, "msg")?.clone()],
        })));
    }
    let Some(Value::HmacState(h)) = cs.recv() else {
        return None;
    };
    match cs.method {
        "update" => {
            let mut h = (**h).clone();
            h.data.push(cs.arg(0)?.clone());
            Some(Value::HmacState(Rc::new(h)))
        }
        "copy" => Some(Value::HmacState(h.clone())),
        "digest" => Some(Value::Digest(h.clone())),
        "hexdigest" => Some(Value::Hex(boxed(Val::new(
            Value::Digest(h.clone()),
            cs.span,
        )))),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// JSON, formatting, joins, repairs

fn text(cs: &CallSite) -> Option<Value> {
    let m = cs.method;
    if cs.path == Some("dict") {
        return Some(dict(cs));
    }
    if cs.path_is("re.sub") {
        // `re.sub(r"=+$", "", token)`
        let (pattern, to, subject) = (cs.arg(0)?, cs.arg(1)?.as_str()?, cs.arg(2)?);
        return replace_chars(subject, pattern, Some(to), true);
    }
    if (cs.path_is("str.maketrans") || cs.path_is("bytes.maketrans")) && cs.args.len() >= 2 {
        return maketrans(cs);
    }
    let recv = cs.receiver?;
    match (m, &recv.value) {
        ("join", Value::Str(sep)) => match &param(cs, 0, "iterable")?.value {
            Value::Array(items) => Some(join(items, sep, cs.span).value),
            _ => None,
        },
        ("format", Value::Str(fmt)) => Some(py_format(fmt, cs).value),
        ("translate", _) if recv.is_stringy() => {
            // `s.translate(str.maketrans("+/", "-_"))`, `b.translate(None, b"=")`.
            let mut v = recv.clone();
            if let Some(Value::Object(table)) = cs.arg(0).map(|a| &a.value) {
                for e in &table.entries {
                    let from = Val::new(Value::Str(e.key.clone()), e.key_span);
                    let to = e.value.as_str().unwrap_or("");
                    v = Val::new(replace_chars(&v, &from, Some(to), false)?, v.span);
                }
            }
            if let Some(delete) = param(cs, 1, "delete") {
                v = Val::new(replace_chars(&v, delete, Some(""), false)?, v.span);
            }
            Some(v.value)
        }
        ("copy", Value::Object(_)) if cs.args.is_empty() => Some(recv.value.clone()),
        _ => None,
    }
}

/// `str.maketrans("+/", "-_", "=")` as a table `{"+": "-", "/": "_", "=": ""}`.
fn maketrans(cs: &CallSite) -> Option<Value> {
    let from: Vec<char> = cs.arg(0)?.as_str()?.chars().collect();
    let to: Vec<char> = cs.arg(1)?.as_str()?.chars().collect();
    let mut table = Obj {
        class: None,
        entries: Vec::new(),
        open: false,
        span: cs.span,
    };
    for (i, c) in from.iter().enumerate() {
        let t = to.get(i).map(|t| t.to_string()).unwrap_or_default();
        table.set(c.to_string(), Val::new(Value::Str(t), cs.span), cs.span);
    }
    if let Some(delete) = cs.arg(2).and_then(|d| d.as_str()) {
        for c in delete.chars() {
            table.set(
                c.to_string(),
                Val::new(Value::Str(String::new()), cs.span),
                cs.span,
            );
        }
    }
    Some(Value::Object(Rc::new(table)))
}

/// `dict(appKey=key, mn=mn)`, `dict(base, role=1)`, `dict(**base)`.
fn dict(cs: &CallSite) -> Value {
    let mut obj = Obj {
        class: None,
        entries: Vec::new(),
        open: false,
        span: cs.span,
    };
    for a in cs.args {
        match a.name.as_deref() {
            Some("**") | None => match &a.val.value {
                Value::Object(src) => {
                    obj.open |= src.open;
                    for e in &src.entries {
                        obj.set(e.key.clone(), e.value.clone(), e.key_span);
                    }
                }
                _ => obj.open = true,
            },
            Some(name) => obj.set(name.to_string(), a.val.clone(), a.val.site),
        }
    }
    Value::Object(Rc::new(obj))
}

/// `"{}.{}".format(a, b)`, `"{0}.{1}"`, `"{key}.{mn}".format(key=k, mn=m)`: the fields take
/// their arguments; format specs and conversions (`{:d}`, `{!s}`) keep the value.
fn py_format(fmt: &str, cs: &CallSite) -> Val {
    let span = cs.span;
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut next = 0usize;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                let mut field = String::new();
                for d in chars.by_ref() {
                    if d == '}' {
                        break;
                    }
                    field.push(d);
                }
                let name = field
                    .split(['!', ':', '.', '['])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let arg = if name.is_empty() {
                    next += 1;
                    cs.arg(next - 1)
                } else if let Ok(i) = name.parse::<usize>() {
                    cs.arg(i)
                } else {
                    cs.named(&name)
                };
                let whole =
                    field.len() == name.len() || field[name.len()..].starts_with([':', '!']);
                if !lit.is_empty() {
                    parts.push(Val::new(Value::Str(std::mem::take(&mut lit)), span));
                }
                parts.push(match arg {
                    Some(v) if whole => v.clone(),
                    _ => Val::unknown(span),
                });
            }
            other => lit.push(other),
        }
    }
    if !lit.is_empty() {
        parts.push(Val::new(Value::Str(lit), span));
    }
    super::library::concat(parts, span)
}

// ---------------------------------------------------------------------------------------------
// JWT libraries

fn jwt(cs: &CallSite) -> Option<Value> {
    let m = cs.method;
    let jwt_call = cs.path_is("jwt.encode")
        || cs.path_is("pyjwt.encode")
        || cs.path_is("jose.jwt.encode")
        || (cs.receiver.is_none()
            && matches!(m, "encode" | "jwt_encode")
            && cs.named("algorithm").is_some());
    if !jwt_call {
        return None;
    }
    // Authlib: `jwt.encode({"alg": "HS256"}, payload, key)`, the header first.
    if let (Some(h), Some(p), Some(k)) = (cs.arg(0), cs.arg(1), cs.arg(2)) {
        if h.as_object().is_some_and(|o| o.get("alg").is_some()) && p.as_object().is_some() {
            let alg = h
                .as_object()
                .and_then(|o| o.get("alg"))
                .map(|e| e.value.clone());
            return Some(signed(
                "authlib",
                library_dates(p),
                Some(h.clone()),
                alg,
                k.clone(),
            ));
        }
    }
    // PyJWT / python-jose: `jwt.encode(payload, key, algorithm="HS256", headers={...})`.
    let payload = param(cs, 0, "payload").or_else(|| cs.named("claims"))?;
    let key = param(cs, 1, "key")?;
    let headers = param(cs, 3, "headers");
    // PyJWT 2 signs with the header's `alg` when one is given, whatever `algorithm=` says.
    let header_alg = headers
        .and_then(|h| h.as_object())
        .and_then(|o| o.get("alg"))
        .map(|e| e.value.clone());
    Some(signed(
        "pyjwt",
        library_dates(payload),
        None,
        header_alg.or_else(|| param(cs, 2, "algorithm").cloned()),
        key.clone(),
    ))
}

/// PyJWT (and python-jose, Authlib) turn `datetime` values of the `iat`, `exp` and `nbf` claims
/// into integer seconds (`timegm(d.utctimetuple())`) before encoding; other claims are left as
/// they are.
fn library_dates(payload: &Val) -> Val {
    let Value::Object(o) = &payload.value else {
        return payload.clone();
    };
    let mut o = (**o).clone();
    for e in o.entries.iter_mut() {
        if matches!(e.key.as_str(), "iat" | "exp" | "nbf") {
            e.value = date_to_seconds(&e.value);
        }
    }
    Val::new(Value::Object(Rc::new(o)), payload.span)
}

fn date_to_seconds(v: &Val) -> Val {
    match &v.value {
        // PyJWT writes `timegm(d.utctimetuple())`: a naive date's fields are read as UTC.
        Value::Moment { offset_ms, wall } => Val::new(
            match moment_to_seconds(*offset_ms, false)
                .with_skew(wall.read_as(Zone::Utc, wall.source.unwrap_or(v.span)))
            {
                Value::Time(t) => Value::DateSeconds(t),
                other => other,
            },
            v.span,
        ),
        Value::Choice(vs) => Val::new(
            Value::Choice(vs.iter().map(date_to_seconds).collect::<Vec<_>>().into()),
            v.span,
        ),
        _ => v.clone(),
    }
}
