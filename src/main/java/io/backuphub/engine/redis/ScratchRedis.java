package io.backuphub.engine.redis;

import io.backuphub.engine.Connector;
import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.HostScript;
import io.backuphub.engine.ScratchProcess;
import io.backuphub.transport.Command;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code redis-server} the hub starts on a restored RDB, on the destination's host: no TCP port
 * (nothing to collide with, nothing reachable from the network), a Unix socket of mode 700 in the
 * restored folder, no saving, no AOF. It proves the RDB loads, then answers {@code INFO keyspace}.
 */
final class ScratchRedis implements AutoCloseable {

    private static final Duration START_WAIT = Duration.ofMinutes(30);
    /** A Unix socket's path must fit sockaddr_un (108 bytes with its terminator). */
    private static final int MAX_SOCKET_PATH = 100;
    private static final Pattern KEYSPACE = Pattern.compile("(?m)^db(\\d+):keys=(\\d+),expires=(\\d+)");

    private final ScratchProcess process;
    private final String keyspace;

    private ScratchRedis(ScratchProcess process, String keyspace) {
        this.process = process;
        this.keyspace = keyspace;
    }

    static ScratchRedis start(String folder, Connector connector) throws IOException {
        String socket = folder + "/redis.sock";
        if (socket.length() > MAX_SOCKET_PATH) {
            throw new IOException("the restored folder's path is too long for redis-server's Unix socket ("
                    + socket.length() + " > " + MAX_SOCKET_PATH + " characters): give redis.restoreDir a shorter path");
        }
        ScratchProcess process = ScratchProcess.start(connector, Command.of("redis-server", "--port", "0",
                "--unixsocket", socket, "--unixsocketperm", "700", "--dir", folder, "--dbfilename",
                RedisRestorer.RDB_FILE, "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", ""),
                "redis-scratch");
        try {
            String keyspace = process.awaitReady(START_WAIT, () -> info(connector, socket));
            return new ScratchRedis(process, keyspace);
        } catch (IOException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** INFO keyspace once the server has loaded the RDB; throws while it cannot answer or still loads. */
    private static String info(Connector connector, String socket) throws IOException {
        String out = HostScript.run(connector, "exec redis-cli -s \"$1\" INFO keyspace", socket);
        if (!out.startsWith("# Keyspace")) {
            throw new IOException(out.strip());
        }
        return out;
    }

    /** Per database, the keys without an expiry (those with one may have expired since the backup). */
    Fingerprint fingerprint() {
        Map<Integer, long[]> databases = new TreeMap<>();
        Matcher db = KEYSPACE.matcher(keyspace);
        while (db.find()) {
            databases.put(Integer.parseInt(db.group(1)),
                    new long[]{Long.parseLong(db.group(2)), Long.parseLong(db.group(3))});
        }
        return RdbCheck.fingerprint(databases);
    }

    @Override
    public void close() {
        process.close();
    }
}
