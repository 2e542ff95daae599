//! What library calls compute: clocks, base64 encoders, HMAC, JSON, JWT libraries, string
//! repairs. Dispatch is on the callee's path (`Base64.getUrlEncoder`), the method name and the
//! receiver's abstract value, with the language deciding where runtimes differ.

use std::rc::Rc;

use super::value::*;
use crate::model::{BinOp, Language, Span};

pub struct ArgVal {
    pub name: Option<String>,
    pub val: Val,
}

pub struct CallSite<'a> {
    pub language: Language,
    /// The callee as a dotted path when it is one (`crypto.createHmac`, `time`).
    pub path: Option<&'a str>,
    /// The called function or method name (the path's last segment).
    pub method: &'a str,
    /// The receiver's value for method calls.
    pub receiver: Option<&'a Val>,
    pub args: &'a [ArgVal],
    pub span: Span,
    /// The callee's path with its first name replaced by what the file imports under it
    /// (`jose_jwt.encode` after `from jose import jwt as jose_jwt` is `jose.jwt.encode`;
    /// `JWT.encode` after `use Firebase\JWT\JWT;` is `Firebase\JWT\JWT.encode`).
    pub qualified: Option<&'a str>,
}

impl CallSite<'_> {
    pub fn arg(&self, i: usize) -> Option<&Val> {
        self.args
            .iter()
            .filter(|a| a.name.is_none())
            .nth(i)
            .map(|a| &a.val)
    }

    pub fn named(&self, name: &str) -> Option<&Val> {
        self.args
            .iter()
            .find(|a| a.name.as_deref() == Some(name))
            .map(|a| &a.val)
    }

    pub fn recv(&self) -> Option<&Value> {
        self.receiver.map(|r| &r.value)
    }

    /// The path (or the qualified path) ends with `suffix` on a segment boundary
    /// (`crypto.createHmac` ends with `createHmac`).
    pub fn path_is(&self, suffix: &str) -> bool {
        let ends = |p: &str| {
            p == suffix
                || (p.ends_with(suffix)
                    && matches!(
                        p.as_bytes().get(p.len() - suffix.len() - 1),
                        Some(b'.' | b'\\' | b'/')
                    ))
        };
        self.path.is_some_and(ends) || self.qualified.is_some_and(ends)
    }

    fn js(&self) -> bool {
        self.language.is_javascript()
    }
}

/// React's `useState(initial)`: `[initial, setter]`, so that `const [secret] = useState('…')`
/// is the initial text (a component's state is its initial value as far as the code shows).
fn react_state(cs: &CallSite) -> Option<Value> {
    if !cs.js()
        || !(cs.method == "useState" && (cs.receiver.is_none() || cs.path_is("React.useState")))
    {
        return None;
    }
    let initial = cs.arg(0).cloned().unwrap_or_else(|| Val::unknown(cs.span));
    Some(Value::Array(Rc::new(vec![initial, Val::unknown(cs.span)])))
}

pub fn boxed(v: Val) -> Rc<Val> {
    Rc::new(v)
}

/// Names of calls that merge maps into a new one (`array_merge`, Ruby `merge`,
/// `Object.assign`); their literal arguments are parts of a payload, not payloads.
pub const MERGE_CALLS: [&str; 7] = [
    "array_merge",
    "array_replace",
    "array_merge_recursive",
    "merge",
    "assign",
    "deep_merge",
    "reverse_merge",
];

/// Merges maps left to right (later keys win); anything not a known map opens the result.
pub fn merge_maps<'a>(parts: impl IntoIterator<Item = &'a Val>, span: Span) -> Value {
    let mut obj = Obj {
        class: None,
        entries: Vec::new(),
        open: false,
        span,
    };
    for p in parts {
        match &p.value {
            Value::Object(o) => {
                obj.open |= o.open;
                for e in &o.entries {
                    obj.set(e.key.clone(), e.value.clone(), e.key_span);
                }
            }
            Value::Array(items) if items.is_empty() => {}
            _ => obj.open = true,
        }
    }
    Value::Object(Rc::new(obj))
}

/// A library call; `None` when the call is not one the evaluator knows.
pub fn call(cs: &CallSite) -> Option<Value> {
    if let Some(v) = broken_legacy_join(cs) {
        return Some(v);
    }
    if let Some(v) = super::models::call(cs) {
        return Some(v);
    }
    if let Some(v) = merge_call(cs) {
        return Some(v);
    }
    if let Some(v) = react_state(cs) {
        return Some(v);
    }
    if cs.language == Language::Python {
        if let Some(v) = super::python::call(cs) {
            return Some(v);
        }
    }
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
    if let Some(v) = text(cs) {
        return Some(v);
    }
    jwt(cs)
}

/// `Buffer.from(key, mn, ts, role, hash)`: a legacy signature's five parts handed to
/// `Buffer.from` as five arguments instead of one `.`-joined string. Node reads only the first
/// (the generator is broken), but the code means the join, and is read as it: the legacy
/// signature it builds is found wherever its value goes, through the callers of a helper too.
fn broken_legacy_join(cs: &CallSite) -> Option<Value> {
    if !cs.js() || cs.args.len() != 5 || !cs.path.is_some_and(|p| p.ends_with("Buffer.from")) {
        return None;
    }
    // The separators are no text of the program: they get an empty span (which is how the
    // sites tell this join from one the code writes).
    let dot = Span {
        start: cs.span.end,
        ..cs.span
    };
    let mut parts = Vec::with_capacity(9);
    for (i, a) in cs.args.iter().enumerate() {
        if a.name.is_some() {
            return None;
        }
        if i > 0 {
            parts.push(Val::new(Value::Str(".".into()), dot));
        }
        parts.push(a.val.clone());
    }
    let joined = Val::new(Value::Concat(Rc::new(parts)), cs.span);
    Some(Value::Bytes(boxed(joined)))
}

/// `new X(args)` / `X.new(args)`.
pub fn construct(
    language: Language,
    path: &str,
    qualified: Option<&str>,
    args: &[ArgVal],
    span: Span,
) -> Option<Value> {
    let last = path.rsplit(['.', '\\']).next().unwrap_or(path);
    let site = CallSite {
        language,
        path: Some(path),
        method: last,
        receiver: None,
        args,
        span,
        qualified,
    };
    if let Some(v) = super::models::construct(&site) {
        return Some(v);
    }
    let arg0 = args.iter().find(|a| a.name.is_none()).map(|a| &a.val);
    match last {
        "Date" | "DateTime" | "DateTimeImmutable" | "Carbon" | "CarbonImmutable" => {
            // PHP `new DateTime('now', new DateTimeZone('UTC'))`: the zone its fields show and
            // the zone a text without one is read in.
            let zone = match args.iter().filter(|a| a.name.is_none()).nth(1) {
                Some(a) => match a.val.value {
                    Value::TimeZone(z) => z,
                    _ => Zone::Other,
                },
                None => Zone::Local,
            };
            match arg0.map(|a| &a.value) {
                None => Some(Value::Moment {
                    offset_ms: 0,
                    wall: Wall::aware(zone),
                }),
                Some(Value::Str(s)) if s == "now" => Some(Value::Moment {
                    offset_ms: 0,
                    wall: Wall::aware(zone),
                }),
                Some(Value::Time(t)) if language.is_javascript() || language == Language::Java => {
                    // `new Date(ms)`: a millisecond timestamp becomes a date.
                    (t.unit == Unit::Millis)
                        .then_some(Value::moment(t.offset as i64).with_skew(t.skew))
                }
                Some(Value::Moment { offset_ms, wall }) => Some(Value::Moment {
                    offset_ms: *offset_ms,
                    wall: *wall,
                }),
                // `new Date(text)`, `new DateTime(text)`: text without a zone is read as local
                // time (PHP: in the zone given).
                Some(Value::WallText {
                    offset_ms,
                    wall,
                    complete: true,
                }) => Some(Value::Moment {
                    offset_ms: *offset_ms,
                    wall: wall.interpreted(zone, span),
                }),
                _ => None,
            }
        }
        "DateTimeZone" => Some(Value::TimeZone(
            arg0.and_then(|a| a.as_str())
                .map_or(Zone::Other, zone_named),
        )),
        "Time" if arg0.is_none() => Some(Value::moment(0)),
        "HashMap" | "LinkedHashMap" | "TreeMap" | "Hashtable" | "JSONObject"
        | "ConcurrentHashMap" | "Hash" | "Map" | "stdClass" | "ArrayObject" => {
            if let Some(Value::Object(o)) = arg0.map(|a| &a.value) {
                let mut o = (**o).clone();
                o.span = span;
                return Some(Value::Object(Rc::new(o)));
            }
            Some(Value::Object(Rc::new(Obj {
                class: None,
                entries: Vec::new(),
                open: arg0.is_some(),
                span,
            })))
        }
        "String" => arg0.map(|a| match &a.value {
            Value::Bytes(inner) => inner.value.clone(),
            other => other.clone(),
        }),
        "TextEncoder" => Some(Value::Library("TextEncoder")),
        // Ruby `OpenSSL::Digest.new('sha512')`, `OpenSSL::Digest::SHA512.new`: a hash name.
        "Digest" if language == Language::Ruby => arg0
            .and_then(|a| a.as_str())
            .map(|s| Value::Str(s.to_string())),
        "SHA1" | "SHA256" | "SHA384" | "SHA512"
            if language == Language::Ruby && path.contains("Digest") =>
        {
            Some(Value::Str(last.to_string()))
        }
        "SignJWT" => {
            let claims = match arg0.map(|a| &a.value) {
                Some(Value::Object(o)) => (**o).clone(),
                _ => Obj {
                    class: None,
                    entries: Vec::new(),
                    open: true,
                    span,
                },
            };
            Some(Value::JwtBuilder(Rc::new(JwtBuilder {
                claims,
                header: empty_obj(span),
                algorithm: None,
                key: None,
                in_header: false,
            })))
        }
        "DateInterval" => match arg0.map(|a| &a.value) {
            Some(Value::Str(s)) => iso_duration_ms(s).map(|ms| Value::Duration { ms }),
            _ => None,
        },
        _ => None,
    }
}

