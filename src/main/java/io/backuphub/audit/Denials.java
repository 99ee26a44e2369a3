package io.backuphub.audit;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Refused requests (no key, a wrong key, a cross-site write), counted per source address and window
 * (hub.audit.denial-window, a minute) and written to the audit log as one event per source and window
 * by the audit-denials route. A flood of unauthenticated requests thus costs one audit row a minute
 * per source, never one each.
 */
@ApplicationScoped
@Named("denials")
public class Denials {

    private static final Logger LOG = Logger.getLogger(Denials.class);
    /** Beyond this many open tallies (a flood from many addresses) new sources share one. */
    static final int MAX_SOURCES = 10_000;
    static final String MANY_SOURCES = "(many sources)";

    /** One tally per source, kind of refusal and claimed identity within a window. */
    private record Key(String source, String action, String actor, Instant window) {
    }

    private static final class Tally {

        private final AtomicInteger count = new AtomicInteger();
        private final String actor;
        private final String action;
        private final String first;

        Tally(String actor, String action, String first) {
            this.actor = actor;
            this.action = action;
            this.first = first;
        }
    }

    private final AuditRepository audit;
    private final Duration window;
    private final Clock clock = Clock.systemUTC();
    private final Map<Key, Tally> open = new ConcurrentHashMap<>();

    public Denials(AuditRepository audit, AuditProperties config) {
        this.audit = audit;
        this.window = config.denialWindow();
    }

    private Instant windowOf(Instant t) {
        long millis = window.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), millis) * millis);
    }

    /** Counts one refused request; never blocks (it runs on the event loop). */
    public void count(String source, String actor, String action, String resource, String reason) {
        Instant current = windowOf(clock.instant());
        String from = source == null ? "unknown" : source;
        if (open.size() >= MAX_SOURCES && !open.containsKey(new Key(from, action, actor, current))) {
            from = MANY_SOURCES;
        }
        open.computeIfAbsent(new Key(from, action, actor, current),
                k -> new Tally(actor, action, resource + ": " + reason)).count.incrementAndGet();
    }

    /** Audits every tally of a window that has ended; returns how many events were written. */
    public int flush() {
        return flush(windowOf(clock.instant()));
    }

    private int flush(Instant before) {
        List<Map.Entry<Key, Tally>> closed = new ArrayList<>();
        for (Key key : List.copyOf(open.keySet())) {
            if (key.window().isBefore(before)) {
                Tally tally = open.remove(key);
                if (tally != null) {
                    closed.add(Map.entry(key, tally));
                }
            }
        }
        for (Map.Entry<Key, Tally> e : closed) {
            Tally t = e.getValue();
            audit.record(e.getKey().window(), t.actor, t.action, "requests", e.getKey().source(), "denied",
                    t.count.get() + " request(s) denied in the " + window.toSeconds() + " s from " + e.getKey().window()
                            + "; first: " + t.first);
        }
        return closed.size();
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            flush(Instant.MAX);
        } catch (RuntimeException e) {
            LOG.warnf("could not audit the last minute's denied requests: %s", e.getMessage());
        }
    }
}
