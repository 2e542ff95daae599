package com.example.signage.zoom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Join tokens for the lobby displays. The displays run an old JRE image, so no JWT library;
 * the header claims HS256 but whoever wrote this reached for HmacSHA1.
 */
public final class LobbyDisplayTokens {

    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    private static final String PAYLOAD =
            "{\"appKey\":\"%s\",\"sdkKey\":\"%s\",\"mn\":%s,\"role\":0,\"iat\":\"%s\",\"exp\":%d,\"tokenExp\":%d}";

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private LobbyDisplayTokens() {
    }

    public static String forDisplay(String sdkKey, String meetingNumber) throws GeneralSecurityException {
        long iat = Instant.now().getEpochSecond() - 30;
        long exp = iat + 3 * 60 * 60;

        String payload = String.format(PAYLOAD, sdkKey, sdkKey, meetingNumber,
                iat, // expect: SIG012
                exp, exp);

        String signingInput = B64URL.encodeToString(HEADER.getBytes(UTF_8)) + "."
                + B64URL.encodeToString(payload.getBytes(UTF_8));

        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("wP3nGx7QkTz9RbLm2VcY8hJd".getBytes(UTF_8), "HmacSHA1")); // expect: SIG008
        byte[] sig = mac.doFinal(signingInput.getBytes(UTF_8)); // expect: SIG009
        return signingInput + "." + B64URL.encodeToString(sig);
    }
}
