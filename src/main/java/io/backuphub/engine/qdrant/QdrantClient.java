package io.backuphub.engine.qdrant;

import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.common.Json;
import io.backuphub.common.Secrets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The part of Qdrant's HTTP API the hub uses (collections and collection snapshots, as Qdrant's
 * OpenAPI document describes them), with the API key in the {@code api-key} header. Every non-2xx
 * answer is an {@link IOException} with Qdrant's own error text.
 */
final class QdrantClient {

    private static final Duration CONNECT = Duration.ofSeconds(30);
    /** Creating a snapshot of a large collection, or recovering one, takes time. */
    private static final Duration SLOW = Duration.ofHours(6);
    private static final Duration QUICK = Duration.ofMinutes(2);

    /** A snapshot as Qdrant describes it ({@code SnapshotDescription}). */
    record Snapshot(String name, long size, String checksum) {
    }

    /** What the fingerprint keeps of a collection ({@code CollectionInfo}). */
    record Collection(long points, JsonNode vectors) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final Optional<String> apiKey;

    QdrantClient(QdrantSettings settings) throws IOException {
        this.base = settings.url().replaceAll("/+$", "");
        this.apiKey = Secrets.resolve(settings.apiKeyEnv(), settings.apiKeyFile(), "Qdrant API key");
    }

    String version() throws IOException {
        JsonNode root = json(request("/").GET().timeout(QUICK));
        return root.path("version").asText("unknown");
    }

    List<String> collections() throws IOException {
        List<String> names = new ArrayList<>();
        json(request("/collections").GET().timeout(QUICK)).path("result").path("collections")
                .forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    /** The collection, or empty when Qdrant answers 404. */
    Optional<Collection> collection(String name) throws IOException {
        HttpResponse<InputStream> response = send(request("/collections/" + path(name)).GET().timeout(QUICK));
        if (response.statusCode() == 404) {
            response.body().close();
            return Optional.empty();
        }
        JsonNode result = body(response, "GET /collections/" + name).path("result");
        return Optional.of(new Collection(result.path("points_count").asLong(),
                result.path("config").path("params").path("vectors")));
    }

    void deleteCollection(String name) throws IOException {
        json(request("/collections/" + path(name)).DELETE().timeout(QUICK));
    }

    Snapshot createSnapshot(String collection) throws IOException {
        JsonNode result = json(request("/collections/" + path(collection) + "/snapshots?wait=true")
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(SLOW)).path("result");
        if (!result.hasNonNull("name")) {
            throw new IOException("Qdrant did not describe the snapshot of " + collection + " it made");
        }
        return new Snapshot(result.get("name").asText(), result.path("size").asLong(-1),
                result.hasNonNull("checksum") ? result.get("checksum").asText() : null);
    }

    /** The snapshot's bytes as they arrive. */
    InputStream download(String collection, String snapshot) throws IOException {
        String where = "/collections/" + path(collection) + "/snapshots/" + path(snapshot);
        HttpResponse<InputStream> response = send(request(where).GET());
        if (response.statusCode() / 100 != 2) {
            body(response, "GET " + where);
        }
        return response.body();
    }

    void deleteSnapshot(String collection, String snapshot) throws IOException {
        json(request("/collections/" + path(collection) + "/snapshots/" + path(snapshot) + "?wait=true").DELETE()
                .timeout(QUICK));
    }

    /**
     * Uploads a snapshot as {@code multipart/form-data}, streamed, into {@code collection}: made from
     * the snapshot, or overwritten by it ({@code priority=snapshot}).
     */
    void upload(String collection, InputStream snapshot) throws IOException {
        String boundary = "backup-hub-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"snapshot\";"
                + " filename=\"" + collection + ".snapshot\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        InputStream body = new SequenceInputStream(new ByteArrayInputStream(head),
                new SequenceInputStream(snapshot, new ByteArrayInputStream(tail)));
        json(request("/collections/" + path(collection) + "/snapshots/upload?wait=true&priority=snapshot")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).timeout(SLOW));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        apiKey.ifPresent(key -> builder.header("api-key", key));
        return builder;
    }

    private JsonNode json(HttpRequest.Builder request) throws IOException {
        HttpRequest built = request.build();
        return body(send(request), built.method() + " " + built.uri().getPath());
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request) throws IOException {
        HttpRequest built = request.build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling Qdrant", e);
        } catch (IOException e) {
            throw new IOException("Qdrant at " + base + " (" + built.method() + " " + built.uri().getPath()
                    + "): " + reason(e), e);
        }
    }

    /** The JDK's HTTP client says "ConnectException" with no message when nothing listens: say what it means. */
    private static String reason(IOException e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause.getMessage() != null) {
            return cause.getMessage();
        }
        return e instanceof java.net.ConnectException ? "cannot connect (connection refused or unreachable)"
                : e.getClass().getSimpleName();
    }

    /** The answer's JSON; a non-2xx status is an error with Qdrant's {@code status.error}. */
    private JsonNode body(HttpResponse<InputStream> response, String what) throws IOException {
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(4 * 1024 * 1024);
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            json = null;
        }
        if (response.statusCode() / 100 != 2) {
            String error = json == null ? new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8)
                    : json.path("status").path("error").asText(json.path("status").asText(""));
            throw new IOException("Qdrant answered " + response.statusCode() + " to " + what
                    + (response.statusCode() == 401 || response.statusCode() == 403
                            ? " (check the target's qdrant.apiKeyEnv / apiKeyFile)" : "")
                    + (error.isBlank() ? "" : ": " + error.strip()));
        }
        if (json == null) {
            throw new IOException("Qdrant answered " + what + " with something other than JSON");
        }
        return json;
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
