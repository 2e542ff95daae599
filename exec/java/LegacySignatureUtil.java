// Web SDK signature from the API key and secret, adapted from the old Zoom sample
// (com.example.webinar.util.ZoomWebSignature, trimmed to a runnable class).
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class LegacySignatureUtil {

    private LegacySignatureUtil() {
    }

    public static String generateSignature(String apiKey, String apiSecret, String meetingNumber, int role) {
        try {
            long ts = System.currentTimeMillis() - 30000;
            String msg = Base64.getEncoder().encodeToString((apiKey + meetingNumber + ts + role).getBytes(StandardCharsets.UTF_8));

            Mac hasher = Mac.getInstance("HmacSHA256");
            hasher.init(new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String hash = Base64.getEncoder().encodeToString(hasher.doFinal(msg.getBytes(StandardCharsets.UTF_8)));

            String tmpString = String.format("%s.%s.%s.%d.%s", apiKey, meetingNumber, ts, role, hash);
            String encodedString = Base64.getEncoder().encodeToString(tmpString.getBytes(StandardCharsets.UTF_8));
            return encodedString.replaceAll("=+$", "");
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static void main(String[] args) {
        System.out.println(generateSignature(
                System.getenv("ZOOM_SDK_KEY"),
                System.getenv("ZOOM_SDK_SECRET"),
                System.getenv("MEETING_NUMBER"),
                Integer.parseInt(System.getenv("ROLE"))));
    }
}
