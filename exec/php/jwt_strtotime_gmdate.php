<?php
// includes/zoom-signature.php: the hosting panel sets date.timezone to the customer's
// zone in php.ini; the signature is "normalised to UTC" with gmdate.

const ZOOM_SIGNATURE_TTL = 7200;

function zoom_b64url($data)
{
    return rtrim(strtr(base64_encode($data), '+/', '-_'), '=');
}

function zoom_meeting_signature($sdkKey, $sdkSecret, $meetingNumber, $role)
{
    $iat = strtotime(gmdate('Y-m-d H:i:s')) - 30;
    $exp = $iat + ZOOM_SIGNATURE_TTL;
    $payload = [
        'appKey' => $sdkKey,
        'sdkKey' => $sdkKey,
        'mn' => $meetingNumber,
        'role' => $role,
        'iat' => $iat,
        'exp' => $exp,
        'tokenExp' => $exp,
    ];
    $header = zoom_b64url(json_encode(['alg' => 'HS256', 'typ' => 'JWT']));
    $body = zoom_b64url(json_encode($payload));
    $mac = hash_hmac('sha256', $header . '.' . $body, $sdkSecret, true);
    return $header . '.' . $body . '.' . zoom_b64url($mac);
}

echo zoom_meeting_signature(getenv('ZOOM_SDK_KEY'), getenv('ZOOM_SDK_SECRET'), getenv('MEETING_NUMBER'), (int) getenv('ROLE')) . "\n";
