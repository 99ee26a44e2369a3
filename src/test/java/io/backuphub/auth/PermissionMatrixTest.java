package io.backuphub.auth;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.as;
import static io.backuphub.testing.HubApi.newKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.common.Ids;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the API as every role: refused (403) exactly when the role lacks the permission
 * docs/security.md gives the operation. The operations are read from the running hub's OpenAPI
 * document, so a new endpoint that is not in the table fails here before anyone can call it; the
 * roles' permissions are written out below as the issue defines them, not read from the code.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class PermissionMatrixTest {

    private static final Pattern ROW = Pattern.compile(
            "^\\| (GET|POST|PUT|DELETE|PATCH) \\| `(/api/v1/[^`]*)` \\| (?:`([a-z.]+)`|\\(any principal\\)) \\|$");
    private static final Set<String> VIEWER = Set.of("backup.view", "backup.download");
    private static final Set<String> OPERATOR = union(VIEWER,
            Set.of("backup.trigger", "backup.schedule", "backup.verify", "backup.pin"));
    private static final Set<String> RESTORER = union(OPERATOR, Set.of("backup.restore"));
    private static final Set<String> ADMIN = union(RESTORER, Set.of("backup.delete", "retention.modify",
            "settings.modify", "dns.modify", "audit.view", "keys.manage", "users.manage"));
    private static final Map<String, Set<String>> ROLES = Map.of("viewer", VIEWER, "operator", OPERATOR,
            "restorer", RESTORER, "admin", ADMIN);
    /**
     * Operations without a path id whose call by a holder would change what the hub's other tests see
     * (sending held digests, queueing the whole history for the mirror, taking back stored backups,
     * applying dns.yaml): for these only the refusals are asserted; their own tests call them.
     */
    private static final Set<String> NOT_RUN_BY_HOLDERS = Set.of("POST /api/v1/notifications/digests",
            "POST /api/v1/mirror/resync", "POST /api/v1/store/rescan", "POST /api/v1/dns/apply");

    @Test
    void everyOperationOfTheApiHasItsPermissionInTheDocs() throws IOException {
        assertThat(documented().keySet()).as("operations in docs/security.md vs the OpenAPI document")
                .containsExactlyInAnyOrderElementsOf(operations());
    }

    @Test
    void eachRoleIsRefusedExactlyWhatItsPermissionsLeaveOut() throws IOException {
        Map<String, String> permissions = documented();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Set<String>> role : ROLES.entrySet()) {
            String secret = newKey("matrix-" + role.getKey() + "-" + System.nanoTime(),
                    "\"role\":\"" + role.getKey() + "\"");
            for (Map.Entry<String, String> operation : permissions.entrySet()) {
                String needed = operation.getValue();
                boolean holds = needed == null || role.getValue().contains(needed);
                if (holds && NOT_RUN_BY_HOLDERS.contains(operation.getKey())) {
                    continue;
                }
                Response answer = call(secret, operation.getKey());
                boolean refused = answer.statusCode() == 403
                        && "urn:backup-hub:problem:forbidden".equals(answer.jsonPath().getString("type"));
                if (holds == refused || answer.statusCode() == 401) {
                    wrong.add(role.getKey() + " " + operation.getKey() + " (needs " + needed + ") answered "
                            + answer.statusCode() + " " + answer.asString());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** The operation with fresh ids in its path (nothing has them: no side effect) and a body JSON cannot read. */
    private static Response call(String secret, String operation) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", Ids.next());
        var request = as(secret).redirects().follow(false);
        if (method.equals("POST") || method.equals("PUT")) {
            // Refused before the body is read; a holder's call fails on it, after the check (400).
            request = request.body("{");
        }
        return request.request(method, path);
    }

    /** "METHOD /path" → permission (null: any principal), from docs/security.md's table. */
    static Map<String, String> documented() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("docs/security.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1) + " " + m.group(2), m.group(3));
            }
        }
        return rows;
    }

    /** "METHOD /path" of every operation in the hub's OpenAPI document. */
    private static List<String> operations() {
        JsonPath doc = api().get("/api/v1/openapi.json").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        List<String> operations = new ArrayList<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "delete", "patch").contains(m))
                .forEach(m -> operations.add(m.toUpperCase() + " " + path)));
        return operations;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
