package io.backuphub.api;

import io.backuphub.common.HubException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/** The opaque cursor of list endpoints: the last key of the previous page, base64url. */
final class Cursor {

    private Cursor() {
    }

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The key a cursor stands for, which must have {@code shape}; null for no cursor. */
    static String decode(String cursor, Pattern shape) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (shape.matcher(key).matches()) {
                return key;
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the error below
        }
        throw HubException.invalid("cursor is not one this API returned");
    }
}
