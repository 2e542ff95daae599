//! The PHP front end: realistic snippets lowered into the model, checked through `Model::dump`.

use siglint::lang::lower;
use siglint::model::Language;

fn dump(src: &str) -> String {
    lower(Language::Php, src).expect("PHP source parses").dump()
}

#[track_caller]
fn assert_lines(dump: &str, lines: &[&str]) {
    for line in lines {
        assert!(
            dump.lines().any(|l| l == *line),
            "missing line {line:?} in dump:\n{dump}"
        );
    }
}

#[test]
fn laravel_service_class_constants_properties_and_methods() {
    let d = dump(
        r#"<?php
namespace App\Services;

use Carbon\Carbon;
use Firebase\JWT\JWT;

class ZoomSignatureService
{
    public const CLOCK_SKEW = 30;
    private const TWO_HOURS = 60 * 60 * 2;
    private int $ttl = 7200;
    private static $algo = 'HS256';

    public function __construct(private string $sdkKey, private string $sdkSecret = '')
    {
    }

    public function generate(string $meetingNumber, int $role = 0): string
    {
        $iat = Carbon::now()->timestamp - self::CLOCK_SKEW;
        $exp = $iat + static::TWO_HOURS;
        $payload = [
            'appKey' => $this->sdkKey,
            'mn' => $meetingNumber,
            'role' => $role,
            'iat' => $iat,
            'exp' => $exp,
            'tokenExp' => now()->addHours(2)->timestamp,
        ];
        return JWT::encode($payload, $this->sdkSecret, self::$algo);
    }
}
"#,
    );
    assert_lines(
        &d,
        &[
            "scope 1: Class ZoomSignatureService parent=Some(0)",
            "scope 2: Function __construct parent=Some(1)",
            "scope 3: Function generate parent=Some(1)",
            "fn#0 __construct(sdkKey, sdkSecret = \"\") scope=2",
            "fn#1 generate(meetingNumber, role = 0) scope=3",
            "  return JWT.encode(payload, self.sdkSecret, self.algo)",
            "[scope 1] const CLOCK_SKEW = 30",
            "[scope 1] const TWO_HOURS = ((60 Mul 60) Mul 2)",
            "[scope 1] ttl = 7200",
            "[scope 1] algo = \"HS256\"",
            "[scope 1] sdkKey = sdkKey",
            "[scope 1] sdkSecret = sdkSecret",
            "[scope 3] iat = (Carbon.now().timestamp Sub self.CLOCK_SKEW)",
            "[scope 3] exp = (iat Add self.TWO_HOURS)",
            "[scope 3] payload = {appKey: self.sdkKey, mn: meetingNumber, role: role, iat: iat, \
             exp: exp, tokenExp: now().addHours(2).timestamp}",
        ],
    );
    // `use` binds each class name to the class import of its full name.
    assert_lines(
        &d,
        &[
            "[scope 0] const Carbon = import Class \"Carbon\\\\Carbon\"",
            "[scope 0] const JWT = import Class \"Firebase\\\\JWT\\\\JWT\"",
        ],
    );
}

#[test]
fn legacy_signature_function() {
    let d = dump(
        r#"<?php
function generate_signature($apiKey, $apiSecret, $meetingNumber, $role) {
    $time = time() * 1000 - 30000;
    $data = base64_encode($apiKey . $meetingNumber . $time . $role);
    $hash = hash_hmac('sha256', $data, $apiSecret, true);
    $_sig = $apiKey . "." . $meetingNumber . "." . $time . "." . $role . "." . base64_encode($hash);
    return rtrim(strtr(base64_encode($_sig), '+/', '-_'), '=');
}
"#,
    );
    assert_lines(
        &d,
        &[
            "fn#0 generate_signature(apiKey, apiSecret, meetingNumber, role) scope=1",
            "  return rtrim(strtr(base64_encode(_sig), \"+/\", \"-_\"), \"=\")",
            "[scope 1] time = ((time() Mul 1000) Sub 30000)",
            "[scope 1] data = base64_encode((((apiKey Concat meetingNumber) Concat time) Concat role))",
            "[scope 1] hash = hash_hmac(\"sha256\", data, apiSecret, true)",
            "[scope 1] _sig = ((((((((apiKey Concat \".\") Concat meetingNumber) Concat \".\") \
             Concat time) Concat \".\") Concat role) Concat \".\") Concat base64_encode(hash))",
        ],
    );
}

