package io.backuphub.testing;

import static io.backuphub.testing.Waits.await;
import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged hub (java -jar target/quarkus-app/quarkus-run.jar) as a separate process on a PostgreSQL
 * catalog, the way replicas run: for tests that kill it, restart it, or run several side by side.
 */
public final class PackagedHub implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String key;
    private final Path log;

    private PackagedHub(Process process, int port, String key, Path log) {
        this.process = process;
        this.port = port;
        this.key = key;
        this.log = log;
    }

    /**
     * Starts a hub with its catalog in {@code catalogDatabase} of {@code postgres}, answering on
     * {@code port} with {@code key} as admin key; {@code settings} are further hub.* system properties.
     * Returns once it is live; its output is appended to {@code log}.
     */
    public static PackagedHub start(PostgresCluster postgres, String catalogDatabase, int port, String key,
            Map<String, String> settings, Path log) throws IOException {
        Map<String, String> all = new java.util.LinkedHashMap<>(Map.of(
                "hub.catalog.url", postgres.jdbcUrl(catalogDatabase),
                "hub.catalog.username", PostgresCluster.SUPERUSER,
                "hub.catalog.password", PostgresCluster.PASSWORD,
                "hub.secrets.key", HubTestResource.SECRETS_KEY,
                "hub.verify.pg-restore", postgres.bin() + "/pg_restore"));
        all.putAll(settings);
        return start(port, key, all, log);
    }

    /**
     * Starts a hub on its embedded defaults (H2 catalog and local store in {@code settings}' hub.data.dir),
     * as the README's first command does.
     */
    public static PackagedHub start(int port, String key, Map<String, String> settings, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port));
        if (key != null) {
            command.add("-Dhub.admin-api-key=" + key); // null: the hub generates one on its first start
        }
        settings.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        PackagedHub hub = new PackagedHub(process, port, key, log);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(hub::live);
        return hub;
    }

    private boolean live() throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError("hub exited: " + Files.readString(log));
        }
        try {
            return given().port(port).get("/q/health/live").statusCode() == 200;
        } catch (Exception notYet) { // not listening yet
            return false;
        }
    }

    public RequestSpecification api() {
        return given().port(port).header("X-API-Key", key).contentType("application/json");
    }

    public JsonPath job(String id) {
        return api().get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** SIGKILL: no shutdown hook, no cleanup, as when a node dies. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, as systemd or Kubernetes stop it; true if the hub exited within {@code within}. */
    public boolean terminate(Duration within) throws InterruptedException {
        process.destroy();
        return process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The hub's process, for the processes it started. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
