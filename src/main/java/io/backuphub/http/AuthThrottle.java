package io.backuphub.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Online guessing, slowed down: each source address may fail to authenticate (a wrong API key at the
 * API or the login page, an ended session) {@code hub.auth.free-failures} times; after that every failure makes it wait before its next attempt, {@code hub.auth.lockout}
 * doubling up to {@code hub.auth.max-lockout}. While it waits, every credential it sends is answered
 * 429 with Retry-After, the right one included, so waiting tells a guesser nothing. A success clears
 * the source's record; so does {@code hub.auth.forget-after} without failures. Kept in memory per
 * replica. Webhook signatures are not throttled: their secrets are 256 bits (nothing to guess), and
 * CI runners share addresses, so one tenant's bad deliveries must not stop another's.
 */
@ApplicationScoped
public class AuthThrottle {

    private static final Logger LOG = Logger.getLogger(AuthThrottle.class);
    /** Beyond this many tracked sources, those whose record has lapsed are dropped first. */
    static final int MAX_SOURCES = 10_000;

    private record Record(int failures, Instant lastFailure, Instant waitUntil) {
    }

    private final Map<String, Record> sources = new ConcurrentHashMap<>();
    private final int freeFailures;
    private final Duration lockout;
    private final Duration maxLockout;
    private final Duration forgetAfter;
    private final Clock clock;

    @Inject
    public AuthThrottle(HttpProperties config) {
        this(config.auth().freeFailures(), config.auth().lockout(), config.auth().maxLockout(),
                config.auth().forgetAfter(), Clock.systemUTC());
    }

    AuthThrottle(int freeFailures, Duration lockout, Duration maxLockout, Duration forgetAfter, Clock clock) {
        this.freeFailures = freeFailures;
        this.lockout = lockout;
        this.maxLockout = maxLockout;
        this.forgetAfter = forgetAfter;
        this.clock = clock;
    }

    /** How long {@code source} must still wait before it may try a credential again; empty if it may now. */
    public Optional<Duration> retryAfter(String source) {
        Record r = source == null ? null : sources.get(source);
        Instant now = clock.instant();
        if (r == null || !r.waitUntil().isAfter(now)) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, r.waitUntil());
        // Whole seconds, rounded up, as Retry-After carries them.
        return Optional.of(Duration.ofSeconds(Math.max(1, (left.toMillis() + 999) / 1000)));
    }

    /** A credential from {@code source} was refused. */
    public void failed(String source) {
        if (source == null) {
            return;
        }
        Instant now = clock.instant();
        if (sources.size() >= MAX_SOURCES && !sources.containsKey(source)) {
            sources.values().removeIf(r -> lapsed(r, now));
            if (sources.size() >= MAX_SOURCES) {
                LOG.warnf("failed authentications from more than %d sources at once; %s is not throttled",
                        MAX_SOURCES, source);
                return;
            }
        }
        sources.compute(source, (s, r) -> {
            int failures = r == null || lapsed(r, now) ? 1 : r.failures() + 1;
            return new Record(failures, now, now.plus(waitAfter(failures)));
        });
    }

    /** A credential from {@code source} was accepted: it starts again with its free failures. */
    public void succeeded(String source) {
        if (source != null) {
            sources.remove(source);
        }
    }

    /** The wait after the n-th failure in a row: none for the free ones, then doubling up to the maximum. */
    Duration waitAfter(int failures) {
        int over = failures - freeFailures;
        if (over <= 0) {
            return Duration.ZERO;
        }
        Duration wait = lockout.multipliedBy(1L << Math.min(over - 1, 30));
        return wait.compareTo(maxLockout) > 0 ? maxLockout : wait;
    }

    /** Answers a request of a source that must wait: 429, Retry-After in whole seconds. */
    static void refuse(io.vertx.ext.web.RoutingContext ctx, Duration wait) {
        ctx.response().putHeader("Retry-After", Long.toString(wait.toSeconds()));
        Problem.of(429, "too-many-failed-authentications", "Too many requests", "too many failed authentications"
                + " from this address; try again in " + wait.toSeconds() + " s").send(ctx);
    }

    private boolean lapsed(Record r, Instant now) {
        return r.lastFailure().plus(forgetAfter).isBefore(now) && !r.waitUntil().isAfter(now);
    }
}
