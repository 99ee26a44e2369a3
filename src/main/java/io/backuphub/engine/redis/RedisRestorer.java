package io.backuphub.engine.redis;

import io.backuphub.common.Problems;
import io.backuphub.engine.Connector;
import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.FolderRestorer;
import io.backuphub.engine.HostScript;
import io.backuphub.engine.RestoreRequest;
import io.backuphub.engine.Restorer;
import io.backuphub.engine.ToolSession;
import io.backuphub.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restores an RDB as a folder under the destination's {@code redis.restoreDir} holding
 * {@code dump.rdb}, and proves it by starting a {@code redis-server} on it ({@link ScratchRedis})
 * and counting every database's keys. Loading an RDB into a running server means restarting it:
 * replacing a live server is the procedure of docs/redis.md, not something the hub does.
 */
final class RedisRestorer extends FolderRestorer {

    static final String RDB_FILE = "dump.rdb";
    private static final Duration WRITE = Duration.ofHours(24);
    private static final Pattern SERVER_VERSION = Pattern.compile("v=(\\d+\\.\\d+\\.\\d+)");

    @Override
    public Optional<String> replaceRefusal() {
        return Optional.of("Redis loads an RDB only when it starts; replacing a live server's data means restarting"
                + " it, which the hub does not do: follow docs/redis.md");
    }

    @Override
    public DestinationFacts inspect(Target destination, String database, Connector connector) throws IOException {
        Matcher version = SERVER_VERSION.matcher(HostScript.run(connector, "redis-server --version"));
        String serverVersion = version.find() ? version.group(1) : "unknown";
        State state = state(destination, database, connector);
        return new DestinationFacts(serverVersion, Restorer.majorVersion(serverVersion),
                state != State.ABSENT, state != State.FULL);
    }

    /** A newer Redis writes RDB versions an older one refuses to load. */
    @Override
    public Optional<String> incompatibility(Map<String, Object> dumpFacts, DestinationFacts destination) {
        if (Restorer.dumpIsNewer(dumpFacts, destination)) {
            return Optional.of("the destination's redis-server is " + destination.serverVersion() + " and the RDB"
                    + " comes from Redis " + dumpFacts.get("serverVersion") + ": load it with the same or a newer"
                    + " version");
        }
        return Optional.empty();
    }

    /** Writes the RDB beside its final name and renames it when complete: a cut copy is never dump.rdb. */
    @Override
    public void restore(RestoreRequest request) throws IOException {
        String path = folder(request.destination(), request.database());
        String part = "\"$1/" + RDB_FILE + ".part\"";
        try (InputStream rdb = request.source().open()) {
            ToolSession.run(request.connector(), HostScript.command(
                    "cat > " + part + " && mv -- " + part + " \"$1/" + RDB_FILE + "\"", path),
                    rdb, request.progress(), WRITE, ToolSession.DISCARD);
        }
    }

    /** Starts redis-server on the restored RDB, counts each database's keys without an expiry, stops it. */
    @Override
    public Fingerprint fingerprint(Target destination, String database, Connector connector) throws IOException {
        try (ScratchRedis server = ScratchRedis.start(folder(destination, database), connector)) {
            return server.fingerprint();
        }
    }

    @Override
    protected String restoreDir(Target destination) throws IOException {
        RedisSettings settings = RedisEngine.settings(destination, new Problems());
        if (settings.restoreDir() == null) {
            throw new IOException("target " + destination.id() + " is not a Redis restore destination: give it"
                    + " redis.restoreDir (docs/redis.md)");
        }
        return settings.restoreDir();
    }
}
