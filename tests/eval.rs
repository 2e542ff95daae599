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

/// The claims, algorithm and key of a token a JWT library signed.
fn signed(v: Value) -> std::rc::Rc<siglint::eval::SignedToken> {
    match v {
        Value::Signed(t) => t,
        other => panic!("expected a signed token, got {other:?}"),
    }
}

#[test]
fn lcobucci_jwt_configurations_and_builders() {
    // v4/v5: the configuration's signer and key sign the builder's claims; the signer class is
    // told apart by the namespace the file `use`s.
    let src = r#"<?php
use Lcobucci\JWT\Configuration;
use Lcobucci\JWT\Signer\Hmac\Sha512;
use Lcobucci\JWT\Signer\Key\InMemory;
$config = Configuration::forSymmetricSigner(new Sha512(), InMemory::plainText('s3cret'));
$now = new DateTimeImmutable();
$t = $config->builder()->issuedAt($now)->expiresAt($now->modify('+2 hours'))
    ->withClaim('mn', $mn)->getToken($config->signer(), $config->signingKey())->toString();
"#;
    let t = signed(value_of(Language::Php, src, "t"));
    assert_eq!(t.algorithm.as_ref().and_then(|a| a.as_str()), Some("HS512"));
    assert!(matches!(&t.key.value, Value::Bytes(k) if k.as_str() == Some("s3cret")));
    let claims = t.payload.as_object().unwrap();
    assert!(
        matches!(claims.get("iat").unwrap().value.value, Value::DateSeconds(d) if d.offset == 0.0)
    );
    // DateTimeImmutable::modify returns a new date and leaves `$now` alone.
    assert!(
        matches!(claims.get("exp").unwrap().value.value, Value::DateSeconds(d) if d.offset == 7200.0)
    );
    // An RSA signer of the same short name is RS256.
    let rsa = src.replace("Hmac\\Sha512", "Rsa\\Sha512");
    let t = signed(value_of(Language::Php, &rsa, "t"));
    assert_eq!(t.algorithm.as_ref().and_then(|a| a.as_str()), Some("RS512"));
    // v3: `set` writes claims, `setIssuedAt(time())` is the number itself, `sign($signer, $key)`.
    let v3 = r#"<?php
use Lcobucci\JWT\Builder;
use Lcobucci\JWT\Signer\Hmac\Sha256;
use Lcobucci\JWT\Signer\Key;
$t = (new Builder())->setIssuedAt(time() - 30)->set('role', 1)
    ->sign(new Sha256(), new Key('k3y'))->getToken();
"#;
    let t = signed(value_of(Language::Php, v3, "t"));
    assert_eq!(t.algorithm.as_ref().and_then(|a| a.as_str()), Some("HS256"));
    let claims = t.payload.as_object().unwrap();
    assert!(
        matches!(claims.get("iat").unwrap().value.value, Value::Time(tv) if tv.offset == -30.0)
    );
    assert_eq!(claims.get("role").unwrap().value.as_int(), Some(1));
}

#[test]
fn nimbus_signed_jwt_is_signed_in_place() {
    let src = r#"class A { String f(String mn) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("mn", mn).issueTime(new Date())
            .expirationTime(new Date(System.currentTimeMillis() + 7200 * 1000)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS384), claims);
        jwt.sign(new MACSigner("s3cret"));
        String t = jwt.serialize();
        return t;
    } }"#;
    let t = signed(value_of(Language::Java, src, "t"));
    assert_eq!(t.algorithm.as_ref().and_then(|a| a.as_str()), Some("HS384"));
    assert!(matches!(&t.key.value, Value::Bytes(k) if k.as_str() == Some("s3cret")));
    let claims = t.payload.as_object().unwrap();
    assert!(
        matches!(claims.get("exp").unwrap().value.value, Value::DateSeconds(d) if d.offset == 7200.0)
    );
}

