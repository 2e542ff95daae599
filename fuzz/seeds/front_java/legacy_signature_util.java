package com.example.webinar.util;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Web SDK signature from the API key and secret, adapted from the old Zoom sample.
 */
public final class ZoomWebSignature {

    private ZoomWebSignature() {
    }

    public static String generateSignature(String apiKey, String apiSecret, String meetingNumber, int role) {
        try {
            long ts = System.currentTimeMillis() - 30000;
            String msg = Base64.getEncoder().encodeToString((apiKey + meetingNumber + ts + role).getBytes());

            Mac hasher = Mac.getInstance("HmacSHA256");
            hasher.init(new SecretKeySpec(apiSecret.getBytes(), "HmacSHA256"));
            String hash = Base64.getEncoder().encodeToString(hasher.doFinal(msg.getBytes())); // expect: SIG001

            String tmpString = String.format("%s.%s.%s.%d.%s", apiKey, meetingNumber, ts, role, hash);
            String encodedString = Base64.getEncoder().encodeToString(tmpString.getBytes()); // expect: SIG004
            return encodedString.replaceAll("=+$", "");
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
