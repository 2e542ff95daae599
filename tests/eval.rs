//! The evaluator on the time arithmetic and encoder facts of SPEC §3 and §5, in every language.

use siglint::eval::{Evaluator, Unit, Value};
use siglint::lang::lower;
use siglint::model::{ExprKind, Language};

/// Evaluates the last assignment to `name` in `src`.
fn value_of(language: Language, src: &str, name: &str) -> Value {
    let model = lower(language, src).expect("parses");
    let ev = Evaluator::new(&model);
    let a = model
        .assignments
        .iter()
        .rev()
        .find(|a| matches!(model.kind(a.target), ExprKind::Name(n) if n == name))
        .unwrap_or_else(|| panic!("no assignment to {name} in {src}"));
    ev.eval_binding_at_end(a).value
}

/// (unit, offset in that unit, fractional) of a timestamp value.
fn time(v: Value) -> (Unit, f64, bool) {
    match v {
        Value::Time(t) => (t.unit, t.offset, t.fractional),
        other => panic!("expected a timestamp, got {other:?}"),
    }
}

const S: Unit = Unit::Seconds;
const MS: Unit = Unit::Millis;

#[test]
fn javascript_clocks() {
    let js = |src: &str| time(value_of(Language::JavaScript, src, "t"));
    assert_eq!(
        js("const t = Math.floor(Date.now() / 1000) - 30"),
        (S, -30.0, false)
    );
    assert_eq!(
        js("const t = Math.round((new Date().getTime() - 30000) / 1000)"),
        (S, -30.0, false)
    );
    assert_eq!(js("const t = Date.now() / 1000"), (S, 0.0, true));
    assert_eq!(js("const t = +new Date() - 5000"), (MS, -5000.0, false));
    assert_eq!(
        js("const iat = Math.floor(Date.now() / 1000); const t = iat + 60 * 60 * 2 * 1000"),
        (S, 7_200_000.0, false)
    );
    // A clock arriving through a default parameter.
    assert_eq!(
        js("function f(now = Date.now()) { const t = Math.floor(now / 1000) - 30; return t }"),
        (S, -30.0, false)
    );
    // Through a same-file helper and a named constant.
    assert_eq!(
        js("const SKEW = 30\nfunction nowSec() { return Math.floor(Date.now() / 1000) }\nconst t = nowSec() - SKEW"),
        (S, -30.0, false)
    );
    // An object-property constant.
    assert_eq!(
        js("const CFG = { ttl: 60 * 60 * 2 }\nconst iat = Math.floor(Date.now() / 1000)\nconst t = iat + CFG.ttl"),
        (S, 7200.0, false)
    );
}

#[test]
fn ruby_clocks() {
    let rb = |src: &str| time(value_of(Language::Ruby, src, "t"));
    assert_eq!(rb("t = Time.now.to_i"), (S, 0.0, false));
    assert_eq!(rb("t = Time.now.utc.to_i - 30"), (S, -30.0, false));
    assert_eq!(rb("t = (Time.now.to_f * 1000).to_i"), (MS, 0.0, false));
    assert_eq!(rb("t = Time.now.to_f"), (S, 0.0, true));
    assert_eq!(
        rb("t = (Time.current - 30.seconds).to_i"),
        (S, -30.0, false)
    );
    assert_eq!(rb("t = 2.hours.from_now.to_i"), (S, 7200.0, false));
}

#[test]
fn php_clocks() {
    let php = |src: &str| time(value_of(Language::Php, &format!("<?php {src}"), "t"));
    assert_eq!(php("$t = time() * 1000 - 40000;"), (MS, -40_000.0, false));
    assert_eq!(php("$t = time() - 30;"), (S, -30.0, false));
    assert_eq!(
        php("$t = (new DateTime())->getTimestamp();"),
        (S, 0.0, false)
    );
    assert_eq!(
        php("$t = Carbon::now()->addHours(2)->timestamp;"),
        (S, 7200.0, false)
    );
    assert_eq!(
        php("$t = now()->subSeconds(30)->timestamp;"),
        (S, -30.0, false)
    );
    assert_eq!(php("$t = microtime(true);"), (S, 0.0, true));
    assert_eq!(php("$t = (int) round(microtime(true) * 1000);").0, MS);
    assert_eq!(php("$t = strtotime('+2 hours');"), (S, 7200.0, false));
}

