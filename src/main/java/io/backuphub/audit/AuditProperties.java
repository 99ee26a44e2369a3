package io.backuphub.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The audit log: who did what, when, from where. */
@ConfigMapping(prefix = "hub.audit")
public interface AuditProperties {

    /** Events older than this are deleted by the prune-history route; absent (the default) keeps them all. */
    Optional<Duration> keep();

    /** Refused requests are audited as one event per source address and window of this length. */
    @WithDefault("1m")
    Duration denialWindow();

    /** How often ended windows of refused requests are written (route audit-denials). */
    @WithDefault("15s")
    Duration denialFlushInterval();

}
