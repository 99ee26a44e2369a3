package io.backuphub.common;

import java.util.List;
import java.util.regex.Pattern;

/** Target and environment patterns: exact names, or '*' for any run of characters ("prod-*", "*"). */
public final class Globs {

    private Globs() {
    }

    public static boolean matches(String glob, String value) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.matches(regex.toString(), value);
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
