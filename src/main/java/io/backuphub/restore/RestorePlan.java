package io.backuphub.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What a restore will do, shown before it runs: the artifact, the destination as it is now, the
 * engine versions on both sides, whether a safety backup runs first, what to look out for, and the
 * token that confirms exactly this plan.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestorePlan(Source source, Destination destination, Versions versions, String mode,
        boolean safetyBackup, boolean keepOwnership, List<String> warnings, String confirm, Instant confirmExpiresAt) {

    /** The artifact to restore. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String artifactId, String targetId, String environment, Instant createdAt, long ageSeconds,
            long bytes, long dumpBytes, String verification, boolean fingerprinted) {
    }

    /** Where it goes, as the destination server says it is now. */
    public record Destination(String targetId, String environment, String host, String database, boolean exists,
            boolean empty) {
    }

    /** The dump's server and tool, and the destination's server. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Versions(String dumpServer, String dumpTool, String destinationServer) {
    }
}
