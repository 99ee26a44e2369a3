package io.backuphub.webhook;

/**
 * A delivery as it arrived at {@code POST /hooks/{id}}, before anything is believed: the webhook id
 * from the path, the signing headers and the raw body. The HTTP edge reads it off the request.
 */
public record WebhookDelivery(String webhookId, String timestamp, String deliveryId, String signature, byte[] body,
        String source) {
}
