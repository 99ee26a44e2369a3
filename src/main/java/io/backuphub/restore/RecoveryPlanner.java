package io.backuphub.restore;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactReader;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.VerificationState;
import io.backuphub.catalog.SealedSecrets;
import io.backuphub.common.HubException;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.engine.HostScript;
import io.backuphub.engine.postgres.PostgresEngine;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobOrder;
import io.backuphub.job.JobTrigger;
import io.backuphub.pitr.RecoveryWindow;
import io.backuphub.pitr.RecoveryWindows;
import io.backuphub.pitr.WalStreams;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.backuphub.transport.ProcessScope;
import io.backuphub.transport.Transports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The two steps of a point-in-time recovery (docs/pitr.md), like a restore's: {@link #preview} finds
 * the stretch of the recovery window holding the moment, the base it starts from and the WAL to
 * replay, looks at the destination's host and answers the plan with a confirm token; {@link #confirm}
 * checks the token against the same plan, computed again, and orders the job. A recovery always makes
 * a new data directory under the destination's {@code pitr.restoreDir}: it never touches a live cluster.
 */
@ApplicationScoped
public class RecoveryPlanner {

    static final Duration CONFIRM_VALID = Duration.ofMinutes(10);
    private static final String TOKEN_PREFIX = "sealed:v1:";
    private static final Pattern LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int PORT_OFFSET = 100;

    @Inject TargetRegistry targets;
    @Inject RecoveryWindows windows;
    @Inject WalStreams streams;
    @Inject ArtifactRepository artifacts;
    @Inject ArtifactReader reader;
    @Inject Transports transports;
    @Inject SealedSecrets sealed;
    @Inject UsedConfirmTokens usedTokens;
    private final Clock clock = Clock.systemUTC();

    /** A recovery resolved against the catalog and the targets file. */
    record Resolved(Target source, Artifact base, List<WalStreams.Segment> wal, Target destination,
            String dataDirectory, int port, Instant targetTime, String targetLsn) {

        String walDirectory() {
            return dataDirectory + ".wal";
        }

        String logFile() {
            return dataDirectory + ".log";
        }

        String pgBin() {
            return destination.pitr().pgBin();
        }

        String host() {
            return destination.database() == null ? null : destination.database().host();
        }

        /** The moment as the plan, the job and the result name it. */
        String moment() {
            return targetTime != null ? targetTime.toString() : "LSN " + targetLsn;
        }
    }

    public RecoveryPlan preview(String sourceId, RecoverySpec spec, String credential) {
        Resolved r = resolve(sourceId, spec);
        inspect(r);
        Instant expires = clock.instant().plus(CONFIRM_VALID);
        String token = sealed.seal(String.valueOf(expires.getEpochSecond()), context(r, credential))
                .substring(TOKEN_PREFIX.length());
        return plan(r, token, expires);
    }

    /** The job order for a confirmed plan; a missing, expired, mismatched or used token is a conflict. */
    public JobOrder confirm(String sourceId, RecoverySpec spec, String caller, String credential) {
        if (spec.confirm() == null || spec.confirm().isBlank()) {
            throw confirmation("no confirm token: ask POST /api/v1/targets/" + SafeValues.show(sourceId)
                    + "/restores/preview first, read the plan, then send its confirm value");
        }
        Resolved r = resolve(sourceId, spec);
        Instant expires;
        try {
            expires = Instant.ofEpochSecond(Long.parseLong(sealed.open(TOKEN_PREFIX + spec.confirm().strip(),
                    context(r, credential))));
        } catch (IllegalStateException | NumberFormatException e) {
            throw confirmation("the confirm token does not match this recovery (it was issued for another moment,"
                    + " base, destination, port or API key, or altered); preview again");
        }
        if (clock.instant().isAfter(expires)) {
            throw confirmation("the confirm token expired at " + expires + " (tokens last "
                    + CONFIRM_VALID.toMinutes() + " minutes); preview again");
        }
        inspect(r);
        usedTokens.use(spec.confirm().strip(), expires, clock.instant()).ifPresent(usedAt -> {
            throw confirmation("this confirm token already started a recovery (at " + usedAt + "); preview again");
        });
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("mode", RecoverySpec.PITR);
        options.put("source", r.source().id());
        if (r.targetTime() != null) {
            options.put("targetTime", r.targetTime().toString());
        } else {
            options.put("targetLsn", r.targetLsn());
        }
        options.put("dataDirectory", r.dataDirectory());
        options.put("port", r.port());
        return new JobOrder(r.destination().id(), JobKind.RESTORE, options, null, JobTrigger.API, null, caller,
                r.base().id());
    }

