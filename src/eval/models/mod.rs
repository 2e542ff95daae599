//! Library models as data: one row per library function whose behaviour is a kind the evaluator
//! already knows — a clock, a date, a duration, a base64 encoder, an HMAC, JSON, text
//! conversion, formatting, a JWT library's sign call, an environment read. The rows live in one
//! table per language (`javascript.rs`, `ruby.rs`, `php.rs`, `java.rs`, `python.rs`); [`call`]
//! finds the row for a call and [`Does::apply`] computes its value. Behaviour that is no such
//! kind (methods of date objects, HMAC objects fed piece by piece, JWT builders, character
//! repairs, merges) stays code in `library` and `python`.
//!
//! CodeQL's models-as-data and semgrep's taint specifications describe libraries the same way.
//! To teach siglint a library function: add a row to the language's table and a fixture that
//! uses it (CONTRIBUTING.md, "Adding a library model").

mod java;
mod javascript;
mod php;
mod python;
mod ruby;

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

use super::library::{
    boxed, format, join, message_format, moment_to_millis, moment_to_seconds, relative_time_ms,
    signed, stringify, to_integer, to_number, zone_named, CallSite,
};
use super::value::*;
use crate::model::Language;

/// How a row names the function it models.
#[derive(Clone, Copy, Debug)]
pub enum Callee {
    /// A function or static method by its dotted path, matched on segment boundaries from the
    /// end: `Base64.getUrlEncoder` matches `java.util.Base64.getUrlEncoder(…)`, and `btoa`
    /// matches `btoa(…)` and `window.btoa(…)`.
    Path(&'static str),
    /// A function called by its bare name, without a receiver: PHP `time()`, Python `int(x)`.
    Function(&'static str),
    /// A method of any receiver, by name: Jackson's `mapper.writeValueAsString(x)`.
    Method(&'static str),
    /// A constructor, by the class's last name: `new SecretKeySpec(…)`, Ruby `OpenSSL::HMAC.new`.
    New(&'static str),
    /// A property read by its dotted path (`CryptoJS.enc.Base64`), matched like `Path`.
    Property(&'static str),
}

impl Callee {
    /// The name calls are indexed by: the path's last segment.
    fn last(&self) -> &'static str {
        match self {
            Callee::Path(p) | Callee::Property(p) | Callee::New(p) => {
                p.rsplit(['.', '\\']).next().unwrap_or(p)
            }
            Callee::Function(n) | Callee::Method(n) => n,
        }
    }

    fn matches(&self, cs: &CallSite) -> bool {
        match self {
            Callee::Path(p) | Callee::Property(p) => cs.path_is(p),
            Callee::Function(n) => cs.receiver.is_none() && cs.method == *n,
            Callee::Method(n) => cs.method == *n,
            Callee::New(p) => cs.path_is(p),
        }
    }
}

/// An argument: by position, or (Python, Ruby) by keyword when it is given that way.
#[derive(Clone, Copy, Debug)]
pub struct ArgRef {
    pub position: usize,
    pub keyword: Option<&'static str>,
}

/// The argument at `position`.
pub const fn arg(position: usize) -> ArgRef {
    ArgRef {
        position,
        keyword: None,
    }
}

/// The argument at `position`, or the keyword argument `keyword`.
pub const fn kwarg(position: usize, keyword: &'static str) -> ArgRef {
    ArgRef {
        position,
        keyword: Some(keyword),
    }
}

impl ArgRef {
    fn get<'a>(&self, cs: &'a CallSite) -> Option<&'a Val> {
        self.keyword
            .and_then(|k| cs.named(k))
            .or_else(|| cs.arg(self.position))
    }
}

/// A condition on the call besides its name.
#[derive(Clone, Copy, Debug)]
pub enum When {
    Always,
    /// Called without arguments (`time()`, not `time(x)`).
    NoArgs,
    /// Called with at most this many arguments.
    AtMostArgs(usize),
    /// Called with at least this many arguments.
    AtLeastArgs(usize),
    /// The argument is the literal `true` (`microtime(true)`).
    ArgTrue(usize),
    /// The argument is absent, not a literal string, or one of these strings
    /// (`Buffer.from(s)`, `Buffer.from(s, 'utf8')`, `Buffer.from(s, encoding)`).
    ArgNotOtherThan(usize, &'static [&'static str]),
    /// The argument is one of these strings (`Buffer.from(s, 'base64')`).
    ArgOneOf(usize, &'static [&'static str]),
    /// The argument is text showing a date's wall-clock fields (`strtotime(gmdate(…))`).
    ArgWallText(usize),
}

