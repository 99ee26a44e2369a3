package io.backuphub;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reading the YAML files ops edit (targets, schedules, notifications): strict, with readable errors. */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /** The file's document; empty when the file does not exist or is blank. */
    public static <T> Optional<T> read(Path file, Class<T> type) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return parse(Files.readString(file), file.toString(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses YAML text; a syntax error or an unknown field is an {@link InvalidConfigException} naming where. */
    public static <T> Optional<T> parse(String yaml, String source, Class<T> type) {
        if (yaml.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.YAML.readValue(yaml, type));
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(source, List.of(JsonErrors.describe(e)));
        }
    }
}
