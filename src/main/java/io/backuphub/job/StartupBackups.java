package io.backuphub.job;

import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/** Queues a backup at start for targets that ask for one ({@code backupOnStart: true}). */
@ApplicationScoped
public class StartupBackups {

    private final TargetRegistry targets;
    private final JobQueue queue;
    private final JobStore jobs;

    public StartupBackups(TargetRegistry targets, JobQueue queue, JobStore jobs) {
        this.targets = targets;
        this.queue = queue;
        this.jobs = jobs;
    }

    /** After the targets are loaded and abandoned jobs failed. */
    void onStart(@Observes @Priority(200) StartupEvent event) {
        for (Target target : targets.all()) {
            if (target.backsUpOnStart() && !jobs.hasPendingBackup(target.id())) {
                queue.enqueue(new JobOrder(target.id(), JobKind.BACKUP, Map.of(), null, Trigger.SYSTEM, "start",
                        "hub", null));
            }
        }
    }
}
