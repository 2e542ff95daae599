//! Abstract values computed by the evaluator.

use std::rc::Rc;

use crate::model::{FileId, FunctionId, ScopeId, Span};

/// The unit a timestamp number is expressed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Seconds,
    Millis,
}

impl Unit {
    pub fn per_second(self) -> i64 {
        match self {
            Unit::Seconds => 1,
            Unit::Millis => 1000,
        }
    }
}

/// A Unix timestamp number: `now + offset`, in `unit`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeValue {
    pub unit: Unit,
    /// Offset from the current time, in `unit`.
    pub offset: f64,
    /// The number may have a fractional part (`Date.now() / 1000`, `Time.now.to_f`).
    pub fractional: bool,
    /// Set when the number is off by the server's UTC offset (SIG013): wall-clock time of one
    /// zone was read as another's. `offset` leaves it out: for every other rule a skewed clock
    /// is still "now".
    pub skew: Option<Skew>,
}

impl TimeValue {
    pub fn now(unit: Unit) -> TimeValue {
        TimeValue {
            unit,
            offset: 0.0,
            fractional: false,
            skew: None,
        }
    }

    /// The offset from now in seconds.
    pub fn offset_seconds(&self) -> f64 {
        self.offset / self.unit.per_second() as f64
    }
}

/// The time zone wall-clock fields (hours, minutes…) are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// The server's own zone (`datetime.now()`, `LocalDateTime.now()`, PHP `date()`).
    Local,
    /// UTC (`datetime.utcnow()`, `gmdate()`, `ZoneOffset.UTC`).
    Utc,
    /// A named zone or one siglint cannot tell (`ZoneId.of("Asia/Tokyo")`, Rails' `Time.zone`):
    /// reading it as another zone may be right on the servers it runs on.
    Other,
}

/// How a time came to be off by the server's UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkewKind {
    /// UTC wall-clock time read as the server's local time (`datetime.utcnow().timestamp()`,
    /// `strtotime(gmdate(…))`).
    UtcReadAsLocal,
    /// Local wall-clock time read as UTC (`calendar.timegm(datetime.now().timetuple())`,
    /// `LocalDateTime.now().toEpochSecond(ZoneOffset.UTC)`).
    LocalReadAsUtc,
    /// The zone offset added to (or subtracted from) an epoch time, which has none
    /// (`Date.now() - new Date().getTimezoneOffset() * 60000`).
    OffsetApplied,
}

/// Where and how a time was skewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Skew {
    pub kind: SkewKind,
    /// The expression that reads one zone's wall-clock time as another's (the `.timestamp()`
    /// call, the `strtotime`, the `-` that applies the offset).
    pub at: Span,
    /// The expression that produced the wall-clock time that is misread (`datetime.utcnow()`,
    /// `gmdate(…)`), when it is a different one.
    pub source: Option<Span>,
}

/// What a date object knows about time zones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wall {
    /// The zone its wall-clock fields are in.
    pub zone: Zone,
    /// Naive: wall-clock fields without a zone (Python's naive `datetime`, a `struct_time`,
    /// Java's `LocalDateTime`, formatted text without an offset). Converting it to an epoch
    /// time reads the fields as some zone; a zone other than `zone` skews it.
    pub naive: bool,
    /// Where the fields were produced (for the finding's related location).
    pub source: Option<Span>,
    /// Set when the date is already off by the UTC offset.
    pub skew: Option<Skew>,
}

impl Wall {
    /// An instant: a date that knows its instant, showing local fields (JS `Date`, Ruby `Time`,
    /// Java `Instant`).
    pub const INSTANT: Wall = Wall {
        zone: Zone::Local,
        naive: false,
        source: None,
        skew: None,
    };

    /// Naive wall-clock fields in `zone`, produced at `source`.
    pub fn naive(zone: Zone, source: Span) -> Wall {
        Wall {
            zone,
            naive: true,
            source: Some(source),
            skew: None,
        }
    }

    /// An instant showing its fields in `zone`.
    pub fn aware(zone: Zone) -> Wall {
        Wall {
            zone,
            ..Wall::INSTANT
        }
    }

