package io.backuphub.notify;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.common.HookSignature;
import io.backuphub.common.Ids;
import io.backuphub.common.Json;
import io.backuphub.testing.HttpReceiver;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.MailServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/**
 * Notifications reach real servers — GreenMail for SMTP, an HTTP server standing in for Slack, Discord
 * and webhook receivers that checks the payload shapes and the signature — and a dead channel neither
 * blocks anything nor disappears: it is retried, then listed as failed.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class NotificationTest {

    @Inject NotificationRepository outbox;

    @Inject NotificationDelivery delivery;

    @Inject CamelContext camel;

    @Inject NotificationChannels channels;

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aFailedBackupReachesEveryChannelOfItsRule() throws Exception {
        HttpReceiver receiver = HubTestResource.receiver();
        String jobId = requestBackup("notify-me");
        JsonPath job = awaitFinished(jobId, WAIT);
        assertThat(job.getString("status")).isEqualTo("failed");

        // Email, authenticated with the password named by reference: over plain SMTP, over implicit TLS
        // and after STARTTLS, both trusting the relay's certificate through the channel's caFile.
        for (String to : List.of("ops@example.com", "tls@example.com", "starttls@example.com")) {
            await().atMost(WAIT).until(() -> find(jobId, to) != null);
            MimeMessage mail = find(jobId, to);
            assertThat(mail.getSubject()).startsWith("[backup-hub] backup.failed: notify-me (production)");
            assertThat(mail.getFrom()[0].toString()).isEqualTo("hub@example.com");
            assertThat(mail.getContent().toString()).contains("job: " + jobId).contains("SSH connection to");
        }

        // Slack's incoming-webhook shape.
        JsonNode slack = await().atMost(WAIT).until(() -> body(receiver, "/slack", jobId), b -> b != null);
        assertThat(slack.get("text").asText()).startsWith("backup.failed: notify-me (production)");
        assertThat(slack.get("blocks").get(0).get("type").asText()).isEqualTo("section");
        assertThat(slack.get("blocks").get(0).get("text").get("type").asText()).isEqualTo("mrkdwn");

        // Discord's webhook shape.
        JsonNode discord = await().atMost(WAIT).until(() -> body(receiver, "/discord", jobId), b -> b != null);
        assertThat(discord.get("content").asText()).startsWith("backup.failed: notify-me");
        assertThat(discord.get("embeds").get(0).get("title").asText()).isEqualTo("backup.failed");
        assertThat(discord.get("embeds").get(0).get("description").asText()).contains(jobId);

        // The signed webhook: the event's fields and a signature over timestamp + "." + body.
        HttpReceiver.Request hook = await().atMost(WAIT).until(() -> request(receiver, "/hook", jobId), r -> r != null);
        JsonNode event = Json.MAPPER.readTree(hook.body());
        assertThat(event.get("event").asText()).isEqualTo("backup.failed");
        assertThat(event.get("targetId").asText()).isEqualTo("notify-me");
        assertThat(event.get("environment").asText()).isEqualTo("production");
        assertThat(event.get("jobId").asText()).isEqualTo(jobId);
        assertThat(event.get("status").asText()).isEqualTo("failed");
        assertThat(event.get("error").asText()).contains("SSH connection to");
        assertThat(event.has("bytes")).isTrue();
        assertThat(event.get("durationMs").asLong()).isNotNegative();
        assertThat(event.get("link").asText()).endsWith("/api/v1/jobs/" + jobId);
        Instant.parse(event.get("occurredAt").asText());
        String timestamp = hook.headers().get("x-hub-timestamp");
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(120);
        assertThat(hook.headers().get("x-hub-delivery")).isNotBlank();
        String delivery = hook.headers().get("x-hub-delivery");
        byte[] body = hook.body().getBytes(StandardCharsets.UTF_8);
        String signature = hook.headers().get("x-hub-signature-256");
        assertThat(HookSignature.verify(HookSignature.Scheme.V2, HubTestResource.HOOK_SECRET, timestamp, delivery, body,
                signature)).isTrue();
        assertThat(HookSignature.verify(HookSignature.Scheme.V2, HubTestResource.HOOK_SECRET, timestamp,
                "another-delivery",
                body, signature)).as("the delivery id is signed").isFalse();
        assertThat(
                HookSignature.verify(HookSignature.Scheme.V2, "another-secret", timestamp, delivery, body, signature))
                .isFalse();

        // The dead channel: tried three times (1 s apart here), then listed as failed with the reason.
        await().atMost(WAIT).until(() -> failedFor("dead") != null);
        JsonPath failed = failedFor("dead");
        assertThat(failed.getInt("attempts")).isEqualTo(3);
        assertThat(failed.getString("lastError")).contains("127.0.0.1");

        // TLS is never weakened to get a message out: a certificate nobody trusts, or a relay that does
        // not offer STARTTLS, is a failed delivery that says why, and nothing reaches the server.
        await().atMost(WAIT).until(() -> failedFor("mail-untrusted") != null && failedFor("mail-no-starttls") != null);
        assertThat(failedFor("mail-untrusted").getString("lastError")).containsIgnoringCase("certification path");
        assertThat(failedFor("mail-no-starttls").getString("lastError")).contains("STARTTLS");
        assertThat(find(jobId, "untrusted@example.com")).isNull();
        assertThat(find(jobId, "plain@example.com")).isNull();
    }

    /**
     * A database server's error text reaches Slack and Discord as text: no channel ping, no mention, no
     * link labelled by someone else, no code block closed early.
     */
    @Test
    void textFromOutsideCannotPingLinkOrBreakOutOfItsBlock() throws Exception {
        HttpReceiver receiver = HubTestResource.receiver();
        String hostile = "FATAL: <!channel> <@U123> session expired, <https://evil.example|Re-authenticate> &"
                + " [Re-authenticate](https://evil.example) @everyone\n```\n# not a heading\n`x`";
        String jobId = Ids.next();
        Event event = new Event("backup.failed", "orders", "production", jobId, "failed", hostile, null, null,
                Instant.now(), null, null);
        Notification n = new Notification(Ids.next(), "backup.failed", "orders", "slack", "slack",
                Json.MAPPER.writeValueAsString(event), "pending", null, 0, Instant.now(), null, Instant.now(), null);
        channels.slack(n, "slack");
        channels.discord(n, "discord");

        JsonNode slack = body(receiver, "/slack", jobId);
        String section = slack.at("/blocks/0/text/text").asText();
        for (String text : List.of(slack.get("text").asText(), section)) {
            assertThat(text).doesNotContain("<!channel>", "<@U123>", "<https://evil.example|")
                    .contains("&lt;!channel&gt;", "&lt;https://evil.example|Re-authenticate&gt;", "&amp;");
        }
        assertThat(section.split("```", -1)).as("one code block, closed by its own fence").hasSize(3);
        assertThat(section).endsWith("```");

        JsonNode discord = body(receiver, "/discord", jobId);
        assertThat(discord.at("/allowed_mentions/parse").isArray()).isTrue();
        assertThat(discord.at("/allowed_mentions/parse").size()).isZero();
        assertThat(discord.get("content").asText()).doesNotContain("[Re-authenticate](")
                .contains("\\[Re-authenticate\\]", "\\@everyone");
        String description = discord.at("/embeds/0/description").asText();
        assertThat(description.split("```", -1)).as("one code block, closed by its own fence").hasSize(3);
        assertThat(description).startsWith("```").endsWith("```").contains("Re-authenticate");
    }

    @Test
    void aMailChannelWithAnUnusableCaFileIsRefused() throws Exception {
        String original = Files.readString(HubTestResource.notificationsFile());
        Path notACertificate = HubTestResource.work().resolve("not-a-certificate.pem");
        Files.writeString(notACertificate, "-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n");
        try {
            Files.writeString(HubTestResource.notificationsFile(),
                    original.replace("caFile: " + MailServers.caFile(), "caFile: " + notACertificate));
            api().post("/api/v1/notifications/reload").then().statusCode(422)
                    .body("errors", hasItem(startsWith("channels[1].caFile: no readable PEM certificate in")));
        } finally {
            Files.writeString(HubTestResource.notificationsFile(), original);
        }
        api().post("/api/v1/notifications/reload").then().statusCode(200);
    }

    @Test
    void dailyDigestSumsUpHeldEvents() throws Exception {
        HttpReceiver receiver = HubTestResource.receiver();
        String jobId = requestBackup("orders-local");
        assertThat(awaitFinished(jobId, WAIT).getString("status")).isEqualTo("succeeded");
        // Held for the digest: nothing is sent per event.
        await().atMost(WAIT).until(() -> api().queryParam("status", "held").get("/api/v1/notifications")
                .then().extract().jsonPath().getList("items.event").contains("backup.succeeded"));
        assertThat(receiver.received("/hook")).noneMatch(r -> r.body().contains(jobId));

        api().post("/api/v1/notifications/digests").then().statusCode(202);
        HttpReceiver.Request digest = await().atMost(WAIT).until(() -> receiver.received("/hook").stream()
                .filter(r -> r.body().contains("\"event\":\"digest\"")).reduce((a, b) -> b).orElse(null),
                r -> r != null);
        JsonNode body = Json.MAPPER.readTree(digest.body());
        assertThat(body.get("count").asInt()).isPositive();
        assertThat(body.get("events").toString()).contains("backup.succeeded: orders-local (staging)");
    }

    /** Once per episode: not at every check, and again after a good backup has gone stale in its turn. */
    @Test
    void anOverdueTargetIsAnnouncedOncePerEpisode() {
        HttpReceiver receiver = HubTestResource.receiver();
        await().atMost(WAIT).until(() -> overdueNotices(receiver) == 1);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() -> overdueNotices(receiver) == 1);
        // A good backup ends the episode; once it is older than expectedEvery (3 s), a new one begins.
        assertThat(awaitFinished(requestBackup("overdue"), Duration.ofMinutes(2)).getString("status"))
                .isEqualTo("succeeded");
        await().atMost(WAIT).until(() -> overdueNotices(receiver) == 2);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() -> overdueNotices(receiver) == 2);
    }

    @Test
    void theConfigShowsReferencesNeverSecrets() {
        String config = api().get("/api/v1/notifications/config").then().statusCode(200).extract().asString();
        assertThat(config).contains("\"secretFile\"").contains("\"passwordEnv\":\"SMTP_PASSWORD\"")
                .doesNotContain(HubTestResource.HOOK_SECRET).doesNotContain(HubTestResource.SMTP_PASSWORD)
                .doesNotContain(HubTestResource.receiver().url("/discord"))
                .doesNotContain(HubTestResource.receiver().url("/slack"));
    }

    @Test
    void aBadNotificationsFileIsRefused() throws Exception {
        String original = Files.readString(HubTestResource.notificationsFile());
        try {
            Files.writeString(HubTestResource.notificationsFile(),
                    original.replace("[backup.failed]", "[backup.exploded]"));
            api().post("/api/v1/notifications/reload").then().statusCode(422)
                    .body("errors", hasItem(startsWith("rules[0].events: unknown event \"backup.exploded\"")));
        } finally {
            Files.writeString(HubTestResource.notificationsFile(), original);
        }
        api().post("/api/v1/notifications/reload").then().statusCode(200);
    }

    @Test
    void replicasPollingOneOutboxClaimEachNotificationOnce() throws Exception {
        // Two "replicas" take due notifications as fast as they can; the hub's own sender waits meanwhile.
        camel.getRouteController().suspendRoute("deliver-notifications");
        Instant due = Instant.now().minusSeconds(1);
        for (int i = 0; i < 200; i++) {
            outbox.insert(new Notification(Ids.next(), "backup.succeeded", "claimed-target",
                    "no-such-channel", "webhook", "{}", "pending", null, 0, due, null, due, null));
        }
        Callable<List<String>> replica = () -> {
            List<String> taken = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                delivery.due().stream().filter(n -> n.targetId().equals("claimed-target"))
                        .forEach(n -> taken.add(n.id()));
            }
            return taken;
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> first = pool.submit(replica);
            Future<List<String>> second = pool.submit(replica);
            List<String> a = first.get();
            List<String> b = second.get();
            assertThat(a).doesNotHaveDuplicates().doesNotContainAnyElementsOf(b);
            assertThat(b).doesNotHaveDuplicates();
            assertThat(a.size() + b.size()).as("every notification claimed, each once").isEqualTo(200);
        } finally {
            pool.shutdownNow();
            camel.getRouteController().resumeRoute("deliver-notifications");
        }
    }

    private static long overdueNotices(HttpReceiver receiver) {
        return receiver.received("/hook").stream().filter(r -> r.body().contains("\"event\":\"target.overdue\""))
                .count();
    }

    private static JsonPath failedFor(String channelId) {
        JsonPath page = api().queryParam("status", "failed").get("/api/v1/notifications").then().extract().jsonPath();
        List<String> ids = page.getList("items.id");
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if ("backup.failed".equals(page.getString("items[" + i + "].event"))
                    && channelId.equals(page.getString("items[" + i + "].channelId"))
                    && "notify-me".equals(page.getString("items[" + i + "].targetId"))) {
                return new JsonPath(Json.MAPPER.valueToTree(page.getMap("items[" + i + "]")).toString());
            }
        }
        return null;
    }

    private static MimeMessage find(String jobId, String to) throws Exception {
        for (MimeMessage m : HubTestResource.mail().received()) {
            if (m.getContent().toString().contains(jobId) && m.getAllRecipients()[0].toString().equals(to)) {
                return m;
            }
        }
        return null;
    }

    private static HttpReceiver.Request request(HttpReceiver receiver, String path, String jobId) {
        return receiver.received(path).stream().filter(r -> r.body().contains(jobId)).findFirst().orElse(null);
    }

    private static JsonNode body(HttpReceiver receiver, String path, String jobId) throws Exception {
        HttpReceiver.Request r = request(receiver, path, jobId);
        return r == null ? null : Json.MAPPER.readTree(r.body());
    }
}
