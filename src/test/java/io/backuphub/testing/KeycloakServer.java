package io.backuphub.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak (the keycloak-quarkus-dist zip Maven unpacks into target/test-servers) as the hub's
 * OIDC provider: started in dev mode with an in-memory database on a loopback port, on a JDK of 21 or
 * newer (Keycloak 26 needs one: $KEYCLOAK_JAVA_HOME, else the newest under /usr/lib/jvm). Its realm,
 * client (with a {@code groups} claim in every token), groups and people are made through its admin
 * REST API. Where no such JDK or distribution exists the OIDC tests are skipped, except on CI.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "hub";
    public static final String CLIENT_ID = "backup-hub";
    public static final String CLIENT_SECRET = "hub-client-secret-for-tests";
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "keycloak-admin-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    private static final String SHORT_LIVED = "short-lived";
    private boolean shortLivedClient;

    private KeycloakServer(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Skips the calling test where Keycloak cannot run here (fails it on CI). */
    public static void require() {
        Optional<String> missing = missing();
        if (missing.isPresent() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(missing.get() + "; on CI (CI=true) this fails rather than skip the OIDC tests");
        }
        assumeTrue(missing.isEmpty(), missing.orElse(""));
    }

    private static Optional<String> missing() {
        if (!Files.isRegularFile(home().resolve("bin/kc.sh"))) {
            return Optional.of("no Keycloak distribution at " + home() + " (mvn process-test-resources unpacks it)");
        }
        if (javaHome().isEmpty()) {
            return Optional.of("no JDK of 21 or newer for Keycloak (set KEYCLOAK_JAVA_HOME)");
        }
        return Optional.empty();
    }

    private static Path home() {
        return Path.of(System.getProperty("test.keycloak.home", "target/test-servers/keycloak"));
    }

    static Optional<Path> javaHome() {
        String set = System.getenv("KEYCLOAK_JAVA_HOME");
        if (set != null && !set.isBlank()) {
            return Optional.of(Path.of(set));
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(p -> Files.isExecutable(p.resolve("bin/java")))
                    .filter(p -> featureVersion(p.getFileName().toString()) >= 21)
                    .max((a, b) -> Integer.compare(featureVersion(a.getFileName().toString()),
                            featureVersion(b.getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** 25 for temurin-25-jdk-amd64 or java-25-openjdk-amd64; 0 when the name says none. */
    private static int featureVersion(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^|-)(\\d{2})(?:[.-]|$)").matcher(name);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Starts Keycloak on {@code port} and makes the hub's realm and client, redirecting to {@code hubUrl}. */
    public static KeycloakServer start(int port, String hubUrl) throws IOException {
        Path log = Files.createTempFile("hub-keycloak-", ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", home().resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-host=127.0.0.1", "--db=dev-mem", "--http-management-port="
                        + Processes.freePort())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", javaHome().orElseThrow().toString());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        KeycloakServer keycloak = new KeycloakServer(port, builder.start(), log);
        keycloak.awaitReady();
        keycloak.admin("POST", "/admin/realms", Map.of("realm", REALM, "enabled", true));
        keycloak.admin("POST", "/admin/realms/" + REALM + "/clients", Map.of("clientId", CLIENT_ID, "secret",
                CLIENT_SECRET, "publicClient", false, "standardFlowEnabled", true, "directAccessGrantsEnabled", true,
                "redirectUris", List.of(hubUrl + "/*"), "protocolMappers", List.of(Map.of("name", "groups",
                        "protocol", "openid-connect", "protocolMapper", "oidc-group-membership-mapper", "config",
                        Map.of("full.path", "false", "id.token.claim", "true", "access.token.claim", "true",
                                "userinfo.token.claim", "true", "claim.name", "groups")))));
        return keycloak;
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + 240_000_000_000L; // dev mode builds itself first: slow on a busy machine
        while (true) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(issuer("master")
                        + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("Keycloak did not start: " + Files.readString(log));
            }
            Processes.sleep(500);
        }
    }

    /** The hub's quarkus.oidc.auth-server-url. */
    public String issuer() {
        return issuer(REALM);
    }

    private String issuer(String realm) {
        return "http://127.0.0.1:" + port + "/realms/" + realm;
    }

    /** A group people can be put in; one that exists already (another test class made it) is kept. */
    public void group(String name) {
        try {
            admin("POST", "/admin/realms/" + REALM + "/groups", Map.of("name", name));
        } catch (IllegalStateException e) {
            if (!e.getMessage().contains("-> 409")) {
                throw e;
            }
        }
    }

    /** A person who signs in as {@code username} / {@code password}, in {@code groups}. */
    public String person(String username, String email, boolean emailVerified, String password, List<String> groups) {
        admin("POST", "/admin/realms/" + REALM + "/users", Map.of("username", username, "email", email,
                "emailVerified", emailVerified, "enabled", true, "firstName", username, "lastName", "Tester",
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)),
                "groups", groups.stream().map(g -> "/" + g).toList()));
        return admin("GET", "/admin/realms/" + REALM + "/users?exact=true&username=" + username, null).get(0)
                .get("id").asText();
    }

    /** Takes the person out of a group. */
    public void leave(String userId, String group) {
        String groupId = admin("GET", "/admin/realms/" + REALM + "/groups?exact=true&search=" + group, null).get(0)
                .get("id").asText();
        admin("DELETE", "/admin/realms/" + REALM + "/users/" + userId + "/groups/" + groupId, null);
    }

    /** An access token for the person, as a CLI would get one (the password grant). */
    public String accessToken(String username, String password) {
        return token(REALM, CLIENT_ID, CLIENT_SECRET, username, password);
    }

    /** An access token that expires a second after it is made (from a client with that token lifespan). */
    public String shortLivedToken(String username, String password) {
        if (!shortLivedClient) {
            admin("POST", "/admin/realms/" + REALM + "/clients", Map.of("clientId", SHORT_LIVED, "secret",
                    CLIENT_SECRET, "publicClient", false, "standardFlowEnabled", false, "directAccessGrantsEnabled",
                    true, "attributes", Map.of("access.token.lifespan", "1")));
            shortLivedClient = true;
        }
        return token(REALM, SHORT_LIVED, CLIENT_SECRET, username, password);
    }

    /** A token of the master realm's admin: signed by Keycloak, but by another issuer than the hub trusts. */
    public String otherIssuersToken() {
        return token("master", "admin-cli", null, ADMIN, ADMIN_PASSWORD);
    }

    private String token(String realm, String clientId, String secret, String username, String password) {
        StringBuilder form = new StringBuilder("grant_type=password&scope=openid+email");
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("client_id", clientId);
        if (secret != null) {
            fields.put("client_secret", secret);
        }
        fields.put("username", username);
        fields.put("password", password);
        form.append('&').append(fields.entrySet().stream().map(e -> e.getKey() + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&")));
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build());
        return answer.get("access_token").asText();
    }

    private JsonNode admin(String method, String path, Object body) {
        String token = token("master", "admin-cli", null, ADMIN, ADMIN_PASSWORD);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            return send(request.build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 300) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + answer.statusCode()
                        + ": " + answer.body());
            }
            return answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
