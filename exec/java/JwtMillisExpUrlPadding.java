// Meeting SDK token util for the Android companion backend. exp reuses the
// session expiry (milliseconds), and the URL encoder keeps its '=' padding.
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class JwtMillisExpUrlPadding {

    private static final long SESSION_TTL_MS = 2L * 60 * 60 * 1000;

    private JwtMillisExpUrlPadding() {
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    public static String createToken(String sdkKey, String sdkSecret, String meetingNumber, int role) throws Exception {
        long iat = System.currentTimeMillis() / 1000 - 30;
        long exp = System.currentTimeMillis() + SESSION_TTL_MS;

        String claims = String.format(
                "{\"appKey\":\"%1$s\",\"sdkKey\":\"%1$s\",\"mn\":\"%2$s\",\"role\":%3$d,\"iat\":%4$d,\"exp\":%5$d,\"tokenExp\":%5$d}",
                sdkKey, meetingNumber, role, iat, exp);

        String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = encode(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(sdkSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = encode(mac.doFinal((header + "." + body).getBytes(StandardCharsets.UTF_8)));
        return header + "." + body + "." + sig;
    }

    public static void main(String[] args) throws Exception {
        System.out.println(createToken(
                System.getenv("ZOOM_SDK_KEY"),
                System.getenv("ZOOM_SDK_SECRET"),
                System.getenv("MEETING_NUMBER"),
                Integer.parseInt(System.getenv("ROLE"))));
    }
}
