package io.backuphub.notify;

import java.util.List;

/**
 * Notification rules a target takes from outside notifications.yaml: its policy's (docs/policies.md).
 * They apply to the target's events on top of the file's rules.
 */
public interface NotificationDefaults {

    /** A rule and the digest key its held notifications are grouped by ({@code policy-<id>-<n>}). */
    record Sourced(String key, NotificationConfig.Rule rule) {
    }

    List<Sourced> rules(String targetId);
}
