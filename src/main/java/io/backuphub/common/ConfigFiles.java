package io.backuphub.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading the YAML files ops edit (targets, schedules, notifications): strict, with readable errors. */
public final class ConfigFiles {

    private static final int MAX_PROBLEMS = 100;

    private ConfigFiles() {
    }

    /**
     * The file's document; empty when the file does not exist or is blank. {@code problemType} names
     * the problem an invalid file is reported as (e.g. "invalid-targets-file").
     */
    public static <T> Optional<T> read(Path file, Class<T> type, String problemType) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return parse(Files.readString(file), file.toString(), type, problemType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Parses YAML text; a syntax error or an unknown field is an {@link InvalidConfigException} naming
     * where. Every field of the wrong type or unknown is reported, not only the first: after each
     * error the offending value is set aside and the rest is read again.
     */
    public static <T> Optional<T> parse(String yaml, String source, Class<T> type, String problemType) {
        return parse(Json.YAML, yaml, source, type, problemType);
    }

    /** As {@link #parse(String, String, Class, String)}, with a mapper of the caller's (one that admits more fields). */
    public static <T> Optional<T> parse(ObjectMapper mapper, String yaml, String source, Class<T> type,
            String problemType) {
        if (yaml.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(mapper.readValue(yaml, type));
        } catch (JsonProcessingException first) {
            List<String> problems = new ArrayList<>(List.of(JsonErrors.describe(first)));
            if (first instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                problems.addAll(furtherProblems(mapper, yaml, type, mapping));
            }
            throw new InvalidConfigException(problemType, source, problems);
        }
    }

    /**
     * An engine's section of a config file (already read as plain YAML values) as {@code type}, as
     * strictly as the file: an unknown or mistyped field is a problem, and the result is then null.
     */
    public static <T> T section(Object raw, Class<T> type, Problems problems) {
        if (raw == null) {
            return null;
        }
        try {
            return Json.YAML.convertValue(raw, type);
        } catch (IllegalArgumentException e) {
            Throwable cause = e.getCause();
            problems.add(cause instanceof JsonProcessingException json ? JsonErrors.describe(json) : e.getMessage());
            return null;
        }
    }

    private static List<String> furtherProblems(ObjectMapper mapper, String yaml, Class<?> type,
            JsonMappingException first) {
        List<String> problems = new ArrayList<>();
        JsonNode tree;
        try {
            tree = Json.YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            return problems;
        }
        JsonMappingException error = first;
        for (int i = 0; i < MAX_PROBLEMS && setAside(tree, error.getPath()); i++) {
            try {
                mapper.treeToValue(tree, type);
                return problems;
            } catch (JsonMappingException next) {
                error = next;
                if (next.getPath().isEmpty()) {
                    return problems;
                }
                problems.add(JsonErrors.describe(next));
            } catch (JsonProcessingException other) {
                return problems;
            }
        }
        return problems;
    }

    /** Removes the field (or nulls the list item) a mapping error points at; false if there is none. */
    private static boolean setAside(JsonNode tree, List<JsonMappingException.Reference> path) {
        JsonNode parent = tree;
        for (int i = 0; i < path.size() - 1; i++) {
            JsonMappingException.Reference ref = path.get(i);
            parent = ref.getFieldName() != null ? parent.get(ref.getFieldName()) : parent.get(ref.getIndex());
            if (parent == null) {
                return false;
            }
        }
        JsonMappingException.Reference last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object && last.getFieldName() != null && object.has(last.getFieldName())) {
            object.remove(last.getFieldName());
            return true;
        }
        if (parent instanceof ArrayNode array && last.getIndex() >= 0 && last.getIndex() < array.size()
                && !array.get(last.getIndex()).isNull()) {
            array.set(last.getIndex(), NullNode.getInstance());
            return true;
        }
        return false;
    }
}
