package io.backuphub.api;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCatalog;
import io.backuphub.audit.AuditLog;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobOrder;
import io.backuphub.job.JobQueue;
import io.backuphub.job.Trigger;
import io.backuphub.job.VerificationState;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/** /api/v1/artifacts: stored backups, their manifests, download, delete and re-verify. */
@ApplicationScoped
@Named("artifactsApi")
public class ArtifactsApi {

    private final ArtifactCatalog artifacts;
    private final ArtifactStore store;
    private final JobQueue queue;
    private final AuditLog audit;

    public ArtifactsApi(ArtifactCatalog artifacts, ArtifactStore store, JobQueue queue, AuditLog audit) {
        this.artifacts = artifacts;
        this.store = store;
        this.queue = queue;
        this.audit = audit;
    }

    public void list(Exchange exchange) {
        int limit = ApiSupport.limitQuery(exchange, JobsApi.DEFAULT_LIMIT, JobsApi.MAX_LIMIT);
        List<Artifact> found = artifacts.list(ApiSupport.targetIdQuery(exchange), limit + 1, ApiSupport.cursorQuery(exchange));
        ApiSupport.respond(exchange, 200, Views.Page.of(found, limit, Views.ArtifactView::of,
                artifact -> ApiSupport.cursorFor(artifact.id())));
    }

    public void get(Exchange exchange) {
        ApiSupport.respond(exchange, 200, Views.ArtifactView.of(artifact(exchange)));
    }

    /**
     * Streams the stored object as is (compressed, encrypted), or redirects to the store's signed link.
     * {@code X-Hub-Verification} says how its verification went; one that failed is refused (409) unless
     * the caller insists with {@code ?force=true}. An object missing from the store is a 404, and the
     * artifact's verification records it.
     */
    public void download(Exchange exchange) throws IOException {
        Artifact artifact = artifact(exchange);
        String caller = ApiSupport.caller(exchange);
        boolean force = ApiSupport.booleanQuery(exchange, "force");
        String verification = verificationHeader(artifact.verification());
        if (artifact.verification() == VerificationState.VERIFY_FAILED && !force) {
            throw new VerificationFailed(artifact);
        }
        if (store.stat(artifact.objectKey()).isEmpty()) {
            artifacts.recordVerification(artifact.id(), VerificationState.VERIFY_FAILED, "object missing from store",
                    Instant.now());
            throw ApiException.notFound("the stored object of artifact " + artifact.id() + " is missing from the store ("
                    + artifact.objectKey() + "); its verification now says so");
        }
        audit.record(caller, "artifact.download", "artifact/" + artifact.id(), ApiSupport.source(exchange), "started",
                artifact.objectKey() + (force ? " (forced, verification " + artifact.verification().id() + ")" : ""));
        exchange.getMessage().setHeader(VERIFICATION_HEADER, verification);
        Optional<URI> link = store.downloadLink(artifact.objectKey(), Duration.ofMinutes(15));
        if (link.isPresent()) {
            exchange.getMessage().setBody(null);
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
            exchange.getMessage().setHeader("Location", link.get().toString());
            return;
        }
        String name = artifact.objectKey().substring(artifact.objectKey().lastIndexOf('/') + 1);
        exchange.getMessage().setBody(store.open(artifact.objectKey()));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/octet-stream");
        exchange.getMessage().setHeader(Exchange.CONTENT_LENGTH, artifact.bytes());
        exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        exchange.getMessage().setHeader("ETag", "\"" + artifact.sha256() + "\"");
        exchange.getMessage().setHeader("Repr-Digest", "sha-256=:" + Base64.getEncoder()
                .encodeToString(HexFormat.of().parseHex(artifact.sha256())) + ":");
    }

    /** Deletes object and manifest, then marks the catalog row deleted (history keeps it). Pinned: 409. */
    public void delete(Exchange exchange) throws IOException {
        Artifact artifact = artifact(exchange);
        String caller = ApiSupport.caller(exchange);
        if (artifact.pinned()) {
            throw ApiException.conflict("artifact " + artifact.id() + " is pinned (" + artifact.pinReason() + "); unpin it first");
        }
        store.delete(ObjectKeys.manifestKey(artifact.objectKey()));
        store.delete(artifact.objectKey());
        artifacts.markDeleted(artifact.id(), Instant.now(), "deleted by " + caller);
        audit.record(caller, "artifact.delete", "artifact/" + artifact.id(), ApiSupport.source(exchange), "succeeded",
                artifact.objectKey());
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    }

    /** Queues a verify job for the artifact -> 202 with the job. */
    public void verify(Exchange exchange) {
        Artifact artifact = artifact(exchange);
        String caller = ApiSupport.caller(exchange);
        Job job = queue.enqueue(new JobOrder(artifact.targetId(), JobKind.VERIFY, Map.of(), null, Trigger.API, null,
                caller, artifact.id()));
        audit.record(caller, "artifact.verify", "artifact/" + artifact.id(), ApiSupport.source(exchange), "accepted",
                "job " + job.id());
        ApiSupport.respond(exchange, 202, Views.JobView.of(job));
        exchange.getMessage().setHeader("Location", "/api/v1/jobs/" + job.id());
    }

    static final String VERIFICATION_HEADER = "X-Hub-Verification";

    /** verified | failed | pending | skipped */
    static String verificationHeader(VerificationState state) {
        return state == VerificationState.VERIFY_FAILED ? "failed" : state.id();
    }

    /** 409 for a download of an artifact that failed verification, without ?force=true. */
    static final class VerificationFailed extends ApiException {
        VerificationFailed(Artifact artifact) {
            super(409, "verification-failed", "Artifact failed verification", "artifact " + artifact.id()
                    + " failed verification (" + artifact.verificationSummary() + "); it may not restore."
                    + " Download it anyway with ?force=true", null);
        }

        @Override
        public Map<String, Object> headers() {
            return Map.of(VERIFICATION_HEADER, "failed");
        }
    }

    private Artifact artifact(Exchange exchange) {
        String id = ApiSupport.idParam(exchange, "artifact");
        return artifacts.find(id).orElseThrow(() -> ApiException.notFound("no artifact " + id));
    }
}
