package io.backuphub.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactReader;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.VerificationState;
import io.backuphub.catalog.SealedSecrets;
import io.backuphub.common.HubException;
import io.backuphub.common.Json;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.engine.Engines;
import io.backuphub.engine.Restorer;
import io.backuphub.engine.Restorer.DestinationFacts;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobOrder;
import io.backuphub.job.JobTrigger;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.backuphub.transport.ProcessScope;
import io.backuphub.transport.Transports;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The two steps of a restore: {@link #preview} looks at the artifact and the destination and answers
 * the plan with a confirm token; {@link #confirm} checks the token against the same plan, computed
 * again, and orders the job. Every guard rail is checked at both steps (and again when the job
 * starts), so nothing runs on a plan that is no longer true.
 */
@ApplicationScoped
public class RestorePlanner {

    static final Duration CONFIRM_VALID = Duration.ofMinutes(10);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);
    private static final String TOKEN_PREFIX = "sealed:v1:";

    @Inject ArtifactRepository artifacts;
    @Inject TargetRegistry targets;
    @Inject Engines engines;
    @Inject Transports transports;
    @Inject ArtifactReader reader;
    @Inject SealedSecrets sealed;
    @Inject UsedConfirmTokens usedTokens;
    @Inject RestoreProperties config;

    /** hub.restore.production-keys was replaced by grants: a hub upgraded with it set says so, loudly. */
    void onStart(@Observes StartupEvent event) {
        if (config.restore().productionKeys().filter(keys -> !keys.isEmpty()).isPresent()) {
            Logger.getLogger(RestorePlanner.class).warn("hub.restore.production-keys is no longer used: a restore"
                    + " needs backup.restore on the destination's target and environment (a key's role and scope,"
                    + " docs/security.md). Give the keys that restored into production the restorer role, scope"
                    + " the others away from production, and remove the setting");
        }
    }
    private final Clock clock = Clock.systemUTC();

    /** A restore request resolved against the catalog and the targets file, before looking at the server. */
    record Resolved(Artifact artifact, Target source, Target destination, Restorer restorer, RestoreMode mode,
            String database) {

        boolean replace() {
            return mode == RestoreMode.REPLACE;
        }
    }

    /**
     * The plan, with a confirm token for {@code caller} as it is authenticated now ({@code credential}:
     * the key's current secret, so that a rotated key's tokens stop working).
     */
    public RestorePlan preview(String artifactId, RestoreSpec spec, String caller, String credential) {
        Resolved r = resolve(artifactId, spec, null);
        DestinationFacts facts = inspect(r);
        refuseUnsafe(r, facts);
        Instant expires = clock.instant().plus(CONFIRM_VALID);
        String token = sealed.seal(expires.getEpochSecond() + "|" + r.database() + "|" + facts.exists() + "|"
                + facts.empty(), context(r, credential)).substring(TOKEN_PREFIX.length());
        return plan(r, facts, token, expires);
    }

    /**
     * The job order for a confirmed plan; a missing, expired, mismatched or already used token is a
     * conflict, and nothing runs. The token is used up only when everything else holds, so a refusal
     * for another reason leaves it good for a retry.
     */
    public JobOrder confirm(String artifactId, RestoreSpec spec, String caller, String credential) {
        if (spec.confirm() == null || spec.confirm().isBlank()) {
            throw confirmation("no confirm token: ask POST /api/v1/artifacts/" + SafeValues.show(artifactId)
                    + "/restores/preview first, read the plan, then send its confirm value");
        }
        String[] confirmed;
        Resolved r = resolve(artifactId, spec, null);
        try {
            confirmed = sealed.open(TOKEN_PREFIX + spec.confirm().strip(), context(r, credential)).split("\\|");
        } catch (IllegalStateException e) {
            throw confirmation("the confirm token does not match this restore (it was issued for another artifact,"
                    + " destination, mode or API key, or altered); preview again");
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(confirmed[0]));
        if (clock.instant().isAfter(expires)) {
            throw confirmation("the confirm token expired at " + expires + " (tokens last "
                    + CONFIRM_VALID.toMinutes() + " minutes); preview again");
        }
        if (spec.database() != null && !spec.database().equals(confirmed[1])) {
            throw confirmation("the confirm token was issued for database " + confirmed[1] + ", not "
                    + SafeValues.show(spec.database()) + "; preview again");
        }
        r = resolve(artifactId, spec, confirmed[1]);
        DestinationFacts facts = inspect(r);
        refuseUnsafe(r, facts);
        if (facts.exists() != Boolean.parseBoolean(confirmed[2])
                || facts.empty() != Boolean.parseBoolean(confirmed[3])) {
            throw confirmation("database " + r.database() + " on target " + r.destination().id()
                    + " changed since the preview (it " + describe(facts) + " now); preview again");
        }
        usedTokens.use(spec.confirm().strip(), expires, clock.instant()).ifPresent(usedAt -> {
            throw confirmation("this confirm token already started a restore (at " + usedAt + "); a token is good"
                    + " for one restore: preview again for another");
        });
        return new JobOrder(r.destination().id(), JobKind.RESTORE,
                Map.of("database", r.database(), "mode", r.mode().id()), null, JobTrigger.API, null, caller,
                r.artifact().id());
    }

    /** The refusal of a destination that is not declared: also of one out of the caller's scope, which is as unknown. */
    public static String noTarget(String id) {
        return "no target " + SafeValues.show(id) + " in the targets file";
    }

    /** The same checks for a job about to run: the plan it was ordered on must still hold. */
    Resolved recheck(String artifactId, String destinationId, String database, String mode) {
        Resolved r = resolve(artifactId, new RestoreSpec(destinationId, database, mode, null), database);
        refuseUnsafe(r, inspect(r));
        return r;
    }

    private Resolved resolve(String artifactId, RestoreSpec spec, String confirmedDatabase) {
        Artifact artifact = artifacts.require(artifactId);
        Problems problems = new Problems();
        RestoreMode mode = spec.mode() == null ? RestoreMode.NEW : RestoreMode.of(spec.mode());
        if (mode == null) {
            problems.add("mode", "must be new or replace, not " + SafeValues.show(spec.mode()));
        }
        String destinationId = spec.targetId() == null ? artifact.targetId() : spec.targetId();
        Target destination = targets.find(destinationId).orElse(null);
        if (destination == null) {
            problems.add("targetId", noTarget(destinationId));
        } else if (!destination.engine().equals(artifact.engine())) {
            problems.add("targetId", "target " + destination.id() + " is a " + destination.engine()
                    + " target; the artifact is a " + artifact.engine() + " backup");
        }
        String database = spec.database() != null ? spec.database() : confirmedDatabase;
        String own = destination == null || destination.database() == null ? null : destination.database().name();
        if (database == null && destination != null) {
            database = mode == RestoreMode.REPLACE ? own
                    : sourceDatabase(artifact) + "_restored_" + STAMP.format(clock.instant());
        }
        if (mode == RestoreMode.REPLACE && destination != null && own == null) {
            problems.add("mode", "replace needs a target that names its database (database.name); " + destination.id()
                    + " does not");
        } else if (mode == RestoreMode.REPLACE && database != null && !database.equals(own)) {
            problems.add("database", "replace restores target " + destination.id() + "'s own database (" + own
                    + "), the one its safety backup covers; not " + SafeValues.show(database));
        }
        Restorer restorer = engines.get(artifact.engine()).restorer().orElseThrow(() -> HubException.conflict(
                "the " + artifact.engine() + " engine cannot restore yet; docs/restore.md says how by hand"));
        if (mode == RestoreMode.REPLACE) {
            restorer.replaceRefusal().ifPresent(reason -> problems.add("mode", reason));
        }
        if (database != null) {
            SafeValues.check(problems, "database", restorer.databaseName(), database);
        }
        problems.throwIfAny();
        Target source = targets.find(artifact.targetId()).orElse(destination);
        return new Resolved(artifact, source, destination, restorer, mode, database);
    }

    private DestinationFacts inspect(Resolved r) {
        try (ProcessScope scope = ProcessScope.open("restore-preview", Duration.ofMinutes(2))) {
            return r.restorer().inspect(r.destination(), r.database(),
                    () -> transports.connect(r.destination(), scope));
        } catch (IOException | RuntimeException e) {
            HubException unavailable = new HubException(HubException.Kind.UNAVAILABLE, "destination-unreachable",
                    "cannot look at the destination target " + r.destination().id() + ": " + e.getMessage());
            unavailable.initCause(e);
            throw unavailable;
        }
    }

    /** The guard rails: refusals that no confirmation overrides. */
    private void refuseUnsafe(Resolved r, DestinationFacts facts) {
        Artifact artifact = r.artifact();
        if (artifact.verification() == VerificationState.VERIFY_FAILED) {
            throw HubException.conflict("artifact " + artifact.id() + " failed verification ("
                    + artifact.verificationSummary() + "); it may not restore");
        }
        try {
            reader.decoded(artifact, r.source());
        } catch (IOException e) {
            throw HubException.conflict("artifact " + artifact.id() + " cannot be read back: " + e.getMessage());
        }
        if (r.mode() == RestoreMode.NEW && facts.exists()) {
            throw HubException.conflict("database " + r.database() + " already exists on target "
                    + r.destination().id() + "; mode new never touches an existing database (pick another name,"
                    + " or mode replace where the target allows it)");
        }
        if (r.replace() && !r.destination().allowsReplace()) {
            throw HubException.conflict("target " + r.destination().id() + " does not allow replacing a database"
                    + " (restore: {allowReplace: true} in the targets file); restore with mode new instead");
        }
        if (r.replace() && !facts.exists()) {
            throw HubException.conflict("database " + r.database() + " does not exist on target "
                    + r.destination().id() + "; there is nothing to replace (use mode new)");
        }
        r.restorer().incompatibility(artifact.source(), facts).ifPresent(reason -> {
            throw HubException.conflict(reason);
        });
    }

    private RestorePlan plan(Resolved r, DestinationFacts facts, String token, Instant expires) {
        Artifact a = r.artifact();
        Map<String, Object> dump = a.source();
        List<String> warnings = new ArrayList<>();
        if (a.verification() != VerificationState.VERIFIED) {
            warnings.add("the artifact is not verified (" + a.verification().id() + "): the restore is its first test");
        }
        if (a.fingerprint() == null) {
            warnings.add("the artifact has no fingerprint (verify it first): the restored data cannot be compared"
                    + " with what was backed up");
        }
        if (r.replace()) {
            warnings.add("replace: a safety backup of " + r.database() + " runs first; the live database is kept as "
                    + r.database() + "_before_restore_<timestamp> until someone drops it");
        }
        if (r.mode() == RestoreMode.NEW) {
            warnings.add("new: owners and privileges are not restored; the destination user owns everything");
        }
        Duration age = Duration.between(a.createdAt(), clock.instant());
        return new RestorePlan(
                new RestorePlan.Source(a.id(), a.targetId(), a.environment(), a.createdAt(), age.toSeconds(), a.bytes(),
                        a.dumpBytes(), a.verification().id(), a.fingerprint() != null),
                new RestorePlan.Destination(r.destination().id(), r.destination().environment(),
                        r.destination().database() == null ? null : r.destination().database().host(), r.database(),
                        facts.exists(), facts.empty()),
                new RestorePlan.Versions(str(dump.get("serverVersion")), str(dump.get("toolVersion")),
                        facts.serverVersion()),
                r.mode().id(), r.replace(), r.replace(), warnings, token, expires);
    }

    private static String sourceDatabase(Artifact artifact) {
        try {
            JsonNode databases = Json.MAPPER.readTree(artifact.manifest()).path("databases");
            return databases.isArray() && databases.size() > 0 ? databases.get(0).asText() : artifact.targetId();
        } catch (IOException e) {
            return artifact.targetId();
        }
    }

    /**
     * What the token is bound to: a token opens only for the same artifact, destination and mode, and
     * the same key with the same secret.
     */
    private static String context(Resolved r, String credential) {
        return "restore|" + r.artifact().id() + "|" + r.destination().id() + "|" + r.mode().id() + "|" + credential;
    }

    private static HubException confirmation(String detail) {
        return new HubException(HubException.Kind.CONFLICT, "restore-confirmation", detail);
    }

    private static String describe(DestinationFacts facts) {
        return !facts.exists() ? "does not exist" : facts.empty() ? "exists and is empty" : "exists and holds data";
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
