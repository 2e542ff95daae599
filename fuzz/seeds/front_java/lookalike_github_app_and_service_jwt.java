package com.example.devtools.auth;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;
import org.springframework.stereotype.Component;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/** Tokens for GitHub (App authentication) and for our own reporting service. */
@Component
public class ServiceTokenProvider {

    private final PrivateKey githubAppKey;
    private final String githubAppId;
    private final byte[] reportingKey;

    public ServiceTokenProvider(SecretStore secrets) {
        this.githubAppKey = secrets.privateKey("github/app-key");
        this.githubAppId = secrets.get("github/app-id");
        this.reportingKey = secrets.get("reporting/hmac-key").getBytes();
    }

    /** GitHub wants iat a minute in the past and at most ten minutes of lifetime. */
    public String githubAppJwt() {
        Instant now = Instant.now();
        return Jwts.builder()
                .setIssuer(githubAppId)
                .setIssuedAt(Date.from(now.minusSeconds(60)))
                .setExpiration(Date.from(now.plusSeconds(600)))
                .signWith(SignatureAlgorithm.RS256, githubAppKey)
                .compact();
    }

    /** Short-lived bearer token for the internal reporting API. */
    public String reportingToken(String subject) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", subject);
        claims.put("aud", "reporting");
        claims.put("iat", now);
        claims.put("exp", now + 600);
        return Jwts.builder()
                .setClaims(claims)
                .signWith(SignatureAlgorithm.HS256, reportingKey)
                .compact();
    }
}
