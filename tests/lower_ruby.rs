//! Lowering of Ruby into the language-neutral model, checked on the model dump.

use siglint::lang::lower;
use siglint::model::{ExprKind, Language};

fn dump(src: &str) -> String {
    lower(Language::Ruby, src).expect("ruby parses").dump()
}

#[track_caller]
fn assert_has(dump: &str, line: &str) {
    assert!(
        dump.lines().any(|l| l.trim_end() == line),
        "missing line {line:?} in dump:\n{dump}"
    );
}

#[test]
fn hand_rolled_jwt_service_object() {
    let d = dump(
        r##"
require 'openssl'
require 'base64'

module Zoom
  class SignatureService
    TWO_HOURS = 60 * 60 * 2
    CLOCK_SKEW = 30

    attr_reader :sdk_key

    def initialize(sdk_key: ENV['ZOOM_SDK_KEY'], sdk_secret: ENV.fetch('ZOOM_SDK_SECRET'))
      @sdk_key = sdk_key
      @sdk_secret = sdk_secret
    end

    def self.call(meeting_number, role = 0)
      new.call(meeting_number, role)
    end

    def call(meeting_number, role)
      iat = Time.now.to_i - CLOCK_SKEW
      exp = iat + TWO_HOURS
      payload = { sdkKey: @sdk_key, appKey: @sdk_key, mn: meeting_number, role: role, iat: iat, exp: exp, tokenExp: exp }
      segments = [encode({ alg: 'HS256', typ: 'JWT' }), encode(payload)]
      signature = OpenSSL::HMAC.digest('SHA256', @sdk_secret, segments.join('.'))
      "#{segments.join('.')}.#{Base64.urlsafe_encode64(signature, padding: false)}"
    end

    private

    def encode(hash)
      Base64.urlsafe_encode64(hash.to_json, padding: false)
    end
  end
end
"##,
    );
    assert_has(&d, "scope 1: Class Zoom parent=Some(0)");
    assert_has(&d, "scope 2: Class SignatureService parent=Some(1)");
    assert_has(&d, "[scope 2] const TWO_HOURS = ((60 Mul 60) Mul 2)");
    assert_has(&d, "[scope 2] const CLOCK_SKEW = 30");
    assert_has(
        &d,
        "fn#0 initialize(sdk_key = ENV.ZOOM_SDK_KEY, sdk_secret = ENV.fetch(\"ZOOM_SDK_SECRET\")) scope=3",
    );
    assert_has(&d, "[scope 3] self.sdk_key = sdk_key");
    assert_has(&d, "fn#1 call(meeting_number, role = 0) scope=4");
    assert_has(&d, "  return new.call(meeting_number, role)");
    assert_has(&d, "[scope 5] iat = (Time.now().to_i() Sub CLOCK_SKEW)");
    assert_has(&d, "[scope 5] exp = (iat Add TWO_HOURS)");
    assert_has(
        &d,
        "[scope 5] payload = {sdkKey: self.sdk_key, appKey: self.sdk_key, mn: meeting_number, role: role, iat: iat, exp: exp, tokenExp: exp}",
    );
    assert_has(
        &d,
        "[scope 5] segments = [encode({alg: \"HS256\", typ: \"JWT\"}), encode(payload)]",
    );
    assert_has(
        &d,
        "[scope 5] signature = OpenSSL.HMAC.digest(\"SHA256\", self.sdk_secret, segments.join(\".\"))",
    );
    // The interpolated string is the implicit return of `call`.
    assert_has(
        &d,
        "  return `${segments.join(\".\")}.${Base64.urlsafe_encode64(signature, padding: false)}`",
    );
    assert_has(&d, "fn#3 encode(hash) scope=6");
    assert_has(
        &d,
        "  return Base64.urlsafe_encode64(hash.to_json(), padding: false)",
    );
    // `require` and `attr_reader` leave nothing behind.
    assert!(!d.contains("require"), "{d}");
    assert!(!d.contains("attr_reader"), "{d}");
}

#[test]
fn class_method_receives_new_call() {
    let d = dump("class S\n  def self.call(mn, role = 0)\n    new.call(mn, role)\n  end\nend\n");
    assert_has(&d, "fn#0 call(mn, role = 0) scope=2");
    // A bare `new` is a name (the evaluator resolves zero-argument calls by name).
    assert_has(&d, "  return new.call(mn, role)");
}

