package io.backuphub.http;

import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Any /api path no route matched is a 404 problem, like every other API error. */
@ApplicationScoped
public class ApiNotFound {

    void install(@Observes Router router) {
        router.route("/api/*").order(Integer.MAX_VALUE - 10).handler(ctx -> Problem
                .of(404, "not-found", "Not found", "no API resource at " + ctx.normalizedPath()).send(ctx));
    }

    void onStart(@Observes StartupEvent event) {
        // Observing StartupEvent keeps this bean, and so the Router observer, active.
    }
}