/// A property read such as Carbon's `->timestamp`.
pub fn property(
    language: Language,
    path: Option<&str>,
    recv: &Val,
    name: &str,
    span: Span,
) -> Option<Value> {
    if let Some(p) = path {
        let full = format!("{p}.{name}");
        let site = CallSite {
            language,
            path: Some(&full),
            method: name,
            receiver: None,
            args: &[],
            span,
            qualified: None,
        };
        if let Some(v) = super::models::property(&site) {
            return Some(v);
        }
    }
    // Java `ChronoUnit.DAYS`, `TimeUnit.HOURS` as arguments: unit names.
    if language == Language::Java
        && matches!(path, Some(p) if p.ends_with("ChronoUnit") || p.ends_with("TimeUnit"))
    {
        return Some(Value::Str(name.to_string()));
    }
    // Python `hashlib.sha256` handed to `hmac.new`: the hash's name.
    if language == Language::Python && path == Some("hashlib") {
        return Some(Value::Str(name.to_string()));
    }
    // jjwt `SignatureAlgorithm.HS512`, `Jwts.SIG.HS512`, `MacAlgorithm.HS512`: algorithm names.
    if language == Language::Java && is_algorithm_name(name) {
        if let Some(p) = path {
            if p.ends_with("SignatureAlgorithm")
                || p.ends_with("SIG")
                || p.ends_with("MacAlgorithm")
            {
                return Some(Value::Str(name.to_string()));
            }
        }
    }
    match (&recv.value, name) {
        (Value::Moment { offset_ms, wall }, "timestamp") => {
            Some(moment_to_seconds(*offset_ms, false).with_skew(wall.skew))
        }
        (Value::Moment { offset_ms, wall }, "timestampMs" | "valueOf") => {
            Some(moment_to_millis(*offset_ms).with_skew(wall.skew))
        }
        _ => None,
    }
}

pub fn moment_to_seconds(offset_ms: i64, fractional: bool) -> Value {
    Value::Time(TimeValue {
        unit: Unit::Seconds,
        offset: if fractional {
            offset_ms as f64 / 1000.0
        } else {
            (offset_ms / 1000) as f64
        },
        fractional,
        skew: None,
    })
}

pub fn moment_to_millis(offset_ms: i64) -> Value {
    Value::Time(TimeValue {
        unit: Unit::Millis,
        offset: offset_ms as f64,
        fractional: false,
        skew: None,
    })
}

/// The zone a zone name means: `UTC`, `GMT`, `Etc/UTC`, `Z`, `+00:00` are UTC; any other name
/// is some other zone.
pub fn zone_named(name: &str) -> Zone {
    match name.trim().to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "ETC/UTC" | "ETC/GMT" | "Z" | "+00:00" | "+0000" | "00:00" | "UCT"
        | "ZULU" | "UNIVERSAL" => Zone::Utc,
        _ => Zone::Other,
    }
}

fn duration_arg_ms(v: Option<&Val>, unit_ms: i64) -> Option<i64> {
    match v.map(|v| &v.value) {
        Some(Value::Int(n)) => n.checked_mul(unit_ms),
        Some(Value::Float(f)) => Some((f * unit_ms as f64) as i64),
        Some(Value::Duration { ms }) => Some(*ms),
        None => Some(unit_ms),
        _ => None,
    }
}

pub fn chrono_unit_ms(name: &str) -> Option<i64> {
    let n = name.to_ascii_lowercase();
    // Abbreviations first: trimming a plural `s` would turn `ms` into `m`.
    match n.as_str() {
        "ms" => return Some(1),
        "s" => return Some(1000),
        "m" => return Some(60_000),
        _ => {}
    }
    let n = n.trim_end_matches('s');
    Some(match n {
        "milli" | "millisecond" => 1,
        "second" | "sec" => 1000,
        "minute" | "min" => 60_000,
        "hour" | "h" => 3_600_000,
        "day" | "d" => 86_400_000,
        "week" | "w" => 7 * 86_400_000,
        _ => return None,
    })
}

/// ISO-8601 durations as in PHP `DateInterval('PT2H')` / `Duration.parse`.
fn iso_duration_ms(s: &str) -> Option<i64> {
    let s = s.strip_prefix('P')?;
    let mut total = 0i64;
    let mut num = String::new();
    let mut in_time = false;
    for c in s.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => num.push(c),
            _ => {
                let n: i64 = num.parse().ok()?;
                num.clear();
                total += n * match (c, in_time) {
                    ('D', false) => 86_400_000,
                    ('W', false) => 7 * 86_400_000,
                    ('H', true) => 3_600_000,
                    ('M', true) => 60_000,
                    ('S', true) => 1000,
                    _ => return None,
                };
            }
        }
    }
    Some(total)
}

/// `strtotime('+2 hours')`, jose `setExpirationTime('2h')`, jsonwebtoken `expiresIn: '2h'`.
pub fn relative_time_ms(s: &str) -> Option<i64> {
    let t = s.trim().trim_start_matches('+').trim();
    if t == "now" {
        return Some(0);
    }
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let n: i64 = digits.parse().ok()?;
    let unit = t[digits.len()..].trim();
    if unit.is_empty() {
        return None;
    }
    n.checked_mul(chrono_unit_ms(unit)?)
}

fn merge_call(cs: &CallSite) -> Option<Value> {
    let m = cs.method;
    let args = cs.args.iter().map(|a| &a.val);
    match cs.language {
        Language::Php
            if cs.receiver.is_none()
                && matches!(m, "array_merge" | "array_replace" | "array_merge_recursive") =>
        {
            Some(merge_maps(args, cs.span))
        }
        Language::Ruby if matches!(m, "merge" | "deep_merge") => {
            let recv = cs.receiver?;
            recv.as_object()?;
            Some(merge_maps(std::iter::once(recv).chain(args), cs.span))
        }
        Language::Ruby if m == "reverse_merge" => {
            let recv = cs.receiver?;
            recv.as_object()?;
            Some(merge_maps(args.chain(std::iter::once(recv)), cs.span))
        }
        _ if cs.js() && cs.path_is("Object.assign") => Some(merge_maps(args, cs.span)),
        _ => None,
    }
}