#[test]
fn java_clocks() {
    let java = |body: &str| {
        let src = format!("class A {{ long f() {{ {body} return t; }} }}");
        time(value_of(Language::Java, &src, "t"))
    };
    assert_eq!(
        java("long t = System.currentTimeMillis() / 1000;"),
        (S, 0.0, false)
    );
    assert_eq!(
        java("long t = Instant.now().getEpochSecond() - 30;"),
        (S, -30.0, false)
    );
    assert_eq!(
        java("long t = Instant.now().toEpochMilli();"),
        (MS, 0.0, false)
    );
    assert_eq!(java("long t = new Date().getTime();"), (MS, 0.0, false));
    assert_eq!(
        java("long t = Instant.now().plusSeconds(7200).getEpochSecond();"),
        (S, 7200.0, false)
    );
    assert_eq!(
        java("long t = System.currentTimeMillis() / 1000 + TimeUnit.HOURS.toSeconds(2);"),
        (S, 7200.0, false)
    );
}

fn encoding(language: Language, src: &str) -> (bool, bool, bool) {
    match value_of(language, src, "e") {
        Value::Encoded(_, e) => (e.plus_safe, e.slash_safe, e.padded),
        other => panic!("expected an encoding, got {other:?}"),
    }
}

#[test]
fn encoders_and_repairs() {
    const URL: (bool, bool, bool) = (true, true, false);
    const STD: (bool, bool, bool) = (false, false, true);
    let js = |s: &str| encoding(Language::JavaScript, s);
    assert_eq!(js("const e = Buffer.from(x).toString('base64url')"), URL);
    assert_eq!(js("const e = Buffer.from(x).toString('base64')"), STD);
    assert_eq!(
        js("const e = Buffer.from(x).toString('base64').replace(/=+$/, '').replace(/\\//g, '_').replace(/\\+/g, '-')"),
        URL
    );
    // Only the padding stripped: still the standard alphabet.
    assert_eq!(
        js("const e = btoa(x).replace(/=/g, '')"),
        (false, false, false)
    );
    let rb = |s: &str| encoding(Language::Ruby, s);
    assert_eq!(rb("e = Base64.urlsafe_encode64(x, padding: false)"), URL);
    assert_eq!(rb("e = Base64.urlsafe_encode64(x)"), (true, true, true));
    assert_eq!(
        rb("e = Base64.strict_encode64(x).tr('+/', '-_').delete('=')"),
        URL
    );
    let php = |s: &str| encoding(Language::Php, &format!("<?php {s}"));
    assert_eq!(
        php("$e = rtrim(strtr(base64_encode($x), '+/', '-_'), '=');"),
        URL
    );
    assert_eq!(
        php("$e = str_replace(['+', '/', '='], ['-', '_', ''], base64_encode($x));"),
        URL
    );
    assert_eq!(
        php("$e = rtrim(base64_encode($x), '=');"),
        (false, false, false)
    );
    assert_eq!(
        php("$e = preg_replace('/=+$/', '', base64_encode($x));"),
        (false, false, false)
    );
    let java = |s: &str| encoding(Language::Java, &format!("class A {{ void f() {{ {s} }} }}"));
    assert_eq!(
        java("String e = Base64.getUrlEncoder().withoutPadding().encodeToString(b);"),
        URL
    );
    assert_eq!(
        java("String e = Base64.getUrlEncoder().encodeToString(b);"),
        (true, true, true)
    );
    // `=+$` is a regex: the `+` there is a quantifier, not a replaced `+`.
    assert_eq!(
        java("String e = Base64.getEncoder().encodeToString(b).replaceAll(\"=+$\", \"\");"),
        (false, false, false)
    );
}

