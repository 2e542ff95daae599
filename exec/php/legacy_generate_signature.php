<?php
// signature.php: Web SDK 1.x signature, adapted from the old "generate signature" sample.
// Run from the command line here; in production it answered the join page's POST.

function generate_signature($api_key, $api_secret, $meeting_number, $role)
{
    // Prevent time sync issue between client signature generation and Zoom.
    $time = time() * 1000 - 30000;

    $data = base64_encode($api_key . $meeting_number . $time . $role);
    $hash = hash_hmac('sha256', $data, $api_secret, true);
    $_sig = $api_key . "." . $meeting_number . "." . $time . "." . $role . "." . base64_encode($hash);

    // Remove padding equal characters
    return rtrim(strtr(base64_encode($_sig), '+/', '-_'), '=');
}

echo generate_signature(getenv('ZOOM_SDK_KEY'), getenv('ZOOM_SDK_SECRET'), getenv('MEETING_NUMBER'), (int) getenv('ROLE')) . "\n";
