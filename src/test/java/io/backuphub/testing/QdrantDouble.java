package io.backuphub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A Qdrant node for the tests (no Qdrant binary runs here): the collection and snapshot endpoints as
 * Qdrant's published OpenAPI document (../shared/reference/qdrant-snapshots-openapi.json) specifies
 * them — JSON envelopes {@code {result, status, time}}, {@code ErrorResponse} on 4xx, {@code wait},
 * 202 when not waiting, 404s, the {@code api-key} header — and faults a real node shows: a checksum
 * that does not match, a snapshot that vanishes mid-download. A snapshot is a tar holding the
 * collection's description, which an upload reads back to make the collection.
 */
public final class QdrantDouble implements AutoCloseable {

    public enum Fault {
        NONE, WRONG_CHECKSUM, VANISHES_MID_DOWNLOAD
    }

    private record Collection(long points, JsonNode vectors, Fault fault) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String apiKey;
    private final Map<String, Collection> collections = new ConcurrentHashMap<>();
    private final Map<String, byte[]> snapshots = new ConcurrentHashMap<>(); // "collection/name" -> bytes
    private int counter;

    private QdrantDouble(HttpServer server, String apiKey) {
        this.server = server;
        this.apiKey = apiKey;
    }

    public static QdrantDouble start(String apiKey) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        QdrantDouble node = new QdrantDouble(server, apiKey);
        server.createContext("/", exchange -> {
            try {
                node.handle(exchange);
            } catch (RuntimeException e) {
                node.error(exchange, 500, "Service internal error: " + e);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return node;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void addCollection(String name, long points, String vectorsJson, Fault fault) {
        try {
            collections.put(name, new Collection(points, JSON.readTree(vectorsJson), fault));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Points count and vector configuration of a collection, or null when it does not exist. */
    public String describe(String name) {
        Collection c = collections.get(name);
        return c == null ? null : c.points() + " " + c.vectors();
    }

    /** Snapshots still kept on the node for a collection. */
    public long snapshotsOn(String collection) {
        return snapshots.keySet().stream().filter(k -> k.startsWith(collection + "/")).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (apiKey != null && !apiKey.equals(exchange.getRequestHeaders().getFirst("api-key"))) {
            error(exchange, 401, "Must provide an API key or an Authorization bearer token");
            return;
        }
        String method = exchange.getRequestMethod();
        String[] path = exchange.getRequestURI().getRawPath().replaceAll("^/|/$", "").split("/");
        String query = exchange.getRequestURI().getQuery() == null ? "" : exchange.getRequestURI().getQuery();
        boolean wait = !query.contains("wait=false");
        if (path.length == 1 && path[0].isEmpty() && method.equals("GET")) {
            send(exchange, 200, JSON.createObjectNode().put("title", "qdrant - vector search engine")
                    .put("version", "1.12.4"));
            return;
        }
        if (path.length == 1 && path[0].equals("collections") && method.equals("GET")) {
            ObjectNode result = JSON.createObjectNode();
            collections.keySet().forEach(n -> result.withArray("collections").addObject().put("name", n));
            ok(exchange, result);
            return;
        }
        if (path.length < 2 || !path[0].equals("collections")) {
            error(exchange, 404, "Not found");
            return;
        }
        String name = URLDecoder.decode(path[1], StandardCharsets.UTF_8);
        if (path.length == 4 && path[2].equals("snapshots") && path[3].equals("upload") && method.equals("POST")) {
            upload(exchange, name);
            return;
        }
        Collection collection = collections.get(name);
        if (collection == null) {
            error(exchange, 404, "Not found: Collection `" + name + "` doesn't exist!");
            return;
        }
        if (path.length == 2 && method.equals("GET")) {
            ObjectNode result = JSON.createObjectNode().put("status", "green").put("optimizer_status", "ok")
                    .put("segments_count", 1).put("points_count", collection.points());
            result.putObject("config").putObject("params").set("vectors", collection.vectors());
            result.putObject("payload_schema");
            ok(exchange, result);
        } else if (path.length == 2 && method.equals("DELETE")) {
            collections.remove(name);
            ok(exchange, JSON.getNodeFactory().booleanNode(true));
        } else if (path.length == 3 && path[2].equals("snapshots") && method.equals("POST")) {
            byte[] bytes = snapshot(name, collection);
            String snapshot = name + "-" + (++counter) + "-2026-11-29-07-00-00.snapshot";
            snapshots.put(name + "/" + snapshot, bytes);
            if (!wait) {
                send(exchange, 202, JSON.createObjectNode().put("status", "accepted").put("time", 0.0));
                return;
            }
            String checksum = collection.fault() == Fault.WRONG_CHECKSUM ? "0".repeat(64) : sha256(bytes);
            ok(exchange, JSON.createObjectNode().put("name", snapshot).put("creation_time", "2026-11-29T07:00:00")
                    .put("size", bytes.length).put("checksum", checksum));
        } else if (path.length == 4 && path[2].equals("snapshots")) {
            String key = name + "/" + URLDecoder.decode(path[3], StandardCharsets.UTF_8);
            byte[] bytes = snapshots.get(key);
            if (bytes == null) {
                error(exchange, 404, "Not found: Snapshot " + path[3] + " not found");
            } else if (method.equals("DELETE")) {
                snapshots.remove(key);
                ok(exchange, JSON.getNodeFactory().booleanNode(true));
            } else if (method.equals("GET")) {
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, bytes.length);
                OutputStream out = exchange.getResponseBody();
                if (collection.fault() == Fault.VANISHES_MID_DOWNLOAD) {
                    out.write(bytes, 0, bytes.length / 2);
                    out.flush();
                    snapshots.remove(key);
                    return; // closing the exchange short of its length drops the connection
                }
                out.write(bytes);
            } else {
                error(exchange, 405, "Method not allowed");
            }
        } else {
            error(exchange, 404, "Not found");
        }
    }

    /** A tar like Qdrant's: the collection's description and some segment data. */
    private static byte[] snapshot(String name, Collection collection) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            byte[] config = JSON.writeValueAsBytes(JSON.createObjectNode().put("points", collection.points())
                    .set("vectors", collection.vectors()));
            add(tar, "config.json", config);
            byte[] segment = new byte[200_000];
            new Random(name.hashCode()).nextBytes(segment);
            add(tar, "0/segments/1/data.bin", segment);
        }
        return out.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    /** {@code multipart/form-data} with the snapshot in part "snapshot": the collection is made from it. */
    private void upload(HttpExchange exchange, String name) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("multipart/form-data; boundary=")) {
            error(exchange, 400, "Bad request: expected multipart/form-data");
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        String boundary = type.substring(type.indexOf('=') + 1);
        int start = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0) + 4;
        int end = indexOf(body, ("\r\n--" + boundary + "--").getBytes(StandardCharsets.ISO_8859_1), start);
        if (start < 4 || end < 0) {
            error(exchange, 400, "Bad request: malformed multipart body");
            return;
        }
        JsonNode config = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(body, start,
                end - start))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals("config.json")) {
                    config = JSON.readTree(tar.readAllBytes());
                }
            }
        }
        if (config == null) {
            error(exchange, 400, "Bad request: the snapshot is not a collection snapshot");
            return;
        }
        collections.put(name, new Collection(config.get("points").asLong(), config.get("vectors"), Fault.NONE));
        ok(exchange, JSON.getNodeFactory().booleanNode(true));
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer : for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void ok(HttpExchange exchange, JsonNode result) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.set("result", result);
        send(exchange, 200, body.put("status", "ok").put("time", 0.001));
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("time", 0.0);
        body.putObject("status").put("error", message);
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
