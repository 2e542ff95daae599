// Meeting SDK signature for the booking service. "All our timestamps are UTC": the
// service runs on the Osaka cluster, whose JVMs use the machine's Asia/Tokyo zone.
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class JwtLocalDateTimeAsUtc {

    private static final long SKEW_SECONDS = 30;
    private static final long LIFETIME_SECONDS = 2 * 60 * 60;

    private final String sdkKey;
    private final String sdkSecret;

    JwtLocalDateTimeAsUtc(String sdkKey, String sdkSecret) {
        this.sdkKey = sdkKey;
        this.sdkSecret = sdkSecret;
    }

    private static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String signature(String meetingNumber, int role) throws Exception {
        LocalDateTime issued = LocalDateTime.now().minusSeconds(SKEW_SECONDS);
        long iat = issued.toEpochSecond(ZoneOffset.UTC);
        long exp = issued.plusSeconds(LIFETIME_SECONDS).toEpochSecond(ZoneOffset.UTC);
        String payload = String.format(
                "{\"appKey\":\"%s\",\"sdkKey\":\"%s\",\"mn\":\"%s\",\"role\":%d,\"iat\":%d,\"exp\":%d,\"tokenExp\":%d}",
                sdkKey, sdkKey, meetingNumber, role, iat, exp, exp);
        String signingInput = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64url(payload.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(sdkSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + b64url(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    }

    public static void main(String[] args) throws Exception {
        JwtLocalDateTimeAsUtc signer = new JwtLocalDateTimeAsUtc(System.getenv("ZOOM_SDK_KEY"), System.getenv("ZOOM_SDK_SECRET"));
        System.out.println(signer.signature(System.getenv("MEETING_NUMBER"), Integer.parseInt(System.getenv("ROLE"))));
    }
}
