package io.backuphub.api;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.VerificationState;
import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import io.backuphub.http.Problem;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobOrder;
import io.backuphub.job.JobQueue;
import io.backuphub.job.JobRepository;
import io.backuphub.job.JobTrigger;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.StoreRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** Stored backups, their manifests, download, delete and re-verify. */
@Path("/api/v1")
public class ArtifactsResource {

    static final String VERIFICATION_HEADER = "X-Hub-Verification";

    @Inject ArtifactRepository artifacts;
    @Inject StoreRegistry stores;
    @Inject JobQueue queue;
    @Inject JobRepository jobs;
    @Inject Caller caller;

    @GET
    @Path("artifacts")
    @Operation(summary = "Stored backups, newest first")
    public Page<Views.ArtifactView> list(@QueryParam("targetId") String targetId, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        return Page.of(artifacts.list(JobsResource.targetId(targetId), size, Cursor.decode(cursor, JobsResource.ID)),
                size,
                Views.ArtifactView::of, Artifact::id);
    }

    @GET
    @Path("artifacts/{id}")
    @Operation(summary = "One artifact with its manifest")
    public Views.ArtifactView get(@PathParam("id") String id) {
        return Views.ArtifactView.of(artifact(id));
    }

    /**
     * The stored object as is (compressed, encrypted), or a redirect to the store's signed link.
     * {@code X-Hub-Verification} says how its verification went; one that failed is refused (409) unless
     * the caller insists with {@code ?force=true}. An object missing from the store is a 404, and the
     * artifact's verification records it.
     */
    @GET
    @Path("artifacts/{id}/download")
    @Produces("application/octet-stream")
    @Operation(summary = "The stored object, byte for byte (decompress with zstd, decrypt with age). An artifact"
            + " that failed verification is refused (409) unless force=true")
    public Response download(@PathParam("id") String id,
            @Parameter(description = "true: download even though verification failed") @QueryParam("force") Boolean force)
            throws IOException {
        Artifact artifact = artifact(id);
        String verification = artifact.verification() == VerificationState.VERIFY_FAILED ? "failed"
                : artifact.verification().id();
        if (artifact.verification() == VerificationState.VERIFY_FAILED && !Boolean.TRUE.equals(force)) {
            Problem refused = Problem.of(409, "verification-failed", "Artifact failed verification", "artifact "
                    + artifact.id() + " failed verification (" + artifact.verificationSummary()
                    + "); it may not restore."
                    + " Download it anyway with ?force=true").at("/api/v1/artifacts/" + id + "/download");
            return Response.status(409).type(Problem.CONTENT_TYPE).header(VERIFICATION_HEADER, "failed")
                    .entity(refused.json()).build();
        }
        if (stores.get(artifact.store()).stat(artifact.objectKey()).isEmpty()) {
            artifacts.recordVerification(artifact.id(), VerificationState.VERIFY_FAILED, "object missing from store",
                    Map.of("key", artifact.objectKey()), null, Instant.now());
            throw HubException.notFound("the stored object of artifact " + artifact.id()
                    + " is missing from the store (" + artifact.objectKey() + "); its verification now says so");
        }
        caller.audit("artifact.download", "artifact/" + artifact.id(), "started",
                artifact.objectKey()
                        + (Boolean.TRUE.equals(force) ? " (forced, verification " + verification + ")" : ""));
        Optional<URI> link = stores.get(artifact.store()).downloadLink(artifact.objectKey(), Duration.ofMinutes(15));
        if (link.isPresent()) {
            return Response.status(302).header("Location", link.get().toString())
                    .header(VERIFICATION_HEADER, verification)
                    .build();
        }
        String name = artifact.objectKey().substring(artifact.objectKey().lastIndexOf('/') + 1);
        return Response.ok(stores.get(artifact.store()).open(artifact.objectKey()), "application/octet-stream")
                .header("Content-Length", artifact.bytes())
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("ETag", "\"" + artifact.sha256() + "\"")
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder()
                        .encodeToString(HexFormat.of().parseHex(artifact.sha256())) + ":")
                .header(VERIFICATION_HEADER, verification)
                .build();
    }

    /** Deletes object and manifest, then marks the catalog row deleted (history keeps it). Pinned: 409. */
    @DELETE
    @Path("artifacts/{id}")
    @Operation(summary = "Delete object and manifest (audited); a pinned artifact is a 409")
    public RestResponse<Void> delete(@PathParam("id") String id) throws IOException {
        Artifact artifact = artifact(id);
        if (artifact.pinned()) {
            throw HubException.conflict(
                    "artifact " + artifact.id() + " is pinned (" + artifact.pinReason() + "); unpin it first");
        }
        if (jobs.isRestoring(artifact.id())) {
            throw HubException.conflict("artifact " + artifact.id() + " is being restored; delete it once the restore"
                    + " job has ended");
        }
        ArtifactStore store = stores.get(artifact.store());
        store.delete(ObjectKeys.manifestKey(artifact.objectKey()));
        store.delete(artifact.objectKey());
        artifacts.markDeleted(artifact.id(), Instant.now(), "deleted by " + caller.name());
        caller.audit("artifact.delete", "artifact/" + artifact.id(), "succeeded", artifact.objectKey());
        return RestResponse.noContent();
    }

    @POST
    @Path("artifacts/{id}/verify")
    @Operation(summary = "Queue a verification of the artifact")
    @APIResponse(responseCode = "202", description = "Verify job queued; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.JobView.class)))
    public RestResponse<Views.JobView> verify(@PathParam("id") String id) {
        Artifact artifact = artifact(id);
        Job job = queue.enqueue(new JobOrder(artifact.targetId(), JobKind.VERIFY, Map.of(), null, JobTrigger.API, null,
                caller.name(), artifact.id()));
        caller.audit("artifact.verify", "artifact/" + artifact.id(), "accepted", "job " + job.id());
        return Answers.accepted(Views.JobView.of(job), "/api/v1/jobs/" + job.id());
    }

    @POST
    @Path("artifacts/{id}/acknowledge")
    @Operation(summary = "Accept a suspicious backup after checking it: retention counts it from now on (audited)")
    public Views.ArtifactView acknowledge(@PathParam("id") String id) {
        Artifact artifact = artifact(id);
        if (!artifacts.acknowledge(artifact.id(), caller.name(), Instant.now())) {
            throw HubException.conflict("artifact " + artifact.id() + " is not suspicious"
                    + (artifact.acknowledgedBy() == null ? ""
                            : " (acknowledged by " + artifact.acknowledgedBy() + ")"));
        }
        caller.audit("artifact.acknowledge", "artifact/" + artifact.id(), "succeeded", artifact.suspiciousReason());
        return Views.ArtifactView.of(artifacts.require(artifact.id()));
    }

    private Artifact artifact(String id) {
        return artifacts.require(Ids.require(id, "artifact"));
    }
}
