package io.backuphub.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TXT record's text as DNS holds it: character strings of at most 255 bytes. Cloudflare takes a
 * record's content as one text, or as quoted strings ({@code "part one" "part two"}), up to 2048
 * characters; the hub sends a text longer than one string as quoted 255-byte strings, as Cloudflare's
 * dashboard does, and compares contents by their text, however they are split. A text given as quoted
 * strings only (spaces around them allowed) means those strings joined, as Cloudflare reads it.
 */
public final class TxtContent {

    /** Cloudflare's limit on a TXT record's content field. */
    public static final int MAX_CHARACTERS = 2048;
    /** DNS's limit on one character string (RFC 1035). */
    public static final int MAX_STRING_BYTES = 255;
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern ALL_QUOTED = Pattern.compile("\\s*(\"(?:[^\"\\\\]|\\\\.)*\"\\s*)+");

    private TxtContent() {
    }

    /** What is wrong with {@code input} (a text, or quoted strings) as a TXT record's text; null when nothing is. */
    public static String problem(String input) {
        if (input == null || input.isEmpty()) {
            return "must not be empty";
        }
        if (ALL_QUOTED.matcher(input).matches()) {
            Matcher m = QUOTED.matcher(input);
            while (m.find()) {
                if (unescape(m.group(1)).getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
                    return "has a quoted string longer than " + MAX_STRING_BYTES + " bytes (DNS's limit on one)";
                }
            }
        }
        String text = text(input);
        if (text.isEmpty()) {
            return "must not be empty";
        }
        if (text.codePoints().anyMatch(TxtContent::isControl)) {
            return "must not contain control characters (line breaks, DEL, C1 controls, U+2028/U+2029 included;"
                    + " a tab is allowed)";
        }
        String wire = forCloudflare(text);
        if (wire.length() > MAX_CHARACTERS) {
            return "is " + wire.length() + " characters as Cloudflare stores it (split into 255-byte strings);"
                    + " Cloudflare takes at most " + MAX_CHARACTERS;
        }
        return null;
    }

    /**
     * The text itself, from a record's content or a person's input: quoted strings joined and
     * unescaped, anything else as it is.
     */
    public static String text(String content) {
        if (content == null || !ALL_QUOTED.matcher(content).matches()) {
            return content;
        }
        StringBuilder text = new StringBuilder();
        Matcher m = QUOTED.matcher(content);
        while (m.find()) {
            text.append(unescape(m.group(1)));
        }
        return text.toString();
    }

    /**
     * The content field to send: the text as it is when it fits one string and has no quote in it
     * (Cloudflare would read quotes as string boundaries), else quoted strings of at most 255 bytes.
     */
    public static String forCloudflare(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= MAX_STRING_BYTES && text.indexOf('"') < 0) {
            return text;
        }
        List<String> strings = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length();) {
            int codePoint = text.codePointAt(i);
            String c = new String(Character.toChars(codePoint));
            String escaped = c.equals("\"") || c.equals("\\") ? "\\" + c : c;
            int size = c.getBytes(StandardCharsets.UTF_8).length; // the escape is not in the DNS string
            if (bytes + size > MAX_STRING_BYTES) {
                strings.add(current.toString());
                current.setLength(0);
                bytes = 0;
            }
            current.append(escaped);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        strings.add(current.toString());
        return "\"" + String.join("\" \"", strings) + "\"";
    }

    private static String unescape(String quoted) {
        return quoted.replaceAll("\\\\(.)", "$1");
    }

    /** C0 and C1 controls, DEL, and the Unicode line and paragraph separators; not a tab. */
    private static boolean isControl(int codePoint) {
        int type = Character.getType(codePoint);
        return codePoint != '\t' && (type == Character.CONTROL || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR);
    }
}
