//! The Java front end lowers realistic signature code into the shared model.

use siglint::lang::lower;
use siglint::model::{ExprKind, Language, Model};

fn model(src: &str) -> Model {
    lower(Language::Java, src).expect("java parses")
}

fn dump(src: &str) -> String {
    model(src).dump()
}

fn assert_lines(dump: &str, expected: &[&str]) {
    for line in expected {
        assert!(
            dump.lines().any(|l| l == *line),
            "missing line {line:?} in dump:\n{dump}"
        );
    }
}

#[test]
fn spring_service_with_jjwt_builder() {
    let src = r#"
package com.acme.zoom;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;

@Service
public class ZoomSignatureService {
    private static final long TWO_HOURS = 60 * 60 * 2;
    private static final int CLOCK_SKEW_SECONDS = 30;

    @Value("${zoom.sdk.secret}")
    private String sdkSecret;

    private final String sdkKey;

    public ZoomSignatureService(@Value("${zoom.sdk.key}") String sdkKey) {
        this.sdkKey = sdkKey;
    }

    public String signature(String meetingNumber, int role) {
        long iat = Instant.now().getEpochSecond() - CLOCK_SKEW_SECONDS;
        return Jwts.builder()
                .setHeaderParam("typ", "JWT")
                .claim("appKey", sdkKey)
                .claim("mn", meetingNumber)
                .claim("role", role)
                .claim("iat", iat)
                .claim("exp", iat + TWO_HOURS)
                .signWith(SignatureAlgorithm.HS256, sdkSecret.getBytes(StandardCharsets.UTF_8))
                .compact();
    }
}
"#;
    let d = dump(src);
    assert_lines(
        &d,
        &[
            "scope 1: Class ZoomSignatureService parent=Some(0)",
            "fn#0 ZoomSignatureService(sdkKey) scope=2",
            "fn#1 signature(meetingNumber, role) scope=3",
            "  return Jwts.builder().setHeaderParam(\"typ\", \"JWT\").claim(\"appKey\", self.sdkKey).claim(\"mn\", meetingNumber).claim(\"role\", role).claim(\"iat\", iat).claim(\"exp\", (iat Add TWO_HOURS)).signWith(SignatureAlgorithm.HS256, self.sdkSecret.getBytes(StandardCharsets.UTF_8)).compact()",
            "[scope 1] const TWO_HOURS = ((60 Mul 60) Mul 2)",
            "[scope 1] const CLOCK_SKEW_SECONDS = 30",
            "[scope 2] self.sdkKey = sdkKey",
            "[scope 3] iat = (Instant.now().getEpochSecond() Sub CLOCK_SKEW_SECONDS)",
        ],
    );
    // A field without an initializer (`@Value` injected) binds nothing.
    assert!(!d.contains("sdkSecret ="), "{d}");
}

#[test]
fn legacy_signature_util() {
    let src = r#"
public final class LegacySignature {
    public static String generate(String apiKey, String apiSecret, String meetingNumber, int role) throws Exception {
        long ts = System.currentTimeMillis() - 30000;
        String msg = Base64.getEncoder().encodeToString((apiKey + meetingNumber + ts + role).getBytes());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hash = Base64.getEncoder().encodeToString(mac.doFinal(msg.getBytes()));
        String raw = String.format("%s.%s.%s.%d.%s", apiKey, meetingNumber, ts, role, hash);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes());
    }
}
"#;
    let d = dump(src);
    assert_lines(
        &d,
        &[
            "fn#0 generate(apiKey, apiSecret, meetingNumber, role) scope=2",
            "  return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes())",
            "[scope 2] ts = (System.currentTimeMillis() Sub 30000)",
            "[scope 2] msg = Base64.getEncoder().encodeToString((((apiKey Add meetingNumber) Add ts) Add role).getBytes())",
            "[scope 2] mac = Mac.getInstance(\"HmacSHA256\")",
            "[scope 2] hash = Base64.getEncoder().encodeToString(mac.doFinal(msg.getBytes()))",
            "[scope 2] raw = String.format(\"%s.%s.%s.%d.%s\", apiKey, meetingNumber, ts, role, hash)",
        ],
    );
}

