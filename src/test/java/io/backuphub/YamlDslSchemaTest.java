package io.backuphub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.backuphub.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every route file and every Kamelet's template against Camel's own YAML DSL schema (shipped in
 * camel-yaml-dsl, the version the hub runs), so that a misspelt step or option fails the build, not
 * the hub's start or a reload.
 */
class YamlDslSchemaTest {

    private static final JsonSchema SCHEMA = schema();

    @Test
    void routesMatchTheYamlDslSchema() throws IOException {
        List<Path> files = files(Path.of("routes"), ".camel.yaml");
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(problems(Json.YAML.readTree(file.toFile()))).as(file.toString()).isEmpty();
        }
    }

    @Test
    void kameletTemplatesMatchTheYamlDslSchema() throws IOException {
        List<Path> files = files(Path.of("kamelets"), ".kamelet.yaml");
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            JsonNode template = Json.YAML.readTree(file.toFile()).path("spec").path("template");
            ArrayNode asRoute = Json.MAPPER.createArrayNode();
            asRoute.addObject().putObject("route").set("from", template.path("from"));
            assertThat(problems(asRoute)).as(file.toString()).isEmpty();
        }
    }

    /** The schema is not lenient: a step it does not know is reported. */
    @Test
    void aMisspeltStepIsReported() throws IOException {
        JsonNode route = Json.YAML.readTree("""
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                      steps:
                        - bean: {ref: jobQueue, method: enqueue}
                        - sendTo: {uri: direct:nowhere}
                """);
        assertThat(problems(route)).isNotEmpty();
    }

    private static Set<ValidationMessage> problems(JsonNode yaml) {
        return SCHEMA.validate(yaml);
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static JsonSchema schema() {
        try (InputStream in = YamlDslSchemaTest.class.getClassLoader()
                .getResourceAsStream("schema/camelYamlDsl.json")) {
            assertThat(in).as("camel-yaml-dsl's schema/camelYamlDsl.json on the classpath").isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