fn clock(cs: &CallSite) -> Option<Value> {
    let m = cs.method;
    if let Some(rest) = cs.path.and_then(|p| p.strip_prefix("TimeUnit.")) {
        // `TimeUnit.HOURS.toSeconds(2)`.
        let (unit, conv) = rest.split_once('.')?;
        let from = chrono_unit_ms(unit)?;
        let to = chrono_unit_ms(conv.strip_prefix("to")?)?;
        return match &cs.arg(0)?.value {
            Value::Int(n) => Some(Value::Int(n.checked_mul(from)? / to)),
            Value::Time(t) if from == 1 && to == 1000 && t.unit == Unit::Millis => {
                Some(Value::Time(TimeValue {
                    unit: Unit::Seconds,
                    offset: (t.offset / 1000.0).trunc(),
                    fractional: false,
                    skew: t.skew,
                }))
            }
            _ => None,
        };
    }
    // Methods on date objects and durations.
    let zone_arg = |i: usize| match cs.arg(i).map(|a| &a.value) {
        None => None,
        Some(Value::TimeZone(z)) => Some(*z),
        Some(Value::Str(s)) => Some(zone_named(s)),
        Some(_) => Some(Zone::Other),
    };
    match (cs.recv()?, m) {
        (
            Value::Moment { offset_ms, wall },
            "getTime" | "valueOf" | "toEpochMilli" | "getTimeInMillis" | "getMillis",
        ) => Some(moment_to_millis(*offset_ms).with_skew(wall.skew)),
        // Java `LocalDateTime.toEpochSecond(ZoneOffset.UTC)`: the fields read in the zone given.
        (Value::Moment { offset_ms, wall }, "toEpochSecond") if !cs.args.is_empty() => {
            let zone = zone_arg(0)?;
            Some(moment_to_seconds(*offset_ms, false).with_skew(wall.read_as(zone, cs.span)))
        }
        (
            Value::Moment { offset_ms, wall },
            "getEpochSecond" | "getTimestamp" | "toEpochSecond" | "unix" | "to_i",
        ) => Some(moment_to_seconds(*offset_ms, false).with_skew(wall.skew)),
        (Value::Moment { offset_ms, wall }, "to_f" | "to_r") => {
            Some(moment_to_seconds(*offset_ms, true).with_skew(wall.skew))
        }
        // JS: the server's UTC offset in minutes.
        (Value::Moment { .. }, "getTimezoneOffset") if cs.js() => {
            Some(Value::ZoneOffset { scale: 1.0 })
        }
        // Java `ldt.atZone(zone)`, `ldt.toInstant(ZoneOffset.UTC)`, `ldt.atOffset(…)`: naive
        // fields read in that zone; an instant shown in another zone.
        (Value::Moment { offset_ms, wall }, "atZone" | "atOffset" | "toInstant")
            if !cs.args.is_empty() =>
        {
            let zone = zone_arg(0)?;
            Some(Value::Moment {
                offset_ms: *offset_ms,
                wall: wall.interpreted(zone, cs.span),
            })
        }
        (Value::Moment { offset_ms, wall }, "withZoneSameInstant" | "setTimezone" | "tz")
            if !cs.args.is_empty() =>
        {
            Some(Value::Moment {
                offset_ms: *offset_ms,
                wall: Wall {
                    zone: zone_arg(0)?,
                    ..*wall
                },
            })
        }
        // Ruby `Time#utc`, Carbon `->utc()`: the same instant, shown in UTC.
        (Value::Moment { offset_ms, wall }, "utc" | "getutc" | "gmtime" | "utcnow")
            if !wall.naive =>
        {
            Some(Value::Moment {
                offset_ms: *offset_ms,
                wall: Wall {
                    zone: Zone::Utc,
                    ..*wall
                },
            })
        }
        (Value::Moment { offset_ms, wall }, "localtime" | "getlocal" | "local") if !wall.naive => {
            Some(Value::Moment {
                offset_ms: *offset_ms,
                wall: Wall {
                    zone: Zone::Local,
                    ..*wall
                },
            })
        }
        (Value::Moment { offset_ms, wall }, "in_time_zone") => Some(Value::Moment {
            offset_ms: *offset_ms,
            wall: Wall {
                zone: Zone::Other,
                ..*wall
            },
        }),
        // Java `zdt.toLocalDateTime()`: the fields without the zone.
        (Value::Moment { offset_ms, wall }, "toLocalDateTime") => Some(Value::Moment {
            offset_ms: *offset_ms,
            wall: wall.fields(cs.span),
        }),
        (
            Value::Moment { offset_ms, wall },
            "toInstant"
            | "toDate"
            | "clone"
            | "copy"
            | "toDateTime"
            | "toDateTimeImmutable"
            | "toImmutable"
            | "toMutable"
            | "to_time"
            | "to_datetime",
        ) => Some(Value::Moment {
            offset_ms: *offset_ms,
            wall: *wall,
        }),
        // Formatted as text: naive when the format writes no zone (Ruby and Python `strftime`,
        // PHP `->format`, Carbon `toDateTimeString`, JS `toLocaleString`).
        (Value::Moment { offset_ms, wall }, "strftime" | "format" | "toDateTimeString") => {
            let shape = match m {
                "toDateTimeString" => crate::eval::models::FormatShape {
                    zone: false,
                    complete: true,
                },
                _ => {
                    let f = cs.arg(0)?.as_str()?;
                    if cs.language == Language::Php {
                        crate::eval::models::php_date_format(f)
                    } else if cs.language == Language::Ruby || cs.language == Language::Python {
                        crate::eval::models::strftime_format(f)
                    } else {
                        return None;
                    }
                }
            };
            (!shape.zone).then(|| Value::WallText {
                offset_ms: *offset_ms,
                wall: wall.fields(cs.span),
                complete: shape.complete,
            })
        }
        (Value::Moment { offset_ms, wall }, "toLocaleString") if cs.js() => {
            // `toLocaleString('en-US', { timeZone: 'UTC' })`: the fields in that zone.
            let zone = match cs.arg(1).and_then(|o| o.as_object()) {
                Some(o) => match o.get("timeZone").map(|e| &e.value.value) {
                    Some(Value::Str(z)) => zone_named(z),
                    None => Zone::Local,
                    Some(_) => Zone::Other,
                },
                None if cs.args.len() <= 1 => Zone::Local,
                None => Zone::Other,
            };
            Some(Value::WallText {
                offset_ms: *offset_ms,
                wall: Wall {
                    zone,
                    ..wall.fields(cs.span)
                },
                complete: true,
            })
        }
        (Value::Moment { offset_ms, wall }, _) => {
            // plusSeconds(30), minusSeconds(30), addHours(2), subSeconds(30), add(2, 'hours'),
            // plus(2, ChronoUnit.HOURS), plus(Duration.ofHours(2)), modify('+2 hours').
            let m = if m == "subtract" { "sub" } else { m };
            let (sign, rest) =
                if let Some(r) = m.strip_prefix("plus").or_else(|| m.strip_prefix("add")) {
                    (1, r)
                } else if let Some(r) = m.strip_prefix("minus").or_else(|| m.strip_prefix("sub")) {
                    (-1, r)
                } else if m == "modify" {
                    let s = cs.arg(0)?.as_str()?;
                    let neg = s.trim().starts_with('-');
                    let ms = relative_time_ms(s.trim().trim_start_matches('-'))?;
                    return Some(Value::Moment {
                        offset_ms: offset_ms.saturating_add(if neg { -ms } else { ms }),
                        wall: *wall,
                    });
                } else {
                    return None;
                };
            let ms = if rest.is_empty() {
                // plus(Duration) / add(2, 'hours') / plus(2, ChronoUnit.HOURS) / add(DateInterval)
                match (cs.arg(0).map(|a| &a.value), cs.arg(1).map(|a| &a.value)) {
                    (Some(Value::Duration { ms }), None) => *ms,
                    (Some(Value::Int(n)), Some(Value::Str(unit))) => {
                        n.checked_mul(chrono_unit_ms(unit)?)?
                    }
                    _ => return None,
                }
            } else {
                duration_arg_ms(cs.arg(0), chrono_unit_ms(rest)?)?
            };
            Some(Value::Moment {
                offset_ms: offset_ms.saturating_add(ms.saturating_mul(sign)),
                wall: *wall,
            })
        }
        (Value::Int(n), unit) if cs.language == Language::Ruby => {
            // ActiveSupport: 30.seconds, 2.hours, 1.day.
            Some(Value::Duration {
                ms: n.checked_mul(chrono_unit_ms(unit)?)?,
            })
        }
        (Value::Duration { ms }, "from_now" | "since") => Some(Value::moment(*ms)),
        (Value::Duration { ms }, "ago" | "before") => Some(Value::moment(-ms)),
        (
            Value::Duration { ms },
            "to_i" | "getSeconds" | "toSeconds" | "seconds" | "in_seconds",
        ) => Some(Value::Int(ms / 1000)),
        (Value::Duration { ms }, "toMillis" | "in_milliseconds") => Some(Value::Int(*ms)),
        _ => None,
    }
}

/// Integer conversion of a number or timestamp (`Math.floor`, `(int)`, `.to_i`, `intval`).
pub fn to_integer(v: &Val) -> Option<Value> {
    match &v.value {
        Value::Time(t) => Some(Value::Time(TimeValue {
            fractional: false,
            offset: t.offset.trunc(),
            ..*t
        })),
        Value::Int(i) => Some(Value::Int(*i)),
        Value::Float(f) => Some(Value::Int(f.trunc() as i64)),
        Value::Text(inner) => to_integer(inner),
        Value::Moment { offset_ms, wall } => {
            Some(moment_to_seconds(*offset_ms, false).with_skew(wall.skew))
        }
        Value::Choice(vs) => Some(Value::Choice(
            vs.iter()
                .map(|x| Val::new(to_integer(x).unwrap_or(Value::Unknown), x.span))
                .collect::<Vec<_>>()
                .into(),
        )),
        _ => None,
    }
}

/// Number conversion (`Number(x)`, unary `+`): JS dates become milliseconds.
pub fn to_number(language: Language, v: &Val) -> Option<Value> {
    match &v.value {
        Value::Moment { offset_ms, wall } if language.is_javascript() => {
            Some(moment_to_millis(*offset_ms).with_skew(wall.skew))
        }
        Value::Text(inner) => Some(inner.value.clone()),
        Value::Int(_) | Value::Float(_) | Value::Time(_) => Some(v.value.clone()),
        _ => None,
    }
}

