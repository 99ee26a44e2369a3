package io.backuphub.schedule;

import io.backuphub.common.HubInstance;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Properties;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

/**
 * One Quartz scheduler for the hub, with its JDBC job store in the catalog and clustering on, so a
 * schedule (and each of the hub's timed routes, {@link RouteClock}) fires once across replicas and
 * survives restarts.
 */
@ApplicationScoped
public class QuartzSetup {

    @Produces
    @Singleton
    Scheduler scheduler(HubInstance instance, SchedulesProperties config) throws SchedulerException {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "backup-hub");
        p.setProperty("org.quartz.scheduler.instanceId", instance.id());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        // Many schedules due in the same minute (nightly at 02:00): take them in batches, fire in parallel.
        p.setProperty("org.quartz.threadPool.threadCount", "8");
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "25");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        // PostgreSQL's delegate reads BYTEA columns as bytes, which H2 (PostgreSQL mode) answers alike.
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "catalog");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "15000");
        p.setProperty("org.quartz.jobStore.misfireThreshold",
                Long.toString(config.misfireThreshold().toMillis()));
        p.setProperty("org.quartz.dataSource.catalog.connectionProvider.class",
                CatalogConnectionProvider.class.getName());
        return new StdSchedulerFactory(p).getScheduler();
    }

    /**
     * Stopped first thing on shutdown, while the catalog is still open: a cluster check-in after the
     * catalog closed fails (and once left H2's trace file behind).
     */
    void stop(@Observes @Priority(1) ShutdownEvent event, Scheduler scheduler) throws SchedulerException {
        if (!scheduler.isShutdown()) {
            scheduler.shutdown(true);
        }
    }

    void shutdown(@Disposes Scheduler scheduler) throws SchedulerException {
        if (!scheduler.isShutdown()) {
            scheduler.shutdown(true);
        }
    }
}