#[test]
fn legacy_signature_in_a_controller() {
    let d = dump(
        r##"
class ZoomController < ApplicationController
  def signature
    api_key = Rails.application.credentials.zoom[:api_key]
    api_secret = ENV['ZOOM_API_SECRET']
    timestamp = (Time.now.to_f * 1000).to_i - 30_000
    msg = Base64.strict_encode64("#{api_key}#{params[:meeting_number]}#{timestamp}#{params[:role]}")
    hash = Base64.strict_encode64(OpenSSL::HMAC.digest('sha256', api_secret, msg))
    sig = Base64.urlsafe_encode64([api_key, params[:meeting_number], timestamp, params[:role], hash].join('.'))
    render json: { signature: sig }
  end
end
"##,
    );
    assert_has(&d, "scope 1: Class ZoomController parent=Some(0)");
    assert_has(
        &d,
        "[scope 2] api_key = Rails.application().credentials().zoom().api_key",
    );
    assert_has(&d, "[scope 2] api_secret = ENV.ZOOM_API_SECRET");
    assert_has(
        &d,
        "[scope 2] timestamp = ((Time.now().to_f() Mul 1000).to_i() Sub 30000)",
    );
    assert_has(
        &d,
        "[scope 2] msg = Base64.strict_encode64(`${api_key}${params.meeting_number}${timestamp}${params.role}`)",
    );
    assert_has(
        &d,
        "[scope 2] hash = Base64.strict_encode64(OpenSSL.HMAC.digest(\"sha256\", api_secret, msg))",
    );
    assert_has(
        &d,
        "[scope 2] sig = Base64.urlsafe_encode64([api_key, params.meeting_number, timestamp, params.role, hash].join(\".\"))",
    );
    assert_has(&d, "  return render(json: {signature: sig})");
}

#[test]
fn ruby_jwt_with_hash_styles_and_mutation() {
    let d = dump(
        r##"
EXPIRY = 2.hours

def sdk_token(mn, role)
  now = Time.now.utc.to_i
  payload = { 'appKey' => ENV['ZOOM_SDK_KEY'], :mn => mn, "iat": now - 30, exp: now + EXPIRY.to_i }
  payload[:role] = role
  payload['tokenExp'] = payload[:exp]
  JWT.encode(payload, ENV['ZOOM_SDK_SECRET'], 'HS256', 'typ' => 'JWT')
end
"##,
    );
    assert_has(&d, "[scope 0] const EXPIRY = 2.hours()");
    assert_has(&d, "[scope 1] now = Time.now().utc().to_i()");
    assert_has(
        &d,
        "[scope 1] payload = {appKey: ENV.ZOOM_SDK_KEY, mn: mn, iat: (now Sub 30), exp: (now Add EXPIRY.to_i())}",
    );
    assert_has(&d, "[scope 1] payload.role = role");
    assert_has(&d, "[scope 1] payload.tokenExp = payload.exp");
    // A braceless string-keyed hash is one positional argument.
    assert_has(
        &d,
        "  return JWT.encode(payload, ENV.ZOOM_SDK_SECRET, \"HS256\", {typ: \"JWT\"})",
    );
}

#[test]
fn compound_assignments_conditionals_and_returns() {
    let d = dump(
        r##"
def lifetime(seconds = nil)
  seconds ||= 7200
  seconds += 60
  return 1800 if seconds < 1800
  seconds > 172_800 ? 172_800 : seconds
end

def role_for(user)
  if user.host?
    1
  else
    0
  end
end

def maybe(role)
  return 0 unless role
  role
end
"##,
    );
    assert_has(&d, "fn#0 lifetime(seconds = null) scope=1");
    assert_has(&d, "[scope 1] seconds = (seconds Or 7200)");
    assert_has(&d, "[scope 1] seconds = (seconds Add 60)");
    assert_has(&d, "  return 1800");
    assert_has(&d, "  return ((seconds Gt 172800) ? 172800 : seconds)");
    assert_has(&d, "  return (user.host?() ? 1 : 0)");
    assert_has(&d, "fn#2 maybe(role) scope=3");
    assert_has(&d, "  return 0");
    assert_has(&d, "  return role");
}

