package io.backuphub.ops;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.Waits.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.audit.AuditEntry;
import io.backuphub.audit.AuditRepository;
import io.backuphub.auth.ApiKey;
import io.backuphub.auth.ApiKeyRepository;
import io.backuphub.common.Json;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;

/**
 * Hawtio's Jolokia agent as someone holding a key would try to use it as a back door: no environment
 * variable, system property, flight recording, agent load, log level or message to an arbitrary
 * endpoint gets through; what Hawtio is for (routes live, the JVM's health, route control) works, and
 * every route it stops or starts is audited with who did it.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class ConsoleTest {

    @Inject AuditRepository audit;
    @Inject ApiKeyRepository keys;
    @Inject CamelContext camel;

    @Test
    void theConsoleSeesRoutesAndTheJvm() throws Exception {
        assertThat(jolokia("{\"type\":\"version\"}").path("status").asInt()).isEqualTo(200);
        JsonNode heap = jolokia(
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}");
        assertThat(heap.path("status").asInt()).isEqualTo(200);
        assertThat(heap.path("value").path("used").asLong()).isPositive();
        JsonNode routes = jolokia("{\"type\":\"read\",\"mbean\":\"org.apache.camel:type=routes,*\","
                + "\"attribute\":[\"RouteId\",\"ExchangesTotal\",\"State\"]}");
        assertThat(routes.path("status").asInt()).isEqualTo(200);
        assertThat(routes.path("value").toString()).contains("run-backup", "sweep-retention");
        JsonNode uptime = jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}");
        assertThat(uptime.path("status").asInt()).isEqualTo(200);
        JsonNode dump = jolokia(
                "{\"type\":\"exec\",\"mbean\":" + context() + ",\"operation\":\"dumpRoutesAsXml()\"}");
        assertThat(dump.path("status").asInt()).as(dump.toString()).isEqualTo(200);
    }

    @Test
    void noSecretAndNoArbitraryCallGetsThrough() throws Exception {
        List<String> attempts = new ArrayList<>();
        String context = context();
        // A message to any endpoint: Camel's class component would call System.getenv.
        attempts.add("{\"type\":\"exec\",\"mbean\":" + context + ",\"operation\":\"requestBody(java.lang.String,"
                + "java.lang.Object)\",\"arguments\":[\"class:java.lang.System?method=getenv(HUB_ADMIN_API_KEY)\","
                + "\"x\"]}");
        attempts.add("{\"type\":\"exec\",\"mbean\":" + context + ",\"operation\":\"sendBody(java.lang.String,"
                + "java.lang.Object)\",\"arguments\":[\"log:x\",\"x\"]}");
        attempts.add("{\"type\":\"exec\",\"mbean\":" + context + ",\"operation\":\"addOrUpdateRoutesFromXml"
                + "(java.lang.String)\",\"arguments\":[\"<routes/>\"]}");
        attempts.add("{\"type\":\"exec\",\"mbean\":" + context + ",\"operation\":\"stop()\"}");
        // The runtime's arguments and properties, where secrets are passed.
        attempts.add("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"}");
        attempts.add("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"InputArguments\"}");
        // A flight recording holds every environment variable; the diagnostic command loads agents.
        attempts.add("{\"type\":\"exec\",\"mbean\":\"jdk.management.jfr:type=FlightRecorder\","
                + "\"operation\":\"newRecording()\"}");
        attempts.add("{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\","
                + "\"operation\":\"jvmtiAgentLoad\",\"arguments\":[[\"/tmp/x.so\"]]}");
        attempts.add("{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                + "\"operation\":\"dumpHeap\",\"arguments\":[\"/tmp/hub.hprof\",true]}");
        // Log levels raised until a secret is logged; any attribute written.
        attempts.add("{\"type\":\"exec\",\"mbean\":\"java.util.logging:type=Logging\",\"operation\":\"setLoggerLevel\","
                + "\"arguments\":[\"\",\"FINEST\"]}");
        attempts.add(
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}");
        attempts.add("{\"type\":\"write\",\"mbean\":" + context + ",\"attribute\":\"Tracing\",\"value\":true}");
        for (String attempt : attempts) {
            JsonNode answer = jolokia(attempt);
            assertThat(answer.path("status").asInt()).as(attempt + " -> " + answer).isEqualTo(403);
            assertThat(answer.toString()).doesNotContain(HubTestResource.ADMIN_KEY, HubTestResource.SECRETS_KEY,
                    HubTestResource.CLOUDFLARE_TOKEN);
        }
        assertThat(camel.getStatus()).isEqualTo(ServiceStatus.Started);

        // What may not be read is not listed either.
        JsonNode list = jolokia("{\"type\":\"list\",\"config\":{\"maxDepth\":1}}");
        assertThat(list.path("value").has("org.apache.camel")).isTrue();
        assertThat(list.path("value").has("com.sun.management")).isFalse();
        assertThat(list.path("value").has("jdk.management.jfr")).isFalse();
        assertThat(list.path("value").has("java.util.logging")).isFalse();

        // The refusals reach the audit log, with who tried.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(audit.recent(300, null))
                .anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo("jmx.exec");
                    assertThat(e.outcome()).isEqualTo("denied");
                    assertThat(e.actor()).isEqualTo(ApiKey.BREAK_GLASS);
                }));
    }

    /** Jolokia's proxy mode is not there: a request naming a remote JMX server connects nowhere. */
    @Test
    void theAgentConnectsToNoOtherServer() throws Exception {
        try (ServerSocket jmx = new ServerSocket(0)) {
            jmx.setSoTimeout(1500);
            jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\","
                    + "\"target\":{\"url\":\"service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmx.getLocalPort()
                    + "/jmxrmi\"}}");
            assertThatThrownBy(jmx::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void stoppingAndStartingARouteIsAuditedWithTheCaller() throws Exception {
        String route = "org.apache.camel:context=" + camel.getManagementName() + ",type=routes,name=\"prune-history\"";
        long before = audit.recent(1, null).stream().mapToLong(AuditEntry::id).findFirst().orElse(0);
        try {
            JsonNode stop = jolokia("{\"type\":\"exec\",\"mbean\":" + Json.MAPPER.writeValueAsString(route)
                    + ",\"operation\":\"stop()\"}");
            assertThat(stop.path("status").asInt()).as(stop.toString()).isEqualTo(200);
            assertThat(camel.getRouteController().getRouteStatus("prune-history")).isEqualTo(ServiceStatus.Stopped);
        } finally {
            JsonNode start = jolokia("{\"type\":\"exec\",\"mbean\":" + Json.MAPPER.writeValueAsString(route)
                    + ",\"operation\":\"start()\"}");
            assertThat(start.path("status").asInt()).as(start.toString()).isEqualTo(200);
        }
        assertThat(camel.getRouteController().getRouteStatus("prune-history")).isEqualTo(ServiceStatus.Started);
        List<AuditEntry> entries = audit.recent(50, null).stream().filter(e -> e.id() > before).toList();
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("route.stop");
            assertThat(e.resource()).isEqualTo("route/prune-history");
            assertThat(e.actor()).isEqualTo(ApiKey.BREAK_GLASS);
        }).anySatisfy(e -> assertThat(e.action()).isEqualTo("route.start"));
    }

    /** Hawtio is for admins: another role's key is refused before the console or its agent. */
    @Test
    void onlyAdminsOpenTheConsole() {
        String viewer = ApiKeyRepository.generate();
        keys.upsert("console-viewer-" + System.nanoTime(), viewer, "viewer");
        for (String path : List.of("/hawtio/", "/hawtio/jolokia/version")) {
            given().header("X-API-Key", viewer).get(path).then().statusCode(403);
            api().get(path).then().statusCode(200);
        }
    }

    /** Camel context's object name, as a JSON string (its name is quoted in it). */
    private String context() throws Exception {
        JsonNode found = jolokia("{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=context,*\"}");
        assertThat(found.path("value").size()).as(found.toString()).isEqualTo(1);
        return found.path("value").get(0).toString();
    }

    private static JsonNode jolokia(String request) throws Exception {
        String answer = api().body(request).post("/hawtio/jolokia/").then().statusCode(200).extract().asString();
        return Json.MAPPER.readTree(answer);
    }
}
