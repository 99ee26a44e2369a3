package io.backuphub.dashboard;

import io.quarkus.qute.TemplateExtension;

/** Words for the pages: what the API says in ids, as a person reads it. */
@TemplateExtension
public final class Labels {

    private Labels() {
    }

    private static final java.util.Map<String, String> HEALTH = java.util.Map.of("red", "failing", "yellow",
            "attention", "green", "healthy");

    /** A target's colour as a word people use: "failing", "attention", "healthy". */
    static String healthWord(String status) {
        return HEALTH.getOrDefault(status, status);
    }

    /** "backup" → "Backup", for a heading. */
    static String capitalized(String word) {
        return word == null || word.isEmpty() ? "" : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