    /** A drill's recovery: to {@code moment}, onto the scratch target's host, on {@code port}; checked like any. */
    Resolved forDrill(Target source, Target scratch, Instant moment, int port) {
        Resolved r = resolve(source.id(), new RecoverySpec(RecoverySpec.PITR, moment, null,
                new RecoverySpec.Destination(scratch.id()), port, null));
        inspect(r);
        return r;
    }

    /** The plan again for a job about to run (from its options): it must still hold. */
    Resolved recheck(Map<String, Object> options, String destinationId) {
        Object time = options.get("targetTime");
        RecoverySpec spec = new RecoverySpec(RecoverySpec.PITR, time == null ? null : Instant.parse(time.toString()),
                (String) options.get("targetLsn"), new RecoverySpec.Destination(destinationId),
                ((Number) options.get("port")).intValue(), null);
        Resolved r = resolve((String) options.get("source"), spec);
        if (!r.dataDirectory().equals(options.get("dataDirectory"))) {
            throw HubException.conflict("the recovery's data directory changed since it was confirmed ("
                    + options.get("dataDirectory") + ", now " + r.dataDirectory() + "); preview again");
        }
        inspect(r);
        return r;
    }

    private Resolved resolve(String sourceId, RecoverySpec spec) {
        Target source = targets.require(sourceId);
        Problems problems = new Problems();
        if (!RecoverySpec.PITR.equals(spec.mode())) {
            problems.add("mode", "must be pitr (to restore a dump, POST /api/v1/artifacts/{id}/restores), not "
                    + SafeValues.show(spec.mode()));
        }
        if ((spec.targetTime() == null) == (spec.targetLsn() == null)) {
            problems.add("give targetTime (an ISO-8601 instant) or targetLsn (X/Y), one of them");
        }
        if (spec.targetLsn() != null && !LSN.matcher(spec.targetLsn()).matches()) {
            problems.add("targetLsn", "must be an LSN such as 0/3000060, not " + SafeValues.show(spec.targetLsn()));
        }
        if (!source.pitrOn()) {
            problems.add("target " + source.id() + " does not stream its WAL (pitr: {enabled: true}, docs/pitr.md)");
        }
        String destinationId = spec.destinationId() == null ? source.id() : spec.destinationId();
        Target destination = targets.find(destinationId).orElse(null);
        if (destination == null) {
            problems.add("destination.targetId", RestorePlanner.noTarget(destinationId));
        } else if (!"postgres".equals(destination.engine())) {
            problems.add("destination.targetId", "target " + destination.id() + " is a " + destination.engine()
                    + " target; a PostgreSQL recovery needs a postgres target's host");
        } else if (destination.pitr() == null || destination.pitr().restoreDir() == null) {
            problems.add("destination.targetId", "target " + destination.id() + " has no pitr.restoreDir and"
                    + " pitr.pgBin: where on its host a recovery may make a new data directory, and the PostgreSQL"
                    + " server programs to start there");
        }
        int port = spec.port() != null ? spec.port() : defaultPort(destination);
        if (port < 1024 || port > 65535) {
            problems.add("port", "must be 1024 to 65535, not " + port);
        }
        problems.throwIfAny();

        RecoveryWindow window = windows.of(source);
        Optional<RecoveryWindow.Stretch> stretch = spec.targetTime() != null ? window.stretchAt(spec.targetTime())
                : window.stretches().stream().filter(s -> covers(s, RecoveryWindow.position(spec.targetLsn())))
                        .findFirst();
        if (stretch.isEmpty()) {
            throw HubException.conflict((spec.targetTime() != null ? spec.targetTime().toString()
                    : "LSN " + spec.targetLsn()) + " is not inside " + source.id() + "'s recovery window ("
                    + (window.earliest() == null ? "empty: no verified base with its WAL yet"
                            : window.earliest() + " to " + window.latest() + (window.gaps().isEmpty() ? ""
                                    : ", " + window.gaps().size() + " gap(s)"))
                    + "; GET /api/v1/targets/" + source.id() + "/recovery-window)");
        }
        RecoveryWindow.Base from = newestBase(window, stretch.get(), spec);
        Artifact base = artifacts.require(from.artifactId());
        List<WalStreams.Segment> wal = wal(source, base, from, spec);
        String stamp = spec.targetTime() != null ? STAMP.format(spec.targetTime())
                : "lsn-" + spec.targetLsn().toUpperCase().replace('/', '-');
        String dataDirectory = destination.pitr().restoreDir() + "/" + source.id() + "-pitr-" + stamp;
        return new Resolved(source, base, wal, destination, dataDirectory, port, spec.targetTime(),
                spec.targetLsn() == null ? null : spec.targetLsn().toUpperCase());
    }

