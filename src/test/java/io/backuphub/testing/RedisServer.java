package io.backuphub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's redis-server, started by the tests on a random loopback port with its own folder, no
 * saving, and DEBUG enabled for loopback (DEBUG DIGEST compares whole datasets). The hub logs in as
 * the ACL user {@link #USER} with a password full of quoting traps; the tests' own commands use the
 * default user.
 */
public final class RedisServer implements AutoCloseable {

    public static final String USER = "hub";
    public static final String PASSWORD = "r'e\"d $(id) `x` \\n";

    private final Path dir;
    private final int port;
    private final Process process;

    private RedisServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static RedisServer start() throws IOException {
        return startOn(Files.createTempDirectory("hub-redis-"), "dump.rdb");
    }

    /** Starts redis-server in {@code dir}, loading {@code rdb} there if it exists (a restored backup). */
    public static RedisServer startOn(Path dir, String rdb) throws IOException {
        int port = Processes.freePort();
        Process process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--dbfilename", rdb, "--save", "", "--appendonly", "no",
                "--enable-debug-command", "local", "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisServer server = new RedisServer(dir, port, process);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                if (server.cli("PING").equals("PONG")) {
                    break;
                }
            } catch (IllegalStateException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
            }
            Processes.sleep(100);
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** Data of every type in two databases, some keys with a TTL, binary keys and values. */
    public void seed() {
        cli("ACL", "SETUSER", USER, "on", ">" + PASSWORD, "~*", "&*", "+@all");
        cli("MSET", "plain", "value", "quote'\"$(id)", "x", "counter", "42");
        cli("HSET", "user:1", "name", "Ada", "lang", "ü 😀");
        cli("RPUSH", "queue", "a", "b", "c", "d");
        cli("SADD", "tags", "red", "green", "blue");
        cli("ZADD", "scores", "1.5", "ann", "2", "bob");
        cli("XADD", "events", "*", "type", "signup", "user", "1");
        cli("SET", "session:a", "soon", "EX", "3600");
        cli("SET", "session:b", "later", "EX", "7200");
        cli("-n", "5", "SET", "other", "db five");
        cli("-n", "5", "RPUSH", "big", "x".repeat(5000), "y".repeat(5000));
        cli("-n", "7", "SET", "only-ttl", "gone soon", "EX", "3600");
    }

    /** DEBUG DIGEST of every database the server has: equal when the datasets are. */
    public String digests() {
        StringBuilder out = new StringBuilder();
        for (String db : List.of("0", "5", "7")) {
            out.append(db).append('=').append(cli("-n", db, "DEBUG", "DIGEST")).append('\n');
        }
        return out.toString();
    }

    public String cli(String... args) {
        List<String> argv = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        argv.addAll(List.of(args));
        return Processes.run(argv, Map.of(), null).strip();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files2.deleteTree(dir);
    }
}