    /// The skew of converting this date to an epoch time at `at`, reading naive fields as
    /// `read_as` (an instant converts without any).
    pub fn read_as(&self, read_as: Zone, at: Span) -> Option<Skew> {
        if self.skew.is_some() || !self.naive {
            return self.skew;
        }
        let kind = match (self.zone, read_as) {
            (Zone::Utc, Zone::Local) => SkewKind::UtcReadAsLocal,
            (Zone::Local, Zone::Utc) => SkewKind::LocalReadAsUtc,
            _ => return None,
        };
        Some(Skew {
            kind,
            at,
            source: self.source,
        })
    }

    /// The instant this date becomes when its fields are read as `zone` at `at` (Python
    /// `replace(tzinfo=…)`, Java `atZone(…)`, PHP `new DateTime(text)`).
    pub fn interpreted(&self, zone: Zone, at: Span) -> Wall {
        Wall {
            zone,
            naive: false,
            source: self.source,
            skew: self.read_as(zone, at),
        }
    }

    /// Its wall-clock fields, without a zone (`timetuple()`, `toLocalDateTime()`, `strftime`).
    pub fn fields(&self, at: Span) -> Wall {
        Wall {
            naive: true,
            source: self.source.or(Some(at)),
            ..*self
        }
    }
}

/// The base64 flavour a value was encoded with, after any later character replacements.
#[derive(Clone, Debug, PartialEq)]
pub struct Encoding {
    /// `+` no longer appears (replaced by `-`, or the url-safe alphabet was used).
    pub plus_safe: bool,
    /// `/` no longer appears (replaced by `_`, or the url-safe alphabet was used).
    pub slash_safe: bool,
    /// `=` padding may still be present.
    pub padded: bool,
    /// The encoder expression (where a finding points).
    pub span: Span,
    /// Where the encoder was made: a Java `Base64.getEncoder()` called long before
    /// `encodeToString`. The encoding call itself for one-call encoders.
    pub factory: Span,
}

impl Encoding {
    pub fn standard(span: Span) -> Encoding {
        Encoding {
            plus_safe: false,
            slash_safe: false,
            padded: true,
            span,
            factory: span,
        }
    }

    pub fn url(padded: bool, span: Span) -> Encoding {
        Encoding {
            plus_safe: true,
            slash_safe: true,
            padded,
            span,
            factory: span,
        }
    }

    pub fn is_url_safe(&self) -> bool {
        self.plus_safe && self.slash_safe && !self.padded
    }

    /// Combines what two evaluations of the same encoder saw: a repair seen on any path counts.
    pub fn merge(&mut self, other: &Encoding) {
        self.plus_safe |= other.plus_safe;
        self.slash_safe |= other.slash_safe;
        self.padded &= other.padded;
    }
}

/// An HMAC under construction or computed.
#[derive(Clone, Debug)]
pub struct Hmac {
    pub algorithm: Option<String>,
    pub key: Val,
    /// The message parts fed so far.
    pub data: Vec<Val>,
}

/// A key/value collection: object literal, hash, dict, map, or the claims of a JWT builder.
#[derive(Clone, Debug)]
pub struct Obj {
    pub entries: Vec<ObjEntry>,
    /// Some entries are unknown (a spread, a computed key).
    pub open: bool,
    /// The literal or constructor expression (where a payload-level finding points).
    pub span: Span,
    /// The class of the project the object is an instance of (`new ZoomSigner(key, secret)`):
    /// its methods are called with the object as `this`.
    pub class: Option<(FileId, ScopeId)>,
}

#[derive(Clone, Debug)]
pub struct ObjEntry {
    pub key: String,
    pub value: Val,
    pub key_span: Span,
}

impl Obj {
    pub fn get(&self, key: &str) -> Option<&ObjEntry> {
        self.entries.iter().rev().find(|e| e.key == key)
    }

    pub fn set(&mut self, key: String, value: Val, key_span: Span) {
        self.entries.retain(|e| e.key != key);
        self.entries.push(ObjEntry {
            key,
            value,
            key_span,
        });
    }
}

/// A JWT under construction by a builder API.
#[derive(Clone, Debug)]
pub struct JwtBuilder {
    pub claims: Obj,
    /// Header parameters set so far (`setHeaderParam`, `withHeader`, `setProtectedHeader`).
    pub header: Obj,
    pub algorithm: Option<Val>,
    pub key: Option<Val>,
    /// jjwt 0.12's nested builders: `header().add(…).and()` adds header parameters,
    /// `claims().add(…).and()` claims.
    pub in_header: bool,
}