#[test]
fn message_format_groups_numbers_unless_the_pattern_says_otherwise() {
    let java = |template: &str| {
        let src = format!(
            "class A {{ void f() {{ long iat = System.currentTimeMillis() / 1000; String t = MessageFormat.format(\"{template}\", iat, 0, \"x\"); }} }}"
        );
        match value_of(Language::Java, &src, "t") {
            Value::Concat(parts) => parts.iter().map(|p| p.value.clone()).collect::<Vec<_>>(),
            other => vec![other],
        }
    };
    // `'{'` is a brace, `{0}` of a long is grouped, `{1}` of a small int is plain text.
    let parts = java("'{'\\\"iat\\\":{0},\\\"role\\\":{1},\\\"mn\\\":\\\"{2}\\\"'}'");
    assert!(matches!(&parts[0], Value::Str(s) if s == "{\"iat\":"));
    assert!(matches!(&parts[1], Value::Grouped(_)));
    assert!(matches!(&parts[3], Value::Text(_)));
    assert!(matches!(&parts[4], Value::Str(s) if s == ",\"mn\":\"x\"}"));
    // A pattern without `,` writes the digits alone.
    let parts = java("{0,number,#}");
    assert!(matches!(&parts[0], Value::Text(_)), "{parts:?}");
    let parts = java("{0,number,integer}");
    assert!(matches!(&parts[0], Value::Grouped(_)), "{parts:?}");
}

/// A method called on an instance of a class of the file sees the state its constructor set:
/// `this.secret`, `$this->secret`, `@secret`, `self.secret`, Java's bare `secret`.
#[test]
fn methods_of_instances_see_their_state() {
    let cases: [(Language, &str); 6] = [
        (
            Language::JavaScript,
            "class Signer { constructor(key, secret) { this.key = key; this.secret = secret; }\n  token() { return this.key + ':' + this.secret; } }\nconst s = new Signer('k', 'abc');\nconst t = s.token();",
        ),
        (
            Language::TypeScript,
            "export class Signer { constructor(private readonly key: string, private secret: string) {}\n  token(): string { return `${this.key}:${this.secret}`; } }\nconst t = new Signer('k', 'abc').token();",
        ),
        (
            Language::Php,
            "<?php class Signer { private $key; private $secret;\n function __construct($key, $secret) { $this->key = $key; $this->secret = $secret; }\n function token() { return $this->key . ':' . $this->secret; } }\n$s = new Signer('k', 'abc');\n$t = $s->token();",
        ),
        (
            Language::Ruby,
            "class Signer\n  def initialize(key, secret)\n    @key = key\n    @secret = secret\n  end\n  def token\n    \"#{@key}:#{@secret}\"\n  end\nend\nt = Signer.new('k', 'abc').token",
        ),
        (
            Language::Python,
            "class Signer:\n    def __init__(self, key, secret):\n        self.key = key\n        self.secret = secret\n\n    def token(self):\n        return self.key + ':' + self.secret\n\nt = Signer('k', 'abc').token()",
        ),
        (
            Language::Java,
            "class Signer {\n  private final String key;\n  private final String secret;\n  Signer(String key, String secret) { this.key = key; this.secret = secret; }\n  String token() { return key + \":\" + this.secret; }\n  static void main() { Signer s = new Signer(\"k\", \"abc\"); String t = s.token(); }\n}",
        ),
    ];
    for (language, src) in cases {
        match value_of(language, src, "t") {
            Value::Str(s) => assert_eq!(s, "k:abc", "{language:?}"),
            other => panic!("{language:?}: {other:?}"),
        }
    }
}

/// Array destructuring binds each name to the element at its place: holes count, and React's
/// `useState(initial)` is `[initial, setter]`.
#[test]
fn array_patterns_bind_elements_by_place_and_react_state_is_its_initial_value() {
    let src = "\
import { useState } from 'react';
const [first, , third] = ['a', 'b', 'c'];
const [, second] = ['a', 'b'];
const [secret, setSecret] = useState('s3cr3t');
const [count] = React.useState(42);
const [x, ...rest] = ['p', 'q'];
";
    let js = |name| value_of(Language::JavaScript, src, name);
    assert!(matches!(js("first"), Value::Str(s) if s == "a"));
    assert!(matches!(js("third"), Value::Str(s) if s == "c"));
    assert!(matches!(js("second"), Value::Str(s) if s == "b"));
    assert!(matches!(js("secret"), Value::Str(s) if s == "s3cr3t"));
    assert!(matches!(js("setSecret"), Value::Unknown));
    assert!(matches!(js("count"), Value::Int(42)));
    assert!(matches!(js("x"), Value::Str(s) if s == "p"));
}
