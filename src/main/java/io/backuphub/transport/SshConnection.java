package io.backuphub.transport;

import io.backuphub.common.Secrets;
import io.backuphub.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Runs commands over SSH with Apache MINA SSHD, streaming stdout (not camel-ssh, which buffers whole
 * outputs in memory). Host keys are always checked against the target's known_hosts file; an unknown
 * or changed key ends the connection. Each connection has its own client, so one target's verifier,
 * credentials and timeouts never leak into another's.
 */
public final class SshConnection implements Connection {

    /** Connection settings: the hub's defaults, overridden per target. */
    public record Settings(Duration connectTimeout, Duration authTimeout, Duration idleTimeout) {
    }

    private static final long WINDOW_BYTES = 8L * 1024 * 1024;
    /**
     * AES-GCM first: the JDK runs it on the CPU's AES and carry-less multiply instructions, several
     * times faster than MINA's Java ChaCha20, which OpenSSH would otherwise pick. All are modern ciphers.
     */
    private static final List<NamedFactory<Cipher>> CIPHERS = List.of(
            BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128ctr, BuiltinCiphers.aes256ctr,
            BuiltinCiphers.cc20p1305_openssh);

    private final SshClient client;
    private final ClientSession session;
    private final String where;
    private final ClosingTasks closing = new ClosingTasks();
    private final ProcessScope scope;

    private SshConnection(SshClient client, ClientSession session, String where, ProcessScope scope) {
        this.client = client;
        this.session = session;
        this.where = where;
        this.scope = scope;
    }

