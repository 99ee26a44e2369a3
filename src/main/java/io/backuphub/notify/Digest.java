package io.backuphub.notify;

import java.time.Instant;
import java.util.List;

/** One message summing up the events a daily-digest rule held for one channel. */
public record Digest(String event, int count, Instant from, Instant to, List<String> events) {

    public String headline() {
        return "daily digest: " + count + " event(s)";
    }

    public String text() {
        return headline() + " from " + from + " to " + to + "\n" + String.join("\n", events) + "\n";
    }
}
