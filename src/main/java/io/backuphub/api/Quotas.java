package io.backuphub.api;

import io.backuphub.audit.AuditRepository;
import io.backuphub.audit.Denials;
import io.backuphub.auth.AuthProperties;
import io.backuphub.auth.Limits;
import io.backuphub.auth.Principal;
import io.backuphub.auth.Role;
import io.backuphub.common.HubException;
import io.backuphub.common.InvalidConfigException;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobRepository;
import io.backuphub.notify.Event;
import io.backuphub.notify.EventType;
import io.backuphub.notify.Notifications;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * How much each principal may use the hub ({@link Limits}: its own, or its role's defaults from
 * hub.auth.limits): API requests a minute, counted on each replica; backups and restores a UTC day
 * and downloads a UTC hour, counted in the catalog (its jobs and audit log), so replicas share them.
 * Over a limit is a 429 with Retry-After (the window's end), counted with the other denials (one audit
 * event per source and minute); reaching 80% of a limit sends quota.near, a refusal quota.exceeded,
 * each once per principal and window on each replica.
 */
@ApplicationScoped
public class Quotas {

    /** A limit, the window it counts in and the limit's name in the API. */
    public enum Quota {

        REQUESTS("requestsPerMinute", ChronoUnit.MINUTES, Limits::requestsPerMinute), BACKUPS("backupsPerDay",
                ChronoUnit.DAYS,
                Limits::backupsPerDay), RESTORES("restoresPerDay", ChronoUnit.DAYS, Limits::restoresPerDay), DOWNLOADS(
                        "downloadsPerHour", ChronoUnit.HOURS, Limits::downloadsPerHour);

        final String field;
        final ChronoUnit window;
        final Function<Limits, Integer> limit;

        Quota(String field, ChronoUnit window, Function<Limits, Integer> limit) {
            this.field = field;
            this.window = window;
            this.limit = limit;
        }
    }

    /** What a principal used of each limit in the current windows (requests: on this replica). */
    public record Usage(Limits limits, int requestsThisMinute, int backupsToday, int restoresToday,
            int downloadsThisHour) {
    }

    private record Window(Instant start, AtomicInteger count) {
    }

    @Inject AuthProperties config;
    @Inject JobRepository jobs;
    @Inject AuditRepository audit;
    @Inject Denials denials;
    @Inject Notifications notifications;
    Clock clock = Clock.systemUTC();
    private final Map<String, Window> requests = new ConcurrentHashMap<>();
    /** "principal quota window-start level": announcements made, so that each goes out once. */
    private final Map<String, Boolean> announced = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent event) {
        List<String> unknown = config.auth().limits().keySet().stream().filter(r -> Role.of(r).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidConfigException("hub.auth.limits", List.of("names no role " + unknown
                    + ": the roles are viewer, operator, restorer and admin"));
        }
    }

    /** The principal's limits: its own, and its role's defaults where it has none. */
    public Limits limitsOf(Principal principal) {
        AuthProperties.RoleLimits defaults = config.auth().limits().get(principal.grant().role().code());
        return principal.limits().or(defaults == null ? Limits.NONE : defaults.limits());
    }

    /** Counts an API request of the principal: 429 once it made more than its requests a minute here. */
    public void request(Principal principal, String source) {
        Integer limit = limitsOf(principal).requestsPerMinute();
        if (limit == null) {
            return;
        }
        Instant start = windowStart(Quota.REQUESTS);
        Window window = requests.compute(principal.id(),
                (id, w) -> w == null || !w.start().equals(start) ? new Window(start, new AtomicInteger()) : w);
        int used = window.count().incrementAndGet();
        if (requests.size() > 10_000) {
            requests.entrySet().removeIf(e -> !e.getValue().start().equals(start));
        }
        if (used > limit) {
            throw refusal(principal, Quota.REQUESTS, limit, source);
        }
        announce(principal, Quota.REQUESTS, used, limit);
    }

    /**
     * Before the principal starts one more of what {@code quota} counts (a backup, a restore, a download):
     * 429 when it used the whole quota of this window already.
     */
    public void take(Principal principal, Quota quota, String source) {
        Integer limit = quota.limit.apply(limitsOf(principal));
        if (limit == null) {
            return;
        }
        int used = used(principal, quota);
        if (used >= limit) {
            throw refusal(principal, quota, limit, source);
        }
        announce(principal, quota, used + 1, limit);
    }

    public Usage usage(Principal principal) {
        return new Usage(limitsOf(principal), requestsNow(principal), used(principal, Quota.BACKUPS),
                used(principal, Quota.RESTORES), used(principal, Quota.DOWNLOADS));
    }

    private int requestsNow(Principal principal) {
        Window window = requests.get(principal.id());
        return window == null || !window.start().equals(windowStart(Quota.REQUESTS)) ? 0 : window.count().get();
    }

    private int used(Principal principal, Quota quota) {
        Instant since = windowStart(quota);
        return switch (quota) {
            case BACKUPS -> jobs.countRequested(principal.id(), JobKind.BACKUP, since);
            case RESTORES -> jobs.countRequested(principal.id(), JobKind.RESTORE, since);
            case DOWNLOADS -> audit.count(principal.id(), "artifact.download", since);
            case REQUESTS -> requestsNow(principal);
        };
    }

    private HubException refusal(Principal principal, Quota quota, int limit, String source) {
        Instant end = windowStart(quota).plus(1, quota.window);
        Duration wait = Duration.between(clock.instant(), end).plusSeconds(1);
        String detail = principal.id() + " used its " + quota.field + " (" + limit + ") until " + end;
        denials.count(source, principal.id(), "quota", quota.field, detail);
        announceOnce(principal, quota, "exceeded",
                () -> event(EventType.QUOTA_EXCEEDED, principal, quota, limit, limit));
        return new HubException(HubException.Kind.RATE_LIMITED, "quota-exceeded", detail + "; try again in "
                + wait.toSeconds() + " s", null, wait);
    }

    /** quota.near when this use reached 80% of the limit (once per window), quota.exceeded when it reached all of it. */
    private void announce(Principal principal, Quota quota, int used, int limit) {
        if (used * 5 >= limit * 4) {
            announceOnce(principal, quota, "near", () -> event(EventType.QUOTA_NEAR, principal, quota, used, limit));
        }
    }

    private void announceOnce(Principal principal, Quota quota, String level, Runnable send) {
        String key = principal.id() + " " + quota + " " + windowStart(quota) + " " + level;
        if (announced.putIfAbsent(key, Boolean.TRUE) == null) {
            if (announced.size() > 10_000) {
                announced.clear();
            }
            send.run();
        }
    }

    private void event(EventType type, Principal principal, Quota quota, int used, int limit) {
        notifications.publish(Event.of(type, null, null).status(type == EventType.QUOTA_NEAR ? "near" : "exceeded")
                .detail(Map.of("principal", principal.id(), "limit", quota.field, "used", used, "of", limit,
                        "windowEnds", windowStart(quota).plus(1, quota.window).toString()))
                .build());
    }

    private Instant windowStart(Quota quota) {
        return clock.instant().truncatedTo(quota.window);
    }
}