fn numeric(cs: &CallSite) -> Option<Value> {
    let m = cs.method;
    if cs.language == Language::Java && cs.path_is("Math.floorDiv") {
        let a = cs.arg(0)?;
        let b = cs.arg(1)?;
        return arithmetic(Language::Java, BinOp::Div, a, b);
    }
    if cs.language == Language::Ruby
        && matches!(m, "to_i" | "round" | "floor" | "ceil" | "truncate")
        && cs.args.is_empty()
    {
        return match cs.recv()? {
            Value::Moment { .. } => None, // handled by clock
            _ => to_integer(cs.receiver?),
        };
    }
    if cs.language == Language::Ruby && m == "div" {
        // `ms.div(1000)`: integer division, whatever the receiver's type.
        let q = arithmetic(Language::Ruby, BinOp::Div, cs.receiver?, cs.arg(0)?)?;
        return to_integer(&Val::new(q, cs.span));
    }
    if cs.language == Language::Ruby && m == "to_f" {
        return match cs.recv()? {
            Value::Time(t) => Some(Value::Time(TimeValue {
                fractional: true,
                ..*t
            })),
            Value::Int(i) => Some(Value::Float(*i as f64)),
            _ => None,
        };
    }
    None
}

/// Which of the base64 characters `+ / =` a replace pattern matches. In a regular expression
/// (a regex literal, Java `replaceAll`, PHP `preg_replace`) an unescaped `+` outside a character
/// class is a quantifier, not the character.
fn chars_of_pattern(v: &Val, regex: bool) -> Vec<char> {
    let (text, regex) = match &v.value {
        Value::Regex(s) => (s.as_str(), true),
        Value::Str(s) => (s.as_str(), regex),
        _ => return Vec::new(),
    };
    if !regex {
        return ['+', '/', '=']
            .into_iter()
            .filter(|c| text.contains(*c))
            .collect();
    }
    let mut found = Vec::new();
    let mut in_class = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let literal = match c {
            '\\' => chars.next(),
            '[' => {
                in_class = true;
                None
            }
            ']' => {
                in_class = false;
                None
            }
            '+' if !in_class => None,
            other => Some(other),
        };
        if let Some(l @ ('+' | '/' | '=')) = literal {
            if !found.contains(&l) {
                found.push(l);
            }
        }
    }
    found
}

/// A PHP `preg_replace` pattern without its delimiters and flags (`/=+$/` → `=+$`).
fn strip_delimiters(v: &Val) -> Val {
    let Some(s) = v.as_str() else {
        return v.clone();
    };
    let mut cs = s.chars();
    let Some(d) = cs.next() else { return v.clone() };
    match s[d.len_utf8()..].rfind(d) {
        Some(end) if !d.is_alphanumeric() => Val::new(
            Value::Str(s[d.len_utf8()..d.len_utf8() + end].to_string()),
            v.span,
        ),
        _ => v.clone(),
    }
}

/// A replacement of characters of a base64 string: which of `+ / =` it maps, and to what.
#[derive(Default, Clone, Copy)]
struct Repair {
    plus: bool,
    slash: bool,
    pad: bool,
    /// Only the `=` at the end of the whole text go (`rtrim`, `/=+$/`): in a concatenation such as
    /// a whole token, the padding of the parts before the last stays.
    pad_at_end: bool,
}

impl Repair {
    fn at_end(mut self, at_end: bool) -> Repair {
        self.pad_at_end = at_end;
        self
    }
}

/// A replace pattern anchored at the end of the text (`/=+$/`, `"=+$"` as a regular expression).
fn anchored_at_end(pattern: &Val, regex: bool) -> bool {
    match &pattern.value {
        Value::Regex(s) => s.ends_with('$') && !s.ends_with("\\$"),
        Value::Str(s) if regex => s.ends_with('$') && !s.ends_with("\\$"),
        _ => false,
    }
}

fn repair_for(chars: &[char], replacement: Option<&str>) -> Repair {
    let mut r = Repair::default();
    for c in chars {
        match (c, replacement) {
            // A replacement function (`c => map[c]`) is taken as the usual mapping.
            ('+', None) => r.plus = true,
            ('/', None) => r.slash = true,
            ('=', None) => r.pad = true,
            ('+', Some(to)) => r.plus = !to.contains('+') && !to.contains('/'),
            ('/', Some(to)) => r.slash = !to.contains('+') && !to.contains('/'),
            ('=', Some(to)) => r.pad = !to.contains('='),
            _ => {}
        }
    }
    r
}

fn combine(a: Repair, b: Repair) -> Repair {
    Repair {
        plus: a.plus || b.plus,
        slash: a.slash || b.slash,
        pad: a.pad || b.pad,
        pad_at_end: (a.pad_at_end || !a.pad) && (b.pad_at_end || !b.pad),
    }
}

/// Positional character translation (`tr`, `strtr`): `from[i]` becomes `to[i]`.
fn translate(from: &str, to: &str) -> Repair {
    let to: Vec<char> = to.chars().collect();
    let mut r = Repair::default();
    for (i, c) in from.chars().enumerate() {
        let repl = to.get(i).or(to.last()).map(|c| c.to_string());
        let repl = if to.is_empty() {
            String::new()
        } else {
            repl.unwrap_or_default()
        };
        r = combine(r, repair_for(&[c], Some(&repl)));
    }
    r
}

/// Pairs from a PHP `strtr($s, ['+' => '-'])` array or a Ruby `gsub(/[+\/]/, '+' => '-')` hash.
fn pairs_repair(map: &Obj) -> Repair {
    let mut r = Repair::default();
    for e in &map.entries {
        let chars: Vec<char> = ['+', '/', '=']
            .into_iter()
            .filter(|c| e.key.contains(*c))
            .collect();
        r = combine(r, repair_for(&chars, e.value.as_str()));
    }
    r
}

fn apply_repair(v: &Val, r: Repair) -> Option<Value> {
    match &v.value {
        Value::Encoded(inner, enc) => {
            let mut enc = enc.clone();
            enc.plus_safe |= r.plus;
            enc.slash_safe |= r.slash;
            enc.padded &= !r.pad;
            Some(Value::Encoded(inner.clone(), enc))
        }
        Value::Concat(parts) => Some(Value::Concat(
            parts
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let last = i + 1 == parts.len();
                    let r = Repair {
                        pad: r.pad && (last || !r.pad_at_end),
                        ..r
                    };
                    Val::new(
                        apply_repair(p, r).unwrap_or_else(|| p.value.clone()),
                        p.span,
                    )
                })
                .collect::<Vec<_>>()
                .into(),
        )),
        Value::Choice(vs) => Some(Value::Choice(
            vs.iter()
                .map(|p| Val::new(apply_repair(p, r).unwrap_or(Value::Unknown), p.span))
                .collect::<Vec<_>>()
                .into(),
        )),
        Value::Str(_) => Some(v.value.clone()),
        _ => None,
    }
}

/// Applies a character replacement (`from` pattern chars to `to`) to a possibly encoded value:
/// what `replace`/`rstrip` calls do to a base64 string.
pub fn replace_chars(v: &Val, pattern: &Val, to: Option<&str>, regex: bool) -> Option<Value> {
    let r = repair_for(&chars_of_pattern(pattern, regex), to);
    apply_repair(v, r.at_end(anchored_at_end(pattern, regex)))
}

