package io.backuphub.common;

import java.util.Map;
import org.jboss.logging.MDC;

/** Helper threads that carry the caller's log context (job id), so their log lines stay attributable. */
public final class ContextThreads {

    private ContextThreads() {
    }

    @SuppressWarnings("unchecked")
    public static Thread daemon(Runnable task, String name) {
        Map<String, Object> context = MDC.getMap();
        Thread thread = new Thread(() -> {
            context.forEach(MDC::put);
            try {
                task.run();
            } finally {
                MDC.clear();
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }
}
