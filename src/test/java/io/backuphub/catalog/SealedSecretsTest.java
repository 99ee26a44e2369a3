package io.backuphub.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backuphub.common.InvalidConfigException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SealedSecretsTest {

    private static final String SECRET = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static SealedSecrets with(String key) {
        return new SealedSecrets(Optional.of(SealedSecrets.parseKey(key)));
    }

    @Test
    void sealedSecretsOpenOnlyWithTheirKeyAndRow() {
        String key = randomKey();
        SealedSecrets box = with(key);
        String stored = box.seal(SECRET, "webhook a");

        assertThat(stored).startsWith("sealed:v1:").doesNotContain(SECRET).hasSizeLessThanOrEqualTo(400);
        assertThat(box.seal(SECRET, "webhook a")).as("a fresh nonce each time").isNotEqualTo(stored);
        assertThat(box.open(stored, "webhook a")).isEqualTo(SECRET);
        assertThat(with(key).open(stored, "webhook a")).as("another replica with the same key").isEqualTo(SECRET);

        assertThatThrownBy(() -> box.open(stored, "webhook b"))
                .hasMessageContaining("sealed with another hub.secrets.key");
        assertThatThrownBy(() -> with(randomKey()).open(stored, "webhook a"))
                .hasMessageContaining("sealed with another hub.secrets.key");
        int at = "sealed:v1:".length() + 30;
        String tampered = stored.substring(0, at) + (stored.charAt(at) == 'A' ? 'B' : 'A') + stored.substring(at + 1);
        assertThatThrownBy(() -> box.open(tampered, "webhook a")).hasMessageContaining("or altered");
    }

    @Test
    void withoutAKeySecretsPassThrough() {
        SealedSecrets none = new SealedSecrets(Optional.empty());
        assertThat(none.seal(SECRET, "webhook a")).isEqualTo(SECRET);
        assertThat(none.open(SECRET, "webhook a")).isEqualTo(SECRET);
    }

    @Test
    void withoutAKeyASealedSecretSaysWhatIsMissing() {
        String stored = with(randomKey()).seal(SECRET, "webhook a");
        assertThatThrownBy(() -> new SealedSecrets(Optional.empty()).open(stored, "webhook a"))
                .hasMessageContaining("hub.secrets.key is not set");
    }

    @Test
    void valuesStoredBeforeAKeyWasSetStillRead() {
        assertThat(with(randomKey()).open(SECRET, "webhook a")).isEqualTo(SECRET);
    }

    @Test
    void aBadKeyIsRefusedWithoutRepeatingIt() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        for (String bad : new String[]{shortKey, "not base64 at all!"}) {
            assertThatThrownBy(() -> SealedSecrets.parseKey(bad)).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("openssl rand -base64 32").hasMessageNotContaining(bad);
        }
    }
}
