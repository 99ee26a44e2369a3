package io.backuphub.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The TXT record manager against Cloudflare's real API, when HUB_TEST_CLOUDFLARE_TOKEN (a token with
 * DNS edit on the zone) and HUB_TEST_CLOUDFLARE_ZONE (the zone's id) are set; skipped, saying so,
 * otherwise. It creates one record under a random name, reads it back, overwrites it with a long
 * (split) text, finds it in the zone's list, and deletes it.
 */
class CloudflareLiveTest {

    @Test
    void aTxtRecordsLifeOnTheRealApi() throws Exception {
        String token = System.getenv("HUB_TEST_CLOUDFLARE_TOKEN");
        String zoneId = System.getenv("HUB_TEST_CLOUDFLARE_ZONE");
        assumeTrue(token != null && zoneId != null, "HUB_TEST_CLOUDFLARE_TOKEN and HUB_TEST_CLOUDFLARE_ZONE are not"
                + " set: the test against Cloudflare's real API is skipped");
        Path tokenFile = Files.createTempFile("cf-token-", "");
        Files.writeString(tokenFile, token);
        CloudflareClient cloudflare = new CloudflareClient("https://api.cloudflare.com/client/v4",
                Optional.of(tokenFile), 4);
        Zone zone = cloudflare.zone(zoneId);
        String name = "_hub-test-" + UUID.randomUUID().toString().substring(0, 8) + "." + zone.name();
        TxtRecord created = cloudflare.create(zoneId, name, "backup-hub live test", 1, "backup-hub live test");
        try {
            assertThat(cloudflare.txtRecord(zoneId, created.id()).text()).isEqualTo("backup-hub live test");
            String longText = "v=DKIM1; p=" + "B".repeat(500);
            cloudflare.overwrite(zoneId, created.id(), name, longText, 300, "backup-hub live test");
            TxtRecord read = cloudflare.txtRecord(zoneId, created.id());
            assertThat(read.text()).isEqualTo(longText);
            assertThat(read.ttl()).isEqualTo(300);
            assertThat(cloudflare.txtRecords(zoneId)).extracting(TxtRecord::id).contains(created.id());
        } finally {
            cloudflare.delete(zoneId, created.id());
            Files.delete(tokenFile);
        }
        assertThat(cloudflare.txtRecords(zoneId)).extracting(TxtRecord::id).doesNotContain(created.id());
    }
}