fn text(cs: &CallSite) -> Option<Value> {
    let m = cs.method;
    // Character repairs on a receiver: JS/Java/Python replace, Ruby tr/delete/gsub.
    if let Some(recv) = cs.receiver {
        let repair = match m {
            "replace" | "replaceAll" | "gsub" | "sub" | "gsub!" | "sub!" | "replaceFirst" => {
                let pattern = cs.arg(0)?;
                // Java's replaceAll/replaceFirst take a regular expression as a string.
                let regex = cs.language == Language::Java && m != "replace";
                let chars = chars_of_pattern(pattern, regex);
                let at_end = anchored_at_end(pattern, regex);
                match cs.arg(1).map(|a| &a.value) {
                    Some(Value::Str(to)) => Some(repair_for(&chars, Some(to)).at_end(at_end)),
                    Some(Value::Object(map)) => Some(pairs_repair(map)),
                    Some(Value::Function(..)) => Some(repair_for(&chars, None).at_end(at_end)),
                    // Ruby `gsub(pattern) { |c| … }` passes the block as the last argument.
                    _ => None,
                }
            }
            "tr" | "tr_s" => Some(translate(cs.arg(0)?.as_str()?, cs.arg(1)?.as_str()?)),
            "delete" | "delete!" | "chomp" | "delete_suffix" | "rstrip" | "strip" | "rtrim"
            | "trimEnd"
                if cs.args.len() == 1 =>
            {
                let at_end = !matches!(m, "delete" | "delete!");
                Some(repair_for(&chars_of_pattern(cs.arg(0)?, false), Some("")).at_end(at_end))
            }
            _ => None,
        };
        if let Some(r) = repair {
            return apply_repair(recv, r);
        }
        if cs.language == Language::Ruby
            && matches!(
                m,
                "freeze" | "dup" | "itself" | "-@" | "+@" | "to_str" | "presence"
            )
        {
            return Some(recv.value.clone());
        }
        if cs.language == Language::Ruby
            && m == "round"
            && cs.arg(0).and_then(|a| a.as_int()).is_some_and(|n| n > 0)
        {
            // `round(3)` keeps a fraction.
            return Some(recv.value.clone());
        }
        if m == "strftime" && cs.arg(0).and_then(|a| a.as_str()) == Some("%s") {
            if let Value::Moment { offset_ms, wall } = recv.value {
                return Some(Value::Text(boxed(Val::new(
                    moment_to_seconds(offset_ms, false).with_skew(wall.skew),
                    cs.span,
                ))));
            }
        }
        if m == "toFixed" && cs.arg(0).and_then(|a| a.as_int()).is_none_or(|n| n == 0) {
            // `x.toFixed(0)`: rounded to a whole number, as text.
            if let Some(v) = to_integer(recv) {
                return Some(Value::Text(boxed(Val::new(v, recv.span))));
            }
        }
        match (m, &recv.value) {
            ("toString" | "to_s" | "toFixed", Value::Int(_) | Value::Float(_) | Value::Time(_))
                if cs.args.is_empty() || m == "toFixed" =>
            {
                return Some(Value::Text(boxed(recv.clone())));
            }
            // crypto-js `wordArray.toString(CryptoJS.enc.Base64)`.
            ("toString", Value::Bytes(_) | Value::Digest(_))
                if matches!(cs.arg(0).map(|a| &a.value), Some(Value::Encoder(_))) =>
            {
                let Some(Value::Encoder(enc)) = cs.arg(0).map(|a| &a.value) else {
                    return None;
                };
                let inner = match &recv.value {
                    Value::Bytes(inner) => (**inner).clone(),
                    _ => recv.clone(),
                };
                let enc = Encoding {
                    span: cs.span,
                    factory: cs.span,
                    ..enc.clone()
                };
                return Some(Value::Encoded(boxed(inner), enc));
            }
            ("toString", Value::Bytes(_) | Value::Digest(_)) => {
                return bytes_to_string(recv, cs.arg(0).and_then(|a| a.as_str()), cs.span);
            }
            ("toString", _) if cs.args.is_empty() && recv.is_stringy() => {
                return Some(recv.value.clone())
            }
            ("getBytes" | "encode" | "bytes" | "b" | "force_encoding", v)
                if !matches!(v, Value::Unknown) || m == "getBytes" =>
            {
                return Some(Value::Bytes(boxed(recv.clone())));
            }
            ("join", Value::Array(items)) => {
                let sep =
                    cs.arg(0)
                        .and_then(|a| a.as_str())
                        .unwrap_or(if cs.js() { "," } else { "" });
                return Some(join(items, sep, cs.span).value);
            }
            ("to_json", _) => return Some(Value::Json(boxed(recv.clone()))),
            ("toJSONString" | "toJson", Value::Object(_)) => {
                return Some(Value::Json(boxed(recv.clone())))
            }
            ("toString", Value::Object(_)) if cs.language == Language::Java => {
                // `new JSONObject(map).toString()`.
                return Some(Value::Json(boxed(recv.clone())));
            }
            ("concat", _) if recv.is_stringy() => {
                let mut parts = vec![recv.clone()];
                parts.extend(cs.args.iter().map(|a| a.val.clone()));
                return Some(concat(parts, cs.span).value);
            }
            _ => {}
        }
    }
    // Free functions and static helpers that are no row of `models`.
    if cs.language == Language::Java && cs.path_is("String.join") {
        let sep = cs.arg(0)?.as_str()?;
        let items: Vec<Val> = match cs.args.get(1).map(|a| &a.val.value) {
            Some(Value::Array(items)) if cs.args.len() == 2 => items.to_vec(),
            _ => cs.args.iter().skip(1).map(|a| a.val.clone()).collect(),
        };
        return Some(join(&items, sep, cs.span).value);
    }
    if cs.language == Language::Java && cs.path_is("Map.of") {
        let mut obj = Obj {
            class: None,
            entries: Vec::new(),
            open: false,
            span: cs.span,
        };
        for pair in cs.args.chunks(2) {
            match (pair[0].val.as_str(), pair.get(1)) {
                (Some(k), Some(v)) => obj.set(k.to_string(), v.val.clone(), pair[0].val.span),
                _ => obj.open = true,
            }
        }
        return Some(Value::Object(Rc::new(obj)));
    }
    if cs.language == Language::Php && cs.receiver.is_none() {
        match m {
            "date" if cs.arg(0).and_then(|a| a.as_str()) == Some("U") => {
                return Some(Value::Text(boxed(Val::new(
                    moment_to_seconds(0, false),
                    cs.span,
                ))));
            }
            "vsprintf" => {
                let fmt = cs.arg(0)?.as_str()?;
                let Value::Array(rest) = &cs.arg(1)?.value else {
                    return None;
                };
                return Some(format(fmt, rest, cs.span).value);
            }
            "strtr" => {
                let subject = cs.arg(0)?;
                let r = match (cs.arg(1).map(|a| &a.value), cs.arg(2).map(|a| &a.value)) {
                    (Some(Value::Str(from)), Some(Value::Str(to))) => translate(from, to),
                    (Some(Value::Object(map)), None) => pairs_repair(map),
                    _ => return None,
                };
                return apply_repair(subject, r);
            }
            "rtrim" | "trim" => {
                let subject = cs.arg(0)?;
                let chars = cs
                    .arg(1)
                    .map(|c| chars_of_pattern(c, false))
                    .unwrap_or_default();
                return apply_repair(subject, repair_for(&chars, Some("")).at_end(true));
            }
            "str_replace" | "preg_replace" => {
                let regex = m == "preg_replace";
                let (search, replace, subject) = (cs.arg(0)?, cs.arg(1)?, cs.arg(2)?);
                let piece = |p: &Val, to: &str| {
                    let (pattern, regex) = if regex {
                        (strip_delimiters(p), true)
                    } else {
                        (p.clone(), false)
                    };
                    repair_for(&chars_of_pattern(&pattern, regex), Some(to))
                        .at_end(anchored_at_end(&pattern, regex))
                };
                let r = match (&search.value, &replace.value) {
                    (Value::Array(s), Value::Array(r)) => {
                        s.iter().enumerate().fold(Repair::default(), |acc, (i, s)| {
                            let to = r.get(i).and_then(|v| v.as_str()).unwrap_or("");
                            combine(acc, piece(s, to))
                        })
                    }
                    (Value::Array(s), Value::Str(to)) => s
                        .iter()
                        .fold(Repair::default(), |acc, s| combine(acc, piece(s, to))),
                    (_, Value::Str(to)) => piece(search, to),
                    _ => return None,
                };
                return apply_repair(subject, r);
            }
            _ => {}
        }
    }
    None
}

pub fn bytes_to_string(recv: &Val, encoding: Option<&str>, span: Span) -> Option<Value> {
    let inner = match &recv.value {
        Value::Bytes(inner) => (**inner).clone(),
        _ => recv.clone(),
    };
    Some(match encoding {
        Some("base64") => Value::Encoded(boxed(inner), Encoding::standard(span)),
        Some("base64url") => Value::Encoded(boxed(inner), Encoding::url(false, span)),
        Some("hex") => Value::Hex(boxed(inner)),
        None | Some("utf8" | "utf-8" | "binary" | "latin1" | "ascii") => inner.value,
        Some(_) => return None,
    })
}

/// Encoders that are no single library function (the library functions are rows of
/// `models`): a `TextEncoder` instance, Ruby's `pack('m')`, Java's encoder objects.
fn encoding(cs: &CallSite) -> Option<Value> {
    let m = cs.method;
    let span = cs.span;
    if cs.js() && m == "encode" && matches!(cs.recv(), Some(Value::Library("TextEncoder"))) {
        return Some(Value::Bytes(boxed(cs.arg(0)?.clone())));
    }
    if cs.js() && m == "encode" && cs.path.is_some_and(|p| p.contains("TextEncoder")) {
        return Some(Value::Bytes(boxed(cs.arg(0)?.clone())));
    }
    // Ruby `[data].pack('m0')`.
    if cs.language == Language::Ruby && m == "pack" {
        if let Some(Value::Str(f)) = cs.arg(0).map(|a| &a.value) {
            if f.starts_with('m') {
                if let Some(Value::Array(items)) = cs.recv() {
                    return Some(Value::Encoded(
                        boxed(items.first()?.clone()),
                        Encoding::standard(span),
                    ));
                }
            }
        }
    }
    // Java: an encoder object (`Base64.getUrlEncoder()`) and its methods.
    if cs.language == Language::Java {
        if let Some(Value::Encoder(enc)) = cs.recv() {
            return match m {
                "withoutPadding" => Some(Value::Encoder(Encoding {
                    padded: false,
                    ..enc.clone()
                })),
                "encodeToString" | "encode" => {
                    let mut e = enc.clone();
                    e.span = span;
                    Some(Value::Encoded(boxed(cs.arg(0)?.clone()), e))
                }
                _ => None,
            };
        }
    }
    None
}

