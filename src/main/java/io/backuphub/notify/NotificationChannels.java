package io.backuphub.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backuphub.common.HookSignature;
import io.backuphub.common.Json;
import io.backuphub.common.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the channel Kamelets call: they turn an outbox notification into the message each service
 * expects. Secrets (SMTP password, Slack/Discord webhook URLs, signing keys) are resolved here at
 * send time and never put in an endpoint URI, where Hawtio and JMX would show them.
 */
@ApplicationScoped
@Named("notificationChannels")
public class NotificationChannels {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Slack's limit on a section block's text. */
    static final int SLACK_SECTION_MAX = 3000;
    /** Discord's limit on an embed's description. */
    static final int DISCORD_DESCRIPTION_MAX = 4096;

    @Inject Notifications notifications;
    @Inject CamelContext camel;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** hub-email-sink's first step: the camel-mail URI of the channel (host and port only; the credentials are in its Session). */
    public String smtpUri(String channelId) {
        NotificationConfig.Channel c = channel(channelId, "email");
        boolean tls = "tls".equals(c.security());
        return (tls ? "smtps://" : "smtp://") + c.host() + ":" + smtpPort(c) + "?session=#" + sessionName(c);
    }

    /**
     * hub-email-sink's second step: subject, addresses and text on the exchange, and a mail Session holding
     * the credentials in the registry.
     */
    public void prepareEmail(Exchange exchange, String channelId) throws IOException {
        Notification n = exchange.getMessage().getBody(Notification.class);
        NotificationConfig.Channel c = channel(channelId, "email");
        Message m = Message.of(n);
        camel.getRegistry().bind(sessionName(c), Session.class, session(c, smtpPort(c)));
        exchange.getMessage().setBody(m.text());
        exchange.getMessage().setHeader("Subject", "[backup-hub] " + m.headline());
        exchange.getMessage().setHeader("From", c.from());
        exchange.getMessage().setHeader("To", String.join(",", c.to()));
        exchange.getMessage().setHeader("Content-Type", "text/plain; charset=UTF-8");
    }

    private static int smtpPort(NotificationConfig.Channel c) {
        return c.port() != null ? c.port() : "tls".equals(c.security()) ? 465 : 587;
    }

    private static String sessionName(NotificationConfig.Channel c) {
        return "hub-mail-session-" + c.id();
    }

    private static Session session(NotificationConfig.Channel c, int port) throws IOException {
        Properties p = new Properties();
        String protocol = "tls".equals(c.security()) ? "smtps" : "smtp";
        p.setProperty("mail." + protocol + ".host", c.host());
        p.setProperty("mail." + protocol + ".port", Integer.toString(port));
        p.setProperty("mail." + protocol + ".connectiontimeout", "10000");
        p.setProperty("mail." + protocol + ".timeout", "10000");
        if (c.security() == null || "starttls".equals(c.security())) {
            // Required, not opportunistic: a relay that does not offer STARTTLS gets no password and no mail.
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        p.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        if (c.caFile() != null) {
            p.put("mail." + protocol + ".ssl.socketFactory", PemTrust.socketFactory(Path.of(c.caFile())));
        }
        Optional<String> password = Secrets.resolve(c.passwordEnv(), c.passwordFile(), "SMTP password");
        if (c.username() == null || password.isEmpty()) {
            return Session.getInstance(p);
        }
        p.setProperty("mail." + protocol + ".auth", "true");
        p.setProperty("mail." + protocol + ".user", c.username());
        String secret = password.get();
        return Session.getInstance(p, new Authenticator() {

            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(c.username(), secret);
            }
        });
    }

    /**
     * hub-slack-sink: Slack's incoming-webhook message ({@code text} plus a section block); text from
     * outside is escaped and kept in a code block ({@link ChatText}).
     */
    public void slack(Notification n, String channelId) throws IOException {
        NotificationConfig.Channel c = channel(channelId, "slack");
        Message m = Message.of(n);
        String headline = ChatText.slack(m.headline());
        ObjectNode body = Json.MAPPER.createObjectNode().put("text", headline);
        ObjectNode section = body.putArray("blocks").addObject().put("type", "section");
        // A section's text is at most 3000 characters.
        section.putObject("text").put("type", "mrkdwn").put("text", "*" + headline + "*\n"
                + ChatText.codeBlock(ChatText.slack(m.text()), SLACK_SECTION_MAX - headline.length() - 3));
        post(url(c), body.toString(), null);
    }

