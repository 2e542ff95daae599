<?php
// src/Zoom/SignatureFactory.php: hand-rolled Meeting SDK JWT ("no composer package
// for one token"). Some joins fail with "Signature is invalid" and work on retry.

final class SignatureFactory
{
    private const HEADER = ['alg' => 'HS256', 'typ' => 'JWT'];

    public function __construct(private string $sdkKey, private string $sdkSecret)
    {
    }

    public function create(string $meetingNumber, int $role): string
    {
        $iat = time();
        $exp = $iat + 60 * 60 * 2;

        $payload = [
            'appKey' => $this->sdkKey,
            'sdkKey' => $this->sdkKey,
            'mn' => $meetingNumber,
            'role' => $role,
            'iat' => $iat,
            'exp' => $exp,
            'tokenExp' => $exp,
        ];

        $segments = [base64_encode(json_encode(self::HEADER)), base64_encode(json_encode($payload))];
        $signature = hash_hmac('sha256', implode('.', $segments), $this->sdkSecret, true);
        $segments[] = base64_encode($signature);

        return implode('.', $segments);
    }
}

$factory = new SignatureFactory(getenv('ZOOM_SDK_KEY'), getenv('ZOOM_SDK_SECRET'));
echo $factory->create(getenv('MEETING_NUMBER'), (int) getenv('ROLE')) . PHP_EOL;
