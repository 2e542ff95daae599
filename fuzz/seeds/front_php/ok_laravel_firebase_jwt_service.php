<?php

namespace App\Services\Zoom;

use Firebase\JWT\JWT;
use Illuminate\Support\Facades\Log;

/**
 * Issues Meeting SDK signatures for the Web SDK client embedded in the classroom page.
 *
 * Bound in AppServiceProvider:
 *   $this->app->singleton(MeetingSdkSignatureService::class, fn () => MeetingSdkSignatureService::fromConfig());
 */
class MeetingSdkSignatureService
{
    public function __construct(
        private readonly string $sdkKey,
        private readonly string $sdkSecret,
    ) {
    }

    public static function fromConfig(): self
    {
        return new self(config('services.zoom.sdk_key'), config('services.zoom.sdk_secret'));
    }

    public function signatureFor(string $meetingNumber, int $role): string
    {
        // Zoom rejects tokens issued "in the future"; our hosts drift a few seconds.
        $iat = time() - 30;
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

        Log::debug('zoom.signature.issued', ['meeting' => $meetingNumber, 'role' => $role]);

        return JWT::encode($payload, $this->sdkSecret, 'HS256');
    }
}