    /**
     * hub-discord-sink: Discord's webhook message ({@code content} plus an embed). Mentions are off
     * ({@code allowed_mentions}), the headline's markdown is escaped and the details sit in a code block.
     */
    public void discord(Notification n, String channelId) throws IOException {
        NotificationConfig.Channel c = channel(channelId, "discord");
        Message m = Message.of(n);
        ObjectNode body = Json.MAPPER.createObjectNode().put("content", ChatText.discord(m.headline()));
        body.putObject("allowed_mentions").putArray("parse");
        ArrayNode embeds = body.putArray("embeds");
        embeds.addObject().put("title", n.event())
                .put("description", ChatText.codeBlock(m.text(), DISCORD_DESCRIPTION_MAX))
                .put("color", n.event().endsWith("succeeded") ? 0x2EB67D : 0xE01E5A)
                .put("timestamp", n.createdAt().toString());
        post(url(c), body.toString(), null);
    }

    /** hub-webhook-sink: the event JSON, signed like the webhooks CI sends to the hub. */
    public void webhook(Notification n, String channelId) throws IOException {
        NotificationConfig.Channel c = channel(channelId, "webhook");
        String secret = Secrets.resolve(c.secretEnv(), c.secretFile(), "webhook signing secret").orElseThrow();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        byte[] body = n.payload().getBytes(StandardCharsets.UTF_8);
        post(url(c), n.payload(), new String[]{
                HookSignature.TIMESTAMP, timestamp,
                HookSignature.DELIVERY, n.id(),
                HookSignature.SIGNATURE, HookSignature.sign(secret, timestamp, n.id(), body)});
    }

    /** hub-pubsub-sink's first step: the URI of the channel's topic. */
    public String pubsubUri(String channelId) throws IOException {
        NotificationConfig.Channel c = channel(channelId, "pubsub");
        String project = c.projectId() != null ? c.projectId()
                : ConfigProvider.getConfig().getOptionalValue("GOOGLE_CLOUD_PROJECT", String.class)
                        .orElseThrow(() -> new IOException("channel " + c.id() + " names no projectId"));
        return "google-pubsub:" + project + ":" + c.topic();
    }

    /**
     * hub-pubsub-sink's second step: the event JSON (the webhook channel's body) as the message, its
     * event, target and environment as attributes — and no other header, since Camel's producer turns
     * every header into an attribute.
     */
    public void preparePubsub(Exchange exchange, String channelId) throws IOException {
        Notification n = exchange.getMessage().getBody(Notification.class);
        channel(channelId, "pubsub");
        var payload = Json.MAPPER.readTree(n.payload()); // an event, or a digest of them
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader("event", n.event());
        for (String attribute : new String[]{"targetId", "environment"}) {
            if (payload.hasNonNull(attribute)) {
                exchange.getMessage().setHeader(attribute, payload.get(attribute).asText());
            }
        }
        exchange.getMessage().setHeader("notificationId", n.id());
        exchange.getMessage().setBody(n.payload().getBytes(StandardCharsets.UTF_8));
    }

    private void post(URI url, String json, String[] headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "backup-hub")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (headers != null) {
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            // The URL may be a credential (Slack, Discord): name the host only.
            throw new IOException("cannot reach " + url.getHost() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage().replace(url.toString(), url.getHost())));
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(url.getHost() + " answered HTTP " + response.statusCode());
        }
    }

    private NotificationConfig.Channel channel(String id, String type) {
        return notifications.config().channels().stream()
                .filter(c -> c.id().equals(id) && c.type().equals(type))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no " + type + " channel " + id + " in " + notifications.file()));
    }

    private static URI url(NotificationConfig.Channel c) throws IOException {
        if (c.url() != null) {
            return URI.create(c.url());
        }
        return URI.create(Secrets.resolve(c.urlEnv(), c.urlFile(), c.type() + " webhook URL").orElseThrow().strip());
    }
}
