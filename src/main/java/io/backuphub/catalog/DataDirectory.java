package io.backuphub.catalog;

import io.backuphub.common.HubProperties;
import io.backuphub.common.PrivateFiles;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The data directory holds the embedded catalog, the generated keys and, by default, the backups: it
 * is made 0700 and the files directly in it 0600 at every start (H2 creates its files with the
 * umask's modes), so other users of the machine can read none of it.
 */
@ApplicationScoped
public class DataDirectory {

    private final Path dir;

    public DataDirectory(HubProperties hub) {
        this.dir = hub.data().dir();
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        try {
            PrivateFiles.createDirectories(dir);
            PrivateFiles.restrict(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the data directory " + dir + " private", e);
        }
    }
}
