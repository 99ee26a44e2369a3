package io.backuphub.api;

import org.jboss.resteasy.reactive.RestResponse;

/** Answers that name a new resource: its path in {@code Location}, as given (JAX-RS would make it absolute). */
final class Answers {

    private Answers() {
    }

    static <T> RestResponse<T> created(T body, String location) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.CREATED, body).header("Location", location)
                .build();
    }

    static <T> RestResponse<T> accepted(T body, String location) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, body).header("Location", location)
                .build();
    }
}