impl When {
    fn holds(&self, cs: &CallSite) -> bool {
        let str_arg = |i: usize| cs.arg(i).and_then(|a| a.as_str());
        match *self {
            When::Always => true,
            When::NoArgs => cs.args.is_empty(),
            When::AtMostArgs(n) => cs.args.len() <= n,
            When::AtLeastArgs(n) => cs.args.len() >= n,
            When::ArgTrue(i) => matches!(cs.arg(i).map(|a| &a.value), Some(Value::Bool(true))),
            When::ArgNotOtherThan(i, options) => str_arg(i).is_none_or(|s| options.contains(&s)),
            When::ArgOneOf(i, options) => str_arg(i).is_some_and(|s| options.contains(&s)),
            When::ArgWallText(i) => {
                matches!(cs.arg(i).map(|a| &a.value), Some(Value::WallText { .. }))
            }
        }
    }
}

/// The base64 alphabet an encoder writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alphabet {
    /// `+` and `/` (RFC 4648 §4).
    Standard,
    /// `-` and `_` (RFC 4648 §5).
    UrlSafe,
}

/// Whether an encoder writes `=` padding.
#[derive(Clone, Copy, Debug)]
pub enum Padding {
    Kept,
    Removed,
    /// Kept unless the keyword argument is `false` (Ruby `urlsafe_encode64(x, padding: false)`).
    UnlessFalse(&'static str),
}

/// The hash of an HMAC: an argument (`createHmac('sha256', …)`) or fixed by the function
/// (`CryptoJS.HmacSHA256`).
#[derive(Clone, Copy, Debug)]
pub enum Hash {
    Arg(ArgRef),
    Named(&'static str),
}

/// What an HMAC function returns.
#[derive(Clone, Copy, Debug)]
pub enum DigestOutput {
    /// The raw digest bytes.
    Raw,
    /// The digest as hex text.
    Hex,
    /// The digest as standard base64.
    Base64,
    /// Raw when the argument is `true`, hex text otherwise (PHP `hash_hmac(…, true)`).
    RawIfTrue(usize),
}

/// Where a JWT library's sign call takes its algorithm.
#[derive(Clone, Copy, Debug)]
pub enum AlgorithmFrom {
    Arg(ArgRef),
    /// A field of an options object argument (jsonwebtoken `{ algorithm: 'HS256' }`).
    Option(usize, &'static str),
}

/// A JWT library's sign call.
#[derive(Clone, Copy, Debug)]
pub struct JwtSign {
    pub library: &'static str,
    pub payload: ArgRef,
    pub key: ArgRef,
    pub algorithm: Option<AlgorithmFrom>,
    pub header: Option<ArgRef>,
    /// The payload and header may be given as JSON text (jsrsasign): read through it.
    pub json_text: bool,
    /// An options field that sets `exp` from now (jsonwebtoken `{ expiresIn: '2h' }`).
    pub expires_in: Option<(usize, &'static str)>,
}

/// The behaviour of a library function: one of the kinds the evaluator knows.
#[derive(Clone, Copy, Debug)]
pub enum Does {
    /// The current Unix time as a number: `Date.now()` (ms), `time()` (s), `time.time()`
    /// (fractional s).
    Clock { unit: Unit, fractional: bool },
    /// A date object at the current time: `Instant.now()`, `Carbon::now()`, `datetime.now()`;
    /// `naive` when it is wall-clock fields without a zone, `zone` the zone of its fields.
    Now { naive: Naive, zone: ZoneFrom },
    /// A time zone (`ZoneOffset.UTC`, `timezone.utc`, `ZoneId.of("UTC")`).
    TimeZone(ZoneFrom),
    /// The date object given as the argument, as another date type (`Date.from(instant)`).
    DateOf(ArgRef),
    /// Integer Unix seconds of a date object (`calendar.timegm(d.utctimetuple())`); a naive
    /// date's fields are read as `read_as`.
    EpochSeconds { date: ArgRef, read_as: Zone },
    /// Integer Unix seconds of wall-clock parts given one by one, read as `read_as` (PHP
    /// `mktime(gmdate('H'), gmdate('i'), …)`): known when every part is formatted from a date.
    EpochOfParts { read_as: Zone },
    /// Text showing a date's wall-clock fields (PHP `gmdate(format, time)` in UTC, `date(…)`
    /// in local time); the date is the time argument, now without one.
    FormatWall {
        format: ArgRef,
        time: ArgRef,
        zone: Zone,
    },
    /// Text of a date read back (`strtotime(text)`, `Time.parse(text)`, `DateTime.parse`):
    /// text without a zone is read as `read_as`.
    Parse {
        text: ArgRef,
        read_as: ZoneFrom,
        result: Parsed,
    },
    /// The time a relative-time text names, as a Unix number (`strtotime('+2 hours')`).
    RelativeTime { text: ArgRef, unit: Unit },
    /// A length of time: `Duration.ofHours(n)` (`unit_ms` per unit of the argument).
    Duration { amount: ArgRef, unit_ms: i64 },
    /// Base64 of the argument.
    Base64 {
        input: ArgRef,
        alphabet: Alphabet,
        padding: Padding,
    },
    /// A base64 encoder object (Java `Base64.getUrlEncoder()`); its methods encode.
    Base64Encoder {
        alphabet: Alphabet,
        padding: Padding,
    },
    /// Hex text of the argument.
    Hex(ArgRef),
    /// The bytes of the argument: text encoded, base64 decoded (a key decoded from a literal is
    /// still that literal in the source).
    Bytes(ArgRef),
    /// The argument unchanged (a key object around bytes, `floatval`).
    Same(ArgRef),
    /// The argument as an integer (`Math.floor`, `intval`, `int()`).
    Integer(ArgRef),
    /// The argument as a number (JS `Number(x)`: a date becomes milliseconds).
    Number(ArgRef),
    /// The argument as text (`String(x)`, `strval`).
    Text(ArgRef),
    /// JSON text of the argument.
    Json(ArgRef),
    /// printf-style formatting: the template, then the values.
    Format { template: ArgRef },
    /// Positional `{0}` formatting (Java `MessageFormat.format`): the template, then the
    /// values (or one array of them). `'` quotes, and numbers are written with grouping
    /// separators unless the placeholder gives a pattern (`{0,number,#}`).
    PositionalFormat { template: ArgRef },
    /// `implode(sep, items)`.
    Join { separator: ArgRef, items: ArgRef },
    /// A finished HMAC.
    Hmac {
        hash: Hash,
        key: ArgRef,
        data: ArgRef,
        output: DigestOutput,
    },
    /// An HMAC object fed later (`update`/`doFinal`; the key may come by `init`).
    HmacObject { hash: Hash, key: Option<ArgRef> },
    /// A signing key with its algorithm (java-jwt `Algorithm.HMAC256(secret)`).
    SigningKey {
        algorithm: &'static str,
        key: ArgRef,
    },
    /// A JWT builder (jjwt `Jwts.builder()`); its methods add claims and sign.
    JwtBuilder,
    /// A signer object or constant that names a JWT algorithm and nothing else (lcobucci/jwt
    /// `new Signer\Hmac\Sha512()`, nimbus `JWSAlgorithm.HS256`): the algorithm's name.
    Algorithm(&'static str),
    /// A JWT configuration made of a signer and a key (lcobucci/jwt
    /// `Configuration::forSymmetricSigner(new Sha256(), InMemory::plainText($secret))`): its
    /// `builder()`, `signer()` and `signingKey()` are code in `library`.
    SignerConfig { signer: ArgRef, key: ArgRef },
    /// A JWT header naming its algorithm (nimbus `new JWSHeader(JWSAlgorithm.HS256)`): a builder
    /// without claims whose header holds `alg`; its other methods keep it.
    JwtHeader { algorithm: ArgRef },
    /// An unsigned JWT of a header and a claims set (nimbus `new SignedJWT(header, claims)`):
    /// a builder that its `sign(signer)` signs.
    JwtOf { header: ArgRef, claims: ArgRef },
    /// A JWT library's sign call.
    JwtSign(JwtSign),
    /// A configuration or environment read with a default (`ENV.fetch('X', 'dev')`): either the
    /// run-time value or the default may be used.
    ReadWithDefault { default: ArgRef },
}

/// Whether a clock gives naive wall-clock fields.
#[derive(Clone, Copy, Debug)]
pub enum Naive {
    /// An instant (`Instant.now()`, `new Date()`, `Time.now`).
    No,
    /// Naive fields (`datetime.utcnow()`, `LocalDateTime.now()`).
    Yes,
    /// Naive unless a zone is given (Python `datetime.now(tz)`).
    UnlessArg(ArgRef),
}

/// Where a zone comes from.
#[derive(Clone, Copy, Debug)]
pub enum ZoneFrom {
    Fixed(Zone),
    /// The zone the argument names; local time without one, some other zone when it cannot
    /// be told.
    Arg(ArgRef),
}

impl ZoneFrom {
    fn zone(&self, cs: &CallSite) -> Zone {
        match self {
            ZoneFrom::Fixed(z) => *z,
            ZoneFrom::Arg(a) => match a.get(cs).map(|v| &v.value) {
                None => Zone::Local,
                Some(Value::TimeZone(z)) => *z,
                Some(Value::Str(s)) => zone_named(s),
                Some(_) => Zone::Other,
            },
        }
    }
}

/// What a parse call gives.
#[derive(Clone, Copy, Debug)]
pub enum Parsed {
    /// A date object.
    Date,
    /// A Unix time number (`strtotime`, `Date.parse`).
    Epoch(Unit),
}

/// One library function.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    pub callee: Callee,
    pub when: When,
    pub does: Does,
}

/// A row that applies whenever the callee matches.
pub const fn row(callee: Callee, does: Does) -> Row {
    Row {
        callee,
        when: When::Always,
        does,
    }
}

/// A row with a condition on the call.
pub const fn row_when(callee: Callee, when: When, does: Does) -> Row {
    Row { callee, when, does }
}

/// The language families whose tables differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Family {
    JavaScript,
    Ruby,
    Php,
    Java,
    Python,
}

fn family(language: Language) -> Family {
    match language {
        Language::JavaScript | Language::TypeScript | Language::Tsx => Family::JavaScript,
        Language::Ruby => Family::Ruby,
        Language::Php => Family::Php,
        Language::Java => Family::Java,
        Language::Python => Family::Python,
    }
}

fn table(f: Family) -> &'static [Row] {
    match f {
        Family::JavaScript => javascript::ROWS,
        Family::Ruby => ruby::ROWS,
        Family::Php => php::ROWS,
        Family::Java => java::ROWS,
        Family::Python => python::ROWS,
    }
}

/// What a row is looked up as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Lookup {
    Call,
    New,
    Property,
}

impl Callee {
    fn lookup(&self) -> Lookup {
        match self {
            Callee::New(_) => Lookup::New,
            Callee::Property(_) => Lookup::Property,
            _ => Lookup::Call,
        }
    }
}

/// The rows by (family, last name, kind of lookup), in table order.
type Index = HashMap<(Family, &'static str, Lookup), Vec<&'static Row>>;

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map: Index = HashMap::new();
        for f in [
            Family::JavaScript,
            Family::Ruby,
            Family::Php,
            Family::Java,
            Family::Python,
        ] {
            for r in table(f) {
                map.entry((f, r.callee.last(), r.callee.lookup()))
                    .or_default()
                    .push(r);
            }
        }
        map
    })
}

