package io.backuphub.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.backuphub.common.Json;
import io.quarkus.qute.TemplateExtension;

/** {@code {json:pretty(value)}} in a template: a value as the API would show it, indented. */
@TemplateExtension(namespace = "json")
public final class JsonText {

    private JsonText() {
    }

    static String pretty(Object value) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    static String compact(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
