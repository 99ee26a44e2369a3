package io.backuphub.ops;

import io.backuphub.backup.StoreWatch;
import io.backuphub.catalog.Db;
import io.backuphub.schedule.ScheduleRepository;
import io.backuphub.target.TargetRegistry;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * /q/health: the catalog answers (readiness: without it the hub can answer nothing), every route is
 * running (liveness); and, for people rather than the load balancer (wellness, /q/health/well), each
 * store's state as last checked (a store that cannot be written is a store to fix, while the hub
 * stays in service to show why) and which schedules do not fire because their target is not declared.
 */
@ApplicationScoped
public class HubHealthChecks {

    @Produces
    @Readiness
    HealthCheck catalog(Db db) {
        return () -> {
            try {
                return HealthCheckResponse.named("catalog").up().withData("database", db.kind()).build();
            } catch (RuntimeException e) {
                return HealthCheckResponse.named("catalog").down().withData("error", e.getMessage()).build();
            }
        };
    }

    /** Each store: "s3: writable", or why it is not; "shared with catalog X" where another catalog used it first. */
    @Produces
    @Wellness
    HealthCheck stores(StoreWatch watch) {
        return () -> {
            var response = HealthCheckResponse.named("stores").up();
            for (StoreWatch.StoreState store : watch.states()) {
                String shared = store.sharedWithCatalog() == null ? ""
                        : " (shared with catalog " + store.sharedWithCatalog() + ")";
                if (store.up()) {
                    response.withData(store.storeId(), store.type() + ": writable" + shared);
                } else {
                    response.down().withData(store.storeId(), store.type() + ": " + store.reason() + shared);
                }
            }
            return response.build();
        };
    }

    @Produces
    @Wellness
    HealthCheck schedules(ScheduleRepository schedules, TargetRegistry targets) {
        return () -> {
            List<String> notFiring = schedules.all().stream().filter(s -> targets.find(s.targetId()).isEmpty())
                    .map(s -> s.id() + " (no target " + s.targetId() + ")").toList();
            var response = HealthCheckResponse.named("schedules").up();
            return (notFiring.isEmpty() ? response : response.withData("notFiring", String.join(", ", notFiring)))
                    .build();
        };
    }

    /** Routes stopped: restart the hub (liveness). Listed once: a check in both groups shows twice in /q/health. */
    @Produces
    @Liveness
    HealthCheck routes(CamelContext camel) {
        return () -> {
            List<String> stopped = camel.getRoutes().stream()
                    .map(Route::getRouteId)
                    .filter(id -> camel.getRouteController().getRouteStatus(id) != ServiceStatus.Started)
                    .toList();
            var response = HealthCheckResponse.named("routes").withData("routes", camel.getRoutes().size());
            return stopped.isEmpty() ? response.up().build()
                    : response.down().withData("notStarted", String.join(",", stopped)).build();
        };
    }
}
