package io.backuphub.mirror;

import com.google.cloud.Timestamp;
import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.common.Json;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobRepository;
import io.backuphub.restore.Drill;
import io.backuphub.restore.DrillRepository;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the mirror writes for a record: the collection (by kind) and the document, built from the
 * catalog's state now. Document ids are the catalog's ids, so writing a record again overwrites its
 * document. Times are Firestore timestamps; absent values are left out.
 */
@ApplicationScoped
public class MirrorDocuments {

    /** A document to write: which collection (the integrations file's names), which id, what. */
    public record Document(String collection, String id, Map<String, Object> fields) {
    }

    @Inject JobRepository jobs;
    @Inject ArtifactRepository artifacts;
    @Inject DrillRepository drills;
    @Inject TargetRegistry targets;

    /** The record's document; empty when the catalog no longer has it or its kind is not mirrored. */
    public Optional<Document> of(MirrorQueue.Entry entry, Map<String, String> collections) {
        return switch (entry.kind()) {
            case "job" -> jobs.find(entry.recordId()).flatMap(job -> job(job, collections));
            case "artifact" -> artifacts.findRecorded(entry.recordId())
                    .map(a -> new Document(collections.get("backup_verifications"), a.artifact().id(), artifact(a)));
            default -> Optional.empty();
        };
    }

    private Optional<Document> job(Job job, Map<String, String> collections) {
        if (job.kind() == JobKind.DRILL) {
            return drills.byJob(job.id()).map(d -> new Document(collections.get("drill_history"), d.id(), drill(d)));
        }
        String collection = job.kind() == JobKind.BACKUP ? collections.get("backup_history")
                : job.kind() == JobKind.RESTORE ? collections.get("restore_history") : null;
        return Optional.ofNullable(collection).map(c -> new Document(c, job.id(), job(job)));
    }

    private Map<String, Object> job(Job j) {
        Fields f = new Fields();
        f.put("jobId", j.id()).put("kind", j.kind().id()).put("targetId", j.targetId());
        targets.find(j.targetId()).ifPresent(t -> f.put("environment", t.environment()).put("engine", t.engine()));
        f.put("status", j.status().id()).put("verification", j.verification() == null ? null : j.verification().id())
                .put("artifactId", j.artifactId()).put("error", j.error()).put("trigger", j.trigger().id())
                .put("triggerRef", j.triggerRef()).put("triggeredBy", j.triggeredBy())
                .put("createdAt", j.createdAt()).put("startedAt", j.startedAt()).put("finishedAt", j.finishedAt())
                .put("durationMs", j.durationMs()).put("bytes", j.bytes());
        if (j.options() != null && !j.options().isEmpty()) {
            f.put("options", j.options());
        }
        return f.map;
    }

    private static Map<String, Object> artifact(ArtifactRepository.Recorded recorded) {
        Artifact a = recorded.artifact();
        Fields f = new Fields();
        f.put("artifactId", a.id()).put("jobId", a.jobId()).put("targetId", a.targetId())
                .put("environment", a.environment()).put("engine", a.engine()).put("store", a.store())
                .put("objectKey", a.objectKey()).put("bytes", a.bytes()).put("dumpBytes", a.dumpBytes())
                .put("sha256", a.sha256()).put("compression", a.compression()).put("encrypted", a.encrypted())
                .put("verification", a.verification().id()).put("verificationSummary", a.verificationSummary())
                .put("verifiedAt", a.verifiedAt()).put("createdAt", a.createdAt()).put("pinReason", a.pinReason())
                .put("suspiciousReason", a.suspiciousReason()).put("deletedAt", recorded.deletedAt())
                .put("deletedReason", recorded.deletedReason());
        if (a.fingerprint() != null) {
            f.put("fingerprint", Json.MAPPER.convertValue(a.fingerprint(), Map.class));
        }
        return f.map;
    }

    private static Map<String, Object> drill(Drill d) {
        return new Fields().put("drillId", d.id()).put("targetId", d.targetId())
                .put("scratchTargetId", d.scratchTargetId())
                .put("jobId", d.jobId()).put("artifactId", d.artifactId()).put("status", d.status())
                .put("dueAt", d.dueAt()).put("requestedAt", d.requestedAt()).put("startedAt", d.startedAt())
                .put("finishedAt", d.finishedAt()).put("rtoSeconds", d.rtoSeconds()).put("rpoSeconds", d.rpoSeconds())
                .put("worstGapSeconds", d.worstGapSeconds()).put("differences", d.differences())
                .put("error", d.error()).map;
    }

    /** A document's fields in order, without nulls, instants as Firestore timestamps. */
    private static final class Fields {

        final Map<String, Object> map = new LinkedHashMap<>();

        Fields put(String name, Object value) {
            if (value instanceof Instant instant) {
                map.put(name, Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano()));
            } else if (value != null) {
                map.put(name, value);
            }
            return this;
        }
    }
}
