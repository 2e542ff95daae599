import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class JsonConcatSigner {
    public String sign(String sdkKey, String secret, String mn, int role) throws Exception {
        long iat = System.currentTimeMillis() / 1000 - 30;
        long exp = iat + 7200;
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String payload = "{\"sdkKey\":\"" + sdkKey + "\",\"appKey\":\"" + sdkKey + "\",\"mn\":\"" + mn
            + "\",\"role\":" + String.valueOf(role) + ",\"iat\":" + Long.toString(iat)
            + ",\"exp\":" + Long.toString(exp) + ",\"tokenExp\":" + Long.toString(exp) + "}";
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        String h = enc.encodeToString(header.getBytes());
        String p = enc.encodeToString(payload.getBytes());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(), "HmacSHA256"));
        String s = enc.encodeToString(mac.doFinal((h + "." + p).getBytes()));
        return h + "." + p + "." + s;
    }
}
