<?php
use Firebase\JWT\JWT;
function zoom_signature(string $meetingNumber, int $role): string {
    $iat = time() - 30;
    $expiry = new DateTime();
    $expiry->modify('+2 hours');
    $exp = $expiry->getTimestamp();
    $payload = ['sdkKey' => getenv('ZOOM_SDK_KEY'), 'appKey' => getenv('ZOOM_SDK_KEY'), 'mn' => $meetingNumber, 'role' => $role, 'iat' => $iat, 'exp' => $exp, 'tokenExp' => $exp];
    return JWT::encode($payload, getenv('ZOOM_SDK_SECRET'), 'HS256');
}
