package io.backuphub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.Json;
import io.backuphub.artifact.Artifact;
import io.backuphub.job.Job;
import io.backuphub.target.Target;
import io.backuphub.target.TargetHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The API's JSON shapes. Domain words, lower-case enum values, links to related resources. */
public final class Views {

    private Views() {
    }

    public record JobView(String id, String targetId, String kind, String status, String verification,
                          String artifactId, String error, String trigger, String triggerRef, String triggeredBy,
                          Map<String, Object> options, Instant scheduledFor, Instant createdAt, Instant startedAt,
                          Instant finishedAt, Long durationMs, Long bytes, String cancelRequestedBy,
                          Map<String, String> links) {

        public static JobView of(Job j) {
            return new JobView(j.id(), j.targetId(), j.kind().id(), j.status().id(),
                    j.verification() == null ? null : j.verification().id(), j.artifactId(), j.error(),
                    j.trigger().id(), j.triggerRef(), j.triggeredBy(), j.options(), j.scheduledFor(), j.createdAt(),
                    j.startedAt(), j.finishedAt(), j.durationMs(), j.bytes(), j.cancelRequestedBy(),
                    j.artifactId() == null
                            ? Map.of("self", "/api/v1/jobs/" + j.id())
                            : Map.of("self", "/api/v1/jobs/" + j.id(), "artifact", "/api/v1/artifacts/" + j.artifactId()));
        }
    }

    public record ArtifactView(String id, String jobId, String targetId, String environment, String engine,
                               String store, String key, long bytes, long dumpBytes, String sha256, String compression,
                               boolean encrypted, String verification, String verificationSummary, Instant verifiedAt,
                               Instant createdAt, String pinReason, JsonNode manifest, Map<String, String> links) {

        public static ArtifactView of(Artifact a) {
            JsonNode manifest;
            try {
                manifest = Json.MAPPER.readTree(a.manifest());
            } catch (Exception e) {
                manifest = null;
            }
            return new ArtifactView(a.id(), a.jobId(), a.targetId(), a.environment(), a.engine(), a.store(),
                    a.objectKey(), a.bytes(), a.dumpBytes(), a.sha256(), a.compression(), a.encrypted(),
                    a.verification().id(), a.verificationSummary(), a.verifiedAt(), a.createdAt(), a.pinReason(), manifest,
                    Map.of("self", "/api/v1/artifacts/" + a.id(),
                            "download", "/api/v1/artifacts/" + a.id() + "/download",
                            "job", "/api/v1/jobs/" + a.jobId()));
        }
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record TransportView(String type, String host, Integer port, String user) {
    }

    public record DatabaseView(String host, Integer port, String user, String name) {
    }

    public record HealthView(String status, String reason) {
    }

    public record TargetView(String id, String engine, String environment, TransportView transport,
                             DatabaseView database, Duration expectedEvery, String compression,
                             Integer compressionLevel, List<String> ageRecipients, JobView lastBackup,
                             HealthView health, Map<String, String> links) {

        public static TargetView of(Target t, Job lastBackup, TargetHealth health) {
            Target.TransportSpec tr = t.transport();
            Target.DatabaseSpec db = t.database();
            return new TargetView(t.id(), t.engine(), t.environment(),
                    new TransportView(tr.type(), tr.host(), tr.port(), tr.user()),
                    new DatabaseView(db.host(), db.port(), db.user(), db.name()),
                    t.expectedEvery(), t.compression().id(), t.compressionLevel(),
                    t.encrypted() ? t.encryption().ageRecipients() : List.of(),
                    lastBackup == null ? null : JobView.of(lastBackup),
                    new HealthView(health.status().id(), health.reason()),
                    Map.of("self", "/api/v1/targets/" + t.id(),
                            "backups", "/api/v1/targets/" + t.id() + "/backups",
                            "jobs", "/api/v1/jobs?targetId=" + t.id(),
                            "artifacts", "/api/v1/artifacts?targetId=" + t.id()));
        }
    }

    /** A page of a list, with the cursor of the next page (null on the last one). */
    public record Page<T>(List<T> items, String nextCursor) {

        /**
         * The page from a query that asked for {@code limit + 1} rows: the extra row only tells that
         * another page exists, whose cursor is made from the last row shown.
         */
        public static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> view, Function<R, String> cursor) {
            List<R> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
            String next = rows.size() > limit ? cursor.apply(shown.get(shown.size() - 1)) : null;
            return new Page<>(shown.stream().map(view).toList(), next);
        }
    }
}
