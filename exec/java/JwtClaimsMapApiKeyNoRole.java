// Meeting SDK signature from a claims map, serialized by hand (no JSON library on the
// classpath of this legacy service). The map was copied from the JWT-app era: it still says
// "apiKey", and the role the controller passes in never reaches the claims.
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class JwtClaimsMapApiKeyNoRole {

    private static final long TTL_SECONDS = 2 * 60 * 60;

    static String json(Map<String, Object> claims) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Object> e : claims.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof String) {
                out.append('"').append(v).append('"');
            } else {
                out.append(v);
            }
        }
        return out.append('}').toString();
    }

    static String segment(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String signature(String key, String secret, String meetingNumber, int role) throws Exception {
        long iat = System.currentTimeMillis() / 1000 - 30;
        long exp = iat + TTL_SECONDS;

        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("apiKey", key);
        claims.put("mn", meetingNumber);
        claims.put("iat", iat);
        claims.put("exp", exp);
        claims.put("tokenExp", exp);

        String signingInput = segment("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + segment(json(claims));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] digest = mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    public static void main(String[] args) throws Exception {
        System.out.println(signature(System.getenv("ZOOM_SDK_KEY"), System.getenv("ZOOM_SDK_SECRET"), System.getenv("MEETING_NUMBER"),
                Integer.parseInt(System.getenv("ROLE"))));
    }
}
