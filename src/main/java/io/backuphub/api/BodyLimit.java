package io.backuphub.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * API request bodies are at most hub.api.max-body-bytes (16 KiB) also when sent without a
 * Content-Length (chunked), which the HTTP edge checks otherwise.
 */
@Provider
public class BodyLimit implements ReaderInterceptor {

    /** Read when first needed: JAX-RS providers are created before the hub's settings are. */
    static int max() {
        return ConfigProvider.getConfig().getValue("hub.api.max-body-bytes", Integer.class);
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        int max = max();
        context.setInputStream(new FilterInputStream(context.getInputStream()) {

            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                count(Math.max(n, 0));
                return n;
            }

            private void count(int n) {
                read += n;
                if (read > max) {
                    throw new WebApplicationException(413);
                }
            }
        });
        return context.proceed();
    }
}
