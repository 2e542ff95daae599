<?php
// app/helpers.php (autoloaded through composer.json "files").

use Illuminate\Support\Facades\Cache;

if (!function_exists('zoom_web_sdk_signature')) {
    /**
     * Signature for ZoomMtg.join() on the old Web SDK 1.9 page (API key + API secret).
     */
    function zoom_web_sdk_signature(string $meetingNumber, int $role = 0): string
    {
        $apiKey = config('zoom.api_key');
        $apiSecret = config('zoom.api_secret');
        $time = time() * 1000 - 30000;

        $hash = base64_encode(hash_hmac('sha256', base64_encode($apiKey . $meetingNumber . $time . $role), $apiSecret, true)); // expect: SIG001

        return rtrim(strtr(base64_encode("$apiKey.$meetingNumber.$time.$role.$hash"), '+/', '-_'), '=');
    }
}

if (!function_exists('zoom_cached_signature')) {
    function zoom_cached_signature(string $meetingNumber): string
    {
        // the page polls; one signature per meeting and minute is enough
        return Cache::remember("zoom-sig:$meetingNumber", 60, fn () => zoom_web_sdk_signature($meetingNumber));
    }
}
