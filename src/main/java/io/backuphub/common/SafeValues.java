package io.backuphub.common;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The shapes a value must have before it may reach a shell, a file path or an object key. Values
 * are also shell-quoted where they are used; these patterns are the first line of defence.
 */
public final class SafeValues {

    /** Target ids and environments appear in object keys and URLs. */
    public static final Pattern SLUG = Pattern.compile("[a-z0-9-]{1,63}");
    public static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[?[0-9A-Fa-f:.]{2,45}]?");
    public static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,62}");
    public static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Database, schema and table names: no quotes, spaces, '=' (pg_dump reads those as conninfo) or shell syntax. */
    public static final Pattern SQL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$-]{0,62}");
    /** Absolute paths on a target's host: no "." or ".." segments, quotes, spaces or shell syntax. */
    public static final Pattern ABSOLUTE_PATH = Pattern.compile("(/[A-Za-z0-9_][A-Za-z0-9_.+-]*)+");

    private SafeValues() {
    }

    public static boolean matches(Pattern pattern, String value) {
        return value != null && pattern.matcher(value).matches();
    }

    /** {@code value} if it matches, else an invalid-request problem naming {@code what}. */
    public static String require(Pattern pattern, String value, String what) {
        if (!matches(pattern, value)) {
            throw HubException.invalid(what + " must match " + pattern.pattern());
        }
        return value;
    }

    /** Shows a rejected value without echoing control characters into logs or responses. */
    public static String show(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int shown = 0;
        for (char c : value.toCharArray()) {
            if (shown++ == 64) {
                out.append("...");
                break;
            }
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.append('"').toString();
    }

    /** Adds "must match PATTERN, not VALUE" at {@code field} unless {@code value} matches; true when it does. */
    public static boolean check(Problems problems, String field, Pattern pattern, String value) {
        if (matches(pattern, value)) {
            return true;
        }
        problems.add(field, "must match " + pattern.pattern() + ", not " + show(value));
        return false;
    }

    /** A list of names each matching {@code pattern} (an option's value); each bad item is a problem. */
    public static List<String> names(Object value, Pattern pattern, Problems problems) {
        List<String> names = new ArrayList<>();
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problems.add("must be a non-empty list of names");
            return names;
        }
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item instanceof String s && pattern.matcher(s).matches()) {
                names.add(s);
            } else {
                problems.add("[" + i + "]", "must match " + pattern.pattern() + ", not " + show(String.valueOf(item)));
            }
        }
        return names;
    }
}