/// An HMAC object fed piece by piece (`update`, `init`, `digest`, `doFinal`), and Web Crypto's
/// HMAC: `crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, …)` makes a
/// key that `crypto.subtle.sign('HMAC', key, data)` signs with.
fn hmac(cs: &CallSite) -> Option<Value> {
    let m = cs.method;
    if cs.js() && cs.path_is("subtle.importKey") {
        let algorithm = cs.arg(2)?;
        let hash = match &algorithm.value {
            Value::Object(o) => match o.get("name").and_then(|e| e.value.as_str()) {
                Some(name) if !name.eq_ignore_ascii_case("HMAC") => return None,
                _ => o.get("hash").map(|e| match &e.value.value {
                    Value::Object(h) => h.get("name").map(|n| n.value.clone()),
                    _ => Some(e.value.clone()),
                })??,
            },
            _ => return None,
        };
        return Some(Value::SigningKey {
            algorithm: Rc::new(hash),
            key: Rc::new(cs.arg(1)?.clone()),
        });
    }
    if cs.js() && cs.path_is("subtle.sign") {
        let Value::SigningKey { algorithm, key } = &cs.arg(1)?.value else {
            return None;
        };
        return Some(Value::Digest(Rc::new(Hmac {
            algorithm: algorithm.as_str().map(str::to_string),
            key: (**key).clone(),
            data: vec![cs.arg(2)?.clone()],
        })));
    }
    let Some(Value::HmacState(h)) = cs.recv() else {
        return None;
    };
    match m {
        "update" => {
            let mut h = (**h).clone();
            h.data.push(cs.arg(0)?.clone());
            Some(Value::HmacState(Rc::new(h)))
        }
        "init" => Some(Value::HmacState(h.clone())),
        "digest" | "doFinal" => {
            let mut h = (**h).clone();
            if let Some(d) = cs.arg(0).filter(|_| m == "doFinal") {
                h.data.push(d.clone());
            }
            let digest = Val::new(Value::Digest(Rc::new(h)), cs.span);
            if m == "digest" {
                return bytes_to_string(&digest, cs.arg(0).and_then(|a| a.as_str()), cs.span);
            }
            Some(digest.value)
        }
        _ => None,
    }
}

/// Converts a date given to a JWT library setter into the seconds claim the library writes.
fn date_claim(v: &Val) -> Val {
    let value = match &v.value {
        Value::Moment { offset_ms, wall } => {
            match moment_to_seconds(*offset_ms, false).with_skew(wall.skew) {
                Value::Time(t) => Value::DateSeconds(t),
                other => other,
            }
        }
        Value::Choice(vs) => Value::Choice(vs.iter().map(date_claim).collect::<Vec<_>>().into()),
        // lcobucci/jwt 3 `setIssuedAt(time())`: the number is the claim, as written.
        Value::Time(t) if t.unit == Unit::Seconds => return v.clone(),
        _ => Value::Unknown,
    };
    Val::new(value, v.span)
}

fn builder(b: &JwtBuilder, change: impl FnOnce(&mut JwtBuilder)) -> Value {
    let mut b = b.clone();
    change(&mut b);
    Value::JwtBuilder(Rc::new(b))
}

fn merge_obj(into: &mut Obj, v: &Val) {
    match &v.value {
        Value::Object(src) => {
            into.open |= src.open;
            for e in &src.entries {
                into.set(e.key.clone(), e.value.clone(), e.key_span);
            }
        }
        _ => into.open = true,
    }
}

fn empty_obj(span: Span) -> Obj {
    Obj {
        class: None,
        entries: Vec::new(),
        open: false,
        span,
    }
}

/// The algorithm and key of a signing argument: a `SigningKey`, an algorithm name, or a key.
fn signing_arg(v: &Val) -> (Option<Val>, Option<Val>) {
    match &v.value {
        Value::SigningKey { algorithm, key } => {
            (Some((**algorithm).clone()), Some((**key).clone()))
        }
        Value::Str(s) if is_algorithm_name(s) => (Some(v.clone()), None),
        _ => (None, Some(v.clone())),
    }
}

pub fn is_algorithm_name(s: &str) -> bool {
    matches!(
        s.to_ascii_uppercase().as_str(),
        "HS256"
            | "HS384"
            | "HS512"
            | "RS256"
            | "RS384"
            | "RS512"
            | "ES256"
            | "ES384"
            | "ES512"
            | "PS256"
            | "PS384"
            | "PS512"
            | "EDDSA"
            | "NONE"
    )
}

pub fn signed(
    library: &'static str,
    payload: Val,
    header: Option<Val>,
    algorithm: Option<Val>,
    key: Val,
) -> Value {
    Value::Signed(Rc::new(SignedToken {
        library,
        payload,
        header,
        algorithm,
        key,
    }))
}

fn jwt(cs: &CallSite) -> Option<Value> {
    let m = cs.method;
    let span = cs.span;
    // `Base64.getDecoder().decode(key)`: a key decoded from a base64 literal is still that
    // literal in the source (SIG008).
    if cs.language == Language::Java
        && m == "decode"
        && matches!(cs.recv(), Some(Value::Unknown))
        && cs.path.is_some_and(|p| p.contains("getDecoder"))
    {
        return Some(Value::Bytes(boxed(cs.arg(0)?.clone())));
    }
    if let Some(v) = signer_config(cs) {
        return Some(v);
    }
    if let Some(Value::JwtBuilder(b)) = cs.recv() {
        let arg0 = cs.arg(0);
        return Some(match m {
            // lcobucci/jwt 3 writes claims with `set(name, value)`.
            "claim" | "withClaim" | "addClaim" | "set" => {
                match (arg0.and_then(|a| a.as_str()), cs.arg(1)) {
                    (Some(k), Some(v)) => builder(b, |b| {
                        let key_span = arg0.map(|a| a.span).unwrap_or(span);
                        b.claims.set(k.to_string(), v.clone(), key_span)
                    }),
                    _ => builder(b, |b| b.claims.open = true),
                }
            }
            "setClaims" | "claims" | "addClaims" | "withPayload" => match arg0 {
                Some(v) => builder(b, |b| {
                    if b.claims.entries.is_empty() {
                        // `.claims(map)` on a fresh builder: the map is the payload; point at it.
                        if let Value::Object(src) = &v.value {
                            b.claims.span = src.span;
                        }
                    }
                    merge_obj(&mut b.claims, v);
                }),
                // jjwt 0.12 `claims()` without arguments opens a nested builder.
                None => Value::JwtBuilder(b.clone()),
            },
            // jjwt 0.12 nested builders share this value: `header()` / `claims()` say where
            // `add(k, v)` goes until `and()`.
            "header" if cs.args.is_empty() => builder(b, |b| b.in_header = true),
            "and" => builder(b, |b| b.in_header = false),
            "add" if !b.in_header => match (arg0.and_then(|a| a.as_str()), cs.arg(1)) {
                (Some(k), Some(v)) => builder(b, |b| {
                    let key_span = arg0.map(|a| a.span).unwrap_or(span);
                    b.claims.set(k.to_string(), v.clone(), key_span)
                }),
                _ => builder(b, |b| b.claims.open = true),
            },
            "setHeaderParam" | "add" => match (arg0.and_then(|a| a.as_str()), cs.arg(1)) {
                (Some(k), Some(v)) => builder(b, |b| b.header.set(k.to_string(), v.clone(), span)),
                _ => Value::JwtBuilder(b.clone()),
            },
            "withHeader" | "setHeader" | "setProtectedHeader" | "setHeaderParams" => match arg0 {
                Some(v) => builder(b, |b| merge_obj(&mut b.header, v)),
                None => Value::JwtBuilder(b.clone()),
            },
            "setIssuedAt" | "issuedAt" | "withIssuedAt" | "issueTime" => {
                let v = if cs.js() {
                    // jose: no argument means now, in seconds; a number is taken as seconds.
                    match arg0 {
                        // Written by the library itself: nothing in the source to adjust.
                        None => Val::new(Value::DateSeconds(TimeValue::now(Unit::Seconds)), span),
                        Some(v) => match v.value {
                            Value::Moment { .. } => date_claim(v),
                            _ => v.clone(),
                        },
                    }
                } else {
                    date_claim(arg0?)
                };
                builder(b, |b| b.claims.set("iat".into(), v, span))
            }
            "setExpiration" | "expiration" | "withExpiresAt" | "setExpirationTime"
            | "expiresAt" | "expirationTime" => {
                let v = arg0?;
                let claim = match &v.value {
                    Value::Str(s) if cs.js() => match relative_time_ms(s) {
                        Some(ms) => Val::new(moment_to_seconds(ms, false), v.span),
                        None => Val::unknown(v.span),
                    },
                    Value::Moment { .. } => date_claim(v),
                    _ if cs.js() => v.clone(),
                    _ => date_claim(v),
                };
                builder(b, |b| b.claims.set("exp".into(), claim, span))
            }
            "signWith" => {
                // jjwt: signWith(alg, key), signWith(key, alg), signWith(key).
                let mut alg = None;
                let mut key = None;
                for a in cs.args.iter().filter(|a| a.name.is_none()) {
                    let (al, k) = signing_arg(&a.val);
                    alg = alg.or(al);
                    // An unknown signer (`$config->signer()` of an unknown configuration) is
                    // not the key.
                    key = key.or(k.filter(|k| !k.is_unknown()));
                }
                builder(b, |b| {
                    if alg.is_some() {
                        b.algorithm = alg;
                    }
                    if key.is_some() {
                        b.key = key;
                    }
                })
            }
            "compact" | "sign" | "getToken" => {
                let args: Vec<&Val> = cs
                    .args
                    .iter()
                    .filter(|a| a.name.is_none())
                    .map(|a| &a.val)
                    .collect();
                sign_builder(cs.language, b, &args, span)
            }
            _ => Value::JwtBuilder(b.clone()),
        });
    }
    None
}

