package io.backuphub.common;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature scheme of webhooks in both directions (CI -> hub, hub -> receivers):
 * {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, timestamp + "." + delivery + "." + body)>}.
 * The delivery id is signed so that a captured request cannot be replayed under another one.
 * Scheme v1 (timestamp + "." + body) is deprecated and accepted only from webhooks set to it.
 */
public final class HookSignature {

    public static final String TIMESTAMP = "X-Hub-Timestamp";
    public static final String DELIVERY = "X-Hub-Delivery";
    public static final String SIGNATURE = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    /** What the HMAC covers. */
    public enum Scheme {

        /** timestamp, delivery id and body: the default. */
        V2,
        /** timestamp and body only: replayable under a new delivery id; deprecated. */
        V1;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Scheme of(String id) {
            for (Scheme s : values()) {
                if (s.id().equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown signature scheme " + id);
        }
    }

    private HookSignature() {
    }

    /** The v2 signature of a delivery. */
    public static String sign(String secret, String timestamp, String delivery, byte[] body) {
        return PREFIX + hmac(secret, timestamp, delivery, body);
    }

    /** The deprecated v1 signature (no delivery id). */
    public static String signV1(String secret, String timestamp, byte[] body) {
        return PREFIX + hmac(secret, timestamp, null, body);
    }

    /** Constant-time comparison of the presented signature with the one the scheme expects. */
    public static boolean verify(Scheme scheme, String secret, String timestamp, String delivery, byte[] body,
            String presented) {
        if (presented == null || timestamp == null || (scheme == Scheme.V2 && delivery == null)) {
            return false;
        }
        String expected = scheme == Scheme.V2 ? sign(secret, timestamp, delivery, body)
                : signV1(secret, timestamp, body);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.trim().getBytes(StandardCharsets.US_ASCII));
    }

    /** A token that opens one job's status: HMAC(secret, "status." + jobId), hex. */
    public static String statusToken(String secret, String jobId) {
        return hmac(secret, "status", null, jobId.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean verifyStatusToken(String secret, String jobId, String presented) {
        return presented != null
                && MessageDigest.isEqual(statusToken(secret, jobId).getBytes(StandardCharsets.US_ASCII),
                        presented.getBytes(StandardCharsets.US_ASCII));
    }

    private static String hmac(String secret, String first, String second, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(first.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            if (second != null) {
                mac.update(second.getBytes(StandardCharsets.UTF_8));
                mac.update((byte) '.');
            }
            mac.update(body);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
        }
    }
}
