<?php
// app/Services/ZoomJoinService.php (signing part): moved from the JWT app to the
// Meeting SDK app by swapping the credentials; the claims still say apiKey and
// the role claim was dropped together with the old role mapping.

class ZoomJoinService
{
    const TOKEN_LIFETIME = 7200;

    private $key;
    private $secret;

    public function __construct($key, $secret)
    {
        $this->key = $key;
        $this->secret = $secret;
    }

    public function signature($meetingNumber, $role = 0)
    {
        $iat = time() - 30;
        $claims = [
            'apiKey' => $this->key,
            'mn' => $meetingNumber,
            'iat' => $iat,
            'exp' => $iat + self::TOKEN_LIFETIME,
            'tokenExp' => $iat + self::TOKEN_LIFETIME,
        ];

        $header = $this->encode(json_encode(['alg' => 'HS256', 'typ' => 'JWT']));
        $body = $this->encode(json_encode($claims));
        $mac = hash_hmac('sha256', $header . '.' . $body, $this->secret, true);

        return $header . '.' . $body . '.' . $this->encode($mac);
    }

    private function encode($bytes)
    {
        return str_replace(['+', '/', '='], ['-', '_', ''], base64_encode($bytes));
    }
}

$service = new ZoomJoinService(getenv('ZOOM_SDK_KEY'), getenv('ZOOM_SDK_SECRET'));
echo $service->signature(getenv('MEETING_NUMBER'), (int) getenv('ROLE')) . "\n";
