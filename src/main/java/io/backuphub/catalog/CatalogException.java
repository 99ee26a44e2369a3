package io.backuphub.catalog;

/** The catalog database failed; callers fail the request or job with this message. */
public class CatalogException extends RuntimeException {

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
