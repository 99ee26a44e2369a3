package io.backuphub.catalog;

import io.backuphub.common.HubException;

/** The catalog database failed; the request or job fails with this message (503 at the HTTP edge). */
public class CatalogException extends HubException {

    public CatalogException(String message, Throwable cause) {
        super(Kind.UNAVAILABLE, "catalog-unavailable", message);
        initCause(cause);
    }
}
