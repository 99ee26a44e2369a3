package io.backuphub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.inject.Named;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Variable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routes read as the job they do: every step has an id (Hawtio and the metrics name it), unique
 * across the routes, and every exchange variable a route reads — in an expression, or as a bean
 * method's {@code @Variable} parameter — is set by a step of that route or of a route that sends to it.
 * No bean sets a variable behind the YAML's back.
 */
class RouteStructureTest {

    private static final Pattern READ = Pattern.compile("\\$\\{variable\\.([A-Za-z0-9_]+)");
    /**
     * Variables set by routes written in Java, which this test cannot read: the Pub/Sub consumer routes
     * (one per subscription in integrations.yaml, PubsubConsumers) name their subscription.
     */
    private static final Map<String, Set<String>> SET_BY_JAVA_ROUTES = Map.of("receive-pubsub-requests",
            Set.of("subscriptionId"));
    /**
     * Variables a bean method takes when the job has them: finishing a job reads the artifact (not a
     * drill's) and why a backup is partial (backups only).
     */
    private static final Map<String, Set<String>> OPTIONAL = Map.of("jobLifecycle.succeeded",
            Set.of("artifact", "partial"));

    /** One route of routes/: its id, where it starts, the variables its steps set and read, who it sends to. */
    private record Route(String id, String from, String configuration, Set<String> sets, Set<String> reads,
            Set<String> sendsTo, List<String> stepIds, List<String> stepsWithoutId) {
    }

    private static final Map<String, Route> ROUTES = new LinkedHashMap<>();
    private static Map<String, Class<?>> beans;

    @BeforeAll
    static void readRoutes() throws IOException {
        beans = namedBeans();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList()) {
                for (JsonNode item : yaml.readTree(file.toFile())) {
                    JsonNode route = item.has("route") ? item.get("route") : item.get("routeConfiguration");
                    Route r = new Route(route.path("id").asText(), endpoint(route.path("from").path("uri").asText()),
                            route.path("routeConfigurationId").asText(null), new LinkedHashSet<>(),
                            new LinkedHashSet<>(), new LinkedHashSet<>(), new ArrayList<>(), new ArrayList<>());
                    walk(route.path("from").path("steps"), r);
                    walk(route.path("onException"), r);
                    ROUTES.put(r.id(), r);
                }
            }
        }
        assertThat(ROUTES).hasSizeGreaterThan(20);
    }

    @Test
    void everyStepHasAnIdUniqueAcrossTheRoutes() {
        List<String> missing = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (Route r : ROUTES.values()) {
            r.stepsWithoutId().forEach(step -> missing.add(r.id() + ": a " + step + " step"));
            for (String id : r.stepIds()) {
                String before = seen.putIfAbsent(id, r.id());
                if (before != null) {
                    duplicates.add(id + " (in " + before + " and " + r.id() + ")");
                }
            }
        }
        assertThat(missing).as("steps without an id").isEmpty();
        assertThat(duplicates).as("step ids used twice").isEmpty();
    }

    @Test
    void everyVariableARouteReadsIsSetByItOrByARouteThatSendsToIt() {
        List<String> unset = new ArrayList<>();
        for (Route r : ROUTES.values()) {
            Set<String> available = new LinkedHashSet<>(r.sets());
            available.addAll(SET_BY_JAVA_ROUTES.getOrDefault(r.id(), Set.of()));
            for (Route caller : ROUTES.values()) {
                if (caller.sendsTo().contains(r.from()) || r.id().equals(caller.configuration())) {
                    available.addAll(caller.sets());
                }
            }
            r.reads().stream().filter(v -> !available.contains(v))
                    .forEach(v -> unset.add(r.id() + " reads variable " + v + ", which none of its steps (nor a"
                            + " caller's) sets"));
        }
        assertThat(unset).isEmpty();
    }

    /** The steps of a list, and the steps nested in each (filter, choice, split, loop, doTry...). */
    private static void walk(JsonNode steps, Route r) {
        if (steps == null || !steps.isArray()) {
            return;
        }
        for (JsonNode step : steps) {
            Iterator<Map.Entry<String, JsonNode>> fields = step.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                step(field.getKey(), field.getValue(), r);
            }
        }
    }

    private static void step(String type, JsonNode body, Route r) {
        if (body.isObject() && body.hasNonNull("id")) {
            r.stepIds().add(body.get("id").asText());
        } else {
            r.stepsWithoutId().add(type);
        }
        if (type.equals("setVariable")) {
            r.sets().add(body.path("name").asText());
        }
        if (type.equals("bean")) {
            String ref = body.path("ref").asText();
            String method = body.path("method").asText();
            Set<String> read = new LinkedHashSet<>(variablesOf(ref, method));
            read.removeAll(OPTIONAL.getOrDefault(ref + "." + method, Set.of()));
            r.reads().addAll(read);
        }
        if (Set.of("to", "toD", "enrich").contains(type)) {
            r.sendsTo().add(endpoint(body.path("uri").asText(body.path("constant").asText())));
        }
        reads(body, r);
        walk(body.path("steps"), r);
        body.path("when").forEach(when -> {
            reads(when, r);
            walk(when.path("steps"), r);
        });
        walk(body.path("otherwise").path("steps"), r);
        body.path("doCatch").forEach(c -> {
            reads(c, r);
            walk(c.path("steps"), r);
        });
        walk(body.path("doFinally").path("steps"), r);
    }

    /** Variables named in the step's own expressions (not in nested steps, which are walked on their own). */
    private static void reads(JsonNode body, Route r) {
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (Set.of("steps", "when", "otherwise", "doCatch", "doFinally").contains(field.getKey())) {
                continue;
            }
            readsIn(field.getValue(), r);
        }
    }

    private static void readsIn(JsonNode value, Route r) {
        if (value.isTextual()) {
            Matcher m = READ.matcher(value.asText());
            while (m.find()) {
                r.reads().add(m.group(1));
            }
        } else {
            value.forEach(v -> readsIn(v, r));
        }
    }

    /** The @Variable parameters of the bean's methods of that name. */
    private static Set<String> variablesOf(String ref, String method) {
        Class<?> bean = beans.get(ref);
        assertThat(bean).as("a bean named %s", ref).isNotNull();
        String name = method.contains("(") ? method.substring(0, method.indexOf('(')) : method;
        Set<String> variables = new LinkedHashSet<>();
        boolean found = false;
        for (Method m : bean.getMethods()) {
            if (m.getName().equals(name)) {
                found = true;
                for (Parameter p : m.getParameters()) {
                    if (p.isAnnotationPresent(Variable.class)) {
                        variables.add(p.getAnnotation(Variable.class).value());
                    }
                }
            }
        }
        assertThat(found).as("%s has a method %s", bean.getSimpleName(), name).isTrue();
        return variables;
    }

    /** The hub's beans by the name routes call them by. */
    private static Map<String, Class<?>> namedBeans() {
        Map<String, Class<?>> named = new HashMap<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.backuphub")) {
            if (c.isAnnotatedWith(Named.class)) {
                named.put(c.getAnnotationOfType(Named.class).value(), c.reflect());
            }
        }
        return named;
    }

    /** scheme:path of an endpoint URI, without its parameters. */
    private static String endpoint(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
