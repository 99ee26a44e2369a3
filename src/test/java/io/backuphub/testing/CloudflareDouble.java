package io.backuphub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A double of Cloudflare's v4 API for zones and DNS records, following its documented shapes: the
 * envelope ({@code success}, {@code errors[]} of {code, message}, {@code messages}, {@code result},
 * {@code result_info} with page, per_page, count, total_count, total_pages), bearer-token auth, pages
 * (zones at most 50 a page), record validation (name inside the zone, content up to 2048 characters,
 * no identical duplicate: code 81058), batches (deletes, patches, puts, posts: all or none), and 429
 * with Retry-After when told to throttle.
 */
public final class CloudflareDouble implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ZONE = Pattern.compile("/client/v4/zones/([^/]+)");
    private static final Pattern RECORDS = Pattern.compile("/client/v4/zones/([^/]+)/dns_records");
    private static final Pattern RECORD = Pattern.compile("/client/v4/zones/([^/]+)/dns_records/([^/]+)");
    private static final Pattern BATCH = Pattern.compile("/client/v4/zones/([^/]+)/dns_records/batch");

    /** One request as the double saw it. */
    public record Seen(Instant at, String method, String path, int status) {
    }

    private final HttpServer server;
    private final String token;
    private final Map<String, ObjectNode> zones = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> records = new LinkedHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private int throttle;
    private int retryAfter;

    private CloudflareDouble(HttpServer server, String token) {
        this.server = server;
        this.token = token;
    }

    public static CloudflareDouble start(String token) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CloudflareDouble cf = new CloudflareDouble(server, token);
        server.createContext("/client/v4/", cf::handle);
        server.start();
        return cf;
    }

    /** The API base, as hub.cloudflare.api-url takes it. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/client/v4";
    }

    public synchronized String addZone(String name) {
        String id = UUID.randomUUID().toString().replace("-", "");
        zones.put(id, JSON.createObjectNode().put("id", id).put("name", name).put("status", "active"));
        records.put(id, new LinkedHashMap<>());
        return id;
    }

    /** A record put straight into the zone (made elsewhere: by a person, another tool). */
    public synchronized String addTxt(String zoneId, String name, String content, int ttl, String comment) {
        ObjectNode r = record(zoneId, name, content, ttl, comment);
        records.get(zoneId).put(r.get("id").asText(), r);
        return r.get("id").asText();
    }

    public synchronized List<JsonNode> txt(String zoneId) {
        return new ArrayList<>(records.get(zoneId).values());
    }

    /** The next {@code requests} requests are answered 429 with Retry-After {@code seconds}. */
    public synchronized void throttle(int requests, int seconds) {
        throttle = requests;
        retryAfter = seconds;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public synchronized void clear() {
        zones.clear();
        records.clear();
        seen.clear();
        throttle = 0;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String method = exchange.getRequestMethod();
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status;
        ObjectNode answer;
        synchronized (this) {
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 403;
                answer = failure(10000, "Authentication error");
            } else if (throttle > 0) {
                throttle--;
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfter));
                status = 429;
                answer = failure(971, "Please wait and consider throttling your request speed");
            } else {
                try {
                    answer = route(method, path, query, body.length == 0 ? null : JSON.readTree(body));
                    status = 200;
                } catch (Refusal r) {
                    status = r.status;
                    answer = failure(r.code, r.getMessage());
                }
            }
        }
        seen.add(new Seen(Instant.now(), method, path, status));
        byte[] out = answer.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private ObjectNode route(String method, String path, Map<String, String> query, JsonNode body) {
        Matcher m;
        if (path.equals("/client/v4/zones") && method.equals("GET")) {
            return page(new ArrayList<>(zones.values()), query, 50);
        }
        if ((m = BATCH.matcher(path)).matches() && method.equals("POST")) {
            return batch(zone(m.group(1)), body);
        }
        if ((m = RECORD.matcher(path)).matches()) {
            String zoneId = zone(m.group(1));
            ObjectNode existing = records.get(zoneId).get(m.group(2));
            if (existing == null) {
                throw new Refusal(404, 81044, "Record does not exist.");
            }
            return switch (method) {
                case "GET" -> success(existing);
                case "PUT" -> success(put(zoneId, m.group(2), body));
                case "DELETE" -> {
                    records.get(zoneId).remove(m.group(2));
                    yield success(JSON.createObjectNode().put("id", m.group(2)));
                }
                default -> throw new Refusal(405, 10000, "method not allowed");
            };
        }
        if ((m = RECORDS.matcher(path)).matches()) {
            String zoneId = zone(m.group(1));
            if (method.equals("POST")) {
                return success(post(zoneId, body));
            }
            List<ObjectNode> list = records.get(zoneId).values().stream()
                    .filter(r -> query.get("type") == null || query.get("type").equals(r.get("type").asText()))
                    .toList();
            return page(list, query, 5_000_000);
        }
        if ((m = ZONE.matcher(path)).matches() && method.equals("GET")) {
            return success(zones.get(zone(m.group(1))));
        }
        throw new Refusal(404, 7003, "Could not route to " + path + ", perhaps your object identifier is invalid?");
    }

    private ObjectNode batch(String zoneId, JsonNode body) {
        // All or none: work on a copy, keep it only if every change passes.
        Map<String, ObjectNode> before = new LinkedHashMap<>(records.get(zoneId));
        ObjectNode result = JSON.createObjectNode();
        try {
            ArrayNode deletes = result.putArray("deletes");
            for (JsonNode d : body.path("deletes")) {
                ObjectNode gone = records.get(zoneId).remove(d.path("id").asText());
                if (gone == null) {
                    throw new Refusal(400, 81044, "Record does not exist.");
                }
                deletes.add(gone);
            }
            ArrayNode puts = result.putArray("puts");
            for (JsonNode p : body.path("puts")) {
                if (!records.get(zoneId).containsKey(p.path("id").asText())) {
                    throw new Refusal(400, 81044, "Record does not exist.");
                }
                puts.add(put(zoneId, p.path("id").asText(), p));
            }
            ArrayNode posts = result.putArray("posts");
            for (JsonNode p : body.path("posts")) {
                posts.add(post(zoneId, p));
            }
            return success(result);
        } catch (Refusal r) {
            records.put(zoneId, before);
            throw r;
        }
    }

    private ObjectNode post(String zoneId, JsonNode body) {
        ObjectNode r = record(zoneId, body.path("name").asText(), body.path("content").asText(),
                body.path("ttl").asInt(1), body.path("comment").isTextual() ? body.path("comment").asText() : null);
        check(zoneId, r, null);
        records.get(zoneId).put(r.get("id").asText(), r);
        return r;
    }

    private ObjectNode put(String zoneId, String id, JsonNode body) {
        ObjectNode r = record(zoneId, body.path("name").asText(), body.path("content").asText(),
                body.path("ttl").asInt(1), body.path("comment").isTextual() ? body.path("comment").asText() : null);
        r.put("id", id);
        check(zoneId, r, id);
        records.get(zoneId).put(id, r);
        return r;
    }

    private void check(String zoneId, ObjectNode r, String replacing) {
        String zoneName = zones.get(zoneId).get("name").asText();
        String name = r.get("name").asText();
        if (!name.equals(zoneName) && !name.endsWith("." + zoneName)) {
            throw new Refusal(400, 9000, "DNS name is invalid.");
        }
        if (r.get("content").asText().length() > 2048) {
            throw new Refusal(400, 9100, "Content for TXT record is invalid. Must not exceed 2048 characters.");
        }
        boolean duplicate = records.get(zoneId).values().stream().anyMatch(o -> !o.get("id").asText().equals(replacing)
                && o.get("name").asText().equals(name) && o.get("content").asText().equals(r.get("content").asText()));
        if (duplicate) {
            throw new Refusal(400, 81058, "An identical record already exists.");
        }
    }

    private ObjectNode record(String zoneId, String name, String content, int ttl, String comment) {
        String now = Instant.now().toString();
        ObjectNode r = JSON.createObjectNode().put("id", UUID.randomUUID().toString().replace("-", ""))
                .put("zone_id", zoneId).put("zone_name", zones.get(zoneId).get("name").asText()).put("name", name)
                .put("type", "TXT").put("content", content).put("proxiable", false).put("proxied", false)
                .put("ttl", ttl).put("created_on", now).put("modified_on", now);
        if (comment != null) {
            r.put("comment", comment);
        } else {
            r.putNull("comment");
        }
        return r;
    }

    private String zone(String id) {
        if (!zones.containsKey(id)) {
            throw new Refusal(404, 7003, "Could not route to /zones/" + id
                    + ", perhaps your object identifier is invalid?");
        }
        return id;
    }

    private static ObjectNode page(List<? extends JsonNode> all, Map<String, String> query, int maxPerPage) {
        int perPage = Math.min(Integer.parseInt(query.getOrDefault("per_page", "20")), maxPerPage);
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        int from = Math.min((page - 1) * perPage, all.size());
        List<? extends JsonNode> items = all.subList(from, Math.min(from + perPage, all.size()));
        ObjectNode answer = success(JSON.createArrayNode().addAll(items));
        answer.putObject("result_info").put("page", page).put("per_page", perPage).put("count", items.size())
                .put("total_count", all.size()).put("total_pages", Math.max(1, (all.size() + perPage - 1) / perPage));
        return answer;
    }

    private static ObjectNode success(JsonNode result) {
        ObjectNode answer = JSON.createObjectNode().put("success", true);
        answer.putArray("errors");
        answer.putArray("messages");
        answer.set("result", result);
        return answer;
    }

    private static ObjectNode failure(int code, String message) {
        ObjectNode answer = JSON.createObjectNode().put("success", false);
        answer.putArray("errors").addObject().put("code", code).put("message", message);
        answer.putArray("messages");
        answer.putNull("result");
        return answer;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    /** A refusal in Cloudflare's shape. */
    private static final class Refusal extends RuntimeException {

        final int status;
        final int code;

        Refusal(int status, int code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
