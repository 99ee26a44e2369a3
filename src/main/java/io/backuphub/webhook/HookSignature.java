package io.backuphub.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature scheme of webhooks in both directions (CI -> hub, hub -> receivers):
 * {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}.
 */
public final class HookSignature {

    public static final String TIMESTAMP = "X-Hub-Timestamp";
    public static final String DELIVERY = "X-Hub-Delivery";
    public static final String SIGNATURE = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private HookSignature() {
    }

    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            mac.update(body);
            return PREFIX + HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
        }
    }

    /** Constant-time comparison of the presented signature with the expected one. */
    public static boolean verify(String secret, String timestamp, byte[] body, String presented) {
        if (presented == null || timestamp == null) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
