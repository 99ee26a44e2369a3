package io.backuphub.engine.qdrant;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.engine.Dump;
import io.backuphub.engine.DumpRequest;
import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.RestoreRequest;
import io.backuphub.engine.Verification;
import io.backuphub.engine.VerifyRequest;
import io.backuphub.target.Target;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The engine against a real Qdrant node, when one is reachable: {@code HUB_TEST_QDRANT_URL} (and
 * {@code HUB_TEST_QDRANT_API_KEY} if it needs one). No Qdrant runs on the build machines, so this is
 * skipped there, and the test report says so.
 */
@EnabledIfEnvironmentVariable(named = "HUB_TEST_QDRANT_URL", matches = ".+", disabledReason = "no real Qdrant: set HUB_TEST_QDRANT_URL (and HUB_TEST_QDRANT_API_KEY) to run it")
class RealQdrantTest {

    private static final String URL = System.getenv("HUB_TEST_QDRANT_URL");
    private static final String KEY = System.getenv("HUB_TEST_QDRANT_API_KEY");

    @Test
    void aSnapshotBacksUpVerifiesAndRestoresIntoANewCollection() throws Exception {
        String collection = "hub_real_" + System.nanoTime();
        call("PUT", "/collections/" + collection, "{\"vectors\":{\"size\":4,\"distance\":\"Cosine\"}}");
        StringBuilder points = new StringBuilder("{\"points\":[");
        for (int i = 1; i <= 50; i++) {
            points.append(i > 1 ? "," : "").append("{\"id\":").append(i).append(",\"vector\":[0.1,0.2,0.3,")
                    .append(i / 100.0).append("],\"payload\":{\"n\":").append(i).append("}}");
        }
        call("PUT", "/collections/" + collection + "/points?wait=true", points.append("]}").toString());
        Target target = new Target("real", "qdrant", "test", null, null, null, null, null, null, null, null, null, null,
                null,
                null, null, null, Map.of("qdrant", KEY == null ? Map.of("url", URL, "collections", List.of(collection))
                        : Map.of("url", URL, "apiKeyEnv", "HUB_TEST_QDRANT_API_KEY", "collections",
                                List.of(collection))));
        QdrantEngine engine = new QdrantEngine();
        byte[] artifact;
        try (Dump dump = engine.startDump(new DumpRequest(target, Map.of(), null))) {
            artifact = dump.data().readAllBytes();
            dump.finish();
        }
        Verification verification = engine.verify(new VerifyRequest(target, "a",
                () -> new ByteArrayInputStream(artifact), null, Map.of()));
        assertThat(verification.outcome()).as(verification.summary()).isEqualTo(Verification.Outcome.VERIFIED);
        assertThat(verification.fingerprint().totalRows()).isEqualTo(50);

        String restored = collection + "_restored";
        QdrantRestorer restorer = (QdrantRestorer) engine.restorer().orElseThrow();
        try {
            restorer.restore(new RestoreRequest(target, restored, () -> new ByteArrayInputStream(artifact), null,
                    false, new AtomicLong()));
            Fingerprint after = restorer.fingerprint(target, restored, null);
            assertThat(verification.fingerprint().differences(after)).isEmpty();
        } finally {
            restorer.dropDatabase(target, restored, null);
            restorer.dropDatabase(target, collection, null);
        }
    }

    private static void call(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(URL.replaceAll("/+$", "") + path))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        if (KEY != null) {
            request.header("api-key", KEY);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }
}
