package io.backuphub.housekeeping;

import io.backuphub.auth.ApiKey;
import io.backuphub.auth.ApiKeyRepository;
import io.backuphub.notify.Event;
import io.backuphub.notify.EventType;
import io.backuphub.notify.Notifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The warn-expiring-keys route's step: an API key that expires within {@link #AHEAD} is announced
 * (key.expiring) so that someone rotates it before the CI job using it breaks; once per key, across
 * replicas (the catalog marks it warned first).
 */
@ApplicationScoped
@Named("expiringKeys")
public class ExpiringKeys {

    private static final Logger LOG = Logger.getLogger(ExpiringKeys.class);
    static final Duration AHEAD = Duration.ofDays(7);

    @Inject ApiKeyRepository keys;
    @Inject Notifications notifications;
    Clock clock = Clock.systemUTC();

    /** Announces the keys newly within a week of their expiry; returns how many. */
    public int announce() {
        Instant now = clock.instant();
        int announced = 0;
        for (ApiKey key : keys.expiringUnwarned(now.plus(AHEAD))) {
            if (!keys.markWarned(key.id(), now)) {
                continue; // another replica announced it
            }
            Map<String, Object> detail = new HashMap<>();
            detail.put("key", key.name());
            detail.put("principal", key.principal().id());
            detail.put("expiresAt", key.expiresAt().toString());
            if (key.owner() != null) {
                detail.put("owner", key.owner());
            }
            notifications.publish(Event.of(EventType.KEY_EXPIRING, null, null)
                    .status(key.expiresAt().isAfter(now) ? "expiring" : "expired").detail(detail).build());
            LOG.infof("API key %s expires at %s: announced", key.name(), key.expiresAt());
            announced++;
        }
        return announced;
    }
}
