package io.backuphub.retention;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCopies;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.CopyStatus;
import io.backuphub.common.HubException;
import io.backuphub.job.JobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The one way a backup goes: a person deleting it (the API, the dashboard) or a retention policy letting
 * one of its copies go. The same guards for both: never a pinned backup, never one being restored. The
 * catalog keeps the artifact's row (history) marked deleted.
 */
@ApplicationScoped
public class BackupDeletion {

    private final ArtifactCopies copies;
    private final ArtifactRepository artifacts;
    private final JobRepository jobs;

    public BackupDeletion(ArtifactCopies copies, ArtifactRepository artifacts, JobRepository jobs) {
        this.copies = copies;
        this.artifacts = artifacts;
        this.jobs = jobs;
    }

    /** Why the backup may not go now; empty when it may. */
    public Optional<String> refusal(Artifact artifact) {
        if (artifact.pinned()) {
            return Optional
                    .of("artifact " + artifact.id() + " is pinned (" + artifact.pinReason() + "); unpin it first");
        }
        if (jobs.isRestoring(artifact.id())) {
            return Optional.of("artifact " + artifact.id() + " is being restored; delete it once the restore job"
                    + " has ended");
        }
        return Optional.empty();
    }

    /** Every copy (object and manifest), then the artifact; a refusal is a conflict. */
    public void delete(Artifact artifact, String reason) throws IOException {
        refusal(artifact).ifPresent(why -> {
            throw HubException.conflict(why);
        });
        copies.deleteAll(artifact);
        artifacts.markDeleted(artifact.id(), Instant.now(), reason);
    }

    /**
     * One store's copy; when no copy is left (stored or being made), the artifact goes too, the remains
     * of its failed copies with it. True if it went.
     */
    public boolean deleteCopy(Artifact artifact, String store, String reason) throws IOException {
        refusal(artifact).ifPresent(why -> {
            throw HubException.conflict(why);
        });
        copies.delete(artifact, store);
        boolean remains = copies.of(artifact).stream().anyMatch(c -> c.stored() || c.status() == CopyStatus.COPYING);
        if (remains) {
            return false;
        }
        copies.deleteAll(artifact);
        artifacts.markDeleted(artifact.id(), Instant.now(), reason);
        return true;
    }
}