#[test]
fn strings_interpolation_heredoc_and_nowdoc() {
    let d = dump(
        r#"<?php
$a = 'it\'s \\ a \n literal';
$b = "tab\there \$notvar \"q\"";
$c = "$apiKey.$meetingNumber.{$time}.{$p['role']}.$hash";
$d = "v0:$ts:$body";
$e = <<<JSON
    {"iat":{$iat},"role":$role}
    JSON;
$f = <<<'RAW'
  raw $x
  RAW;
$g = "${name}!";
"#,
    );
    assert_lines(
        &d,
        &[
            r#"[scope 0] a = "it's \\ a \\n literal""#,
            r#"[scope 0] b = "tab\there $notvar \"q\"""#,
            "[scope 0] c = `${apiKey}.${meetingNumber}.${time}.${p.role}.${hash}`",
            "[scope 0] d = `v0:${ts}:${body}`",
            r#"[scope 0] e = `{"iat":${iat},"role":${role}}`"#,
            r#"[scope 0] f = "raw $x""#,
            "[scope 0] g = `${name}!`",
        ],
    );
}

#[test]
fn constants_define_and_braced_namespace_are_file_level() {
    let d = dump(
        r#"<?php
namespace Legacy {
    const SKEW = 30;
    define('TOKEN_TTL', 60 * 60 * 2);
    function issue() {
        defined('ZOOM_ROLE') or define('ZOOM_ROLE', 0);
        return time() - SKEW;
    }
}
"#,
    );
    assert_lines(
        &d,
        &[
            "fn#0 issue() scope=1",
            "  return (time() Sub SKEW)",
            "[scope 0] const SKEW = 30",
            "[scope 0] const TOKEN_TTL = ((60 Mul 60) Mul 2)",
            "[scope 0] const ZOOM_ROLE = 0",
        ],
    );
}

#[test]
fn arrays_members_casts_and_operators() {
    let d = dump(
        r#"<?php
$payload = array('sdkKey' => getenv('ZOOM_SDK_KEY'), 'mn' => (string) $mn);
$payload['role'] = 0;
$payload['iat'] = (int) round(microtime(true)) - 30;
$parts[] = 'ignored';
$list = ['+', '/', '='];
$mixed = ['a' => 1, 'b'];
$obj = (object) ['exp' => $exp];
$secret = $_ENV['ZOOM_SECRET'] ?? config('zoom.sdk_secret');
$name = $user?->profile?->name ?: 'guest';
$role = $isHost ? 1 : 0;
$token = '';
$token .= '.';
$ts = (new DateTime())->getTimestamp();
$jwt = JWT::encode(payload: $payload, key: $secret, alg: 'HS256');
$sig = $this->signer->sign($input);
"#,
    );
    assert_lines(
        &d,
        &[
            "[scope 0] payload = {sdkKey: getenv(\"ZOOM_SDK_KEY\"), mn: (Str) mn}",
            "[scope 0] payload.role = 0",
            "[scope 0] payload.iat = ((Int) round(microtime(true)) Sub 30)",
            "[scope 0] list = [\"+\", \"/\", \"=\"]",
            "[scope 0] mixed = {a: 1, 0: \"b\"}",
            "[scope 0] obj = {exp: exp}",
            "[scope 0] secret = (_ENV.ZOOM_SECRET Or config(\"zoom.sdk_secret\"))",
            "[scope 0] name = (user.profile.name Or \"guest\")",
            "[scope 0] role = (isHost ? 1 : 0)",
            "[scope 0] token = (token Concat \".\")",
            "[scope 0] ts = new DateTime().getTimestamp()",
            "[scope 0] jwt = JWT.encode(payload: payload, key: secret, alg: \"HS256\")",
            "[scope 0] sig = self.signer.sign(input)",
        ],
    );
    // `$parts[] = …` appends; there is no binding to record.
    assert!(!d.contains("parts"), "{d}");
}

#[test]
fn closures_and_arrow_functions_are_lambdas() {
    let d = dump(
        r#"<?php
$b64url = function (string $data) use ($pad) {
    return rtrim(strtr(base64_encode($data), '+/', '-_'), '=');
};
$now = fn($skew = 30) => time() - $skew;
Route::post('/signature', function (Request $request) {
    $role = (int) $request->input('role', 0);
    return response()->json(['signature' => sign($role)]);
});
"#,
    );
    assert_lines(
        &d,
        &[
            "fn#0 (data) scope=1",
            "  return rtrim(strtr(base64_encode(data), \"+/\", \"-_\"), \"=\")",
            "fn#1 (skew = 30) scope=2",
            "  return (time() Sub skew)",
            "fn#2 (request) scope=3",
            "  return response().json({signature: sign(role)})",
            "[scope 0] b64url = fn #0",
            "[scope 0] now = fn #1",
            "[scope 3] role = (Int) request.input(\"role\", 0)",
        ],
    );
}

#[test]
fn inline_html_and_broken_code_do_not_stop_lowering() {
    let d = dump(
        "<html><?php $iat = time() - 30; ?>\n<p>hi</p>\n<?php\nfunction broken( {\n$exp = $iat + 7200;\n",
    );
    assert_lines(&d, &["[scope 0] iat = (time() Sub 30)"]);
    assert!(d.contains("exp = (iat Add 7200)"), "{d}");
    assert!(d.contains("syntax errors:"), "{d}");
}
