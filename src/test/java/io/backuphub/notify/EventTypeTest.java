package io.backuphub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The events the docs name are the events there are: docs/configuration.md's list against EventType. */
class EventTypeTest {

    @Test
    void theDocsNameEveryEventAndNoOther() throws Exception {
        String docs = Files.readString(Path.of("docs/configuration.md"));
        int start = docs.indexOf("\nEvents: ");
        assertThat(start).as("configuration.md lists the events after \"Events: \"").isPositive();
        String list = docs.substring(start, docs.indexOf("Generic webhooks", start));
        Set<String> named = new LinkedHashSet<>();
        Matcher m = Pattern.compile("`([a-z]+\\.[a-z]+)`").matcher(list);
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).containsExactlyInAnyOrderElementsOf(EventType.ids());
        assertThat(NotificationConfig.EVENTS).isEqualTo(EventType.ids());
    }
}
