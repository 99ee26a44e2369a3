package io.backuphub.http;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * /q/health and its groups, answered here rather than by SmallRye's own handler so that the edge
 * decides what an answer holds: to anyone, the status alone ({"status":"UP"}, 200, or DOWN, 503),
 * enough for a load balancer or a Kubernetes probe; to a caller with a key, the checks and their
 * data too. Which store cannot be written and why, which schedules do not fire: that tells a
 * stranger about the hub's insides.
 */
@ApplicationScoped
class HealthAnswers {

    static final String ROOT = "/q/health";

    private final SmallRyeHealthReporter reporter;

    HealthAnswers(SmallRyeHealthReporter reporter) {
        this.reporter = reporter;
    }

    static boolean isHealth(String path) {
        return path.equals(ROOT) || path.startsWith(ROOT + "/");
    }

    /** Answers the request (with the checks when {@code details}); false when the path names no health check. */
    boolean answer(RoutingContext ctx, boolean details) {
        Function<SmallRyeHealthReporter, SmallRyeHealth> check = check(ctx.normalizedPath());
        if (check == null) {
            return false;
        }
        // The checks block (a store is written to): off the event loop.
        ctx.vertx().executeBlocking(() -> check.apply(reporter), false).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            SmallRyeHealth health = result.result();
            String body = details ? health.getPayload().toString()
                    : health.isDown() ? "{\"status\":\"DOWN\"}" : "{\"status\":\"UP\"}";
            ctx.response().setStatusCode(health.isDown() ? 503 : 200).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store").end(body);
        });
        return true;
    }

    private static Function<SmallRyeHealthReporter, SmallRyeHealth> check(String path) {
        String rest = path.substring(ROOT.length());
        return switch (rest) {
            case "", "/" -> SmallRyeHealthReporter::getHealth;
            case "/live", "/live/" -> SmallRyeHealthReporter::getLiveness;
            case "/ready", "/ready/" -> SmallRyeHealthReporter::getReadiness;
            case "/started", "/started/" -> SmallRyeHealthReporter::getStartup;
            case "/well", "/well/" -> SmallRyeHealthReporter::getWellness;
            case "/group", "/group/" -> SmallRyeHealthReporter::getHealthGroups;
            default -> rest.startsWith("/group/") && rest.indexOf('/', 7) < 0
                    ? r -> r.getHealthGroup(rest.substring(7)) : null;
        };
    }
}