/// What a JWT library call produced.
#[derive(Clone, Debug)]
pub struct SignedToken {
    pub library: &'static str,
    pub payload: Val,
    pub header: Option<Val>,
    pub algorithm: Option<Val>,
    pub key: Val,
}

#[derive(Clone, Debug)]
pub enum Value {
    Unknown,
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
    Str(String),
    Regex(String),
    Time(TimeValue),
    /// A claim a JWT library computes in seconds from a date object it was given
    /// (`setIssuedAt(new Date())`, PyJWT datetimes): a timestamp, but not an expression a fix
    /// may do arithmetic on.
    DateSeconds(TimeValue),
    /// A date object (JS `Date`, Java `Date`/`Instant`, Ruby `Time`, PHP `DateTime`/Carbon,
    /// Python `datetime`) at now + `offset_ms`.
    Moment {
        offset_ms: i64,
        wall: Wall,
    },
    /// Text showing a date's wall-clock fields (`gmdate('Y-m-d H:i:s')`, `strftime`): naive when
    /// the format writes no zone. `complete` when it has the date and the time of day, so that
    /// parsing it back gives the same instant; parts (`gmdate('H')`) feed `mktime`.
    WallText {
        offset_ms: i64,
        wall: Wall,
        complete: bool,
    },
    /// A time zone (`ZoneOffset.UTC`, `timezone.utc`, `ZoneId.systemDefault()`).
    TimeZone(Zone),
    /// The server's UTC offset as a number: `new Date().getTimezoneOffset()` (minutes) times
    /// `scale`.
    ZoneOffset {
        scale: f64,
    },
    /// A length of time (`30.seconds`, `timedelta(hours=2)`, `Duration.ofHours(2)`).
    Duration {
        ms: i64,
    },
    /// A number turned into a string (`String(iat)`, `iat.toString()`, `"#{iat}"`).
    Text(Rc<Val>),
    /// A number written with grouping separators (Java `MessageFormat`'s `{0}` of a long:
    /// `1,733,500,000`): text that no JSON reader takes for the number.
    Grouped(Rc<Val>),
    Object(Rc<Obj>),
    Array(Rc<Vec<Val>>),
    /// A string made by concatenation, interpolation, formatting or join, part by part.
    Concat(Rc<Vec<Val>>),
    /// The bytes of a value (`Buffer.from(x)`, `x.getBytes()`, `x.encode()`).
    Bytes(Rc<Val>),
    /// A base64 encoding of `inner`.
    Encoded(Rc<Val>, Encoding),
    /// A base64 encoder object (Java `Base64.getUrlEncoder()`); `Encoding.span` is unused.
    Encoder(Encoding),
    /// JSON text of a value (`JSON.stringify`, `json_encode`, `to_json`).
    Json(Rc<Val>),
    /// Hex text of a value (`digest('hex')`, `hexdigest`).
    Hex(Rc<Val>),
    /// An HMAC object still accepting data (`crypto.createHmac`, `Mac.getInstance`).
    HmacState(Rc<Hmac>),
    /// The raw digest of an HMAC.
    Digest(Rc<Hmac>),
    /// A JWT builder with its claims (jjwt, java-jwt, jose `SignJWT`).
    JwtBuilder(Rc<JwtBuilder>),
    /// A signing key object with its algorithm (java-jwt `Algorithm.HMAC256(secret)`, jjwt
    /// `SignatureAlgorithm.HS512`): `key` is unknown when only the algorithm is named.
    SigningKey {
        algorithm: Rc<Val>,
        key: Rc<Val>,
    },
    /// A token produced by a JWT library.
    Signed(Rc<SignedToken>),
    /// An instance of a known library class without state that matters (`new TextEncoder()`).
    Library(&'static str),
    /// A function of a file (a helper called with the caller's arguments).
    Function(FileId, FunctionId),
    /// A class of a file: its constants, static fields and methods.
    Class(FileId, ScopeId),
    /// A module of the project (a file brought in by an import): its exports.
    Module(FileId),
    /// One of several values (a ternary, a helper with several returns).
    Choice(Rc<Vec<Val>>),
}

impl Value {
    /// A date object at now + `offset_ms` that knows its instant.
    pub fn moment(offset_ms: i64) -> Value {
        Value::Moment {
            offset_ms,
            wall: Wall::INSTANT,
        }
    }

