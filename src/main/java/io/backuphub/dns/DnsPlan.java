package io.backuphub.dns;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What applying dns.yaml would do (or did), zone by zone: each change with its reason. */
public record DnsPlan(List<ZonePlan> zones, boolean applied) {

    public int changes() {
        return zones.stream().mapToInt(z -> z.changes().size()).sum();
    }

    /** A zone's changes; records already as wanted and records the hub leaves alone, counted. */
    public record ZonePlan(String zoneId, String zone, List<Change> changes, int unchanged, int leftAlone) {
    }

    /**
     * One change: create (no record has the text), update (a record the hub manages or owns gets the
     * text or TTL; {@code was} is its text before), delete (a record the hub manages or owns that the
     * file no longer lists).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(String action, String name, String text, Integer ttl, String recordId, String was,
            String reason) {
    }
}
