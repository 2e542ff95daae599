<?php
// api/zoom-signature.php: Meeting SDK JWT for the events site. The times were
// copied from the JavaScript front end (milliseconds) and the claims cast to
// strings "so json_encode never emits floats".

const SDK_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

function base64url_encode(string $data): string
{
    return rtrim(strtr(base64_encode($data), '+/', '-_'), '=');
}

function zoom_signature(string $sdkKey, string $sdkSecret, string $meetingNumber, int $role): string
{
    $iat = time() - 30;
    $exp = time() * 1000 + SDK_TOKEN_TTL_MS;

    $header = base64url_encode(json_encode(['alg' => 'HS256', 'typ' => 'JWT']));
    $payload = base64url_encode(json_encode([
        'appKey' => $sdkKey,
        'sdkKey' => $sdkKey,
        'mn' => $meetingNumber,
        'role' => $role,
        'iat' => (string) $iat,
        'exp' => $exp,
        'tokenExp' => $exp,
    ]));
    $signature = base64url_encode(hash_hmac('sha256', "$header.$payload", $sdkSecret, true));

    return "$header.$payload.$signature";
}

echo zoom_signature(getenv('ZOOM_SDK_KEY'), getenv('ZOOM_SDK_SECRET'), getenv('MEETING_NUMBER'), (int) getenv('ROLE')), "\n";
