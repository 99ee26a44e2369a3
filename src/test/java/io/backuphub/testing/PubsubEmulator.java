package io.backuphub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Google's Pub/Sub emulator (from the Google Cloud SDK in the machine image) as a process on a random
 * loopback port, driven through Pub/Sub's REST API as any publisher or subscriber would: topics,
 * subscriptions, publish, pull, acknowledge, seek (to have a message delivered again).
 */
public final class PubsubEmulator implements AutoCloseable {

    public static final String PROJECT = "hub-test-project";
    private static final Path JARS = GoogleCloudSdk.ROOT.resolve("platform/pubsub-emulator/lib");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    /** One delivered message: what a subscriber gets. */
    public record Received(String ackId, String messageId, String data, Map<String, String> attributes) {
    }

    private PubsubEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The emulator's jar, when the Google Cloud SDK with the Pub/Sub emulator is installed. */
    public static Path jar() {
        try (Stream<Path> files = Files.list(JARS)) {
            return files.filter(f -> f.getFileName().toString().matches("cloud-pubsub-emulator-.*-all\\.jar"))
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    public static PubsubEmulator start() throws IOException {
        Path jar = jar();
        if (jar == null) {
            throw new IllegalStateException("no Pub/Sub emulator under " + JARS
                    + " (the Google Cloud SDK's google-cloud-cli-pubsub-emulator package)");
        }
        int port = Processes.freePort();
        Path log = Files.createTempFile("pubsub-emulator-", ".log");
        Process process = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString(), "--host=127.0.0.1",
                "--port=" + port).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Processes.awaitListening(process, port, log, "Pub/Sub emulator");
        return new PubsubEmulator(process, port);
    }

    /** host:port, as PUBSUB_EMULATOR_HOST names it. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public void createTopic(String topic) {
        call("PUT", "topics/" + topic, null);
    }

    /** A subscription that keeps acknowledged messages, so that {@link #seek} can deliver them again. */
    public void createSubscription(String subscription, String topic, int ackDeadlineSeconds) {
        ObjectNode body = JSON.createObjectNode().put("topic", "projects/" + PROJECT + "/topics/" + topic)
                .put("ackDeadlineSeconds", ackDeadlineSeconds).put("retainAckedMessages", true);
        call("PUT", "subscriptions/" + subscription, body);
    }

    /** Publishes {@code data}; the message id Pub/Sub gave it. */
    public String publish(String topic, String data, Map<String, String> attributes) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode message = body.putArray("messages").addObject()
                .put("data", Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)));
        attributes.forEach(message.putObject("attributes")::put);
        return call("POST", "topics/" + topic + ":publish", body).get("messageIds").get(0).asText();
    }

    /** Up to {@code max} messages, not acknowledged (they come back after the ack deadline). */
    public List<Received> pull(String subscription, int max) {
        JsonNode answer = call("POST", "subscriptions/" + subscription + ":pull",
                JSON.createObjectNode().put("maxMessages", max).put("returnImmediately", true));
        List<Received> received = new ArrayList<>();
        for (JsonNode r : answer.path("receivedMessages")) {
            JsonNode m = r.get("message");
            Map<String, String> attributes = new java.util.TreeMap<>();
            m.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
            received.add(new Received(r.get("ackId").asText(), m.get("messageId").asText(),
                    new String(Base64.getDecoder().decode(m.path("data").asText("")), StandardCharsets.UTF_8),
                    attributes));
        }
        return received;
    }

    public void acknowledge(String subscription, List<Received> messages) {
        if (messages.isEmpty()) {
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        messages.forEach(m -> body.withArray("ackIds").add(m.ackId()));
        call("POST", "subscriptions/" + subscription + ":acknowledge", body);
    }

    /** Marks every message published since {@code time} unacknowledged: they are delivered again, same ids. */
    public void seek(String subscription, Instant time) {
        call("POST", "subscriptions/" + subscription + ":seek", JSON.createObjectNode().put("time", time.toString()));
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host() + "/v1/projects/" + PROJECT + "/"
                + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