#[test]
fn python_clocks() {
    let py = |src: &str| time(value_of(Language::Python, src, "t"));
    assert_eq!(py("import time\nt = time.time()"), (S, 0.0, true));
    assert_eq!(py("t = int(time.time()) - 30"), (S, -30.0, false));
    assert_eq!(py("t = int(time.time() * 1000)"), (MS, 0.0, false));
    assert_eq!(py("t = round(time.time())"), (S, 0.0, false));
    assert_eq!(py("t = math.floor(time.time()) - 30"), (S, -30.0, false));
    assert_eq!(
        py("from datetime import datetime, timezone\nt = datetime.now(timezone.utc).timestamp()"),
        (S, 0.0, true)
    );
    assert_eq!(
        py("import datetime\nt = int(datetime.datetime.utcnow().timestamp())"),
        (S, 0.0, false)
    );
    assert_eq!(
        py("t = calendar.timegm((datetime.utcnow() + timedelta(hours=2)).utctimetuple())"),
        (S, 7200.0, false)
    );
    assert_eq!(
        py("t = int(time.mktime((datetime.now() - timedelta(seconds=30)).timetuple()))"),
        (S, -30.0, false)
    );
    // Named constants, `//` and a same-file helper.
    assert_eq!(
        py("CLOCK_SKEW = 30\ndef now_seconds():\n    return int(time.time())\nt = now_seconds() - CLOCK_SKEW"),
        (S, -30.0, false)
    );
    assert_eq!(
        py("TWO_HOURS = 60 * 60 * 2\niat = int(time.time() * 1000) // 1000\nt = iat + TWO_HOURS"),
        (S, 7200.0, false)
    );
    // A class constant read through `self`, a keyword default.
    assert_eq!(
        py("class Signer:\n    TTL = 7200\n    def exp(self, now=None):\n        now = now or int(time.time())\n        t = now + self.TTL\n        return t"),
        (S, 7200.0, false)
    );
}

#[test]
fn python_encoders() {
    const URL: (bool, bool, bool) = (true, true, false);
    const STD: (bool, bool, bool) = (false, false, true);
    let py = |s: &str| encoding(Language::Python, s);
    assert_eq!(py("e = base64.b64encode(x)"), STD);
    assert_eq!(py("e = base64.urlsafe_b64encode(x)"), (true, true, true));
    assert_eq!(py("e = base64.urlsafe_b64encode(x).rstrip(b\"=\")"), URL);
    assert_eq!(
        py("e = base64.urlsafe_b64encode(json.dumps(h).encode()).decode().rstrip(\"=\")"),
        URL
    );
    assert_eq!(
        py("e = base64.b64encode(x).decode('utf-8').replace('+', '-').replace('/', '_').rstrip('=')"),
        URL
    );
    assert_eq!(
        py("e = base64.b64encode(x).replace(b\"+\", b\"-\").replace(b\"/\", b\"_\").strip(b\"=\").decode()"),
        URL
    );
    // Only the padding stripped: still the standard alphabet.
    assert_eq!(
        py("e = base64.b64encode(x).decode().rstrip('=')"),
        (false, false, false)
    );
    assert_eq!(
        py("e = re.sub(r'=+$', '', base64.urlsafe_b64encode(x).decode())"),
        URL
    );
    assert_eq!(
        py("e = base64.b64encode(x).decode().translate(str.maketrans('+/', '-_', '='))"),
        URL
    );
    assert_eq!(
        py("from base64 import b64encode\ne = b64encode(x, altchars=b'-_')"),
        (true, true, true)
    );
    // Through a same-file helper.
    assert_eq!(
        py("def b64url(data: bytes) -> str:\n    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')\ne = b64url(b'{}')"),
        URL
    );
}
