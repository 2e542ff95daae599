package com.example.events.zoom;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

@Component
public class WebinarTokenFactory {

    private static final long TOKEN_LIFETIME_SECONDS = 2 * 60 * 60;

    private final ZoomSdkProperties properties;
    private final SecretKey key;

    public WebinarTokenFactory(ZoomSdkProperties properties) {
        this.properties = properties;
        this.key = Keys.hmacShaKeyFor(properties.secret().getBytes(StandardCharsets.UTF_8));
    }

    public String attendeeToken(String webinarNumber) {
        long issuedAt = System.currentTimeMillis() / 1000; // expect: SIG003
        long expiresAt = issuedAt + TOKEN_LIFETIME_SECONDS;

        Map<String, Object> claims = new HashMap<>(); // expect: SIG002
        claims.put("appKey", properties.key());
        claims.put("mn", webinarNumber);
        claims.put("iat", issuedAt);
        claims.put("exp", expiresAt);
        claims.put("tokenExp", expiresAt);

        return Jwts.builder()
                .header().add("typ", "JWT").and()
                .claims(claims)
                .signWith(key, Jwts.SIG.HS256)
                .compact();
    }
}

@ConfigurationProperties(prefix = "zoom.sdk")
record ZoomSdkProperties(String key, String secret) {
}
