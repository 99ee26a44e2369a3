package io.backuphub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every Kamelet: name = file stem, a schema for each property, every {{property}} declared and used. */
class KameletLintTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_.-]+)}}");

    @Test
    void kameletsAreWellFormed() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("kamelets"))) {
            files = list.filter(f -> f.toString().endsWith(".kamelet.yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String text = Files.readString(file);
            JsonNode kamelet = Json.YAML.readTree(text);
            String stem = file.getFileName().toString().replace(".kamelet.yaml", "");
            assertThat(kamelet.path("kind").asText()).as(file.toString()).isEqualTo("Kamelet");
            assertThat(kamelet.path("metadata").path("name").asText()).as(file + " name").isEqualTo(stem);
            assertThat(kamelet.path("metadata").path("labels").path("camel.apache.org/kamelet.type").asText())
                    .as(file + " type").isIn("sink", "source", "action");
            JsonNode definition = kamelet.path("spec").path("definition");
            assertThat(definition.path("title").asText()).as(file + " title").isNotBlank();
            assertThat(definition.path("description").asText()).as(file + " description").isNotBlank();

            Set<String> declared = new HashSet<>();
            definition.path("properties").fields().forEachRemaining(p -> {
                declared.add(p.getKey());
                assertThat(p.getValue().path("title").asText()).as(file + " " + p.getKey() + " title").isNotBlank();
                assertThat(p.getValue().path("description").asText()).as(file + " " + p.getKey() + " description")
                        .isNotBlank();
                assertThat(p.getValue().path("type").asText()).as(file + " " + p.getKey() + " type").isNotBlank();
                // Secrets are never Kamelet properties here: they would end up in endpoint URIs.
                assertThat(p.getKey().toLowerCase()).as(file + " " + p.getKey())
                        .doesNotContain("password").doesNotContain("secret").doesNotContain("token");
            });
            definition.path("required").forEach(r -> assertThat(declared).as(file + " required").contains(r.asText()));

            Set<String> used = new HashSet<>();
            Matcher m = PLACEHOLDER.matcher(Json.YAML.writeValueAsString(kamelet.path("spec").path("template")));
            while (m.find()) {
                used.add(m.group(1));
            }
            assertThat(used).as(file + ": placeholders used vs properties declared").isEqualTo(declared);
        }
    }
}
