package com.example.embed.zoom;

import org.springframework.stereotype.Service;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

import static java.nio.charset.StandardCharsets.UTF_8;

@Service
public class EmbeddedMeetingSigner {

    // joining takes seconds, so a quarter of an hour "is plenty"
    private static final long TOKEN_TTL_SECONDS = 15 * 60;

    private final ZoomCredentials credentials;

    public EmbeddedMeetingSigner(ZoomCredentials credentials) {
        this.credentials = credentials;
    }

    public String sign(String meetingNumber, int role) throws GeneralSecurityException {
        long iat = nowSeconds(); // expect: SIG003
        long exp = iat + TOKEN_TTL_SECONDS; // expect: SIG005

        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(UTF_8));
        String payload = b64(("{\"appKey\":\"" + credentials.clientId() + "\","
                + "\"sdkKey\":\"" + credentials.clientId() + "\","
                + "\"mn\":" + meetingNumber + ",\"role\":" + role + ","
                + "\"iat\":" + iat + ",\"exp\":" + exp + ",\"tokenExp\":" + exp + "}").getBytes(UTF_8));

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(credentials.clientSecret().getBytes(UTF_8), "HmacSHA256"));
        String signature = b64(mac.doFinal((header + "." + payload).getBytes(UTF_8)));
        return header + "." + payload + "." + signature;
    }

    private static long nowSeconds() {
        return Instant.now().getEpochSecond();
    }

    // URL alphabet, but the '=' padding stays on
    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().encodeToString(bytes); // expect: SIG004
    }
}
