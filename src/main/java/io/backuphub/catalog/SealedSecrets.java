package io.backuphub.catalog;

import io.backuphub.common.HubProperties;
import io.backuphub.common.InvalidConfigException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets the catalog must keep readable (a webhook's HMAC key cannot be hashed like an API key) are
 * sealed with AES-256-GCM under the hub's secrets key ({@link SecretsKey}), so a copy of the catalog
 * does not give them away. Each is bound to its row ({@code context}): a sealed value moved to another
 * row does not open. Values stored unsealed by older versions still read, and are sealed at start.
 */
@ApplicationScoped
public class SealedSecrets {

    static final String PREFIX = "sealed:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Optional<SecretKey> key;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public SealedSecrets(CatalogProperties config, HubProperties hub) {
        this(Optional.of(parseKey(SecretsKey.resolve(config, hub.data().dir()))));
    }

    SealedSecrets(Optional<SecretKey> key) {
        this.key = key;
    }

    /** The key from its base64 form; the message never repeats the value. */
    static SecretKey parseKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != 32) {
            throw new InvalidConfigException("hub.secrets.key", List.of(
                    "must be 32 random bytes in base64 (e.g. the output of: openssl rand -base64 32)"));
        }
        return new SecretKeySpec(bytes, "AES");
    }

    public boolean sealing() {
        return key.isPresent();
    }

    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    public String seal(String secret, String context) {
        if (key.isEmpty()) {
            return secret;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret: " + e.getMessage(), e);
        }
    }

    public String open(String stored, String context) {
        if (!isSealed(stored)) {
            return stored;
        }
        if (key.isEmpty()) {
            throw new IllegalStateException("the secret of " + context + " is sealed but hub.secrets.key is not set");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the secret of " + context + " was sealed with another hub.secrets.key"
                    + " (or altered); set the key it was sealed with, or recreate it", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the secret of " + context + " cannot be opened: " + e.getMessage(), e);
        }
    }
}