/// Every row of every table (for tests and documentation).
pub fn all_rows() -> impl Iterator<Item = (&'static str, &'static Row)> {
    [
        ("javascript", javascript::ROWS),
        ("ruby", ruby::ROWS),
        ("php", php::ROWS),
        ("java", java::ROWS),
        ("python", python::ROWS),
    ]
    .into_iter()
    .flat_map(|(l, rows)| rows.iter().map(move |r| (l, r)))
}

/// The value of a library call a row models; `None` when no row matches (or the row's
/// behaviour gives nothing for these arguments).
pub fn call(cs: &CallSite) -> Option<Value> {
    lookup(cs, Lookup::Call)
}

/// The value of a constructor call (`new X(args)`, `X.new(args)`) a row models.
pub fn construct(cs: &CallSite) -> Option<Value> {
    lookup(cs, Lookup::New)
}

/// The rows for the call's name and, when the file imports the callee under another name
/// (PHP `use Lcobucci\JWT\Signer\Hmac\Sha256 as HmacSha256;`), for the imported name.
fn lookup(cs: &CallSite, kind: Lookup) -> Option<Value> {
    let f = family(cs.language);
    let apply = |name: &str| {
        index().get(&(f, name, kind)).and_then(|rows| {
            rows.iter()
                .filter(|r| r.callee.matches(cs) && r.when.holds(cs))
                .find_map(|r| r.does.apply(cs))
        })
    };
    if let Some(v) = apply(cs.method) {
        return Some(v);
    }
    let imported = cs.qualified?.rsplit(['.', '\\']).next()?;
    (imported != cs.method).then(|| apply(imported)).flatten()
}

