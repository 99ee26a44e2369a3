package io.backuphub.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server on a random loopback port that records every request (Slack, Discord, webhooks). */
public final class HttpReceiver implements AutoCloseable {

    /** One received request. Header names are lower-case. */
    public record Request(String path, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private HttpReceiver(HttpServer server) {
        this.server = server;
    }

    public static HttpReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HttpReceiver receiver = new HttpReceiver(server);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            receiver.requests.add(new Request(exchange.getRequestURI().getPath(), headers, body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return receiver;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> received(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
