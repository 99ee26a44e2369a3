package io.backuphub.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.common.Json;
import io.quarkus.qute.TemplateExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    /** One labelled value of a JSON document, for a {@code <dl>}: "object · sha256" and its text. */
    public record Field(String label, String value) {
    }

    /**
     * {@code {json:fields(value)}}: a JSON document (evidence, a manifest) as labelled fields instead of
     * JSON: nested objects flattened into "parent · child" labels, names said as words ("tocEntries" →
     * "toc entries"), numbers with digit groups, lists joined.
     */
    static List<Field> fields(Object value) {
        List<Field> out = new ArrayList<>();
        flatten("", Json.MAPPER.valueToTree(value), out);
        return out;
    }

    private static void flatten(String label, JsonNode node, List<Field> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten((label.isEmpty() ? "" : label + " · ") + words(e.getKey()),
                    e.getValue(), out));
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.isValueNode() ? text(item) : item.toString()));
            out.add(new Field(label, items.isEmpty() ? "none" : String.join(", ", items)));
        } else {
            out.add(new Field(label, text(node)));
        }
    }

    private static String text(JsonNode value) {
        return value.isIntegralNumber() ? String.format(Locale.ROOT, "%,d", value.asLong()) : value.asText();
    }

    private static String words(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    /** {@code {json:text(document, 'field')}}: a top-level text field of a JSON document; null when absent. */
    static String text(Object document, String field) {
        JsonNode value = Json.MAPPER.valueToTree(document).path(field);
        return value.isValueNode() && !value.asText().isBlank() ? value.asText() : null;
    }
}