    /** Connects and authenticates; the connection belongs to {@code scope}, which may close it at any time. */
    public static SshConnection open(Target.TransportSpec spec, Settings defaults, ProcessScope scope)
            throws IOException {
        scope.checkRunning();
        Duration connectTimeout = spec.connectTimeout() != null ? spec.connectTimeout() : defaults.connectTimeout();
        Duration idleTimeout = spec.idleTimeout() != null ? spec.idleTimeout() : defaults.idleTimeout();
        String where = spec.user() + "@" + spec.host() + ":" + spec.port();
        Path knownHosts = Path.of(spec.knownHostsFile());

        KnownHostsServerKeyVerifier knownHostsVerifier = new KnownHostsServerKeyVerifier(
                RejectAllServerKeyVerifier.INSTANCE, knownHosts);
        knownHostsVerifier.setModifiedServerKeyAcceptor((session, address, entry, expected, actual) -> false);
        AtomicReference<String> rejectedKey = new AtomicReference<>();

        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> {
            boolean known = knownHostsVerifier.verifyServerKey(session, address, key);
            if (!known) {
                rejectedKey.set(KeyUtils.getFingerPrint(key));
            }
            return known;
        });
        CoreModuleProperties.IDLE_TIMEOUT.set(client, idleTimeout);
        // A larger window keeps the server sending while the pipeline catches up.
        CoreModuleProperties.WINDOW_SIZE.set(client, WINDOW_BYTES);
        client.setCipherFactories(CIPHERS);
        client.start();
        try {
            ClientSession session = client.connect(spec.user(), spec.host(), spec.port())
                    .verify(connectTimeout)
                    .getSession();
            try {
                authenticate(session, spec);
                session.auth().verify(defaults.authTimeout());
            } catch (IOException | RuntimeException e) {
                session.close(true);
                throw e;
            }
            return scope.register(new SshConnection(client, session, where, scope));
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw explain(e, where, knownHosts, rejectedKey.get());
        }
    }

    private static void authenticate(ClientSession session, Target.TransportSpec spec) throws IOException {
        if (spec.privateKeyFile() != null) {
            Path keyFile = Path.of(spec.privateKeyFile());
            try (InputStream in = Files.newInputStream(keyFile)) {
                Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(
                        session, NamedResource.ofName(keyFile.toString()), in, null);
                if (keys == null) {
                    throw new IOException("no key found in " + keyFile);
                }
                keys.forEach(session::addPublicKeyIdentity);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot read SSH private key " + keyFile + ": " + e.getMessage(), e);
            }
        } else {
            Optional<String> password = Secrets.resolve(spec.passwordEnv(), spec.passwordFile(), "SSH password");
            session.addPasswordIdentity(password.orElseThrow());
        }
    }

    /** Replaces MINA's generic messages with what an operator needs to fix. */
    private static IOException explain(Exception e, String where, Path knownHosts, String rejectedKey) {
        if (rejectedKey != null) {
            return new IOException("SSH host key of " + where + " (" + rejectedKey + ") is not the one listed in "
                    + knownHosts + " (unknown or changed host key); connection refused", e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException) {
            return new IOException("SSH connection to " + where + " failed: " + root.getMessage(), e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("No more authentication methods") || message.contains("authentication")) {
            return new IOException("SSH authentication as " + where + " failed: the server refused the key or password",
                    e);
        }
        return new IOException("SSH connection to " + where + " failed: " + message, e);
    }

    @Override
    public RunningCommand start(Command command) throws IOException {
        ExecChannel channel = new ExecChannel(ShellScript.render(command));
        try {
            session.getService(ConnectionService.class).registerChannel(channel);
            channel.open().verify(Duration.ofSeconds(30));
            OutputStream stdin = channel.getInvertedIn();
            byte[] preamble = ShellScript.secretPreamble(command);
            if (preamble.length > 0) {
                stdin.write(preamble);
                stdin.flush();
            }
            return scope.register(new SshCommand(command.program(), channel, where, scope));
        } catch (IOException | RuntimeException e) {
            channel.close(true);
            throw new IOException("cannot start " + command.program() + " over SSH on " + where + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public InetSocketAddress forward(String host, int port) throws IOException {
        SshdSocketAddress local = session.startLocalPortForwarding(new SshdSocketAddress("127.0.0.1", 0),
                new SshdSocketAddress(host, port));
        // Closed while the client's threads still run: a listener left to the client's stop has its
        // pending accept completed on a shut-down executor, an uncaught exception in a JDK thread.
        closing.add(() -> {
            try {
                session.stopLocalPortForwarding(local);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new InetSocketAddress(local.getHostName(), local.getPort());
    }

    /** Ends every command on this connection (the remote tools see their output closed) and the session. */
    @Override
    public void whenClosing(Runnable task) {
        closing.add(task);
    }

    @Override
    public void close() {
        closing.runAll();
        scope.release(this);
        session.close(true);
        client.stop();
    }

    @Override
    public String toString() {
        return "SSH connection to " + where;
    }

    /** An exec channel whose stdout is a {@link ChannelStdout} rather than MINA's piped stream. */
    private static final class ExecChannel extends ChannelExec {

        final ChannelStdout stdout = new ChannelStdout(WINDOW_BYTES);

        ExecChannel(String command) {
            super(command, null, Map.of());
            out = stdout.sink();
            // Set, so MINA leaves the window to the reader (ChannelStdout gives it back as it reads).
            invertedOut = stdout;
            stdout.attach(getLocalWindow());
        }
    }

    private static final class SshCommand extends StartedCommand {

        private final ExecChannel channel;

        SshCommand(String program, ExecChannel channel, String where, ProcessScope scope) {
            super(program, " on " + where, scope, channel.getInvertedErr());
            this.channel = channel;
        }

        @Override
        public InputStream stdout() {
            return channel.stdout;
        }

        @Override
        public OutputStream stdin() {
            return channel.getInvertedIn();
        }

        @Override
        protected boolean awaitEnd(Duration timeout) {
            return channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout).contains(ClientChannelEvent.CLOSED);
        }

        @Override
        protected void kill() {
            channel.close(true);
        }

        @Override
        protected String failure() {
            Integer exit = channel.getExitStatus();
            if (exit == null) {
                String signal = channel.getExitSignal();
                return signal != null ? "was killed by signal " + signal
                        : "ended without an exit status (connection lost?)";
            }
            return exit == 0 ? null : "exited with status " + exit;
        }

        /**
         * Closing the channel alone leaves the remote tool running until its next write fails (one that
         * waits on a lock never writes), so a command still running is sent SIGTERM first: RFC 4254's
         * "signal" request, which OpenSSH's sshd (7.9+) delivers to the command.
         */
        @Override
        protected void end() {
            if (channel.isOpen() && channel.getExitStatus() == null) {
                signal("TERM");
            }
            channel.close(true);
        }

        private void signal(String name) {
            try {
                Buffer request = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
                request.putUInt(channel.getRecipient());
                request.putString("signal");
                request.putBoolean(false);
                request.putString(name);
                channel.getSession().writePacket(request).verify(Duration.ofSeconds(5));
            } catch (IOException | RuntimeException e) {
                // The session is gone already; closing the channel is all that is left to do.
            }
        }
    }
}
