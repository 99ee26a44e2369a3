package io.backuphub.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.stream.Collectors;

/** Says what is wrong with a JSON or YAML document in one line: which field, and why. */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return what(e) + where;
    }

    private static String what(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field " + SafeValues.show(u.getPropertyName()) + at(u);
        }
        if (e instanceof InvalidFormatException f) {
            return "field " + path(f) + " has an invalid value " + SafeValues.show(String.valueOf(f.getValue()))
                    + " (expected " + f.getTargetType().getSimpleName() + ")";
        }
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return "field " + path(m) + " has the wrong type (expected "
                    + (m.getTargetType() == null ? "another type" : m.getTargetType().getSimpleName()) + ")";
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return "field " + path(m) + ": " + m.getOriginalMessage().split("\n")[0];
        }
        return "malformed document: " + e.getOriginalMessage().split("\n")[0];
    }

    private static String at(JsonMappingException e) {
        String path = path(e);
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : " in " + path.substring(0, dot);
    }

    static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
