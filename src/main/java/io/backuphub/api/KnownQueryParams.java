package io.backuphub.api;

import io.backuphub.common.HubException;
import io.backuphub.common.SafeValues;
import io.netty.handler.codec.http.QueryStringDecoder;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A query parameter the operation does not declare is a 400 naming it (a typo'd filter must not
 * quietly return everything), and so is one given twice.
 */
@Provider
public class KnownQueryParams implements ContainerRequestFilter {

    private final Map<Method, Set<String>> declared = new ConcurrentHashMap<>();

    @Context ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Set<String> known = declared.computeIfAbsent(resource.getResourceMethod(), KnownQueryParams::queryParams);
        // Parsed from the request line itself: the framework's view of "query parameters" can include path parameters.
        Map<String, List<String>> given = new QueryStringDecoder(request.getUriInfo().getRequestUri()).parameters();
        List<String> unknown = given.keySet().stream().filter(name -> !known.contains(name)).sorted()
                .map(SafeValues::show).toList();
        if (!unknown.isEmpty()) {
            throw HubException.invalid("unknown query parameter" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + (known.isEmpty() ? ": this operation takes none"
                            : ": this operation takes " + String.join(", ", known)));
        }
        given.forEach((name, values) -> {
            if (values.size() > 1) {
                throw HubException.invalid("query parameter " + name + " given more than once");
            }
        });
    }

    private static Set<String> queryParams(Method method) {
        return new TreeSet<>(Arrays.stream(method.getParameters()).map(p -> p.getAnnotation(QueryParam.class))
                .filter(java.util.Objects::nonNull).map(QueryParam::value).toList());
    }
}