    /** The newest base of the stretch already consistent at the moment: the least WAL to replay. */
    private static RecoveryWindow.Base newestBase(RecoveryWindow window, RecoveryWindow.Stretch stretch,
            RecoverySpec spec) {
        long from = RecoveryWindow.position(stretch.fromLsn());
        long to = RecoveryWindow.position(stretch.toLsn());
        return window.bases().stream()
                .filter(b -> RecoveryWindow.position(b.lsn()) >= from && RecoveryWindow.position(b.endLsn()) <= to)
                .filter(b -> spec.targetTime() != null ? !b.at().isAfter(spec.targetTime())
                        : RecoveryWindow.position(b.endLsn()) <= RecoveryWindow.position(spec.targetLsn()))
                .max(Comparator.comparing(RecoveryWindow.Base::at))
                .orElseThrow(
                        () -> HubException.conflict("no base of the recovery window is consistent at that moment"));
    }

    private static boolean covers(RecoveryWindow.Stretch stretch, long position) {
        return position >= RecoveryWindow.position(stretch.fromLsn())
                && position <= RecoveryWindow.position(stretch.toLsn());
    }

    private static int defaultPort(Target destination) {
        Integer port = destination == null || destination.database() == null ? null : destination.database().port();
        return (port == null ? PostgresEngine.DEFAULT_PORT : port) + PORT_OFFSET;
    }

    /**
     * The stored segments replay needs: from the one holding the base's start, on its timeline, through
     * the base's end and on until the first that arrived at or after the moment (or holds the LSN); with
     * the timeline history files up to the base's timeline.
     */
    private List<WalStreams.Segment> wal(Target source, Artifact base, RecoveryWindow.Base from, RecoverySpec spec) {
        long start = RecoveryWindow.position(from.lsn());
        long end = RecoveryWindow.position(from.endLsn());
        int timeline = ((Number) base.source().getOrDefault("timeline", 1)).intValue();
        List<WalStreams.Segment> all = streams.segments(source.id());
        List<WalStreams.Segment> needed = new ArrayList<>(all.stream()
                .filter(s -> "history".equals(s.kind()) && s.timeline() > 1 && s.timeline() <= timeline).toList());
        List<WalStreams.Segment> segments = all.stream()
                .filter(s -> "segment".equals(s.kind()) && s.timeline() == timeline
                        && RecoveryWindow.position(s.endLsn()) > start)
                .sorted(Comparator.comparingLong(s -> RecoveryWindow.position(s.startLsn()))).toList();
        for (int i = 0; i < segments.size(); i++) {
            WalStreams.Segment s = segments.get(i);
            needed.add(s);
            boolean pastBase = RecoveryWindow.position(s.endLsn()) >= end;
            boolean reached = spec.targetTime() != null ? !s.receivedAt().isBefore(spec.targetTime())
                    : RecoveryWindow.position(s.endLsn()) > RecoveryWindow.position(spec.targetLsn());
            if (pastBase && reached) {
                // And the next one, when it follows: PostgreSQL stops at a moment on seeing a later commit.
                if (i + 1 < segments.size() && segments.get(i + 1).startLsn().equals(s.endLsn())) {
                    needed.add(segments.get(i + 1));
                }
                return needed;
            }
        }
        throw HubException.conflict("the WAL up to that moment is not all stored yet (the newest stored segment is "
                + (segments.isEmpty() ? "none" : segments.get(segments.size() - 1).name()) + "); try again shortly");
    }

