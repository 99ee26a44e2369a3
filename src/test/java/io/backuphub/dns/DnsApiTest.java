package io.backuphub.dns;

import static io.backuphub.testing.HubApi.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import io.backuphub.testing.CloudflareDouble;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Cloudflare TXT record manager against a double of Cloudflare's v4 API: zones and records read
 * over every page, a record created, read, overwritten and deleted (audited), long texts split into
 * 255-byte strings, bad input refused before Cloudflare sees it, Cloudflare's errors passed on, 429s
 * waited out per Retry-After, and dns.yaml planned and applied in one batch without touching records
 * the hub does not own.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class DnsApiTest {

    private CloudflareDouble cloudflare;
    private String zone;

    @BeforeEach
    void zone() throws Exception {
        cloudflare = HubTestResource.cloudflare();
        cloudflare.clear();
        zone = cloudflare.addZone("example.com");
        Files.deleteIfExists(HubTestResource.dnsFile());
    }

    @Test
    void zonesAndRecordsAreReadOverEveryPageAndTheTokenNeverShows() {
        for (int i = 0; i < 59; i++) {
            cloudflare.addZone("zone" + i + ".example.net");
        }
        for (int i = 0; i < 230; i++) {
            cloudflare.addTxt(zone, "r" + i + ".example.com", "text " + i, 1, null);
        }
        Response zones = api().get("/api/v1/dns/zones");
        zones.then().statusCode(200);
        assertThat(zones.jsonPath().getList("items.name")).hasSize(60).contains("example.com");
        Response txt = api().get("/api/v1/dns/zones/" + zone + "/txt");
        txt.then().statusCode(200);
        assertThat(txt.jsonPath().getList("items.text")).hasSize(230).contains("text 0", "text 229");
        assertThat(cloudflare.seen()).filteredOn(s -> s.path().endsWith("/dns_records")).hasSize(3);
        assertThat(cloudflare.seen()).filteredOn(s -> s.path().endsWith("/zones")).hasSize(2);
        assertThat(zones.asString() + txt.asString()).doesNotContain(HubTestResource.CLOUDFLARE_TOKEN);
    }

    @Test
    void aRecordIsCreatedReadOverwrittenAndDeletedAndEachChangeAudited() {
        JsonPath created = api().body("{\"name\":\"_acme-challenge\",\"text\":\"token-1\",\"ttl\":120}")
                .post("/api/v1/dns/zones/" + zone + "/txt").then().statusCode(201)
                .header("Location", containsString("/api/v1/dns/zones/" + zone + "/txt/")).extract().jsonPath();
        String id = created.getString("id");
        assertThat(created.getString("name")).isEqualTo("_acme-challenge.example.com");
        assertThat(cloudflare.txt(zone)).singleElement().satisfies(r -> {
            assertThat(r.get("content").asText()).isEqualTo("token-1");
            assertThat(r.get("ttl").asInt()).isEqualTo(120);
        });
        api().get("/api/v1/dns/zones/" + zone + "/txt/" + id).then().statusCode(200)
                .body("text", org.hamcrest.Matchers.equalTo("token-1"));

        api().body("{\"name\":\"_acme-challenge.example.com\",\"text\":\"token-2\"}")
                .put("/api/v1/dns/zones/" + zone + "/txt/" + id).then().statusCode(200);
        assertThat(cloudflare.txt(zone)).singleElement().satisfies(r -> {
            assertThat(r.get("content").asText()).isEqualTo("token-2");
            assertThat(r.get("ttl").asInt()).as("automatic").isEqualTo(1);
        });

        api().delete("/api/v1/dns/zones/" + zone + "/txt/" + id).then().statusCode(204);
        assertThat(cloudflare.txt(zone)).isEmpty();
        api().get("/api/v1/dns/zones/" + zone + "/txt/" + id).then().statusCode(404)
                .body("errors", hasItem(containsString("81044")));
        List<String> actions = api().get("/api/v1/audit?resource=dns/" + zone + "/_acme-challenge.example.com")
                .then().statusCode(200).extract().jsonPath().getList("items.action");
        assertThat(actions).containsExactly("dns.delete", "dns.update", "dns.create");
    }

    @Test
    void aLongTextIsSplitInto255ByteStrings() {
        String dkim = "v=DKIM1; k=rsa; p=" + "A".repeat(600);
        api().body(Map.of("name", "sel._domainkey", "text", dkim)).post("/api/v1/dns/zones/" + zone + "/txt")
                .then().statusCode(201).body("text", org.hamcrest.Matchers.equalTo(dkim));
        String content = cloudflare.txt(zone).get(0).get("content").asText();
        assertThat(content).startsWith("\"v=DKIM1").matches("(\"[^\"]{1,255}\" ?)+");
        assertThat(content.split("\" \"")).hasSize(3);
    }

    @Test
    void badInputIsRefusedBeforeCloudflare() {
        int before = cloudflare.seen().size();
        api().body(Map.of("name", "www.example.org.", "text", "x")).post("/api/v1/dns/zones/" + zone + "/txt")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasItem(containsString("not a name inside zone example.com")));
        api().body(Map.of("name", "big", "text", "x".repeat(2100))).post("/api/v1/dns/zones/" + zone + "/txt")
                .then().statusCode(400).body("errors", hasItem(containsString("at most 2048")));
        api().body(Map.of("name", "short", "text", "x", "ttl", 30)).post("/api/v1/dns/zones/" + zone + "/txt")
                .then().statusCode(400).body("errors", hasItem(containsString("60..86400")));
        api().body(Map.of("name", "bad\nname", "text", "x")).post("/api/v1/dns/zones/" + zone + "/txt")
                .then().statusCode(400);
        // No control character of any kind: DEL, C1, Unicode's line and paragraph separators.
        for (String control : List.of("\u007f", "\u0085", "\u009b", "\u2028", "\u2029", "\r")) {
            api().body(Map.of("name", "ctl", "text", "a" + control + "b")).post("/api/v1/dns/zones/" + zone + "/txt")
                    .then().statusCode(400).body("errors", hasItem(containsString("control characters")));
        }
        // The mark of dns.yaml's records cannot be put on a record made by hand (an apply would take it over).
        for (String comment : List.of("managed by backup-hub", " Managed by Backup-Hub ")) {
            api().body(Map.of("name", "mine", "text", "x", "comment", comment))
                    .post("/api/v1/dns/zones/" + zone + "/txt").then().statusCode(400)
                    .body("errors", hasItem(containsString("choose another comment")));
        }
        assertThat(cloudflare.seen().subList(before, cloudflare.seen().size()))
                .as("only the zone lookups reach Cloudflare").allSatisfy(s -> assertThat(s.method()).isEqualTo("GET"));
    }

    /** The value may come as content, Cloudflare's name for it; answers say text. */
    @Test
    void theValueMayBeSentAsContent() {
        api().body(Map.of("name", "as-content", "content", "v=spf1 -all")).post("/api/v1/dns/zones/" + zone + "/txt")
                .then().statusCode(201).body("text", org.hamcrest.Matchers.equalTo("v=spf1 -all"));
        api().body(Map.of("name", "both", "text", "a", "content", "b")).post("/api/v1/dns/zones/" + zone + "/txt")
                .then().statusCode(400).body("errors", hasItem(containsString("not both")));
        api().body(Map.of("name", "neither")).post("/api/v1/dns/zones/" + zone + "/txt").then().statusCode(400);
    }

    /** Quoted strings are read as Cloudflare reads them, spaces around them or not: their text, joined. */
    @Test
    void quotedInputIsItsStringsJoined() {
        api().body(Map.of("name", "quoted", "text", " \"p1\" \"p2\"")).post("/api/v1/dns/zones/" + zone + "/txt")
                .then().statusCode(201).body("text", org.hamcrest.Matchers.equalTo("p1p2"));
        assertThat(cloudflare.txt(zone)).filteredOn(r -> r.get("name").asText().startsWith("quoted."))
                .singleElement().satisfies(r -> assertThat(r.get("content").asText()).isEqualTo("p1p2"));
        // A quote inside a text is sent quoted and escaped, so Cloudflare keeps it.
        api().body(Map.of("name", "with-quote", "text", "say \"hi\"")).post("/api/v1/dns/zones/" + zone + "/txt")
                .then().statusCode(201).body("text", org.hamcrest.Matchers.equalTo("say \"hi\""));
        api().body(Map.of("name", "too-long", "text", "\"" + "x".repeat(256) + "\"")).post("/api/v1/dns/zones/" + zone
                + "/txt").then().statusCode(400).body("errors", hasItem(containsString("255 bytes")));
    }

    @Test
    void cloudflaresErrorsArePassedOnAnd429sAreWaitedOut() {
        cloudflare.addTxt(zone, "dup.example.com", "same", 1, null);
        api().body(Map.of("name", "dup", "text", "same")).post("/api/v1/dns/zones/" + zone + "/txt")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasItem("81058: An identical record already exists."));

        cloudflare.throttle(2, 1);
        api().get("/api/v1/dns/zones").then().statusCode(200);
        List<CloudflareDouble.Seen> seen = cloudflare.seen().stream().filter(s -> s.path().endsWith("/zones"))
                .toList();
        assertThat(seen).extracting(CloudflareDouble.Seen::status).containsExactly(429, 429, 200);
        assertThat(Duration.between(seen.get(0).at(), seen.get(2).at())).as("Retry-After: 1 s, twice")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        cloudflare.throttle(100, 1);
        api().get("/api/v1/dns/zones").then().statusCode(429).header("Retry-After", "1")
                .body("errors", hasItem(containsString("971")));
        cloudflare.throttle(0, 0);
    }

    @Test
    void dnsYamlIsPlannedAndAppliedInOneBatchLeavingOthersRecordsAlone() throws Exception {
        String verification = cloudflare.addTxt(zone, "example.com", "google-site-verification=abc", 1, null);
        String dmarc = cloudflare.addTxt(zone, "_dmarc.example.com", "v=DMARC1; p=none", 1, "made by hand");
        String old = cloudflare.addTxt(zone, "old.example.com", "gone", 1, "managed by backup-hub");
        String check = cloudflare.addTxt(zone, "hub-check.example.com", "x", 1, "managed by backup-hub");
        Files.writeString(HubTestResource.dnsFile(), """
                zones:
                  - zone: example.com
                    owns: [_dmarc]
                    records:
                      - {name: "@", text: "v=spf1 include:_spf.example.net -all"}
                      - {name: _dmarc, text: "v=DMARC1; p=reject"}
                      - {name: hub-check, text: x, ttl: 300}
                """);
        JsonPath plan = api().post("/api/v1/dns/plan").then().statusCode(200).extract().jsonPath();
        assertThat(plan.getBoolean("applied")).isFalse();
        assertThat(plan.getInt("zones[0].leftAlone")).as("the site verification is not the hub's").isEqualTo(1);
        List<Map<String, Object>> changes = plan.getList("zones[0].changes");
        assertThat(changes).extracting(c -> c.get("action") + " " + c.get("name") + " " + c.get("recordId"))
                .containsExactlyInAnyOrder("create example.com null", "update _dmarc.example.com " + dmarc,
                        "update hub-check.example.com " + check, "delete old.example.com " + old);

        JsonPath applied = api().post("/api/v1/dns/apply").then().statusCode(200).extract().jsonPath();
        assertThat(applied.getBoolean("applied")).isTrue();
        assertThat(cloudflare.seen()).filteredOn(s -> s.path().endsWith("/batch")).hasSize(1);
        assertThat(cloudflare.txt(zone)).extracting(r -> r.get("name").asText() + "=" + r.get("content").asText()
                + " " + r.get("ttl").asInt()).containsExactlyInAnyOrder(
                        "example.com=google-site-verification=abc 1", "_dmarc.example.com=v=DMARC1; p=reject 1",
                        "hub-check.example.com=x 300", "example.com=v=spf1 include:_spf.example.net -all 1");
        assertThat(cloudflare.txt(zone)).filteredOn(r -> r.get("id").asText().equals(verification)).singleElement()
                .satisfies(r -> assertThat(r.get("comment").isNull()).isTrue());
        assertThat(api().post("/api/v1/dns/plan").then().statusCode(200).extract().jsonPath()
                .getList("zones[0].changes")).as("nothing left to do").isEmpty();
        List<String> audited = api().get("/api/v1/audit?action=dns.").then().statusCode(200).extract().jsonPath()
                .getList("items.resource");
        assertThat(audited).contains("dns/" + zone + "/example.com", "dns/" + zone + "/_dmarc.example.com",
                "dns/" + zone + "/hub-check.example.com", "dns/" + zone + "/old.example.com");
    }

    @Test
    void aZoneTheTokenCannotSeeOrABrokenFileIsRefusedWithTheReason() throws Exception {
        Files.writeString(HubTestResource.dnsFile(), "zones:\n  - zone: example.org\n    records: []\n");
        api().post("/api/v1/dns/plan").then().statusCode(422)
                .body("detail", containsString("zone example.org"));
        Files.writeString(HubTestResource.dnsFile(), "zones:\n  - zone: example.com\n    records:\n"
                + "      - {name: \"a..b\", text: \"\", ttl: 5, colour: red}\n");
        api().post("/api/v1/dns/apply").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                .contentType("application/problem+json").body("errors", hasItem(containsString("colour")));
        assertThat(cloudflare.txt(zone)).isEmpty();
    }

}