#[test]
fn hand_rolled_json_template_and_map() {
    let src = r#"
class Tokens {
    static final String HEADER = """
        {"alg":"HS256","typ":"JWT"}""";

    String payload(String key, String mn) {
        long now = System.currentTimeMillis() / 1000, exp = now + 7200L;
        int role = 1_0 / 10;
        String json = String.format("{\"appKey\":\"%s\",\"mn\":\"%s\",\"role\":%d,\"iat\":%d,\"exp\":%d}", key, mn, role, now, exp);
        Map<String, Object> claims = new HashMap<>();
        claims.put("role", "1");
        double d = (double) now;
        int i = (int) (now * 1.5);
        var parts = new String[] { HEADER, json };
        return String.join(".", parts) + '.';
    }
}
"#;
    let d = dump(src);
    assert_lines(
        &d,
        &[
            "[scope 1] const HEADER = \"{\\\"alg\\\":\\\"HS256\\\",\\\"typ\\\":\\\"JWT\\\"}\"",
            "[scope 2] now = (System.currentTimeMillis() Div 1000)",
            "[scope 2] exp = (now Add 7200)",
            "[scope 2] role = (10 Div 10)",
            "[scope 2] json = String.format(\"{\\\"appKey\\\":\\\"%s\\\",\\\"mn\\\":\\\"%s\\\",\\\"role\\\":%d,\\\"iat\\\":%d,\\\"exp\\\":%d}\", key, mn, role, now, exp)",
            "[scope 2] claims = new HashMap()",
            "[scope 2] d = (Float) now",
            "[scope 2] i = (Int) (now Mul 1.5)",
            "[scope 2] parts = [HEADER, json]",
            "  return (String.join(\".\", parts) Add \".\")",
        ],
    );
}

#[test]
fn auth0_lambdas_and_compound_assignment() {
    let src = r#"
@RestController
class SignatureController {
    private long lifetime = 3600;

    @PostMapping("/signature")
    public Map<String, String> sign(@RequestBody SignatureRequest req) {
        lifetime *= 2;
        Supplier<Long> clock = () -> System.currentTimeMillis() / 1000 - 30;
        Function<Long, Date> toDate = (secs) -> { return new java.util.Date(secs * 1000); };
        String token = JWT.create()
            .withClaim("mn", req.getMeetingNumber())
            .withClaim("role", req.isHost() ? 1 : 0)
            .withIssuedAt(toDate.apply(clock.get()))
            .sign(Algorithm.HMAC256(System.getenv("ZOOM_SDK_SECRET")));
        return Map.of("signature", token);
    }
}
"#;
    let d = dump(src);
    assert_lines(
        &d,
        &[
            "[scope 1] lifetime = 3600",
            "[scope 2] self.lifetime = (self.lifetime Mul 2)",
            "fn#0 () scope=3",
            "  return ((System.currentTimeMillis() Div 1000) Sub 30)",
            "fn#1 (secs) scope=4",
            "  return new Date((secs Mul 1000))",
            "[scope 2] clock = fn #0",
            "[scope 2] toDate = fn #1",
            "[scope 2] token = JWT.create().withClaim(\"mn\", req.getMeetingNumber()).withClaim(\"role\", (req.isHost() ? 1 : 0)).withIssuedAt(toDate.apply(clock.get())).sign(Algorithm.HMAC256(System.getenv(\"ZOOM_SDK_SECRET\")))",
            "fn#2 sign(req) scope=2",
            "  return Map.of(\"signature\", token)",
        ],
    );
}

