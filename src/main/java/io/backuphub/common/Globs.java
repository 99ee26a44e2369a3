package io.backuphub.common;

import java.util.List;

/** Target and environment patterns: exact names, or '*' for any run of characters ("prod-*", "*"). */
public final class Globs {

    private Globs() {
    }

    /**
     * Whether {@code value} matches {@code glob}, in one pass however many stars the glob has (a
     * regular expression of ".*"s backtracks: "*a*a*a*a*a*a*b" against 63 a's took seconds). The parts
     * between stars are searched for once each, left to right, each at its first place after the
     * previous one: with '*' the only wildcard, the leftmost place never loses a match.
     */
    public static boolean matches(String glob, String value) {
        String[] parts = glob.split("\\*", -1);
        if (parts.length == 1) {
            return glob.equals(value);
        }
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (value.length() < first.length() + last.length() || !value.startsWith(first) || !value.endsWith(last)) {
            return false;
        }
        int from = first.length();
        int end = value.length() - last.length();
        for (int i = 1; i < parts.length - 1; i++) {
            int at = value.indexOf(parts[i], from);
            if (at < 0 || at + parts[i].length() > end) {
                return false;
            }
            from = at + parts[i].length();
        }
        return true;
    }

    public static boolean anyMatches(List<String> globs, String value) {
        return value != null && globs.stream().anyMatch(glob -> matches(glob, value));
    }

    /** Adds a problem at {@code field} for each entry of {@code globs} (if any) that is not a valid glob. */
    public static void check(List<String> globs, String field, Problems problems) {
        if (globs != null) {
            globs.stream().filter(g -> !valid(g)).forEach(g -> problems.add(field,
                    SafeValues.show(g) + " is not an id or a glob of [a-z0-9-] and '*'"));
        }
    }

    /** Globs name slugs and '*' only. */
    public static boolean valid(String glob) {
        return glob != null && glob.matches("[a-z0-9*-]{1,63}");
    }
}
