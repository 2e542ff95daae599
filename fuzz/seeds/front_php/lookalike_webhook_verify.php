<?php

namespace App\Http\Controllers\Webhooks;

use Illuminate\Http\Request;

/**
 * Zoom event webhooks (meeting.started, recording.completed, ...).
 */
class ZoomWebhookController
{
    public function __invoke(Request $request)
    {
        $secret = config('services.zoom.webhook_secret_token');
        $timestamp = $request->header('x-zm-request-timestamp');
        $body = $request->getContent();

        $message = "v0:$timestamp:$body";
        $expected = 'v0=' . hash_hmac('sha256', $message, $secret);

        if (!hash_equals($expected, (string) $request->header('x-zm-signature'))) {
            abort(401, 'bad signature');
        }

        // reject replays older than five minutes (Zoom sends seconds)
        if (abs(time() - (int) $timestamp) > 300) {
            abort(401, 'stale request');
        }

        $event = $request->json('event');
        if ($event === 'endpoint.url_validation') {
            $plainToken = $request->json('payload.plainToken');

            return response()->json([
                'plainToken' => $plainToken,
                'encryptedToken' => hash_hmac('sha256', $plainToken, $secret),
            ]);
        }

        logger()->info('zoom webhook', [
            'event' => $event,
            'received_ms' => (int) (microtime(true) * 1000),
        ]);

        return response()->noContent();
    }
}