/// The value of a property read (`CryptoJS.enc.Base64`) a row models; `cs.method` is the
/// property's name, `cs.path` the whole path.
pub fn property(cs: &CallSite) -> Option<Value> {
    let rows = index().get(&(family(cs.language), cs.method, Lookup::Property))?;
    rows.iter()
        .filter(|r| r.callee.matches(cs))
        .find_map(|r| r.does.apply(cs))
}

impl Does {
    /// Computes the value of a call this behaviour describes.
    pub fn apply(&self, cs: &CallSite) -> Option<Value> {
        let span = cs.span;
        let get = |a: &ArgRef| a.get(cs);
        Some(match *self {
            Does::Clock { unit, fractional } => match unit {
                Unit::Seconds => moment_to_seconds(0, fractional),
                Unit::Millis => moment_to_millis(0),
            },
            Does::Now { naive, zone } => {
                let zone = zone.zone(cs);
                let naive = match naive {
                    Naive::No => false,
                    Naive::Yes => true,
                    Naive::UnlessArg(a) => get(&a).is_none(),
                };
                Value::Moment {
                    offset_ms: 0,
                    wall: if naive {
                        Wall::naive(zone, span)
                    } else {
                        Wall::aware(zone)
                    },
                }
            }
            Does::TimeZone(zone) => Value::TimeZone(zone.zone(cs)),
            Does::DateOf(a) => match get(&a)?.value {
                Value::Moment { offset_ms, wall } => Value::Moment { offset_ms, wall },
                _ => return None,
            },
            Does::EpochSeconds { date, read_as } => match get(&date)?.value {
                Value::Moment { offset_ms, wall } => {
                    moment_to_seconds(offset_ms, false).with_skew(wall.read_as(read_as, span))
                }
                _ => return None,
            },
            Does::EpochOfParts { read_as } => {
                let mut walls = cs.args.iter().map(|a| match a.val.value {
                    Value::WallText { wall, .. } => Some(wall),
                    _ => None,
                });
                let first = walls.next()??;
                if !walls.all(|w| w.is_some_and(|w| w.zone == first.zone)) {
                    return None;
                }
                moment_to_seconds(0, false).with_skew(first.read_as(read_as, span))
            }
            Does::FormatWall { format, time, zone } => {
                let (offset_ms, skew) = match get(&time).map(|t| &t.value) {
                    None => (0, None),
                    Some(Value::Time(t)) if t.unit == Unit::Seconds => {
                        ((t.offset * 1000.0) as i64, t.skew)
                    }
                    _ => return None,
                };
                let shape = php_date_format(get(&format)?.as_str()?);
                if shape.zone {
                    return None;
                }
                Value::WallText {
                    offset_ms,
                    wall: Wall {
                        skew,
                        ..Wall::naive(zone, span)
                    },
                    complete: shape.complete,
                }
            }
            Does::Parse {
                text,
                read_as,
                result,
            } => {
                let Value::WallText {
                    offset_ms,
                    wall,
                    complete: true,
                } = get(&text)?.value
                else {
                    return None;
                };
                let wall = wall.interpreted(read_as.zone(cs), span);
                match result {
                    Parsed::Date => Value::Moment { offset_ms, wall },
                    Parsed::Epoch(Unit::Seconds) => {
                        moment_to_seconds(offset_ms, false).with_skew(wall.skew)
                    }
                    Parsed::Epoch(Unit::Millis) => moment_to_millis(offset_ms).with_skew(wall.skew),
                }
            }
            Does::RelativeTime { text, unit } => {
                let ms = relative_time_ms(get(&text)?.as_str()?)?;
                match unit {
                    Unit::Seconds => moment_to_seconds(ms, false),
                    Unit::Millis => moment_to_millis(ms),
                }
            }
            Does::Duration { amount, unit_ms } => Value::Duration {
                ms: match get(&amount).map(|v| &v.value) {
                    Some(Value::Int(n)) => n.checked_mul(unit_ms)?,
                    Some(Value::Float(f)) => (f * unit_ms as f64) as i64,
                    Some(Value::Duration { ms }) => *ms,
                    None => unit_ms,
                    _ => return None,
                },
            },
            Does::Base64 {
                input,
                alphabet,
                padding,
            } => Value::Encoded(boxed(get(&input)?.clone()), encoding(cs, alphabet, padding)),
            Does::Base64Encoder { alphabet, padding } => {
                Value::Encoder(encoding(cs, alphabet, padding))
            }
            Does::Hex(a) => Value::Hex(boxed(get(&a)?.clone())),
            // Bytes of bytes are those bytes.
            Does::Bytes(a) => match get(&a)? {
                v @ Val {
                    value: Value::Bytes(_),
                    ..
                } => v.value.clone(),
                v => Value::Bytes(boxed(v.clone())),
            },
            Does::Same(a) => get(&a)?.value.clone(),
            Does::Integer(a) => to_integer(get(&a)?)?,
            Does::Number(a) => to_number(cs.language, get(&a)?)?,
            Does::Text(a) => stringify(get(&a)?.clone()),
            Does::Json(a) => Value::Json(boxed(get(&a)?.clone())),
            Does::Format { template } => {
                let fmt = get(&template)?.as_str()?;
                let rest: Vec<Val> = cs
                    .args
                    .iter()
                    .filter(|a| a.name.is_none())
                    .skip(template.position + 1)
                    .map(|a| a.val.clone())
                    .collect();
                format(fmt, &rest, span).value
            }
            Does::PositionalFormat { template } => {
                let fmt = get(&template)?.as_str()?;
                let mut rest: Vec<Val> = cs
                    .args
                    .iter()
                    .filter(|a| a.name.is_none())
                    .skip(template.position + 1)
                    .map(|a| a.val.clone())
                    .collect();
                if let [Val {
                    value: Value::Array(items),
                    ..
                }] = rest.as_slice()
                {
                    rest = items.to_vec();
                }
                message_format(fmt, &rest, span).value
            }
            Does::Join { separator, items } => {
                let Value::Array(list) = &get(&items)?.value else {
                    return None;
                };
                join(list, get(&separator)?.as_str()?, span).value
            }
            Does::Hmac {
                hash,
                key,
                data,
                output,
            } => {
                let h = Hmac {
                    algorithm: hash_name(cs, hash),
                    key: get(&key)?.clone(),
                    data: vec![get(&data)?.clone()],
                };
                let digest = Val::new(Value::Digest(Rc::new(h)), span);
                match output {
                    DigestOutput::Raw => digest.value,
                    DigestOutput::Hex => Value::Hex(boxed(digest)),
                    DigestOutput::Base64 => Value::Encoded(boxed(digest), Encoding::standard(span)),
                    DigestOutput::RawIfTrue(i) => {
                        if matches!(cs.arg(i).map(|a| &a.value), Some(Value::Bool(true))) {
                            digest.value
                        } else {
                            Value::Hex(boxed(digest))
                        }
                    }
                }
            }
            Does::HmacObject { hash, key } => Value::HmacState(Rc::new(Hmac {
                algorithm: hash_name(cs, hash),
                key: match key {
                    Some(k) => get(&k)?.clone(),
                    None => Val::unknown(span),
                },
                data: Vec::new(),
            })),
            Does::SigningKey { algorithm, key } => Value::SigningKey {
                algorithm: Rc::new(Val::new(Value::Str(algorithm.to_string()), span)),
                key: Rc::new(get(&key)?.clone()),
            },
            Does::JwtBuilder => Value::JwtBuilder(Rc::new(JwtBuilder {
                claims: empty_obj(span),
                header: empty_obj(span),
                algorithm: None,
                key: None,
                in_header: false,
            })),
            Does::Algorithm(name) => Value::Str(name.to_string()),
            Does::SignerConfig { signer, key } => Value::SigningKey {
                algorithm: Rc::new(get(&signer)?.clone()),
                key: Rc::new(get(&key)?.clone()),
            },
            Does::JwtHeader { algorithm } => {
                let alg = get(&algorithm)?.clone();
                let mut header = empty_obj(span);
                header.set("alg".into(), alg.clone(), alg.span);
                Value::JwtBuilder(Rc::new(JwtBuilder {
                    claims: empty_obj(span),
                    header,
                    algorithm: Some(alg),
                    key: None,
                    in_header: false,
                }))
            }
            Does::JwtOf { header, claims } => {
                let (header, algorithm) = match get(&header).map(|h| &h.value) {
                    Some(Value::JwtBuilder(h)) => (h.header.clone(), h.algorithm.clone()),
                    Some(Value::Object(o)) => {
                        ((**o).clone(), o.get("alg").map(|e| e.value.clone()))
                    }
                    _ => (
                        Obj {
                            class: None,
                            open: true,
                            ..empty_obj(span)
                        },
                        None,
                    ),
                };
                let claims = match get(&claims).and_then(|c| c.as_object()) {
                    Some(o) => o.clone(),
                    None => Obj {
                        class: None,
                        open: true,
                        ..empty_obj(span)
                    },
                };
                Value::JwtBuilder(Rc::new(JwtBuilder {
                    claims,
                    header,
                    algorithm,
                    key: None,
                    in_header: false,
                }))
            }
            Does::JwtSign(s) => jwt_sign(cs, &s)?,
            Does::ReadWithDefault { default } => {
                Value::Choice(vec![Val::unknown(span), get(&default)?.clone()].into())
            }
        })
    }
}

