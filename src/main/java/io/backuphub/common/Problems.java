package io.backuphub.common;

import java.util.ArrayList;
import java.util.List;

/** Collects validation errors, each prefixed with the path of the offending field. */
public final class Problems {

    private final List<String> messages;
    private final String path;

    public Problems() {
        this(new ArrayList<>(), "");
    }

    private Problems(List<String> messages, String path) {
        this.messages = messages;
        this.path = path;
    }

    /** A view whose messages are prefixed with {@code child} below the current path. */
    public Problems at(String child) {
        return new Problems(messages, join(path, child));
    }

    public void add(String field, String message) {
        String where = field == null ? path : join(path, field);
        messages.add(where.isEmpty() ? message : where + ": " + message);
    }

    public void add(String message) {
        add(null, message);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Ends validation: any problem found makes the request invalid (a 400 naming every field). */
    public void throwIfAny() {
        if (!messages.isEmpty()) {
            throw HubException.invalid(this);
        }
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    private static String join(String parent, String child) {
        if (parent.isEmpty()) {
            return child;
        }
        return child.startsWith("[") ? parent + child : parent + "." + child;
    }
}
