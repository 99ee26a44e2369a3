package io.backuphub.pitr;

import io.backuphub.common.ContextThreads;
import io.backuphub.common.HubInstance;
import io.backuphub.common.HubProperties;
import io.backuphub.common.Ids;
import io.backuphub.notify.Event;
import io.backuphub.notify.EventType;
import io.backuphub.notify.Notifications;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.backuphub.transport.Transports;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Keeps each PITR target's WAL streaming (the keep-wal-streaming step of the stream-wal route): on one
 * replica at a time (the catalog's lease), a receiver per target, started again with a doubling wait
 * when it stops, and every completed segment moved into the target's stores. A server that does not
 * bound its slots is refused until it does (or the target allows it) and said so in the receiver's state.
 */
@ApplicationScoped
@Named("walSupervisor")
public class WalSupervisor {

    private static final Logger LOG = Logger.getLogger(WalSupervisor.class);
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    /** How often a streaming receiver's slot is read on the server. */
    private static final Duration SLOT_READS = Duration.ofSeconds(30);
    /** How often segments are copied into the stores that lack them (replicateTo, a store that was down). */
    private static final Duration COPIES = Duration.ofSeconds(10);
    private static final int COPY_BATCH = 10;
    private static final String RETRYING = "retrying";
    private static final String REFUSED = "refused";

    /** A target's receiver here, or when to try it again. */
    private static final class Stream {

        WalReceiver receiver;
        Instant slotReadAt = Instant.EPOCH;
        /** When segments are next copied to the stores that lack them, and the thread copying them now. */
        volatile Instant copyAt = Instant.EPOCH;
        Thread copier;
        Instant retryAt = Instant.EPOCH;
        Duration wait = FIRST_WAIT;
        String lastFailure;
        /** Since when no receiver has streamed (null while one does), and whether pitr.lagging said so. */
        Instant downSince = Instant.now();
        boolean lagAnnounced;
    }

    @Inject TargetRegistry targets;
    @Inject Transports transports;
    @Inject WalStreams streams;
    @Inject WalArchiver archiver;
    @Inject WalReplicator replicator;
    @Inject HubInstance instance;
    @Inject HubProperties hub;
    @Inject PitrProperties config;
    @Inject Notifications notifications;
    @Inject BaseScheduler bases;
    @Inject MeterRegistry registry;
    private final Map<String, AtomicLong> retained = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Stream> running = new HashMap<>();
    /** Names this replica's WAL writes in their write intents (in place of a job's id). */
    private final String writer = Ids.next();
    private boolean stopped;

    /** keep-wal-streaming: returns how many targets stream here now. */
    public synchronized int supervise() {
        if (stopped) {
            return 0; // the hub is stopping: no receiver starts again
        }
        List<Target> wanted = targets.all().stream().filter(Target::pitrOn).toList();
        running.keySet().stream().filter(id -> wanted.stream().noneMatch(t -> t.id().equals(id))).toList()
                .forEach(this::stop);
        int streaming = 0;
        for (Target target : wanted) {
            if (!streams.lease(target.id(), instance.id(), config.lease())) {
                if (running.containsKey(target.id())) {
                    stop(target.id()); // another replica took over
                }
                continue;
            }
            Stream stream = running.computeIfAbsent(target.id(), id -> new Stream());
            keepReceiving(target, stream);
            announceLag(target, stream);
            archive(target, stream);
            copy(target, stream);
            readSlot(target, stream);
            queueBase(target, stream);
            if (stream.receiver != null) {
                streaming++;
            }
        }
        return streaming;
    }

    private void keepReceiving(Target target, Stream stream) {
        if (stream.receiver != null && !stream.receiver.alive()) {
            String reason = stream.receiver.exitReason();
            failed(target, stream, reason, RETRYING);
            stream.receiver.close();
            stream.receiver = null;
            if (reason.contains("has already been removed")) {
                discardPartial(target);
            }
        }
        if (stream.receiver != null || Instant.now().isBefore(stream.retryAt)) {
            return;
        }
        try {
            stream.receiver = WalReceiver.start(target, transports, spool(target));
            stream.wait = FIRST_WAIT;
            stream.lastFailure = null;
            stream.downSince = null;
            stream.lagAnnounced = false;
            streams.state(target.id(), instance.id(), WalStreams.STREAMING, null, null);
            LOG.infof("streaming the WAL of %s (slot %s)", target.id(), target.pitr().slotFor(target.id()));
        } catch (WalReceiver.LostSlotException e) {
            failed(target, stream, e.getMessage(), WalStreams.LOST);
        } catch (WalReceiver.RefusedException e) {
            failed(target, stream, e.getMessage(), REFUSED);
        } catch (IOException | RuntimeException e) {
            failed(target, stream, String.valueOf(e.getMessage()), RETRYING);
        }
    }

    /**
     * Notes the failure as {@code state}, logged once while it repeats, and waits before the next try:
     * doubling for a passing failure, max-backoff for a refusal or a lost slot (no retry soon helps those).
     */
    private void failed(Target target, Stream stream, String reason, String state) {
        if (!reason.equals(stream.lastFailure)) {
            LOG.errorf("WAL of %s: %s", target.id(), reason);
            if (WalStreams.LOST.equals(state)) {
                notifications.publish(Event.of(EventType.PITR_GAP, target.id(), target.environment()).status("lost")
                        .error(reason).detail(Map.of("slot", target.pitr().slotFor(target.id()))).build());
            }
        }
        if (stream.downSince == null) {
            stream.downSince = Instant.now();
        }
        stream.lastFailure = reason;
        stream.retryAt = Instant.now().plus(RETRYING.equals(state) ? stream.wait : config.maxBackoff());
        stream.wait = min(stream.wait.multipliedBy(2), config.maxBackoff());
        streams.state(target.id(), instance.id(), state, reason, null);
    }

    /**
     * A stored segment does not follow the one stored before it: what the server wrote in between never
     * reached the hub (the slot was dropped and created again, say), so nothing in between is
     * restorable. Said as pitr.gap, and a base is queued at once, from which the window goes on.
     */
    private void gap(Target target, WalArchiver.Gap gap) {
        String reason = "WAL from " + gap.fromLsn() + " to " + gap.toLsn() + " never reached the hub (segment "
                + gap.segment() + " does not follow the one stored before it): nothing in between is restorable;"
                + " a new base was queued";
        LOG.errorf("WAL of %s: %s", target.id(), reason);
        notifications.publish(Event.of(EventType.PITR_GAP, target.id(), target.environment()).status("gap")
                .error(reason).detail(Map.of("slot", target.pitr().slotFor(target.id()), "fromLsn", gap.fromLsn(),
                        "toLsn", gap.toLsn()))
                .build());
        try {
            bases.queueNow(target, "the WAL chain broke at " + gap.fromLsn());
        } catch (RuntimeException e) {
            LOG.errorf("queueing a base backup of %s failed: %s", target.id(), e.getMessage());
        }
    }

    /**
     * The server no longer has the WAL the spooled partial segment continues from (its slot was dropped
     * and created again): resuming there can never work, so the partial is moved aside and the next
     * start streams from the slot's position. The skipped WAL shows as a gap when the next segment is stored.
     */
    private void discardPartial(Target target) {
        try (java.util.stream.Stream<Path> files = Files.list(spool(target))) {
            Path aside = spool(target).resolveSibling(target.id() + ".discarded");
            for (Path partial : files.filter(f -> f.getFileName().toString().endsWith(".partial")).toList()) {
                Files.createDirectories(aside);
                Files.move(partial, aside.resolve(partial.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
                LOG.warnf("WAL of %s: the server no longer has the WAL that %s continues from; it was moved to %s"
                        + " (what it holds stays readable by hand), and streaming starts again from the slot's"
                        + " position", target.id(), partial.getFileName(), aside);
            }
        } catch (IOException e) {
            LOG.errorf("WAL of %s: cannot clear the spool %s: %s", target.id(), spool(target), e.getMessage());
        }
    }

    /** A base when one is due (the first once the WAL streams, then on pitr.base.cron). */
    private void queueBase(Target target, Stream stream) {
        if (stream.receiver == null) {
            return;
        }
        try {
            bases.queueDue(target);
        } catch (RuntimeException e) {
            LOG.errorf("queueing a base backup of %s failed: %s", target.id(), e.getMessage());
        }
    }

    /** pitr.lagging, once per outage: no receiver has streamed the target's WAL for longer than its maxLag. */
    private void announceLag(Target target, Stream stream) {
        Duration maxLag = target.pitr().maxLagOrDefault();
        if (stream.downSince == null || stream.lagAnnounced || Instant.now().isBefore(stream.downSince.plus(maxLag))) {
            return;
        }
        stream.lagAnnounced = true;
        notifications.publish(Event.of(EventType.PITR_LAGGING, target.id(), target.environment()).status("lagging")
                .error(stream.lastFailure).detail(Map.of("since", stream.downSince.toString(), "maxLag",
                        maxLag.toString()))
                .build());
    }

    /**
     * Every {@link #SLOT_READS} while streaming: what the slot holds on the server (the disk it costs),
     * and whether the server gave up WAL the slot needed (max_slot_wal_keep_size reached: a gap).
     */
    private void readSlot(Target target, Stream stream) {
        if (stream.receiver == null || Instant.now().isBefore(stream.slotReadAt.plus(SLOT_READS))) {
            return;
        }
        stream.slotReadAt = Instant.now();
        try {
            ServerLogin.SlotState slot = stream.receiver.slot();
            if (!slot.exists() || slot.lost()) {
                String reason = !slot.exists()
                        ? "the replication slot " + target.pitr().slotFor(target.id()) + " is gone from the server"
                        : "the server removed WAL the slot " + target.pitr().slotFor(target.id()) + " still needed"
                                + " (max_slot_wal_keep_size reached): the WAL chain has a gap";
                stream.receiver.close();
                stream.receiver = null;
                failed(target, stream, reason, WalStreams.LOST);
                return;
            }
            retained.computeIfAbsent(target.id(), this::retainedGauge).set(slot.retainedBytes());
            streams.state(target.id(), instance.id(), WalStreams.STREAMING, null, slot.retainedBytes());
        } catch (IOException e) {
            LOG.warnf("WAL of %s: %s", target.id(), e.getMessage());
        }
    }

    private AtomicLong retainedGauge(String targetId) {
        AtomicLong bytes = new AtomicLong();
        Gauge.builder("backup_hub_wal_retained_bytes", bytes, AtomicLong::get)
                .description("WAL the target's replication slot keeps on its server (read by the replica streaming it)")
                .baseUnit("bytes").tag("target", targetId).register(registry);
        return bytes;
    }

    private void archive(Target target, Stream stream) {
        try {
            archiver.archive(target, spool(target), writer).forEach(gap -> gap(target, gap));
        } catch (IOException | RuntimeException e) {
            LOG.errorf("storing the WAL of %s failed (the segments stay in %s and are tried again): %s", target.id(),
                    spool(target), e.getMessage());
        }
    }

    /**
     * Every {@link #COPIES}, or at once while a full batch was copied: segments into the stores that lack
     * them, on a thread of their own, so that a slow store never holds back this pass (and the archiving).
     */
    private void copy(Target target, Stream stream) {
        if (stream.copier != null && stream.copier.isAlive() || Instant.now().isBefore(stream.copyAt)) {
            return;
        }
        stream.copyAt = Instant.now().plus(COPIES);
        stream.copier = ContextThreads.daemon(() -> {
            try {
                if (replicator.replicate(target, writer, COPY_BATCH).more()) {
                    stream.copyAt = Instant.EPOCH;
                }
            } catch (RuntimeException e) {
                LOG.errorf("copying the WAL of %s to its other stores failed (tried again): %s", target.id(),
                        e.getMessage());
            }
        }, "copy-wal-" + target.id());
        stream.copier.start();
    }

    private void stop(String targetId) {
        Stream stream = running.remove(targetId);
        if (stream != null && stream.receiver != null) {
            stream.receiver.close();
        }
        streams.release(targetId, instance.id());
    }

    /** A clean stop: receivers flush what they have, completed segments are stored, leases given up. */
    synchronized void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        for (String targetId : List.copyOf(running.keySet())) {
            Stream stream = running.get(targetId);
            if (stream.receiver != null) {
                stream.receiver.close();
                stream.receiver = null;
            }
            targets.find(targetId).ifPresent(target -> archive(target, stream));
            stop(targetId);
        }
    }

    /** Where a target's segments wait on this host until they are stored: the data dir's wal/<target>. */
    Path spool(Target target) {
        return hub.data().dir().resolve("wal").resolve(target.id());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