/// What a date format writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatShape {
    /// The zone or offset, or the epoch itself: the text is not naive.
    pub zone: bool,
    /// The date and the time of day to the minute: parsing the text back gives the instant.
    pub complete: bool,
}

/// The shape of a PHP `date()` format (`Y-m-d H:i:s`); `\x` escapes a letter.
pub fn php_date_format(format: &str) -> FormatShape {
    let mut letters = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            chars.next();
        } else {
            letters.push(c);
        }
    }
    let has = |set: &str| letters.chars().any(|c| set.contains(c));
    FormatShape {
        zone: has("eTOPpZcrU"),
        complete: has("dj") && has("mnMF") && has("Yy") && has("GHgh") && has("i"),
    }
}

/// The shape of a `strftime` format (Ruby, Python, C).
pub fn strftime_format(format: &str) -> FormatShape {
    let mut directives = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            // Flags and widths (`%-d`, `%:z`, `%3N`) come before the directive letter.
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() || d == '%' {
                    directives.push(d);
                    break;
                }
            }
        }
    }
    let has = |set: &str| directives.chars().any(|c| set.contains(c));
    let whole = has("cF") || (has("de") && has("mbB") && has("Yy"));
    FormatShape {
        zone: has("zZs"),
        complete: has("c") || (whole && (has("TRX") || (has("HIkl") && has("M")))),
    }
}