/// A builder signed with these arguments: one (jjwt, java-jwt, jose, nimbus
/// `jwt.sign(new MACSigner(secret))`) or a signer and a key (lcobucci/jwt `sign($signer, $key)`,
/// `getToken($config->signer(), $config->signingKey())`); what they leave out, the builder's
/// own algorithm and key (a configuration's builder, a nimbus header's `alg`).
pub fn sign_builder(language: Language, b: &JwtBuilder, args: &[&Val], span: Span) -> Value {
    let (mut alg, mut key) = (None, None);
    for a in args {
        let (al, k) = signing_arg(a);
        alg = alg.or(al);
        // An unknown signer (`$config->signer()` of an unknown configuration) is not the key.
        key = key.or(k.filter(|k| !k.is_unknown()));
    }
    // jjwt and java-jwt write the header's `alg` from the signing algorithm, whatever
    // `setHeaderParam("alg", …)` said: their header is not evidence. jose signs with the `alg`
    // of `setProtectedHeader`.
    let header = language
        .is_javascript()
        .then(|| Val::new(Value::Object(Rc::new(b.header.clone())), b.header.span));
    signed(
        "builder",
        Val::new(Value::Object(Rc::new(b.claims.clone())), b.claims.span),
        header,
        alg.or_else(|| b.algorithm.clone()),
        key.or_else(|| b.key.clone())
            .unwrap_or_else(|| Val::unknown(span)),
    )
}

/// The methods of a JWT configuration and of a finished token: lcobucci/jwt's
/// `Configuration` (`builder()` starts a token signed with its signer and key, `signer()` and
/// `signingKey()` hand them to `getToken`), and a token's text (`toString()`, nimbus
/// `serialize()`, lcobucci 3 `getToken()` after `sign`).
fn signer_config(cs: &CallSite) -> Option<Value> {
    match (cs.recv()?, cs.method) {
        (Value::SigningKey { algorithm, key }, "builder") if cs.language == Language::Php => {
            Some(Value::JwtBuilder(Rc::new(JwtBuilder {
                claims: empty_obj(cs.span),
                header: empty_obj(cs.span),
                algorithm: Some((**algorithm).clone()),
                key: Some((**key).clone()),
                in_header: false,
            })))
        }
        (Value::SigningKey { algorithm, .. }, "signer") if cs.language == Language::Php => {
            Some(algorithm.value.clone())
        }
        (Value::SigningKey { key, .. }, "signingKey") if cs.language == Language::Php => {
            Some(key.value.clone())
        }
        (
            v @ Value::Signed(_),
            "toString" | "__toString" | "serialize" | "getToken" | "compact",
        ) if cs.args.is_empty() => Some(v.clone()),
        _ => None,
    }
}

/// `String(x)`: numbers become text, text stays text.
pub fn stringify(v: Val) -> Value {
    match v.value {
        Value::Int(_) | Value::Float(_) | Value::Time(_) | Value::Choice(_) => {
            Value::Text(boxed(v))
        }
        Value::Unknown => Value::Unknown,
        other => other,
    }
}

/// Concatenation, flattening nested concatenations and merging adjacent literals.
pub fn concat(vals: Vec<Val>, span: Span) -> Val {
    let mut parts: Vec<Val> = Vec::new();
    for v in vals {
        if parts.len() > MAX_PARTS {
            return Val::unknown(span);
        }
        match v.value {
            Value::Concat(inner) => parts.extend(inner.iter().cloned()),
            _ => parts.push(v),
        }
    }
    let mut merged: Vec<Val> = Vec::new();
    let had_text = parts.iter().any(|p| matches!(p.value, Value::Str(_)));
    for p in parts.into_iter().filter(|p| p.as_str() != Some("")) {
        if let (
            Some(Val {
                value: Value::Str(prev),
                ..
            }),
            Value::Str(s),
        ) = (merged.last_mut(), &p.value)
        {
            if prev.len() + s.len() > MAX_TEXT {
                return Val::unknown(span);
            }
            prev.push_str(s);
            continue;
        }
        merged.push(p);
    }
    match merged.as_slice() {
        [] => return Val::new(Value::Str(String::new()), span),
        // `"" + x` of an unknown `x` (an empty placeholder credential before a request
        // value): still text, so that what is added next is concatenated, not summed.
        [only] if had_text && only.is_unknown() => {
            let empty = Val::new(Value::Str(String::new()), span);
            return Val::new(Value::Concat(vec![empty, only.clone()].into()), span);
        }
        // `"" + iat`, `iat + ""`: the number turned into text.
        [only] if had_text && !matches!(only.value, Value::Str(_)) => {
            return Val::new(stringify(only.clone()), span);
        }
        _ => {}
    }
    if let [Val {
        value: Value::Str(_),
        ..
    }] = merged.as_slice()
    {
        let mut only = merged.pop().expect("one");
        only.span = span;
        return only;
    }
    Val::new(Value::Concat(merged.into()), span)
}

/// `items.join(sep)`.
pub fn join(items: &[Val], sep: &str, span: Span) -> Val {
    let mut parts = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            parts.push(Val::new(Value::Str(sep.to_string()), span));
        }
        parts.push(it.clone());
    }
    concat(parts, span)
}

/// printf-style formatting (`String.format`, `sprintf`, Ruby `format`): each conversion takes
/// the next argument, the `n$` one, or (Ruby `%<name>s` / `%{name}`) a field of the trailing
/// hash argument.
pub fn format(fmt: &str, args: &[Val], span: Span) -> Val {
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut next = 0usize;
    let named = |name: &str| -> Val {
        args.last()
            .and_then(|a| a.as_object())
            .and_then(|o| o.get(name))
            .map(|e| e.value.clone())
            .unwrap_or_else(|| Val::unknown(span))
    };
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            lit.push(c);
            continue;
        }
        let hole = match chars.peek() {
            Some('%') => {
                chars.next();
                lit.push('%');
                continue;
            }
            Some('n') => {
                chars.next();
                lit.push('\n');
                continue;
            }
            Some(&open @ ('<' | '{')) => {
                chars.next();
                let close = if open == '<' { '>' } else { '}' };
                let name: String = chars.by_ref().take_while(|c| *c != close).collect();
                if open == '<' {
                    // `%<name>s`: flags, width and a conversion letter follow.
                    while let Some(&d) = chars.peek() {
                        chars.next();
                        if d.is_ascii_alphabetic() {
                            break;
                        }
                    }
                }
                named(&name)
            }
            Some(_) => {
                let mut spec = String::new();
                while let Some(&d) = chars.peek() {
                    spec.push(d);
                    chars.next();
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
                let index = spec
                    .split_once('$')
                    .and_then(|(n, _)| n.parse::<usize>().ok());
                let arg = match index {
                    Some(i) if i >= 1 => args.get(i - 1),
                    _ => {
                        next += 1;
                        args.get(next - 1)
                    }
                };
                arg.cloned().unwrap_or_else(|| Val::unknown(span))
            }
            None => {
                lit.push('%');
                continue;
            }
        };
        if !lit.is_empty() {
            parts.push(Val::new(Value::Str(std::mem::take(&mut lit)), span));
        }
        parts.push(hole);
    }
    if !lit.is_empty() {
        parts.push(Val::new(Value::Str(lit), span));
    }
    if let [only] = parts.as_slice() {
        // `sprintf('%d', $iat)`: the number as text.
        return Val::new(stringify(only.clone()), span);
    }
    concat(parts, span)
}

