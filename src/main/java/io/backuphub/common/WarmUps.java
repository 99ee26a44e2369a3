package io.backuphub.common;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs every {@link WarmUp} once, one after the other on a background thread, right after start
 * ({@code hub.warm-up}, on by default): a few seconds of one core while the hub is idle, instead of a
 * first backup about a third slower than the next (docs/benchmarks.md).
 */
@ApplicationScoped
class WarmUps {

    private static final Logger LOG = Logger.getLogger(WarmUps.class);

    @Inject
    @Any Instance<WarmUp> warmUps;
    @Inject HubProperties hub;

    void start(@Observes StartupEvent event) {
        if (!hub.warmUp()) {
            return;
        }
        Thread thread = ContextThreads.daemon(this::runAll, "warm-up");
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private void runAll() {
        long start = System.nanoTime();
        for (WarmUp warmUp : warmUps) {
            try {
                warmUp.run();
            } catch (Exception | LinkageError e) {
                // Only speed is at stake: the path compiles on first real use instead.
                LOG.warnf("warm-up %s failed: %s", warmUp.getClass().getSimpleName(), e.getMessage());
            }
        }
        LOG.debugf("warm-up done in %d ms", (System.nanoTime() - start) / 1_000_000);
    }
}