fn encoding(cs: &CallSite, alphabet: Alphabet, padding: Padding) -> Encoding {
    let padded = match padding {
        Padding::Kept => true,
        Padding::Removed => false,
        Padding::UnlessFalse(k) => {
            !matches!(cs.named(k).map(|v| &v.value), Some(Value::Bool(false)))
        }
    };
    match alphabet {
        Alphabet::Standard => Encoding {
            padded,
            ..Encoding::standard(cs.span)
        },
        Alphabet::UrlSafe => Encoding::url(padded, cs.span),
    }
}

fn hash_name(cs: &CallSite, hash: Hash) -> Option<String> {
    match hash {
        Hash::Named(n) => Some(n.to_string()),
        Hash::Arg(a) => a.get(cs).and_then(|v| v.as_str()).map(str::to_string),
    }
}

pub(super) fn empty_obj(span: crate::model::Span) -> Obj {
    Obj {
        class: None,
        entries: Vec::new(),
        open: false,
        span,
    }
}

fn jwt_sign(cs: &CallSite, s: &JwtSign) -> Option<Value> {
    let unjson = |v: &Val| match (&v.value, s.json_text) {
        (Value::Json(inner), true) => (**inner).clone(),
        _ => v.clone(),
    };
    let payload = unjson(s.payload.get(cs)?);
    let key = s.key.get(cs)?.clone();
    let header = s.header.and_then(|h| h.get(cs)).map(unjson);
    let algorithm = match s.algorithm {
        Some(AlgorithmFrom::Arg(a)) => a.get(cs).cloned(),
        Some(AlgorithmFrom::Option(i, field)) => cs
            .arg(i)
            .and_then(|o| o.as_object())
            .and_then(|o| o.get(field))
            .map(|e| e.value.clone()),
        None => None,
    };
    let payload = match s.expires_in {
        Some((i, field)) => with_expiry_from_now(&payload, cs.arg(i), field),
        None => payload,
    };
    Some(signed(s.library, payload, header, algorithm, key))
}