#[test]
fn sinatra_route_block_is_a_lambda_argument() {
    let src = r##"
require 'sinatra'

post '/signature' do
  body = JSON.parse(request.body.read)
  iat = Time.now.to_i - 30
  token = JWT.encode({ sdkKey: ENV['SDK_KEY'], mn: body['meetingNumber'], role: body['role'].to_i, iat: iat, exp: iat + 60 * 60 * 2 }, ENV['SDK_SECRET'], 'HS256')
  json signature: token
end
"##;
    let model = lower(Language::Ruby, src).expect("parses");
    let d = model.dump();
    assert_has(&d, "fn#0 () scope=1");
    assert_has(&d, "  return json(signature: token)");
    assert_has(&d, "[scope 1] body = JSON.parse(request.body().read())");
    assert_has(&d, "[scope 1] iat = (Time.now().to_i() Sub 30)");
    assert_has(
        &d,
        "[scope 1] token = JWT.encode({sdkKey: ENV.SDK_KEY, mn: body.meetingNumber, role: body.role.to_i(), iat: iat, exp: (iat Add ((60 Mul 60) Mul 2))}, ENV.SDK_SECRET, \"HS256\")",
    );
    // The route is `post("/signature", <block>)` with the block as its last argument.
    let route = model
        .expr_ids()
        .find(|&id| {
            matches!(model.kind(id), ExprKind::Call { callee, .. }
                if model.path(*callee).as_deref() == Some("post"))
        })
        .expect("post call");
    assert_eq!(model.render(route), "post(\"/signature\", fn #0)");
}

#[test]
fn strings_heredocs_symbols_and_numbers() {
    let d = dump(
        r##"
a = 'it\'s \n raw'
b = "tab\there #{a}"
c = :sha256
d = 1_800
e = 0.5e1
f = %w[iat exp]
g = <<~JSON
  {"alg":"HS256",
   "typ":"#{kind}"}
JSON
h = [1, 2].map { |n| n * 1000 }
i = -30
"##,
    );
    assert_has(&d, r#"[scope 0] a = "it's \\n raw""#);
    assert_has(&d, "[scope 0] b = `tab\there ${a}`");
    assert_has(&d, "[scope 0] c = :sha256");
    assert_has(&d, "[scope 0] d = 1800");
    assert_has(&d, "[scope 0] e = 5.0");
    assert_has(&d, r#"[scope 0] f = ["iat", "exp"]"#);
    assert!(
        d.contains("[scope 0] g = `{\"alg\":\"HS256\",\n \"typ\":\"${kind}\"}\n`"),
        "{d}"
    );
    assert_has(&d, "[scope 0] h = [1, 2].map(fn #0)");
    assert_has(&d, "  return (n Mul 1000)");
    assert_has(&d, "[scope 0] i = Neg 30");
}

#[test]
fn new_scope_resolution_and_instance_state() {
    let d = dump(
        r##"
class Signer
  ALGORITHM = OpenSSL::Digest::SHA256
  def initialize(config)
    @digest = OpenSSL::Digest.new('sha256')
    @secret = config.fetch(:secret)
    self.ttl = 7200
  end

  def sign(data)
    OpenSSL::HMAC.hexdigest(@digest, @secret, data)
  end
end
"##,
    );
    assert_has(&d, "[scope 1] const ALGORITHM = OpenSSL.Digest.SHA256");
    assert_has(&d, "[scope 2] self.digest = new OpenSSL.Digest(\"sha256\")");
    assert_has(&d, "[scope 2] self.secret = config.fetch(:secret)");
    assert_has(&d, "[scope 2] self.ttl = 7200");
    assert_has(
        &d,
        "  return OpenSSL.HMAC.hexdigest(self.digest, self.secret, data)",
    );
}

#[test]
fn broken_and_deep_input_does_not_panic() {
    let broken = lower(Language::Ruby, "def x(\n  payload = { mn: 1,\n").expect("parses");
    assert!(!broken.syntax_errors.is_empty());
    let deep = format!("x = {}1{}\n", "(".repeat(3000), ")".repeat(3000));
    let model = lower(Language::Ruby, &deep).expect("parses");
    assert!(model.depth_limited);
}