#[test]
fn bare_field_names_inside_methods() {
    let src = r#"
class SignerServlet extends HttpServlet {
    private static final long TTL = 7200;
    private static long counter;
    private String sdkKey;
    private String secret = System.getenv("ZOOM_SDK_SECRET");

    public void init() {
        sdkKey = System.getenv("ZOOM_SDK_KEY");
        counter = 0;
    }

    String sign(String secret, long iat) {
        long exp = iat + TTL;
        Runnable r = () -> log(sdkKey, counter);
        return sdkKey + secret + exp;
    }
}
"#;
    assert_lines(
        &dump(src),
        &[
            "[scope 1] secret = System.getenv(\"ZOOM_SDK_SECRET\")",
            // Assignments to fields from a method are `this.x`, static fields included.
            "[scope 2] self.sdkKey = System.getenv(\"ZOOM_SDK_KEY\")",
            "[scope 2] self.counter = 0",
            // Static fields read by plain name; instance fields as `this.x`; a parameter
            // shadows the field of the same name.
            "[scope 3] exp = (iat Add TTL)",
            "  return log(self.sdkKey, counter)",
            "  return ((self.sdkKey Add secret) Add exp)",
        ],
    );
}

#[test]
fn nested_anonymous_and_static_blocks() {
    let src = r#"
interface Limits { long MAX_TTL = 48 * 3600; }
enum Role { PARTICIPANT(0), HOST(1); final int code; Role(int code) { this.code = code; } }
class Outer {
    static final long TTL;
    static { TTL = Limits.MAX_TTL / 24; }
    static class Inner {
        private static final int SKEW = 45;
    }
    Runnable r = new Runnable() {
        public void run() { long started = System.currentTimeMillis(); }
    };
}
"#;
    let m = model(src);
    let d = m.dump();
    assert_lines(
        &d,
        &[
            "[scope 1] const MAX_TTL = (48 Mul 3600)",
            "[scope 3] self.code = code",
            "[scope 4] TTL = (Limits.MAX_TTL Div 24)",
            "[scope 5] const SKEW = 45",
            "[scope 7] started = System.currentTimeMillis()",
        ],
    );
    assert!(m.class_named("Inner").is_some());
    assert!(m.class_named("Role").is_some());
    assert_eq!(
        m.scope(m.class_named("Inner").unwrap()).parent,
        m.class_named("Outer")
    );
}

#[test]
fn callee_spans_and_literals() {
    let src = "class T { String f() { return Base64.getEncoder().encodeToString(x); } }";
    let m = model(src);
    let call = m
        .expr_ids()
        .find(|&e| {
            matches!(m.kind(e), ExprKind::Call { callee, .. }
                if m.path(*callee).as_deref() == Some("Base64.getEncoder"))
        })
        .expect("the getEncoder call");
    let span = m.span(call);
    assert_eq!(&src[span.start..span.end], "Base64.getEncoder()");

    let src =
        "class T { Object[] v = { 0x1C20, 017, 0b11, 2.5f, 'a', \"\\u0041\\t\", null, true }; }";
    assert_lines(
        &dump(src),
        &["[scope 1] v = [7200, 15, 3, 2.5, \"a\", \"A\\t\", null, true]"],
    );
}

#[test]
fn package_qualified_names_are_class_names() {
    let src = r#"
class T {
    String f(byte[] b) {
        String s = java.util.Base64.getUrlEncoder().encodeToString(b);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        java.util.Date d = new java.util.Date();
        Object org = other.org.name;
        return s;
    }
}
"#;
    assert_lines(
        &dump(src),
        &[
            "[scope 2] s = Base64.getUrlEncoder().encodeToString(b)",
            "[scope 2] mac = Mac.getInstance(\"HmacSHA256\")",
            "[scope 2] d = new Date()",
            "[scope 2] org = other.org.name",
        ],
    );
}

#[test]
fn broken_file_is_still_lowered() {
    let src = "class T { void f() { long iat = System.currentTimeMillis() / 1000; foo( } }";
    let m = model(src);
    assert!(!m.syntax_errors.is_empty());
    assert!(
        m.dump()
            .contains("iat = (System.currentTimeMillis() Div 1000)"),
        "{}",
        m.dump()
    );
}