/// jsonwebtoken's `expiresIn`: the library writes `exp = iat + expiresIn`, `iat` defaulting to
/// now (a number is seconds, a text like `'2h'` a relative time).
fn with_expiry_from_now(payload: &Val, options: Option<&Val>, field: &str) -> Val {
    let (Value::Object(o), Some(Value::Object(opts))) = (&payload.value, options.map(|o| &o.value))
    else {
        return payload.clone();
    };
    let Some(e) = opts.get(field) else {
        return payload.clone();
    };
    let ms = match &e.value.value {
        Value::Int(n) => n.checked_mul(1000),
        Value::Str(s) => relative_time_ms(s),
        _ => None,
    };
    let Some(ms) = ms else {
        return payload.clone();
    };
    let mut o2 = (**o).clone();
    let base = o.get("iat").and_then(|e| match e.value.value {
        Value::Time(t) => Some(t),
        _ => None,
    });
    let t = base.unwrap_or(TimeValue::now(Unit::Seconds));
    let exp = TimeValue {
        offset: t.offset + (ms / 1000 * t.unit.per_second()) as f64,
        ..t
    };
    o2.set(
        "exp".into(),
        Val::new(Value::Time(exp), e.value.span),
        e.key_span,
    );
    Val::new(Value::Object(Rc::new(o2)), payload.span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_reachable_from_the_index() {
        for (language, r) in all_rows() {
            let f = match language {
                "javascript" => Family::JavaScript,
                "ruby" => Family::Ruby,
                "php" => Family::Php,
                "java" => Family::Java,
                _ => Family::Python,
            };
            let found = index()
                .get(&(f, r.callee.last(), r.callee.lookup()))
                .is_some_and(|rs| rs.iter().any(|x| std::ptr::eq(*x, r)));
            assert!(found, "{language}: {:?} is not indexed", r.callee);
        }
    }

    #[test]
    fn no_row_is_shadowed_by_an_earlier_row_of_the_same_callee() {
        // Two rows for one callee are fine only when the first has a condition.
        let mut seen: HashMap<(String, String), bool> = HashMap::new();
        for (language, r) in all_rows() {
            let key = (language.to_string(), format!("{:?}", r.callee));
            if let Some(&unconditional) = seen.get(&key) {
                assert!(
                    !unconditional,
                    "{language}: {:?} has a row after an unconditional one",
                    r.callee
                );
            }
            seen.insert(key, matches!(r.when, When::Always));
        }
    }
}
