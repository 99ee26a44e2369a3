package io.backuphub.ops;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Who is calling Hawtio's Jolokia agent, for {@link JolokiaPolicy}'s audit: Jolokia asks its
 * restrictor about MBeans only, so this filter (in front of the agent, web.xml) keeps the caller for
 * the request's thread.
 */
public class JolokiaCallers implements Filter {

    /** The API key's name as the HTTP edge authenticated it, and the client's address. */
    record Caller(String name, String source) {
    }

    private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();
    private static final Caller UNKNOWN = new Caller("unknown", null);

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        CURRENT.set(new Caller(http.getUserPrincipal() == null ? "unknown" : http.getUserPrincipal().getName(),
                http.getRemoteAddr()));
        try {
            chain.doFilter(request, response);
        } finally {
            CURRENT.remove();
        }
    }

    static Caller current() {
        Caller caller = CURRENT.get();
        return caller == null ? UNKNOWN : caller;
    }
}
