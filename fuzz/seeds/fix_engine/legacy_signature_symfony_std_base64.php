<?php

declare(strict_types=1);

namespace App\Zoom;

use Symfony\Component\DependencyInjection\Attribute\Autowire;

/**
 * Signs Web SDK joins for the support portal (still on the API key / secret of the old JWT app).
 */
final class LegacyWebSdkSigner
{
    private const CLOCK_SKEW_MS = 30000;

    public function __construct(
        #[Autowire('%env(ZOOM_API_KEY)%')] private string $apiKey,
        #[Autowire('%env(ZOOM_API_SECRET)%')] private string $apiSecret,
    ) {
    }

    public function sign(string $meetingNumber, int $role = 0): string
    {
        $timestamp = (int) round(microtime(true) * 1000) - self::CLOCK_SKEW_MS;
        $message = base64_encode($this->apiKey . $meetingNumber . $timestamp . $role);
        $hash = base64_encode(hash_hmac('sha256', $message, $this->apiSecret, true)); // expect: SIG001

        $signature = sprintf('%s.%s.%s.%d.%s', $this->apiKey, $meetingNumber, $timestamp, $role, $hash);

        // FIXME: support says the Web SDK sometimes answers "signature is invalid" and a retry works
        return base64_encode($signature); // expect: SIG004
    }
}