/// Java `MessageFormat` (`MessageFormat.format("'{'\"iat\":{0}'}'", iat)`): `{n}` takes the
/// n-th value, `'…'` quotes (so `'{'` is a brace) and `''` is one quote. A number given to a
/// plain `{n}` (or `{n,number}`, `{n,number,integer}`) is written by the locale's number format,
/// with grouping separators from 1,000 on: a `Grouped` text. A pattern without `,`
/// (`{n,number,#}`) writes the digits alone. Dates and choices are unknown text.
pub fn message_format(fmt: &str, args: &[Val], span: Span) -> Val {
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut quoted = false;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' if chars.peek() == Some(&'\'') => {
                chars.next();
                lit.push('\'');
            }
            '\'' => quoted = !quoted,
            '{' if !quoted => {
                let mut depth = 0usize;
                let mut spec = String::new();
                for d in chars.by_ref() {
                    match d {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    spec.push(d);
                }
                let mut fields = spec.splitn(3, ',').map(str::trim);
                let index = fields.next().and_then(|n| n.parse::<usize>().ok());
                let (kind, style) = (fields.next(), fields.next());
                let hole = match index.and_then(|i| args.get(i)) {
                    Some(v) => positional_hole(v, kind, style, span),
                    None => Val::unknown(span),
                };
                if !lit.is_empty() {
                    parts.push(Val::new(Value::Str(std::mem::take(&mut lit)), span));
                }
                parts.push(hole);
            }
            c => lit.push(c),
        }
    }
    if !lit.is_empty() {
        parts.push(Val::new(Value::Str(lit), span));
    }
    concat(parts, span)
}

/// What `MessageFormat` writes for one value at a `{n,kind,style}` placeholder.
fn positional_hole(v: &Val, kind: Option<&str>, style: Option<&str>, span: Span) -> Val {
    let number = matches!(v.value, Value::Int(_) | Value::Float(_) | Value::Time(_));
    let grouping = match (kind, style) {
        (None, _) => true,
        (Some("number"), None | Some("integer")) => true,
        (Some("number"), Some(pattern)) => pattern.contains(','),
        _ => return Val::unknown(span),
    };
    if !number {
        return match kind {
            None => v.clone(),
            _ => Val::unknown(span),
        };
    }
    let small = matches!(v.value, Value::Int(n) if n.abs() < 1000);
    let value = if grouping && !small {
        Value::Grouped(boxed(v.clone()))
    } else {
        Value::Text(boxed(v.clone()))
    };
    Val::new(value, v.site)
}

/// Arithmetic on abstract values; `None` when the result is unknown.
pub fn arithmetic(language: Language, op: BinOp, l: &Val, r: &Val) -> Option<Value> {
    use Value::*;
    let int_division = matches!(language, Language::Ruby | Language::Java);
    if let (BinOp::Mod, Str(fmt)) = (op, &l.value) {
        // Python and Ruby `"%s.%s" % (a, b)`.
        if matches!(language, Language::Python | Language::Ruby) {
            let args = match &r.value {
                Array(items) => items.to_vec(),
                _ => vec![r.clone()],
            };
            return Some(format(fmt, &args, l.span).value);
        }
    }
    if let (BinOp::Add, Object(_), Object(_)) = (op, &l.value, &r.value) {
        if language == Language::Php {
            return Some(merge_maps([r, l], l.span));
        }
    }
    if op == BinOp::BitOr {
        return match (&l.value, &r.value) {
            // Python `a | b` on dicts: later keys win.
            (Object(_), Object(_)) => Some(merge_maps([l, r], l.span)),
            // JS `x | 0`: truncation to an integer.
            (_, Int(0)) if language.is_javascript() => to_integer(l),
            _ => None,
        };
    }
    match (&l.value, &r.value) {
        (Int(a), Int(b)) => Some(match op {
            BinOp::Add => Int(a.checked_add(*b)?),
            BinOp::Sub => Int(a.checked_sub(*b)?),
            BinOp::Mul => Int(a.checked_mul(*b)?),
            BinOp::Div | BinOp::IntDiv if *b != 0 => {
                if int_division || op == BinOp::IntDiv || a.checked_rem(*b)? == 0 {
                    Int(a.checked_div_euclid(*b)?)
                } else {
                    Float(*a as f64 / *b as f64)
                }
            }
            BinOp::Mod if *b != 0 => Int(a.checked_rem_euclid(*b)?),
            _ => return None,
        }),
        (Int(_) | Float(_), Int(_) | Float(_)) => {
            let a = num(&l.value)?;
            let b = num(&r.value)?;
            Some(Float(match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div if b != 0.0 => a / b,
                _ => return None,
            }))
        }
        (Time(t), Int(_) | Float(_)) => {
            let n = num(&r.value)?;
            // `iat + 1.5 * 3600` adds a whole number of seconds: no fraction.
            let float = matches!(r.value, Float(f) if f.fract() != 0.0);
            Some(Time(match op {
                BinOp::Add => TimeValue {
                    offset: t.offset + n,
                    fractional: t.fractional || float,
                    ..*t
                },
                BinOp::Sub => TimeValue {
                    offset: t.offset - n,
                    fractional: t.fractional || float,
                    ..*t
                },
                BinOp::Mul if n == 1000.0 && t.unit == Unit::Seconds => TimeValue {
                    unit: Unit::Millis,
                    offset: t.offset * 1000.0,
                    ..*t
                },
                BinOp::Div | BinOp::IntDiv if n == 1000.0 && t.unit == Unit::Millis => {
                    // `ms / 1000.0` is a floating-point division even in Java and Ruby.
                    let float_divisor = matches!(r.value, Float(_));
                    let integer =
                        (int_division && !t.fractional && !float_divisor) || op == BinOp::IntDiv;
                    TimeValue {
                        unit: Unit::Seconds,
                        offset: if integer {
                            (t.offset / 1000.0).trunc()
                        } else {
                            t.offset / 1000.0
                        },
                        fractional: !integer,
                        skew: t.skew,
                    }
                }
                _ => return None,
            }))
        }
        (Int(_) | Float(_), Time(_)) if op == BinOp::Add => arithmetic(language, op, r, l),
        (Time(t), Duration { ms }) => {
            let d = ms.saturating_mul(t.unit.per_second()) as f64 / 1000.0;
            match op {
                BinOp::Add => Some(Time(TimeValue {
                    offset: t.offset + d,
                    ..*t
                })),
                BinOp::Sub => Some(Time(TimeValue {
                    offset: t.offset - d,
                    ..*t
                })),
                _ => None,
            }
        }
        (Time(a), Time(b)) if op == BinOp::Sub && a.unit == b.unit => {
            Some(Int((a.offset - b.offset) as i64))
        }
        (Moment { offset_ms, wall }, Duration { ms }) => match op {
            BinOp::Add => Some(Moment {
                offset_ms: offset_ms.saturating_add(*ms),
                wall: *wall,
            }),
            BinOp::Sub => Some(Moment {
                offset_ms: offset_ms.saturating_sub(*ms),
                wall: *wall,
            }),
            _ => None,
        },
        (Moment { offset_ms, wall }, Int(_) | Float(_)) => {
            let n = num(&r.value)?;
            if language == Language::Ruby {
                // Ruby: Time ± seconds.
                let ms = (n * 1000.0) as i64;
                return match op {
                    BinOp::Add => Some(Moment {
                        offset_ms: offset_ms.saturating_add(ms),
                        wall: *wall,
                    }),
                    BinOp::Sub => Some(Moment {
                        offset_ms: offset_ms.saturating_sub(ms),
                        wall: *wall,
                    }),
                    _ => None,
                };
            }
            if language.is_javascript() && op != BinOp::Add {
                // JS: a Date in arithmetic is its millisecond number.
                let ms = Val::new(moment_to_millis(*offset_ms).with_skew(wall.skew), l.span);
                return arithmetic(language, op, &ms, r);
            }
            None
        }
        // `getTimezoneOffset() * 60 * 1000`: still the zone offset, in another unit.
        (ZoneOffset { scale }, Int(_) | Float(_)) | (Int(_) | Float(_), ZoneOffset { scale })
            if op == BinOp::Mul =>
        {
            let n = num(&r.value).or_else(|| num(&l.value))?;
            Some(ZoneOffset { scale: scale * n })
        }
        (ZoneOffset { scale }, Int(_) | Float(_)) if op == BinOp::Div => {
            let n = num(&r.value)?;
            (n != 0.0).then(|| ZoneOffset { scale: scale / n })
        }
        (Duration { ms: a }, Duration { ms: b }) => match op {
            BinOp::Add => Some(Duration {
                ms: a.saturating_add(*b),
            }),
            BinOp::Sub => Some(Duration {
                ms: a.saturating_sub(*b),
            }),
            _ => None,
        },
        (Duration { ms }, Int(n)) | (Int(n), Duration { ms }) if op == BinOp::Mul => {
            Some(Duration {
                ms: ms.checked_mul(*n)?,
            })
        }
        _ => None,
    }
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}
