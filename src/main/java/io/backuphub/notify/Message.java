package io.backuphub.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.backuphub.common.Json;

/** The human-readable form of a notification: an event, or a digest of events. */
record Message(String headline, String text) {

    static Message of(Notification n) {
        try {
            if ("digest".equals(n.event())) {
                Digest digest = Json.MAPPER.readValue(n.payload(), Digest.class);
                return new Message(digest.headline(), digest.text());
            }
            Event event = Json.MAPPER.readValue(n.payload(), Event.class);
            return new Message(event.headline(), event.text());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable notification " + n.id(), e);
        }
    }
}
