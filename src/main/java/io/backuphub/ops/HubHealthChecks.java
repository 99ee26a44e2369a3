package io.backuphub.ops;

import io.backuphub.catalog.Db;
import io.backuphub.schedule.ScheduleRepository;
import io.backuphub.store.StoreRegistry;
import io.backuphub.target.TargetRegistry;
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
 * /q/health: the catalog answers and the store accepts writes (readiness: a hub that cannot store
 * backups should get no traffic), every route is running (liveness), and which schedules do not fire
 * because their target is not declared (reported, never a reason to take the hub out of service).
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

    @Produces
    @Readiness
    HealthCheck store(StoreRegistry stores) {
        return () -> {
            var response = HealthCheckResponse.named("store").up();
            stores.all().forEach((id, store) -> {
                try {
                    store.checkWritable();
                    response.withData(id, store.type() + ": writable");
                } catch (Exception e) {
                    response.down().withData(id, store.type() + ": " + e.getMessage());
                }
            });
            return response.build();
        };
    }

    @Produces
    @Readiness
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
