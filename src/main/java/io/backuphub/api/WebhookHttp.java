package io.backuphub.api;

import io.backuphub.common.HubException;
import io.backuphub.common.Json;
import io.backuphub.common.SafeValues;
import io.backuphub.webhook.WebhookDelivery;
import io.backuphub.webhook.WebhookReceiver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

/**
 * The HTTP side of the signed-webhook routes (receive-webhook, webhook-job-status): what a request
 * carries, read off it for the webhook steps, and their answers written back as JSON.
 */
@ApplicationScoped
@Named("webhookHttp")
public class WebhookHttp {

    @Inject WebhookReceiver receiver;

    /** POST /hooks/{id}: the delivery as it came (nothing believed yet). */
    public WebhookDelivery delivery(Exchange exchange) {
        query(exchange, List.of());
        var message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        return new WebhookDelivery(message.getHeader("id", String.class),
                message.getHeader("X-Hub-Timestamp", String.class),
                message.getHeader("X-Hub-Delivery", String.class),
                message.getHeader("X-Hub-Signature-256", String.class),
                body == null ? new byte[0] : body, source(exchange));
    }

    /** GET /hooks/{id}/jobs/{jobId}?token=...: the job, as the API shows jobs. */
    public void jobStatus(Exchange exchange) {
        String token = query(exchange, List.of("token")).get("token");
        var message = exchange.getMessage();
        json(exchange, 200, Views.JobView.of(receiver.status(message.getHeader("id", String.class),
                message.getHeader("jobId", String.class), token)));
    }

    /** 202 with the delivery's job and its status link. */
    public void accepted(Exchange exchange) {
        json(exchange, 202, exchange.getMessage().getBody());
    }

    private static void json(Exchange exchange, int status, Object body) {
        try {
            exchange.getMessage().setBody(Json.MAPPER.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render an answer", e);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /** The request's query parameters, each at most once and none but {@code known}. */
    private static Map<String, String> query(Exchange exchange, List<String> known) {
        Map<String, List<String>> given = new io.netty.handler.codec.http.QueryStringDecoder(
                ((HttpMessage) exchange.getMessage()).getRequest().uri()).parameters();
        for (Map.Entry<String, List<String>> p : given.entrySet()) {
            if (!known.contains(p.getKey())) {
                throw HubException.invalid("unknown query parameter " + SafeValues.show(p.getKey()));
            }
            if (p.getValue().size() > 1) {
                throw HubException.invalid("query parameter " + p.getKey() + " given more than once");
            }
        }
        Map<String, String> values = new java.util.HashMap<>();
        given.forEach((name, list) -> values.put(name, list.get(0)));
        return values;
    }

    private static String source(Exchange exchange) {
        Object address = exchange.getMessage().getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS);
        return address instanceof io.vertx.core.net.SocketAddress a ? a.hostAddress() : null;
    }
}
