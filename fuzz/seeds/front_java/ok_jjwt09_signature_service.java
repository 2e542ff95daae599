package com.example.meetings.zoom;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;

/**
 * Generates Meeting SDK signatures for the Web client.
 * Same shape as Zoom's sample: iat backdated 30 s, two-hour lifetime.
 */
@Service
public class MeetingSdkSignatureService {

    @Value("${zoom.sdk.key}")
    private String sdkKey;

    @Value("${zoom.sdk.secret}")
    private String sdkSecret;

    public String generateSignature(String meetingNumber, int role) {
        long iat = System.currentTimeMillis() / 1000 - 30;
        long exp = iat + 60 * 60 * 2;

        return Jwts.builder()
                .setHeaderParam("alg", "HS256")
                .setHeaderParam("typ", "JWT")
                .claim("appKey", sdkKey)
                .claim("sdkKey", sdkKey)
                .claim("mn", meetingNumber)
                .claim("role", role)
                .claim("iat", iat)
                .claim("exp", exp)
                .claim("tokenExp", exp)
                .signWith(SignatureAlgorithm.HS256, sdkSecret.getBytes(StandardCharsets.UTF_8))
                .compact();
    }
}
