package io.backuphub.watch;

import io.backuphub.audit.AuditRepository;
import io.backuphub.common.HubException;
import io.backuphub.notify.Notifications;
import io.backuphub.notify.NotificationsProperties;
import io.backuphub.policy.PoliciesProperties;
import io.backuphub.routes.RouteReloader;
import io.backuphub.routes.RoutesProperties;
import io.backuphub.schedule.Schedules;
import io.backuphub.schedule.SchedulesProperties;
import io.backuphub.target.TargetRegistry;
import io.backuphub.target.TargetsProperties;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Applies changed files while the hub runs (hub.routes.watch, hub.targets.watch (targets and policies), hub.schedules.watch,
 * hub.notifications.watch): a route file through {@link RouteReloader}, the other files through their
 * owners — the same checks as the API, audited as "file-watch".
 * Only files whose contents changed are acted on.
 */
@ApplicationScoped
public class FileWatches {

    private static final Logger LOG = Logger.getLogger(FileWatches.class);
    static final String ACTOR = "file-watch";

    @Inject RoutesProperties routesFiles;
    @Inject TargetsProperties targetsFile;
    @Inject PoliciesProperties policiesFile;
    @Inject SchedulesProperties schedulesFile;
    @Inject NotificationsProperties notificationsFile;
    @Inject RouteReloader reloader;
    @Inject TargetRegistry targets;
    @Inject Schedules schedules;
    @Inject Notifications notifications;
    @Inject AuditRepository audit;
    private final Map<Path, String> seen = new HashMap<>();
    private final List<DirectoryWatch> watches = new ArrayList<>();

    void start(@Observes @Priority(500) StartupEvent event) throws IOException {
        if (routesFiles.watch()) {
            Path dir = reloader.dir().toAbsolutePath();
            routeFiles(dir).forEach(this::changed);
            watches.add(new DirectoryWatch(dir, "watch-routes", () -> onRoutesChanged(dir)));
            LOG.infof("watching %s: changed route files are redeployed", dir);
        }
        if (targetsFile.watch()) {
            watchFile(targetsFile.file(), "watch-targets", "targets.reload", () -> targets.reload().size());
            // The targets take settings from the policies: read anew with them, or not at all.
            watchFile(policiesFile.file(), "watch-policies", "targets.reload", () -> targets.reload().size());
        }
        if (schedulesFile.watch()) {
            watchFile(schedulesFile.file(), "watch-schedules", "schedules.reload", schedules::reloadFile);
        }
        if (notificationsFile.watch()) {
            watchFile(notificationsFile.file(), "watch-notifications", "notifications.reload", notifications::reload);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        for (DirectoryWatch watch : watches) {
            try {
                watch.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
    }

    private synchronized void onRoutesChanged(Path dir) {
        for (Path file : routeFiles(dir)) {
            if (!changed(file)) {
                continue;
            }
            String name = file.getFileName().toString();
            String routeId = name.substring(0, name.length() - RouteReloader.SUFFIX.length());
            try {
                reloader.reload(routeId);
                audit.record(ACTOR, "route.reload", "route/" + routeId, file.toString(), "succeeded", null);
            } catch (HubException e) {
                audit.record(ACTOR, "route.reload", "route/" + routeId, file.toString(), "rejected", e.getMessage());
            }
        }
    }

    /** Watches one file's folder; {@code apply} validates and applies it, returning how many entries it holds. */
    private void watchFile(Path path, String name, String action, java.util.function.IntSupplier apply)
            throws IOException {
        Path file = path.toAbsolutePath();
        changed(file);
        watches.add(new DirectoryWatch(file.getParent(), name, () -> onFileChanged(file, action, apply)));
        LOG.infof("watching %s: changes are validated and applied", file);
    }

    private synchronized void onFileChanged(Path file, String action, java.util.function.IntSupplier apply) {
        if (!changed(file)) {
            return;
        }
        try {
            int count = apply.getAsInt();
            audit.record(ACTOR, action, file.toString(), file.toString(), "succeeded", count + " entries");
        } catch (HubException e) {
            audit.record(ACTOR, action, file.toString(), file.toString(), "rejected", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf("%s not applied: %s", file, e.getMessage());
        }
    }

    /** Records the file's current content hash; true if it differs from the last one seen. */
    private boolean changed(Path file) {
        String hash = hash(file);
        return hash != null && !hash.equals(seen.put(file, hash));
    }

    private static String hash(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return null; // gone or unreadable for now; the next change tells
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> routeFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + RouteReloader.SUFFIX)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            LOG.errorf("cannot list %s: %s", dir, e.getMessage());
        }
        return files;
    }
}
