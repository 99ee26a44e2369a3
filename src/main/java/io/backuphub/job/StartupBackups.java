package io.backuphub.job;

import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;

/** Queues a backup at start for targets that ask for one ({@code backupOnStart: true}). */
@ApplicationScoped
public class StartupBackups {

    @Inject TargetRegistry targets;
    @Inject JobQueue queue;
    @Inject JobRepository jobs;

    /** After the targets are loaded and abandoned jobs failed. */
    void onStart(@Observes @Priority(200) StartupEvent event) {
        for (Target target : targets.all()) {
            if (target.backsUpOnStart() && !jobs.hasPendingBackup(target.id())) {
                queue.enqueue(new JobOrder(target.id(), JobKind.BACKUP, Map.of(), null, JobTrigger.SYSTEM, "start",
                        "hub", null));
            }
        }
    }
}
