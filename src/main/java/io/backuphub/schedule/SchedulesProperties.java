package io.backuphub.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Recurring backups: the schedules file and the limits every schedule keeps. */
@ConfigMapping(prefix = "hub.schedules")
public interface SchedulesProperties {

    /** YAML file of recurring backups (ops' GitOps way; the API adds its own). */
    @WithDefault("config/schedules.yaml")
    Path file();

    /** Apply the schedules file when it changes. */
    @WithDefault("true")
    boolean watch();

    /**
     * The shortest time between two fires of one schedule: a cron that fires more often is refused,
     * and a schedule never fires again sooner (a seconds-field cron would queue a backup a second).
     */
    @WithDefault("5m")
    Duration minInterval();

    /**
     * A fire this late counts as missed (the hub was down): it runs once, when Quartz's misfire
     * handler next looks, which it does this often.
     */
    @WithDefault("60s")
    Duration misfireThreshold();

}
