package io.backuphub.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in the YAML files as people write them: bytes ({@code 5242880}), or a number with a unit —
 * {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} (powers of 1024), {@code kB}, {@code MB}, {@code GB},
 * {@code TB} (powers of 1000), {@code B} — with or without a space ({@code 16MiB}, {@code 1 GiB}).
 * Fields take it with {@code @JsonDeserialize(using = ByteSize.Deserializer.class)}.
 */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]i?B|kB|B)?", Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    /** The number of bytes {@code text} says; an IllegalArgumentException that says what it takes if none. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 16MiB, 1GiB or 5242880 (bytes), not "
                    + SafeValues.show(text));
        }
        long number = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long factor = switch (unit) {
            case "B" -> 1;
            case "KB" -> 1000L;
            case "MB" -> 1000L * 1000;
            case "GB" -> 1000L * 1000 * 1000;
            case "TB" -> 1000L * 1000 * 1000 * 1000;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            default -> 1L << 40; // TIB
        };
        return Math.multiplyExact(number, factor);
    }

    /** A size field: a number of bytes, or text with a unit. */
    public static final class Deserializer extends StdDeserializer<Long> {

        public Deserializer() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return p.getLongValue();
            }
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                try {
                    return parse(p.getText());
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw JsonMappingException.from(p, e instanceof ArithmeticException ? "the size is too large"
                            : e.getMessage());
                }
            }
            return (Long) ctx.handleUnexpectedToken(Long.class, p);
        }
    }
}
