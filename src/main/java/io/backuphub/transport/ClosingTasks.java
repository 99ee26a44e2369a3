package io.backuphub.transport;

import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** What a connection runs once as it closes, before its session and tunnels go; closing twice runs nothing more. */
final class ClosingTasks {

    private static final Logger LOG = Logger.getLogger(ClosingTasks.class);

    private final List<Runnable> tasks = new ArrayList<>();

    synchronized void add(Runnable task) {
        tasks.add(task);
    }

    void runAll() {
        List<Runnable> due;
        synchronized (this) {
            due = List.copyOf(tasks);
            tasks.clear();
        }
        for (Runnable task : due) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "a task run as a connection closed failed: %s", e.getMessage());
            }
        }
    }
}
