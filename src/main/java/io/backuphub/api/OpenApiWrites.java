package io.backuphub.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Every write takes application/json, bodiless ones too (the HTTP edge answers 415 otherwise): the
 * document says so, so that Swagger UI and generated clients send it.
 */
public class OpenApiWrites implements OASFilter {

    @Override
    public PathItem filterPathItem(PathItem path) {
        for (Map.Entry<PathItem.HttpMethod, org.eclipse.microprofile.openapi.models.Operation> op : path.getOperations()
                .entrySet()) {
            boolean write = op.getKey() == PathItem.HttpMethod.POST || op.getKey() == PathItem.HttpMethod.PUT;
            if (write && op.getValue().getRequestBody() == null) {
                op.getValue().setRequestBody(OASFactory.createRequestBody().content(OASFactory.createContent()
                        .addMediaType("application/json", OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.OBJECT))))));
            }
        }
        return path;
    }
}
