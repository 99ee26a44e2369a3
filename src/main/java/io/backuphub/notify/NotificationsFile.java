package io.backuphub.notify;

import io.backuphub.common.ConfigFiles;
import io.backuphub.common.Globs;
import io.backuphub.common.InvalidConfigException;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.integration.GoogleNames;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads and validates notifications.yaml, reporting every problem with its path. */
public final class NotificationsFile {

    private static final Set<String> TYPES = Set.of("email", "slack", "discord", "webhook", "pubsub");

    static final String PROBLEM = "invalid-notifications-file";

    private NotificationsFile() {
    }

    static NotificationConfig load(Path file) {
        NotificationConfig config = ConfigFiles.read(file, NotificationConfig.class, PROBLEM)
                .orElse(NotificationConfig.empty());
        config = new NotificationConfig(config.channels() == null ? List.of() : config.channels(),
                config.rules() == null ? List.of() : config.rules());
        Problems problems = new Problems();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < config.channels().size(); i++) {
            channel(config.channels().get(i), ids, problems.at("channels[" + i + "]"));
        }
        for (int i = 0; i < config.rules().size(); i++) {
            rule(config.rules().get(i), ids, problems.at("rules[" + i + "]"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(PROBLEM, file.toString(), problems.messages());
        }
        return config;
    }

    private static void channel(NotificationConfig.Channel c, Set<String> ids, Problems p) {
        if (SafeValues.check(p, "id", SafeValues.SLUG, c.id()) && !ids.add(c.id())) {
            p.add("id", "duplicate id " + c.id());
        }
        if (!TYPES.contains(c.type())) {
            p.add("type", "must be one of " + TYPES + ", not " + SafeValues.show(c.type()));
            return;
        }
        if (c.type().equals("email")) {
            if (!SafeValues.matches(SafeValues.HOST, c.host())) {
                p.add("host", "must be the SMTP server's host name");
            }
            if (c.port() != null && (c.port() < 1 || c.port() > 65535)) {
                p.add("port", "must be within 1..65535");
            }
            if (c.security() != null && !Set.of("starttls", "tls", "none").contains(c.security())) {
                p.add("security", "must be starttls (default), tls or none");
            }
            if (c.from() == null || !c.from().contains("@")) {
                p.add("from", "must be an email address");
            }
            if (c.to() == null || c.to().isEmpty() || !c.to().stream().allMatch(a -> a != null && a.contains("@"))) {
                p.add("to", "must list one or more email addresses");
            }
            if (c.passwordEnv() != null && c.passwordFile() != null) {
                p.add("give passwordEnv or passwordFile, not both");
            }
            secretRef(c.passwordEnv(), c.passwordFile(), "password", p);
            if (c.caFile() != null) {
                if ("none".equals(c.security())) {
                    p.add("caFile", "only applies with security starttls or tls");
                }
                try {
                    PemTrust.certificates(Path.of(c.caFile()));
                } catch (IOException | RuntimeException e) {
                    p.add("caFile", e.getMessage());
                }
            }
            return;
        }
        if (c.caFile() != null) {
            p.add("caFile", "only applies to email channels");
        }
        if (c.type().equals("pubsub")) {
            SafeValues.check(p, "topic", GoogleNames.PUBSUB_ID, c.topic());
            if (c.projectId() != null) {
                SafeValues.check(p, "projectId", GoogleNames.PROJECT_ID, c.projectId());
            } else if (ConfigProvider.getConfig().getOptionalValue("GOOGLE_CLOUD_PROJECT", String.class).isEmpty()) {
                p.add("projectId", "is required (or the GOOGLE_CLOUD_PROJECT environment variable)");
            }
            return;
        }
        if (c.topic() != null || c.projectId() != null) {
            p.add("topic and projectId only apply to pubsub channels");
        }
        int urls = (c.url() != null ? 1 : 0) + (c.urlEnv() != null ? 1 : 0) + (c.urlFile() != null ? 1 : 0);
        if (urls != 1) {
            p.add("exactly one of url, urlEnv or urlFile is required"
                    + (c.type().equals("webhook") ? ""
                            : " (a " + c.type() + " webhook URL is a secret: prefer urlEnv or urlFile)"));
        }
        if (c.url() != null) {
            try {
                URI uri = URI.create(c.url());
                if (!Set.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null) {
                    p.add("url", "must be an http(s) URL");
                }
            } catch (IllegalArgumentException e) {
                p.add("url", "must be an http(s) URL");
            }
        }
        secretRef(c.urlEnv(), c.urlFile(), "url", p);
        if (c.type().equals("webhook")) {
            if ((c.secretEnv() == null) == (c.secretFile() == null)) {
                p.add("exactly one of secretEnv or secretFile is required: webhooks are signed");
            }
            secretRef(c.secretEnv(), c.secretFile(), "secret", p);
        }
    }

    private static void secretRef(String env, String file, String what, Problems p) {
        if (env != null && !SafeValues.matches(SafeValues.ENV_NAME, env)) {
            p.add(what + "Env", "must name an environment variable");
        }
        if (file != null && !Files.isReadable(Path.of(file))) {
            p.add(what + "File", "file " + SafeValues.show(file) + " does not exist or is not readable");
        }
    }

    /** A rule's events, globs, channels (among {@code channelIds}) and digest, as notifications.yaml checks them. */
    public static void rule(NotificationConfig.Rule r, Set<String> channelIds, Problems p) {
        if (r.events() == null || r.events().isEmpty()) {
            p.add("events", "must list events (or \"*\"): " + NotificationConfig.EVENTS);
        } else {
            for (String e : r.events()) {
                if (!e.equals("*") && !NotificationConfig.EVENTS.contains(e)) {
                    p.add("events",
                            "unknown event " + SafeValues.show(e) + " (known: " + NotificationConfig.EVENTS + ")");
                }
            }
        }
        Globs.check(r.targets(), "targets", p);
        Globs.check(r.environments(), "environments", p);
        if (r.channels() == null || r.channels().isEmpty()) {
            p.add("channels", "must list one or more channel ids");
        } else {
            r.channels().stream().filter(c -> !channelIds.contains(c))
                    .forEach(c -> p.add("channels", "no channel " + SafeValues.show(c) + " is declared"));
        }
        if (r.digest() != null && !Set.of("daily", "none").contains(r.digest())) {
            p.add("digest", "must be daily or none");
        }
    }
}
