package io.backuphub.routes;

import io.backuphub.HubConfig;
import io.backuphub.audit.AuditLog;
import io.backuphub.target.InvalidTargetsException;
import io.backuphub.target.TargetRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
 * Opt-in redeploys on file change (hub.routes.watch, hub.targets.watch): a changed route file is
 * reloaded through {@link RouteReloader}, a changed targets file through {@link TargetRegistry}, with
 * the same checks as the API. Only files whose contents changed are acted on.
 */
@ApplicationScoped
public class RouteFileWatcher {

    private static final Logger LOG = Logger.getLogger(RouteFileWatcher.class);
    static final String ACTOR = "file-watch";

    private final HubConfig config;
    private final RouteReloader reloader;
    private final TargetRegistry targets;
    private final AuditLog audit;
    private final Map<Path, String> seen = new HashMap<>();
    private final List<DirectoryWatch> watches = new ArrayList<>();

    public RouteFileWatcher(HubConfig config, RouteReloader reloader, TargetRegistry targets, AuditLog audit) {
        this.config = config;
        this.reloader = reloader;
        this.targets = targets;
        this.audit = audit;
    }

    void start(@Observes @Priority(500) StartupEvent event) throws IOException {
        if (config.routes().watch()) {
            Path dir = reloader.dir().toAbsolutePath();
            routeFiles(dir).forEach(this::changed);
            watches.add(new DirectoryWatch(dir, "watch-routes", () -> onRoutesChanged(dir)));
            LOG.infof("watching %s: changed route files are redeployed", dir);
        }
        if (config.targets().watch()) {
            Path file = targets.file().toAbsolutePath();
            changed(file);
            watches.add(new DirectoryWatch(file.getParent(), "watch-targets", () -> onTargetsChanged(file)));
            LOG.infof("watching %s: changes are validated and loaded", file);
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
            } catch (RouteReloadException e) {
                audit.record(ACTOR, "route.reload", "route/" + routeId, file.toString(), "rejected", e.getMessage());
            }
        }
    }

    private synchronized void onTargetsChanged(Path file) {
        if (!changed(file)) {
            return;
        }
        try {
            int count = targets.reload().size();
            audit.record(ACTOR, "targets.reload", file.toString(), file.toString(), "succeeded", count + " target(s)");
        } catch (InvalidTargetsException e) {
            audit.record(ACTOR, "targets.reload", file.toString(), file.toString(), "rejected", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf("targets file %s not reloaded: %s", file, e.getMessage());
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
