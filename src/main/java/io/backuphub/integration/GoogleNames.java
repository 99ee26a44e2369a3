package io.backuphub.integration;

import java.util.regex.Pattern;

/** Google Cloud's rules for the names the hub is given, checked before a client ever sends one. */
public final class GoogleNames {

    /** A project id: 6-30 lowercase letters, digits and hyphens, starting with a letter. */
    public static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
    /** A Pub/Sub topic or subscription id: 3-255 characters, starting with a letter, not with "goog". */
    public static final Pattern PUBSUB_ID = Pattern.compile("(?!goog)[A-Za-z][A-Za-z0-9._~+%-]{2,254}");

    private GoogleNames() {
    }
}
