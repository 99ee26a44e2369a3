package io.backuphub.api;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCopies;
import io.backuphub.artifact.ArtifactCopy;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.VerificationState;
import io.backuphub.auth.Permission;
import io.backuphub.common.HubException;
import io.backuphub.common.SafeValues;
import io.backuphub.http.Problem;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobOrder;
import io.backuphub.job.JobQueue;
import io.backuphub.job.JobTrigger;
import io.backuphub.replication.ReplicationRequests;
import io.backuphub.retention.BackupDeletion;
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
import java.util.LinkedHashMap;
import java.util.List;
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
    /** The store whose copy a download hands out. */
    static final String STORE_HEADER = "X-Hub-Store";

    @Inject ArtifactRepository artifacts;
    @Inject ArtifactCopies copies;
    @Inject ReplicationRequests replication;
    @Inject JobQueue queue;
    @Inject BackupDeletion deletion;
    @Inject Caller caller;
    @Inject Quotas quotas;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("artifacts")
    @Operation(summary = "Stored backups, newest first")
    public Page<Views.ArtifactView> list(@QueryParam("targetId") String targetId, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        List<Artifact> page = artifacts.list(JobsResource.targetId(targetId), caller.visibleTargets(), size,
                Cursor.decode(cursor, JobsResource.ID));
        Map<String, List<ArtifactCopy>> copiesOf = copies.of(page);
        return Page.of(page, size, a -> Views.ArtifactView.of(a, copiesOf.getOrDefault(a.id(), List.of())),
                Artifact::id);
    }

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("artifacts/{id}")
    @Operation(summary = "One artifact with its manifest")
    public Views.ArtifactView get(@PathParam("id") String id) {
        return view(artifact(id));
    }

    /**
     * The stored object as is (compressed, encrypted), from a copy its store shows as written (the
     * primary first, or the one in {@code ?store=}), or a redirect to that store's signed link.
     * {@code X-Hub-Verification} says how its verification went; one that failed is refused (409) unless
     * the caller insists with {@code ?force=true}. No good copy is a 404, and when no store holds one the
     * artifact's verification records it.
     */
    @Requires(Permission.BACKUP_DOWNLOAD)
    @GET
    @Path("artifacts/{id}/download")
    @Produces("application/octet-stream")
    @Operation(summary = "The stored object, byte for byte (decompress with zstd, decrypt with age), from a healthy"
            + " copy or the one in ?store=. An artifact that failed verification is refused (409) unless force=true")
    public Response download(@PathParam("id") String id,
            @Parameter(description = "true: download even though verification failed") @QueryParam("force") Boolean force,
            @Parameter(description = "the store whose copy to download (default: a good copy, the primary first)") @QueryParam("store") String store)
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
        ArtifactCopies.Located copy = readable(artifact, store);
        quotas.take(caller.principal(), Quotas.Quota.DOWNLOADS, caller.source());
        caller.audit("artifact.download", "artifact/" + artifact.id(), "started",
                copy.copy().store() + ":" + copy.copy().key()
                        + (Boolean.TRUE.equals(force) ? " (forced, verification " + verification + ")" : ""));
        Optional<URI> link = copy.store().downloadLink(copy.copy().key(), Duration.ofMinutes(15));
        if (link.isPresent()) {
            return Response.status(302).header("Location", link.get().toString())
                    .header(VERIFICATION_HEADER, verification)
                    .header(STORE_HEADER, copy.copy().store())
                    .build();
        }
        String name = artifact.objectKey().substring(artifact.objectKey().lastIndexOf('/') + 1);
        return Response.ok(copy.store().open(copy.copy().key()), "application/octet-stream")
                .header("Content-Length", artifact.bytes())
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("ETag", "\"" + artifact.sha256() + "\"")
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder()
                        .encodeToString(HexFormat.of().parseHex(artifact.sha256())) + ":")
                .header(VERIFICATION_HEADER, verification)
                .header(STORE_HEADER, copy.copy().store())
                .build();
    }

    /**
     * A good copy to download, or a 404 that says why there is none. A GET changes nothing: a copy found
     * missing here is recorded by the next verification, which the answer suggests.
     */
    private ArtifactCopies.Located readable(Artifact artifact, String store) {
        List<ArtifactCopy> all = copies.of(artifact);
        if (store != null && all.stream().noneMatch(c -> c.store().equals(store))) {
            throw HubException.notFound("artifact " + artifact.id() + " has no copy in store " + SafeValues.show(store)
                    + " (its copies: " + all.stream().map(ArtifactCopy::store).toList() + ")");
        }
        Optional<ArtifactCopies.Located> copy = copies.readable(artifact, store);
        if (copy.isPresent()) {
            return copy.get();
        }
        // Why each copy cannot be handed out: as its store shows it now, or as the catalog last recorded.
        Map<String, String> found = new LinkedHashMap<>();
        all.forEach(c -> found.put(c.store(), c.status().id() + (c.error() == null ? "" : " (" + c.error() + ")")));
        Map<String, String> looked = copies.inspect(artifact);
        found.putAll(looked);
        String verify = looked.isEmpty() ? ""
                : "; verify it (POST /api/v1/artifacts/" + artifact.id() + "/verify) to record that";
        if (store != null) {
            throw HubException.notFound("the copy of artifact " + artifact.id() + " in store " + store + " is "
                    + found.get(store) + (looked.containsKey(store) ? verify : ""));
        }
        if (found.values().stream().allMatch(reason -> reason.contains("object missing from store"))) {
            throw HubException.notFound("the stored object of artifact " + artifact.id()
                    + " is missing from the store (" + artifact.objectKey() + ")" + verify);
        }
        throw HubException.notFound("no store can hand out a good copy of artifact " + artifact.id() + " now: "
                + found);
    }

    /**
     * Deletes object and manifest in every store holding a copy, then marks the catalog row deleted
     * (history keeps it). Pinned: 409.
     */
    @Requires(Permission.BACKUP_DELETE)
    @DELETE
    @Path("artifacts/{id}")
    @Operation(summary = "Delete object and manifest from every store (audited); a pinned artifact is a 409")
    public RestResponse<Void> delete(@PathParam("id") String id) throws IOException {
        Artifact artifact = artifact(id);
        deletion.delete(artifact, "deleted by " + caller.name());
        caller.audit("artifact.delete", "artifact/" + artifact.id(), "succeeded", artifact.objectKey());
        return RestResponse.noContent();
    }

    @Requires(Permission.BACKUP_VERIFY)
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

    /** A copy to make: the id of a store declared in the stores file (or the built-in local store). */
    public record CopyRequest(String store) {
    }

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("artifacts/{id}/copies")
    @Operation(summary = "The artifact's copies: store, key, bytes, sha256, status (stored, failed, copying, deleted)")
    public List<Views.CopyView> copies(@PathParam("id") String id) {
        return copies.of(artifact(id)).stream().map(Views.CopyView::of).toList();
    }

    /**
     * Copies the artifact into another store (a replicate job, audited): streamed from a healthy copy,
     * checked, its manifest beside it. 409 when the store already holds a copy or one is being made.
     */
    @Requires(Permission.BACKUP_TRIGGER)
    @POST
    @Path("artifacts/{id}/copies")
    @Operation(summary = "Copy the artifact into another store (a replicate job); 409 if it holds a copy already")
    @APIResponse(responseCode = "202", description = "Replicate job queued; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.JobView.class)))
    public RestResponse<Views.JobView> copy(@PathParam("id") String id, CopyRequest body) {
        Artifact artifact = artifact(id);
        Job job = replication.request(artifact, body == null ? null : body.store(), JobTrigger.API, null,
                caller.name());
        caller.audit("artifact.copy", "artifact/" + artifact.id(), "accepted", "to store " + body.store() + ", job "
                + job.id());
        return Answers.accepted(Views.JobView.of(job), "/api/v1/jobs/" + job.id());
    }

    @Requires(Permission.BACKUP_VERIFY)
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
        return view(artifacts.require(artifact.id()));
    }

    Views.ArtifactView view(Artifact artifact) {
        return Views.ArtifactView.of(artifact, copies.of(artifact));
    }

    private Artifact artifact(String id) {
        return caller.artifact(id);
    }
}
