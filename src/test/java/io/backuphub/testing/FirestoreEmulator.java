package io.backuphub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Google's Firestore emulator (from the Google Cloud SDK in the machine image) as a process on a
 * loopback port, read through Firestore's REST API as any other reader of the mirror would. It can be
 * stopped and started again on the same port, as a Firestore outage; it keeps nothing across that.
 */
public final class FirestoreEmulator implements AutoCloseable {

    public static final String PROJECT = PubsubEmulator.PROJECT;
    private static final Path JAR = GoogleCloudSdk.ROOT
            .resolve("platform/cloud-firestore-emulator/cloud-firestore-emulator.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    private FirestoreEmulator(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public static boolean available() {
        return Files.isReadable(JAR);
    }

    public static FirestoreEmulator start() throws IOException {
        FirestoreEmulator emulator = new FirestoreEmulator(Processes.freePort(),
                Files.createTempDirectory("firestore-emulator-"));
        emulator.restart();
        return emulator;
    }

    /** Starts the emulator (again) on its port; returns once it answers. */
    public synchronized void restart() throws IOException {
        Path log = dir.resolve("emulator.log");
        process = new ProcessBuilder("java", "-Xmx256m", "-cp", JAR.toString(),
                "com.google.cloud.datastore.emulator.firestore.CloudFirestore", "start", "--host=127.0.0.1",
                "--port=" + port, "--database-mode=firestore-native")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Processes.awaitListening(process, port, log, "Firestore emulator");
    }

    /** Stops the emulator, as an outage: the port refuses connections until {@link #restart}. */
    public synchronized void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** host:port, as FIRESTORE_EMULATOR_HOST names it. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** The document's fields as Firestore's REST API gives them ({"status": {"stringValue": ...}}), if it exists. */
    public Optional<JsonNode> document(String collection, String id) {
        HttpResponse<String> response = get(documents() + "/" + collection + "/" + id);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(read(response).path("fields"));
    }

    /** The ids of every document in the collection. */
    public List<String> ids(String collection) {
        List<String> ids = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = read(get(documents() + "/" + collection + "?pageSize=300&pageToken=" + token));
            page.path("documents").forEach(d -> {
                String name = d.get("name").asText();
                ids.add(name.substring(name.lastIndexOf('/') + 1));
            });
            token = page.path("nextPageToken").asText("");
        } while (!token.isEmpty());
        return ids;
    }

    /** Deletes every document (the emulator's own endpoint for it). */
    public void clear() {
        send(HttpRequest.newBuilder(URI.create("http://" + host() + "/emulator/v1/projects/" + PROJECT
                + "/databases/(default)/documents")).DELETE().build());
    }

    private String documents() {
        return "http://" + host() + "/v1/projects/" + PROJECT + "/databases/(default)/documents";
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url.replace("(", "%28").replace(")", "%29"))).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + ": " + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        process.destroy();
        Files2.deleteTree(dir);
    }
}
