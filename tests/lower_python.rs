//! Lowering of Python into the language-neutral model, checked on the model dump.

use siglint::lang::lower;
use siglint::model::{ExprKind, Language};

fn dump(src: &str) -> String {
    lower(Language::Python, src).expect("python parses").dump()
}

#[track_caller]
fn assert_has(dump: &str, line: &str) {
    assert!(
        dump.lines().any(|l| l.trim_end() == line),
        "missing line {line:?} in dump:\n{dump}"
    );
}

#[test]
fn hand_rolled_jwt_class() {
    let d = dump(
        r##"
import base64
import hashlib
import hmac
import json
import os
import time
from datetime import datetime, timezone

CLOCK_SKEW = 30
TWO_HOURS = 60 * 60 * 2


class MeetingSignature:
    TTL = TWO_HOURS
    header = {"alg": "HS256", "typ": "JWT"}

    def __init__(self, sdk_key=None, *, sdk_secret: str = "", **options):
        self.sdk_key = sdk_key or os.environ["ZOOM_SDK_KEY"]
        self._secret = sdk_secret.encode()

    @staticmethod
    def b64url(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")

    @classmethod
    def ttl(cls):
        return cls.TTL

    def sign(self, meeting_number, role=0, *args):
        iat: int = int(time.time()) - CLOCK_SKEW
        exp = iat + self.TTL
        payload = {"sdkKey": self.sdk_key, "mn": meeting_number, **self.extra}
        payload["role"] = 1 if role else 0
        payload.update(iat=iat, exp=exp)
        head, body = self.b64url(json.dumps(self.header).encode()), self.b64url(json.dumps(payload, separators=(",", ":")).encode())
        msg = f"{head}.{body}"
        sig = hmac.new(self._secret, msg.encode(), digestmod=hashlib.sha256).digest()
        token = "{}.{}".format(msg, self.b64url(sig))
        count += 1
        first, *rest = token.split(".")
        return token


encode = lambda s: s.upper()
when = datetime.now(tz=timezone.utc)
label = ("part" 'ly' r"\d" b"=" f"{when!r:>10}")
neg = -TWO_HOURS // 2 % 7
flag = not a and b or c
"##,
    );
    assert_has(&d, "scope 1: Class MeetingSignature parent=Some(0)");
    // Module and class constants are the UPPER_CASE names; other class attributes are fields.
    assert_has(&d, "[scope 0] const CLOCK_SKEW = 30");
    assert_has(&d, "[scope 0] const TWO_HOURS = ((60 Mul 60) Mul 2)");
    assert_has(&d, "[scope 1] const TTL = TWO_HOURS");
    assert_has(&d, "[scope 1] header = {alg: \"HS256\", typ: \"JWT\"}");
    // `self` is not a parameter; keyword-only parameters and `**options` are.
    assert_has(
        &d,
        "fn#0 __init__(sdk_key = null, sdk_secret = \"\", options) scope=2",
    );
    assert_has(
        &d,
        "[scope 2] self.sdk_key = (sdk_key Or os.environ.ZOOM_SDK_KEY)",
    );
    assert_has(&d, "[scope 2] self._secret = sdk_secret.encode()");
    // A static method keeps its first parameter; a class method's `cls` is the class.
    assert_has(&d, "fn#1 b64url(data) scope=3");
    assert_has(
        &d,
        "  return base64.urlsafe_b64encode(data).rstrip(\"=\").decode(\"ascii\")",
    );
    assert_has(&d, "fn#2 ttl() scope=4");
    assert_has(&d, "  return self.TTL");
    assert_has(&d, "fn#3 sign(meeting_number, role = 0, args) scope=5");
    // Annotated assignment, `self.X`, dict spread, subscript assignment, conditional expression.
    assert_has(&d, "[scope 5] iat = (int(time.time()) Sub CLOCK_SKEW)");
    assert_has(&d, "[scope 5] exp = (iat Add self.TTL)");
    assert_has(
        &d,
        "[scope 5] payload = {sdkKey: self.sdk_key, mn: meeting_number, ...self.extra}",
    );
    assert_has(&d, "[scope 5] payload.role = (role ? 1 : 0)");
    // Tuple targets bind pairwise; keyword arguments keep their names.
    assert_has(
        &d,
        "[scope 5] head = self.b64url(json.dumps(self.header).encode())",
    );
    assert_has(
        &d,
        "[scope 5] body = self.b64url(json.dumps(payload, separators: [\",\", \":\"]).encode())",
    );
    assert_has(&d, "[scope 5] msg = `${head}.${body}`");
    assert_has(
        &d,
        "[scope 5] sig = hmac.new(self._secret, msg.encode(), digestmod: hashlib.sha256).digest()",
    );
    assert_has(
        &d,
        "[scope 5] token = \"{}.{}\".format(msg, self.b64url(sig))",
    );
    assert_has(&d, "[scope 5] count = (count Add 1)");
    assert_has(&d, "[scope 5] first = token.split(\".\")[0]");
    assert_has(&d, "[scope 5] rest = ?");
    assert_has(&d, "  return token");
    // A lambda bound to a name is that function.
    assert_has(&d, "fn#4 encode(s) scope=6");
    assert_has(&d, "[scope 0] encode = fn encode#4");
    assert_has(&d, "[scope 0] when = datetime.now(tz: timezone.utc)");
    // Implicit concatenation of raw, bytes and f-strings.
    assert_has(&d, "[scope 0] label = `partly\\d=${when}`");
    assert_has(&d, "[scope 0] neg = ((Neg TWO_HOURS IntDiv 2) Mod 7)");
    assert_has(&d, "[scope 0] flag = ((Not a And b) Or c)");
    assert_has(
        &d,
        "imports: base64, hashlib, hmac, json, os, time, datetime",
    );
    assert_has(&d, "decorators: staticmethod, classmethod");
}

#[test]
fn flask_view_statements() {
    let d = dump(
        r##"
from flask import Flask, request, jsonify

app = Flask(__name__)


@app.route("/api/signature", methods=["POST"])
@login_required
def signature():
    body = request.get_json()
    with open("/etc/zoom.json") as fh:
        cfg = json.load(fh)
    try:
        role = int(body.get("role", 0))
    except (TypeError, ValueError) as exc:
        return jsonify(error=str(exc)), 400
    for item in body["items"]:
        total += item
    if role not in (0, 1):
        role = 0
    elif role == 1:
        host = True
    else:
        host = False
    while pending:
        step = pending.pop()
    tokens = [make_token(m) for m in body["meetings"]]
    match role:
        case 0:
            kind = "attendee"
        case _:
            kind = "host"
    return jsonify(signature=make_token(body["meetingNumber"], role=role))


def make_token(mn, role=0):
    def inner(x):
        return x * 2
    a, b = parts = mn, role
    (c, d) = pair
    x = y = 7
    return inner(a)


if __name__ == "__main__":
    app.run(debug=True)
"##,
    );
    // Decorated views are lowered; their bodies' blocks share the function scope.
    assert_has(&d, "fn#0 signature() scope=1");
    assert_has(&d, "  return [jsonify(error: str(exc)), 400]");
    assert_has(
        &d,
        "  return jsonify(signature: make_token(body.meetingNumber, role: role))",
    );
    assert_has(&d, "[scope 1] cfg = json.load(fh)");
    assert_has(&d, "[scope 1] role = int(body.get(\"role\", 0))");
    // `as` targets and loop variables are names of unknown value.
    assert_has(&d, "[scope 1] fh = ?");
    assert_has(&d, "[scope 1] exc = ?");
    assert_has(&d, "[scope 1] item = ?");
    assert_has(&d, "[scope 1] host = true");
    assert_has(&d, "[scope 1] host = false");
    assert_has(&d, "[scope 1] step = pending.pop()");
    assert_has(&d, "[scope 1] tokens = ?");
    assert_has(&d, "[scope 1] kind = \"host\"");
    // Nested functions, chained and tuple assignments.
    assert_has(&d, "fn#1 inner(x) scope=3");
    assert_has(&d, "scope 3: Function inner parent=Some(2)");
    assert_has(&d, "[scope 2] parts = [mn, role]");
    assert_has(&d, "[scope 2] a = [mn, role][0]");
    assert_has(&d, "[scope 2] b = [mn, role][1]");
    assert_has(&d, "[scope 2] c = pair[0]");
    assert_has(&d, "[scope 2] x = 7");
    assert_has(&d, "[scope 2] y = 7");
    // `if __name__ == "__main__":` runs in the module scope.
    assert!(d.contains("imports: flask"), "{d}");
    assert_has(&d, "decorators: route, login_required");
}

#[test]
fn strings_and_literals() {
    let model = lower(
        Language::Python,
        "a = b\"=\"\nb = 'it\\'s'\nc = \"tab\\there\"\nd = f\"{x}.{{y}}\"\ne = 0o17 + 0x1C20 + 7_200\nf = 1.5\ng = None\nh = True\n",
    )
    .expect("parses");
    let value = |name: &str| {
        let a = model
            .assignments
            .iter()
            .find(|a| matches!(model.kind(a.target), ExprKind::Name(n) if n == name))
            .expect("assigned");
        model.kind(a.value).clone()
    };
    assert!(matches!(value("a"), ExprKind::Str(s) if s == "="));
    assert!(matches!(value("b"), ExprKind::Str(s) if s == "it's"));
    assert!(matches!(value("c"), ExprKind::Str(s) if s == "tab\there"));
    assert!(matches!(value("d"), ExprKind::Interpolated { parts } if parts.len() == 2));
    assert!(matches!(value("f"), ExprKind::Float(x) if x == 1.5));
    assert!(matches!(value("g"), ExprKind::Null));
    assert!(matches!(value("h"), ExprKind::Bool(true)));
    let d = model.dump();
    assert_has(&d, "[scope 0] d = `${x}.{y}`");
    assert_has(&d, "[scope 0] e = ((15 Add 7200) Add 7200)");
}

#[test]
fn deep_nesting_is_bounded() {
    let src = format!("x = {}1{}\n", "(".repeat(3000), ")".repeat(3000));
    let model = lower(Language::Python, &src).expect("parses");
    assert!(model.depth_limited);
}
