package io.backuphub.backup;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCopies;
import io.backuphub.artifact.ArtifactReader;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.VerificationState;
import io.backuphub.engine.Engines;
import io.backuphub.engine.Verification;
import io.backuphub.engine.VerifyRequest;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobLifecycle;
import io.backuphub.job.JobRepository;
import io.backuphub.job.RunningJobs;
import io.backuphub.store.MissingObjectException;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.backuphub.transport.LocalConnection;
import io.backuphub.transport.ProcessScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * The verify-backup route's steps: check-every-copy (each copy as its store reports it),
 * read-back-and-prove (one good copy read back in full, its SHA-256 checked, decoded, and handed to
 * its engine, which proves it restores), record-verdict (on the artifact and, for a verify job, on the
 * backup job that made it). The route keeps what each step answers in its variables.
 */
@ApplicationScoped
@Named("artifactVerifier")
public class ArtifactVerifier {

    private static final Logger LOG = Logger.getLogger(ArtifactVerifier.class);
    /** The exchange variable holding how each copy stands, by store ("ok", or why not). */
    public static final String COPIES = "copies";

    @Inject ArtifactRepository artifacts;
    @Inject ArtifactCopies artifactCopies;
    @Inject TargetRegistry targets;
    @Inject Engines engines;
    @Inject JobRepository jobs;
    @Inject RunningJobs running;
    @Inject ArtifactReader reader;

    /** load-artifact: the artifact a verify job names. */
    public Artifact load(@Variable(JobLifecycle.JOB) Job job) {
        return artifacts.find(job.artifactId())
                .orElseThrow(() -> new IllegalStateException("artifact " + job.artifactId() + " no longer exists"));
    }

    /** check-every-copy: each copy as its store reports it (size, the store's checksum), by store. */
    public Map<String, String> checkCopies(@Variable(JobLifecycle.ARTIFACT) Artifact artifact) {
        return artifactCopies.check(artifact);
    }

    /**
     * read-back-and-prove: the engine reads one good copy back in full. A verification cut short (the
     * job cancelled, past its deadline, the hub stopping) is no verdict on the artifact: it is recorded
     * as skipped, and the job ends with the reason.
     */
    public Verification prove(@Variable(JobLifecycle.JOB) Job job, @Variable(JobLifecycle.ARTIFACT) Artifact artifact,
            @Variable(COPIES) Map<String, String> copies) throws IOException {
        ProcessScope scope = running.scope(job.id());
        Verification result = check(artifact, scope, copies);
        if (scope.stopReason().isPresent()) {
            artifacts.recordVerification(artifact.id(), VerificationState.SKIPPED,
                    "verification interrupted: " + scope.stopReason().get(), result.evidence(), null, Instant.now());
            scope.checkRunning();
        }
        return result;
    }

    /** record-verdict: the outcome on the artifact (and its backup job); the artifact as it is now. */
    public Artifact record(@Variable(JobLifecycle.JOB) Job job, @Variable(JobLifecycle.ARTIFACT) Artifact artifact,
            @Body Verification result) {
        VerificationState state = switch (result.outcome()) {
            case VERIFIED -> VerificationState.VERIFIED;
            case FAILED -> VerificationState.VERIFY_FAILED;
            case SKIPPED -> VerificationState.SKIPPED;
        };
        String summary = result.summary();
        artifacts.recordVerification(artifact.id(), state, summary, result.evidence(), result.fingerprint(),
                Instant.now());
        if (job.kind() != JobKind.BACKUP) {
            jobs.setVerification(artifact.jobId(), state); // the backup job that made it shows the latest outcome
        }
        if (state == VerificationState.VERIFY_FAILED) {
            LOG.errorf("artifact %s failed verification: %s (evidence %s)", artifact.id(), summary, result.evidence());
        } else {
            LOG.infof("artifact %s %s: %s (evidence %s)", artifact.id(), state.id(), summary, result.evidence());
        }
        return artifacts.find(artifact.id()).orElse(artifact);
    }

    /** The verdict on one good copy read back, with how every copy stands as evidence. */
    private Verification check(Artifact artifact, ProcessScope scope, Map<String, String> copies) {
        Optional<Target> target = targets.find(artifact.targetId());
        if (target.isEmpty()) {
            return Verification.skipped("target " + artifact.targetId() + " is no longer declared");
        }
        Verification result = read(artifact, target.get(), scope, copies);
        Map<String, Object> evidence = new LinkedHashMap<>(result.evidence());
        evidence.put("copies", copies);
        return new Verification(result.outcome(), result.summary(), evidence, result.fingerprint());
    }

    private Verification read(Artifact artifact, Target target, ProcessScope scope, Map<String, String> copies) {
        if (!copies.containsValue("ok")) {
            return Verification.failed(copies.size() == 1 ? copies.values().iterator().next()
                    : "no store holds a good copy: " + copies, Map.of("key", artifact.objectKey()));
        }
        VerifyRequest request;
        try {
            request = new VerifyRequest(target, artifact.id(), reader.decoded(artifact, target),
                    () -> new LocalConnection(scope), artifact.source());
        } catch (ArtifactReader.NoIdentityException e) {
            return Verification.skipped(e.getMessage());
        } catch (IOException e) {
            return Verification.failed(e.getMessage(), Map.of());
        }
        try {
            return engines.get(artifact.engine()).verify(request);
        } catch (MissingObjectException e) {
            return Verification.failed("object missing from store", Map.of("key", artifact.objectKey()));
        } catch (IOException | RuntimeException e) {
            return Verification.failed(e.getMessage(), Map.of());
        }
    }
}