    /** The destination's host: a user PostgreSQL will run as, a new directory, pg_ctl where pgBin says. */
    private void inspect(Resolved r) {
        String facts;
        try (ProcessScope scope = ProcessScope.open("recovery-preview", Duration.ofMinutes(2))) {
            facts = HostScript.run(() -> transports.connect(r.destination(), scope),
                    "id -u; if [ -e \"$1\" ] || [ -e \"$1.wal\" ]; then echo exists; else echo free; fi;"
                            + " \"$2/pg_ctl\" --version",
                    r.dataDirectory(), r.pgBin());
        } catch (IOException | RuntimeException e) {
            HubException unavailable = new HubException(HubException.Kind.UNAVAILABLE, "destination-unreachable",
                    "cannot look at the destination target " + r.destination().id() + "'s host: " + e.getMessage());
            unavailable.initCause(e);
            throw unavailable;
        }
        String[] lines = facts.strip().split("\n");
        if ("0".equals(lines[0].strip())) {
            throw HubException.conflict("target " + r.destination().id() + "'s transport signs in as root, and"
                    + " PostgreSQL refuses to run as root: give the target a transport user that is not root");
        }
        if (lines.length > 1 && "exists".equals(lines[1].strip())) {
            throw HubException.conflict(r.dataDirectory() + " already exists on target " + r.destination().id()
                    + "'s host: a recovery never writes into an existing directory (remove it, or pick another"
                    + " moment)");
        }
        if (r.base().verification() != VerificationState.VERIFIED) {
            throw HubException.conflict("base " + r.base().id() + " is not verified");
        }
        try {
            reader.decoded(r.base(), r.source());
        } catch (IOException e) {
            throw HubException.conflict("base " + r.base().id() + " cannot be read back: " + e.getMessage());
        }
    }

    private RecoveryPlan plan(Resolved r, String token, Instant expires) {
        long walBytes = r.wal().stream().mapToLong(WalStreams.Segment::storedBytes).sum();
        List<WalStreams.Segment> segments = r.wal().stream().filter(s -> "segment".equals(s.kind())).toList();
        List<String> warnings = new ArrayList<>();
        warnings.add("a new PostgreSQL server starts on " + (r.host() == null ? "the destination's host" : r.host())
                + " port " + r.port() + " from " + r.dataDirectory() + " and is left running for you (pg_ctl -D "
                + r.dataDirectory() + " stop ends it); the live cluster is never touched");
        warnings.add("transactions committed after " + r.moment() + " are not replayed");
        return new RecoveryPlan(r.source().id(), RecoverySpec.PITR, r.targetTime(), r.targetLsn(),
                new RecoveryPlan.Base(r.base().id(), r.base().createdAt(),
                        String.valueOf(r.base().source().get("startLsn")), r.base().bytes()),
                new RecoveryPlan.Wal(r.wal().size(), segments.isEmpty() ? null : segments.get(0).name(),
                        segments.isEmpty() ? null : segments.get(segments.size() - 1).name(), walBytes),
                r.base().bytes() + walBytes,
                new RecoveryPlan.Destination(r.destination().id(), r.destination().environment(), r.host(),
                        r.dataDirectory(), r.port(), r.pgBin()),
                warnings, token, expires);
    }

    /** What the token is bound to: the same moment, base, destination, directory and port, by the same key. */
    private static String context(Resolved r, String credential) {
        return "recovery|" + r.source().id() + "|" + r.moment() + "|" + r.base().id() + "|" + r.destination().id()
                + "|" + r.dataDirectory() + "|" + r.port() + "|" + credential;
    }

    private static HubException confirmation(String detail) {
        return new HubException(HubException.Kind.CONFLICT, "restore-confirmation", detail);
    }
}
