// Meeting SDK signature built from a JSON template. The template quotes every
// value, and tokenExp was raised to four hours for the training sessions.
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class JwtFormatStringIatTokenExp {

    private static final String PAYLOAD_TEMPLATE =
            "{\"appKey\":\"%s\",\"sdkKey\":\"%s\",\"mn\":\"%s\",\"role\":%d,\"iat\":\"%d\",\"exp\":%d,\"tokenExp\":%d}";

    static String sign(String sdkKey, String sdkSecret, String meetingNumber, int role) throws Exception {
        long iat = System.currentTimeMillis() / 1000 - 30;
        long exp = iat + 60 * 60 * 2;
        long tokenExp = iat + 60 * 60 * 4;

        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(String.format(PAYLOAD_TEMPLATE, sdkKey, sdkKey, meetingNumber, role, iat, exp, tokenExp)
                .getBytes(StandardCharsets.UTF_8));

        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(sdkSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return header + "." + payload + "." + b64.encodeToString(hmac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8)));
    }

    public static void main(String[] args) throws Exception {
        String role = System.getenv("ROLE");
        System.out.println(sign(System.getenv("ZOOM_SDK_KEY"), System.getenv("ZOOM_SDK_SECRET"),
                System.getenv("MEETING_NUMBER"), Integer.parseInt(role)));
    }
}
