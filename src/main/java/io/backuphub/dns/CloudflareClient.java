package io.backuphub.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backuphub.common.HubException;
import io.backuphub.common.Json;
import io.backuphub.common.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Cloudflare's v4 API, the parts the TXT record manager uses: zones, a zone's TXT records (every page,
 * by {@code result_info.total_pages}), create, overwrite, delete, and batches of changes (applied by
 * Cloudflare all or none). A 429 is sent again after its Retry-After (or 2, 4, 8 ... s), up to
 * hub.cloudflare.max-retries times; Cloudflare's {@code errors[]} become a {@link CloudflareException}.
 * The token is read for each request (a rotated file takes effect at once) and never leaves this class.
 */
@ApplicationScoped
public class CloudflareClient {

    private static final Logger LOG = Logger.getLogger(CloudflareClient.class);
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    /** The comment that marks a record the hub created (and so may change or delete). */
    public static final String MANAGED = "managed by backup-hub";

    private final String base;
    private final Optional<java.nio.file.Path> tokenFile;
    private final int maxRetries;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @jakarta.inject.Inject
    public CloudflareClient(DnsProperties config) {
        this(config.cloudflare().apiUrl(), config.cloudflare().tokenFile(), config.cloudflare().maxRetries());
    }

    CloudflareClient(String apiUrl, Optional<java.nio.file.Path> tokenFile, int maxRetries) {
        this.base = apiUrl.replaceAll("/+$", "");
        this.tokenFile = tokenFile;
        this.maxRetries = maxRetries;
    }

    public List<Zone> zones() {
        return pages("/zones", 50, CloudflareClient::zone);
    }

    public Zone zone(String zoneId) {
        return zone(call("GET", "/zones/" + encode(zoneId), null).path("result"));
    }

    private static Zone zone(JsonNode z) {
        return new Zone(z.path("id").asText(), z.path("name").asText(), z.path("status").asText(null));
    }

    public List<TxtRecord> txtRecords(String zoneId) {
        return pages("/zones/" + encode(zoneId) + "/dns_records?type=TXT", 100, CloudflareClient::record);
    }

    public TxtRecord txtRecord(String zoneId, String recordId) {
        JsonNode result = call("GET", path(zoneId, recordId), null).path("result");
        if (!"TXT".equals(result.path("type").asText())) {
            throw HubException.notFound("record " + recordId + " is not a TXT record");
        }
        return record(result);
    }

    public TxtRecord create(String zoneId, String name, String text, int ttl, String comment) {
        return record(call("POST", "/zones/" + encode(zoneId) + "/dns_records", body(name, text, ttl, comment))
                .path("result"));
    }

    public TxtRecord overwrite(String zoneId, String recordId, String name, String text, int ttl, String comment) {
        return record(call("PUT", path(zoneId, recordId), body(name, text, ttl, comment)).path("result"));
    }

    public void delete(String zoneId, String recordId) {
        call("DELETE", path(zoneId, recordId), null);
    }

    /**
     * One batch (POST /zones/{id}/dns_records/batch): Cloudflare applies its deletes, then its puts,
     * then its posts, as one transaction.
     */
    public void batch(String zoneId, List<String> deletes, List<ObjectNode> puts, List<ObjectNode> posts) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode d = body.putArray("deletes");
        deletes.forEach(id -> d.addObject().put("id", id));
        body.putArray("puts").addAll(puts);
        body.putArray("posts").addAll(posts);
        call("POST", "/zones/" + encode(zoneId) + "/dns_records/batch", body);
    }

    /** A record's body for create, overwrite and batches ({@code id} added for a put). */
    public static ObjectNode body(String name, String text, int ttl, String comment) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("type", "TXT").put("name", name)
                .put("content", TxtContent.forCloudflare(text)).put("ttl", ttl);
        if (comment != null) {
            body.put("comment", comment);
        }
        return body;
    }

    private static TxtRecord record(JsonNode r) {
        String comment = r.path("comment").isTextual() ? r.path("comment").asText() : null;
        String modified = r.path("modified_on").asText(null);
        return new TxtRecord(r.path("id").asText(), r.path("name").asText(),
                TxtContent.text(r.path("content").asText()),
                r.path("content").asText(), r.path("ttl").asInt(1), comment, MANAGED.equals(comment),
                modified == null ? null : Instant.parse(modified));
    }

    private <T> List<T> pages(String path, int perPage, Function<JsonNode, T> map) {
        List<T> all = new ArrayList<>();
        int page = 1;
        int totalPages;
        do {
            JsonNode answer = call("GET", path + (path.contains("?") ? "&" : "?") + "per_page=" + perPage + "&page="
                    + page, null);
            answer.path("result").forEach(item -> all.add(map.apply(item)));
            totalPages = answer.path("result_info").path("total_pages").asInt(1);
            page++;
        } while (page <= totalPages);
        return all;
    }

    private JsonNode call(String method, String path, JsonNode body) {
        String token = token();
        for (int attempt = 0;; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new CloudflareException(HubException.Kind.UNAVAILABLE, "cannot reach Cloudflare at "
                        + URI.create(base).getHost() + ": " + e.getClass().getSimpleName(), List.of(), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloudflareException(HubException.Kind.UNAVAILABLE, "interrupted", List.of(), null);
            }
            if (response.statusCode() == 429 && attempt < maxRetries) {
                Duration wait = retryAfter(response).orElse(Duration.ofSeconds(2L << attempt));
                LOG.warnf("Cloudflare answered 429 to %s %s: sending again in %s", method, path, wait);
                sleep(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
                continue;
            }
            return answer(method, path, response);
        }
    }

    private static JsonNode answer(String method, String path, HttpResponse<String> response) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        if (response.statusCode() / 100 == 2 && json != null && json.path("success").asBoolean(false)) {
            return json;
        }
        List<String> errors = new ArrayList<>();
        if (json != null) {
            json.path("errors")
                    .forEach(e -> errors.add(e.path("code").asText("?") + ": " + e.path("message").asText()));
        }
        String detail = "Cloudflare answered " + response.statusCode() + " to " + method + " "
                + path.replaceAll("\\?.*", "")
                + (errors.isEmpty() ? "" : ": " + String.join("; ", errors));
        throw new CloudflareException(CloudflareException.kindOf(response.statusCode()), detail, errors,
                response.statusCode() == 429 ? retryAfter(response).orElse(Duration.ofSeconds(60)) : null);
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
            } catch (NumberFormatException notSeconds) {
                return Optional.empty();
            }
        });
    }

    private String token() {
        try {
            Optional<String> token = tokenFile.isPresent()
                    ? Secrets.resolve(null, tokenFile.get().toString(), "Cloudflare API token")
                    : org.eclipse.microprofile.config.ConfigProvider.getConfig()
                            .getOptionalValue("CLOUDFLARE_API_TOKEN", String.class);
            return token.filter(t -> !t.isBlank()).map(String::strip).orElseThrow(() -> new HubException(
                    HubException.Kind.UNAVAILABLE, "cloudflare-token-missing", "no Cloudflare API token: set"
                            + " CLOUDFLARE_API_TOKEN or hub.cloudflare.token-file"));
        } catch (IOException e) {
            throw new HubException(HubException.Kind.UNAVAILABLE, "cloudflare-token-missing",
                    "cannot read hub.cloudflare.token-file: " + e.getClass().getSimpleName());
        }
    }

    private static String path(String zoneId, String recordId) {
        return "/zones/" + encode(zoneId) + "/dns_records/" + encode(recordId);
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudflareException(HubException.Kind.UNAVAILABLE, "interrupted", List.of(), null);
        }
    }
}
