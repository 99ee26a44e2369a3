package io.backuphub.api;

import io.backuphub.common.HubException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * Typed query parameters (integers, booleans, instants, the API's lower-case enum values) whose bad values are
 * 400 problems naming the parameter and what it takes — JAX-RS would answer 404 for them.
 */
@Provider
public class QueryParams implements ParamConverterProvider {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> ParamConverter<T> getConverter(Class<T> type, Type generic, Annotation[] annotations) {
        String name = Arrays.stream(annotations).filter(QueryParam.class::isInstance).map(a -> ((QueryParam) a).value())
                .findFirst().orElse(null);
        if (name == null) {
            return null;
        }
        if (type == Integer.class) {
            return (ParamConverter<T>) converter(name, Integer::valueOf, "an integer");
        }
        if (type == Boolean.class) {
            return (ParamConverter<T>) converter(name, value -> switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(value);
            }, "true or false");
        }
        if (type == Instant.class) {
            return (ParamConverter<T>) converter(name, Instant::parse,
                    "an ISO-8601 instant such as 2026-11-28T02:00:00Z");
        }
        if (type.isEnum()) {
            Enum<?>[] constants = ((Class<? extends Enum>) type).getEnumConstants();
            String allowed = Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).toList().toString();
            return (ParamConverter<T>) converter(name, value -> Arrays.stream(constants)
                    .filter(c -> c.name().equalsIgnoreCase(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(value)), "one of " + allowed);
        }
        return null;
    }

    private static <V> ParamConverter<V> converter(String name, Function<String, V> parse, String expected) {
        return new ParamConverter<>() {

            @Override
            public V fromString(String value) {
                try {
                    return value == null || value.isEmpty() ? null : parse.apply(value);
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    throw HubException.invalid(name + " must be " + expected);
                }
            }

            @Override
            public String toString(V value) {
                return String.valueOf(value);
            }
        };
    }
}
