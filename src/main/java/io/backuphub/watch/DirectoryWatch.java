package io.backuphub.watch;

import io.backuphub.common.ContextThreads;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Calls back once a folder has been quiet for a moment after any change. Callers compare contents
 * rather than trusting event names: editors save via temporary files and Kubernetes swaps ConfigMap
 * contents through a "..data" symlink, so the changed file's own name may never appear in an event.
 */
final class DirectoryWatch implements Closeable {

    private static final Logger LOG = Logger.getLogger(DirectoryWatch.class);
    private static final long QUIET_MILLIS = 300;

    private final WatchService service;
    private final Thread thread;

    DirectoryWatch(Path dir, String name, Runnable onChange) throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = ContextThreads.daemon(() -> loop(onChange), name);
        this.thread.start();
    }

    private void loop(Runnable onChange) {
        try {
            while (true) {
                WatchKey key = service.take();
                drain(key);
                // Let a burst of events (write, rename, symlink swap) settle before acting once.
                WatchKey more;
                while ((more = service.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "handling a change failed: %s", e.getMessage());
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: stop watching
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public void close() throws IOException {
        service.close();
        thread.interrupt();
    }
}
