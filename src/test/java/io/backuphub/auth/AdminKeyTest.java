package io.backuphub.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backuphub.common.InvalidConfigException;
import org.junit.jupiter.api.Test;

/** An admin key an operator chooses must be long enough not to be guessed; the refusal never shows it. */
class AdminKeyTest {

    @Test
    void aShortAdminKeyIsRefusedWithoutBeingShown() {
        String shortKey = "letmein-letmein-2026-0123456789"; // 31 characters
        assertThatThrownBy(() -> ApiKeyRepository.checkAdminKey(shortKey)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("HUB_ADMIN_API_KEY").hasMessageContaining("is 31 characters")
                .hasMessageContaining("at least 32").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> ApiKeyRepository.checkAdminKey("  " + shortKey + "  ")).as("spaces do not count")
                .isInstanceOf(InvalidConfigException.class);
        assertThatCode(() -> ApiKeyRepository.checkAdminKey(shortKey + "x")).doesNotThrowAnyException();
        assertThatCode(() -> ApiKeyRepository.checkAdminKey(ApiKeyRepository.generate())).doesNotThrowAnyException();
    }
}
