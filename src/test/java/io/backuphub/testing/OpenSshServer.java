package io.backuphub.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's OpenSSH server on a random loopback port with generated host and client keys: the real
 * server a hub talks to in production, started and torn down by the tests.
 */
public final class OpenSshServer implements AutoCloseable {

    /**
     * When the tests run as root, the hub logs in as this unprivileged user if it exists (.ci/run
     * creates it), as a hub should: sshd treats root sessions differently (it refuses to signal them).
     */
    public static final String UNPRIVILEGED_USER = "hub-ssh-test";
    /** That user's password (.ci/run sets it): for the test of SSH password authentication. */
    public static final String UNPRIVILEGED_PASSWORD = "hub-ssh-test-password";

    private final Path dir;
    private final int port;
    private final Process process;

    private OpenSshServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static OpenSshServer start() throws IOException {
        Path dir = Files.createTempDirectory("hub-sshd-");
        for (String key : List.of("host_key", "other_host_key", "client_key", "stranger_key")) {
            Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", key, "-f",
                    dir.resolve(key).toString()));
        }
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        // sshd reads authorized_keys as the user logging in.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("authorized_keys"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        int port = Processes.freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication yes",
                "PermitEmptyPasswords no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "LogLevel INFO",
                ""));
        if (Processes.isRoot()) {
            Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
        }
        Process process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        awaitListening(port, process, dir);
        return new OpenSshServer(dir, port, process);
    }

    private static void awaitListening(int port, Process process, Path dir) throws IOException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        throw new IOException("sshd did not listen on " + port);
    }

    public int port() {
        return port;
    }

    public String user() {
        return Processes.isRoot() && userExists(UNPRIVILEGED_USER) ? UNPRIVILEGED_USER
                : System.getProperty("user.name");
    }

    private static boolean userExists(String name) {
        try {
            Processes.run(List.of("id", "-u", name));
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    public Path clientKey() {
        return dir.resolve("client_key");
    }

    /** A key the server does not accept. */
    public Path strangerKey() {
        return dir.resolve("stranger_key");
    }

    /** known_hosts naming this server's real key, in the [host]:port form. */
    public Path knownHosts() throws IOException {
        return knownHostsFor("host_key.pub", "known_hosts");
    }

    /** known_hosts naming a different key for this server: a man in the middle, as far as the hub knows. */
    public Path wrongKnownHosts() throws IOException {
        return knownHostsFor("other_host_key.pub", "wrong_known_hosts");
    }

    private Path knownHostsFor(String publicKey, String name) throws IOException {
        String[] parts = Files.readString(dir.resolve(publicKey)).trim().split(" ");
        Path file = dir.resolve(name);
        Files.writeString(file, "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n");
        return file;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            // sshd removes its pid file as it exits: delete the folder after, not while.
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files2.deleteTree(dir);
    }
}
