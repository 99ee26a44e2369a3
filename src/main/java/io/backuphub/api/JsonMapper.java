package io.backuphub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backuphub.common.Json;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The API reads and writes JSON with the hub's strict mapper: unknown fields and mistyped values are errors. */
public class JsonMapper {

    @Produces
    @Singleton
    ObjectMapper objectMapper() {
        return Json.MAPPER;
    }
}
