package io.backuphub.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.backuphub.common.Globs;
import java.util.List;

/** notifications.yaml: where messages go (channels) and which events go where (rules). */
public record NotificationConfig(List<Channel> channels, List<Rule> rules) {

    /** The events a rule may name ({@link EventType}). */
    public static final List<String> EVENTS = EventType.ids();

    public static NotificationConfig empty() {
        return new NotificationConfig(List.of(), List.of());
    }

    /**
     * One destination. Secrets are references: {@code passwordEnv}/{@code passwordFile} (SMTP),
     * {@code urlEnv}/{@code urlFile} (Slack and Discord webhook URLs are credentials),
     * {@code secretEnv}/{@code secretFile} (the signing key of generic webhooks). {@code caFile}: PEM
     * certificates an email channel trusts instead of the JVM's CAs (a relay with a private CA).
     * {@code topic}/{@code projectId}: a Pub/Sub channel's topic, in {@code projectId} (default: the
     * GOOGLE_CLOUD_PROJECT environment variable, as Google's libraries read it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Channel(String id, String type, String url, String urlEnv, String urlFile, String secretEnv,
            String secretFile, String host, Integer port, String security, String username,
            String passwordEnv, String passwordFile, String caFile, String from, List<String> to, String topic,
            String projectId) {
    }

    /** Events (or "*") about targets / environments (ids or globs) go to channels, now or as a daily digest. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rule(List<String> events, List<String> targets, List<String> environments, List<String> channels,
            String digest) {

        public boolean matches(String event, String targetId, String environment) {
            boolean eventMatches = events.contains("*") || events.contains(event);
            boolean targetMatches = targets == null || targetId == null || Globs.anyMatches(targets, targetId);
            boolean environmentMatches = environments == null || environment == null
                    || Globs.anyMatches(environments, environment);
            return eventMatches && targetMatches && environmentMatches;
        }

        public boolean daily() {
            return "daily".equals(digest);
        }
    }
}
