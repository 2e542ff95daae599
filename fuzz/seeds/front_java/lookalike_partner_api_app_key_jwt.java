package com.example.partners;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;

import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;

/**
 * Tokens for the logistics partner API. Their gateway identifies callers by an "appKey" claim,
 * like Zoom does, but this is not a Meeting SDK token: iat = now is fine here.
 */
public final class PartnerGatewayTokens {

    private static final String ISSUER = "warehouse-sync";

    private PartnerGatewayTokens() {
    }

    public static String forPartner(String appKey, String secret) {
        Date now = new Date();
        return JWT.create()
                .withHeader(Map.of("alg", "HS256", "typ", "JWT"))
                .withClaim("appKey", appKey)
                .withIssuer(ISSUER)
                .withIssuedAt(now)
                .withExpiresAt(Date.from(now.toInstant().plus(1, ChronoUnit.MINUTES)))
                .sign(Algorithm.HMAC256(secret));
    }

    public static String forCourier(String appKey, String courierId, int role) {
        return JWT.create()
                .withClaim("appKey", appKey)
                .withClaim("role", role)
                .withClaim("uid", courierId)
                .withIssuedAt(new Date())
                .sign(Algorithm.HMAC256(System.getenv("COURIER_SIGNING_KEY")));
    }
}
