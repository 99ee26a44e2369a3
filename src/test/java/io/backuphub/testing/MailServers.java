package io.backuphub.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Real SMTP servers for the email channel: GreenMail over plain SMTP and over SMTPS (implicit TLS),
 * and a STARTTLS front for GreenMail, which has no STARTTLS of its own: it speaks RFC 3207 up to the
 * TLS handshake, then relays the encrypted session's SMTP to GreenMail. TLS uses a certificate for
 * 127.0.0.1 made once per JVM (GreenMail reads its keystore once), trusted through {@link #caFile()}.
 */
public final class MailServers implements AutoCloseable {

    private static final String PASSWORD = "changeit";
    private static Path keystore;
    private static Path caFile;

    private final GreenMail greenMail;
    private final ServerSocket startTlsFront;

    private MailServers(GreenMail greenMail, ServerSocket startTlsFront) {
        this.greenMail = greenMail;
        this.startTlsFront = startTlsFront;
    }

    public static MailServers start(String user, String login, String password) throws IOException {
        certificate();
        GreenMail greenMail = new GreenMail(new ServerSetup[]{
                new ServerSetup(Processes.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(Processes.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)});
        greenMail.setUser(user, login, password);
        greenMail.start();
        ServerSocket front = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        MailServers servers = new MailServers(greenMail, front);
        Thread acceptor = new Thread(servers::accept, "starttls-front");
        acceptor.setDaemon(true);
        acceptor.start();
        return servers;
    }

    /** The PEM certificate the TLS servers present (self-signed, for 127.0.0.1 and localhost). */
    public static Path caFile() {
        return caFile;
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int smtpsPort() {
        return greenMail.getSmtps().getPort();
    }

    public int startTlsPort() {
        return startTlsFront.getLocalPort();
    }

    public MimeMessage[] received() {
        return greenMail.getReceivedMessages();
    }

    @Override
    public void close() {
        try {
            startTlsFront.close();
        } catch (IOException ignored) {
            // closing the listener only
        }
        greenMail.stop();
    }

    private static synchronized void certificate() {
        if (keystore != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("hub-test-tls-");
            dir.toFile().deleteOnExit();
            keystore = dir.resolve("smtp.p12");
            caFile = dir.resolve("smtp-ca.pem");
            Processes.run(List.of("keytool", "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "7",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass",
                    PASSWORD));
            Processes.run(List.of("keytool", "-exportcert", "-rfc", "-alias", "smtp", "-keystore", keystore.toString(),
                    "-storepass", PASSWORD, "-file", caFile.toString()));
            keystore.toFile().deleteOnExit();
            caFile.toFile().deleteOnExit();
            System.setProperty("greenmail.tls.keystore.file", keystore.toString());
            System.setProperty("greenmail.tls.keystore.password", PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept() {
        while (!startTlsFront.isClosed()) {
            try {
                Socket client = startTlsFront.accept();
                Thread session = new Thread(() -> relay(client), "starttls-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** RFC 3207 up to the handshake, then GreenMail (its greeting swallowed) behind the TLS session. */
    private void relay(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            reply(out, "220 127.0.0.1 ESMTP starttls-front");
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                if (verb.equals("EHLO")) {
                    reply(out, "250-127.0.0.1\r\n250-8BITMIME\r\n250 STARTTLS");
                } else if (verb.equals("STARTTLS")) {
                    reply(out, "220 Ready to start TLS");
                    break;
                } else if (verb.equals("QUIT")) {
                    reply(out, "221 Bye");
                    return;
                } else {
                    reply(out, "530 5.7.0 Must issue a STARTTLS command first");
                }
            }
            SSLSocket tls = (SSLSocket) serverTls().getSocketFactory().createSocket(client, "127.0.0.1",
                    client.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            try (tls; Socket backend = new Socket(InetAddress.getLoopbackAddress(), smtpPort())) {
                readLine(backend.getInputStream());
                Thread up = new Thread(() -> pump(tls, backend), "starttls-up");
                up.setDaemon(true);
                up.start();
                pump(backend, tls);
            }
        } catch (IOException | GeneralSecurityException e) {
            // the client went away or refused the handshake: that session ends here
        }
    }

    private static SSLContext serverTls() throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException | UnsupportedOperationException e) {
            // one side closed: the other follows when its socket is closed
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One CRLF line, read byte by byte so nothing after it (the TLS handshake) is consumed. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII).stripTrailing();
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }
}
