// Meeting SDK signature whose payload is a java.text.MessageFormat template. MessageFormat
// writes a long with grouping separators: iat comes out as 1,733,500,000 and the payload is
// no valid JSON.
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class JwtMessageFormatGroupedTimes {

    private static final String PAYLOAD_TEMPLATE =
            "'{'\"appKey\":\"{0}\",\"sdkKey\":\"{0}\",\"mn\":\"{1}\",\"role\":{2},\"iat\":{3},\"exp\":{4},\"tokenExp\":{4}'}'";

    static String sign(String sdkKey, String sdkSecret, String meetingNumber, int role) throws Exception {
        long iat = System.currentTimeMillis() / 1000 - 30;
        long exp = iat + 60 * 60 * 2;

        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String json = MessageFormat.format(PAYLOAD_TEMPLATE, sdkKey, meetingNumber, role, iat, exp);
        String payload = b64.encodeToString(json.getBytes(StandardCharsets.UTF_8));

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
