<?php
// api/zoom-token.php: hand-rolled Meeting SDK JWT (this shared host has no composer).

require __DIR__ . '/../config.php';

$sdkKey = $config['zoom']['sdk_key'];
$sdkSecret = $config['zoom']['sdk_secret'];

if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
    http_response_code(405);
    exit;
}

$meetingNumber = $_POST['meeting_number'] ?? '';
$role = ($_POST['role'] ?? '') === 'host' ? 1 : 0;

$iat = time() - 30;
$exp = $iat + 7200;

$header = json_encode(['alg' => 'HS256', 'typ' => 'JWT']);
$payload = json_encode([
    'appKey' => $sdkKey,
    'sdkKey' => $sdkKey,
    'mn' => $meetingNumber,
    'role' => $role,
    'iat' => $iat,
    'exp' => $exp,
    'tokenExp' => $exp,
]);

$encodedHeader = base64_encode($header); // expect: SIG004
$encodedPayload = base64_encode($payload); // expect: SIG004
$signature = base64_encode(hash_hmac('sha256', "$encodedHeader.$encodedPayload", $sdkSecret, true)); // expect: SIG004

header('Content-Type: application/json');
echo json_encode(['signature' => "$encodedHeader.$encodedPayload.$signature"]);
