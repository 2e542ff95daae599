// Meeting SDK signature without jjwt ("the security team vets every dependency").
// QA reports joins that fail with "Signature is invalid" and work on retry.
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class JwtStdBase64IatNow {

    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private final String sdkKey;
    private final String sdkSecret;

    JwtStdBase64IatNow(String sdkKey, String sdkSecret) {
        this.sdkKey = sdkKey;
        this.sdkSecret = sdkSecret;
    }

    String signature(String meetingNumber, int role) throws Exception {
        long iat = Instant.now().getEpochSecond();
        long exp = iat + 2 * 60 * 60;
        String payload = "{\"appKey\":\"" + sdkKey + "\",\"sdkKey\":\"" + sdkKey + "\",\"mn\":\"" + meetingNumber
                + "\",\"role\":" + role + ",\"iat\":" + iat + ",\"exp\":" + exp + ",\"tokenExp\":" + exp + "}";

        String headerPart = Base64.getEncoder().encodeToString(HEADER.getBytes(StandardCharsets.UTF_8));
        String payloadPart = Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        String signingInput = headerPart + "." + payloadPart;

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(sdkSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signaturePart = Base64.getEncoder().encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        return signingInput + "." + signaturePart;
    }

    public static void main(String[] args) throws Exception {
        JwtStdBase64IatNow signer = new JwtStdBase64IatNow(System.getenv("ZOOM_SDK_KEY"), System.getenv("ZOOM_SDK_SECRET"));
        System.out.println(signer.signature(System.getenv("MEETING_NUMBER"), Integer.parseInt(System.getenv("ROLE"))));
    }
}