    /// This timestamp (or date), off by the UTC offset as `skew` says (nothing when `None`).
    pub fn with_skew(self, skew: Option<Skew>) -> Value {
        let Some(skew) = skew else { return self };
        match self {
            Value::Time(t) => Value::Time(TimeValue {
                skew: t.skew.or(Some(skew)),
                ..t
            }),
            Value::DateSeconds(t) => Value::DateSeconds(TimeValue {
                skew: t.skew.or(Some(skew)),
                ..t
            }),
            Value::Moment { offset_ms, wall } => Value::Moment {
                offset_ms,
                wall: Wall {
                    skew: wall.skew.or(Some(skew)),
                    ..wall
                },
            },
            other => other,
        }
    }
}

/// How many nested values one walk visits at most.
pub const MAX_WALK: usize = 4096;
/// How many parts a concatenation, array or object keeps before the evaluator gives up on it
/// (minified bundles build huge literals; no signature needs them).
pub const MAX_PARTS: usize = 256;
/// The longest text the evaluator keeps; longer text is unknown (doubling concatenations must
/// not exhaust memory, and no claim, key or JSON payload is this long).
pub const MAX_TEXT: usize = 8 * 1024;
/// How many alternatives a choice keeps.
pub const MAX_CHOICES: usize = 16;

/// A value and the expression it was computed at.
#[derive(Clone, Debug)]
pub struct Val {
    pub value: Value,
    /// Where the value was computed: a variable's definition, the call of a helper.
    pub span: Span,
    /// Where the value was last used as an operand or argument (`iat` in `"…" + iat + "…"` or
    /// in `String.format(t, iat)`): a claim that goes wrong only at its use (quoted into a JSON
    /// string) points here.
    pub site: Span,
}

impl Val {
    pub fn new(value: Value, span: Span) -> Val {
        Val {
            value,
            span,
            site: span,
        }
    }

    /// The same value, used at `site`.
    pub fn at_site(mut self, site: Span) -> Val {
        self.site = site;
        self
    }

    /// The timestamp this value holds, also when it was turned into text (`String(exp)`).
    pub fn time(&self) -> Option<&TimeValue> {
        match &self.value {
            Value::Time(t) | Value::DateSeconds(t) => Some(t),
            Value::Text(inner) | Value::Grouped(inner) => inner.time(),
            _ => None,
        }
    }

    pub fn unknown(span: Span) -> Val {
        Val::new(Value::Unknown, span)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.value, Value::Unknown)
    }

    /// The alternatives this value may take (itself when it is not a choice).
    pub fn alternatives(&self) -> Vec<&Val> {
        match &self.value {
            Value::Choice(vs) => vs.iter().flat_map(|v| v.alternatives()).collect(),
            _ => vec![self],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self.value {
            Value::Int(i) => Some(i),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => Some(f as i64),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Obj> {
        match &self.value {
            Value::Object(o) => Some(o),
            Value::JwtBuilder(b) => Some(&b.claims),
            _ => None,
        }
    }

    /// True when the value is text (a string, concatenation, encoding, JSON…).
    pub fn is_stringy(&self) -> bool {
        matches!(
            self.value,
            Value::Str(_)
                | Value::Concat(_)
                | Value::Text(_)
                | Value::Grouped(_)
                | Value::Encoded(..)
                | Value::Json(_)
                | Value::Hex(_)
                | Value::WallText { .. }
        )
    }

    /// Visits this value and every value nested in it (parts, encodings, digests…), at most
    /// [`MAX_WALK`] values: shared sub-values make a value a DAG whose unfolding can be huge.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Val)) {
        let mut budget = MAX_WALK;
        self.walk_bounded(f, &mut budget);
    }

    fn walk_bounded<'a>(&'a self, f: &mut dyn FnMut(&'a Val), budget: &mut usize) {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        f(self);
        match &self.value {
            Value::Text(v)
            | Value::Grouped(v)
            | Value::Bytes(v)
            | Value::Json(v)
            | Value::Hex(v) => v.walk_bounded(f, budget),
            Value::Encoded(v, _) => v.walk_bounded(f, budget),
            Value::Concat(vs) | Value::Array(vs) | Value::Choice(vs) => {
                for v in vs.iter() {
                    v.walk_bounded(f, budget);
                }
            }
            Value::Digest(h) | Value::HmacState(h) => {
                h.key.walk_bounded(f, budget);
                for d in &h.data {
                    d.walk_bounded(f, budget);
                }
            }
            _ => {}
        }
    }
}
