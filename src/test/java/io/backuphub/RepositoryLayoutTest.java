package io.backuphub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Conventions the tools rely on: route id = file stem, and every route shipped to Kubernetes. */
class RepositoryLayoutTest {

    @Test
    void everyRouteFileDefinesTheRouteItsNameSays() throws IOException {
        for (Path file : routeFiles()) {
            String stem = file.getFileName().toString().replace(".camel.yaml", "");
            JsonNode doc = Json.YAML.readTree(file.toFile());
            assertThat(doc.isArray()).as(file.toString()).isTrue();
            assertThat(doc).as(file.toString()).hasSize(1);
            JsonNode element = doc.get(0);
            JsonNode definition = element.has("route") ? element.get("route") : element.get("routeConfiguration");
            assertThat(definition).as(file + " holds one route or route configuration").isNotNull();
            assertThat(definition.get("id").asText()).as(file.toString()).isEqualTo(stem);
        }
    }

    @Test
    void kubernetesShipsEveryRoute() throws IOException {
        String kustomization = Files.readString(Path.of("k8s/base/kustomization.yaml"));
        for (Path file : routeFiles()) {
            assertThat(kustomization).contains("../../routes/" + file.getFileName());
        }
    }

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }
}
