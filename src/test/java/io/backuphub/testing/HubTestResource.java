package io.backuphub.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The test hub and what every test class shares: PostgreSQL (a source and a restore destination),
 * OpenSSH, SMTP with and without TLS, HTTP receivers, S3 and GCS stores, the Cloudflare double and,
 * where the SDK is installed, the Pub/Sub and Firestore emulators; seeded, and named in the hub's
 * files — PostgreSQL targets over SSH and local, encrypted, and broken ones (refused port, wrong host
 * key, refused key, a dump that fails half-way, an unwritable store path), channels that work and that
 * must fail. The other engines' servers and targets are declared by the classes that test them
 * ({@link HubTargets}, {@link EngineTargets}): they start only when such a class runs.
 */
public class HubTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN_KEY = "test-admin-key-0123456789-abcdefghijklmnop";

    public static final String HOOK_SECRET = "notification-signing-secret";
    public static final String SMTP_USER = "hub";
    public static final String SMTP_PASSWORD = "smtp-secret-password";
    /** hub.secrets.key: 32 bytes, base64. */
    public static final String SECRETS_KEY = "dGVzdC1vbmx5LXNlYWxpbmcta2V5LTMyLWJ5dGVzISE=";

    private static PostgresCluster postgres;
    /** A second server that restores go to (RestoreTest). */
    private static PostgresCluster destination;
    private static OpenSshServer sshd;
    private static S3Server s3;
    /** A second S3 server, for the store {@code flaky} that tests stop and restart (MultiStoreTest). */
    private static S3Server flakyS3;
    private static GcsEmulator gcs;
    /** The bucket of the tests' GCS store {@code archive}. */
    public static final String GCS_BUCKET = "hub-archive";
    /** The bucket of the tests' S3 store {@code offsite}. */
    public static final String S3_BUCKET = "hub-backups";
    /** The bucket whose root the S3 store {@code s3-root} and the GCS store {@code gcs-root} use (SharedStoreTest). */
    public static final String SHARED_BUCKET = "hub-shared";
    /** The bucket of the tests' S3 store {@code flaky}. */
    public static final String FLAKY_BUCKET = "hub-flaky";
    private static MailServers mail;
    private static HttpReceiver receiver;
    private static CloudflareAccessDouble access;
    private static PubsubEmulator pubsub;
    private static FirestoreEmulator firestore;
    private static CloudflareDouble cloudflare;
    private static int keycloakPort;
    private static KeycloakServer keycloak;
    /** The hub's address in the tests (the OIDC provider sends people back to it). */
    public static final String HUB_URL = "http://localhost:8081";
    public static final String CLOUDFLARE_TOKEN = "cf-test-token-0123456789";
    private static Path work;
    private static String ageRecipient;

    public static PostgresCluster postgres() {
        return postgres;
    }

    public static PostgresCluster destination() {
        return destination;
    }

    /** The user the hub logs into the test sshd as. */
    public static String sshUser() {
        return sshd.user();
    }

    public static S3Server s3() {
        return s3;
    }

    public static S3Server flakyS3() {
        return flakyS3;
    }

    public static MailServers mail() {
        return mail;
    }

    /** The Pub/Sub emulator the hub's subscription and events channel use; null where it is not installed. */
    public static PubsubEmulator pubsub() {
        return pubsub;
    }

    /** The double of Cloudflare's API the hub's TXT record manager talks to. */
    public static CloudflareDouble cloudflare() {
        return cloudflare;
    }

    /** config/dns.yaml of the test hub (tests write it; the plan reads it at each call). */
    public static Path dnsFile() {
        return work.resolve("dns.yaml");
    }

    /** The Firestore emulator the hub's history mirror writes to; null where it is not installed. */
    public static FirestoreEmulator firestore() {
        return firestore;
    }

    /**
     * integrations.yaml: subscription "ci" on topic hub-requests, for targets pubsub-*; dead letters to
     * hub-dead-letters. The Firestore mirror when its emulator is here, verifications in a collection
     * of another name.
     */
    private static String integrations() {
        String mirror = firestore == null ? "" : """
                firestore:
                  projectId: %s
                  collections: {backup_verifications: hub_verifications}
                """.formatted(FirestoreEmulator.PROJECT);
        return pubsub == null ? mirror : mirror + """
                pubsub:
                  projectId: %s
                  subscriptions:
                    - id: ci
                      subscription: hub-requests-sub
                      allowedTargets: ["pubsub-*"]
                      allowedEnvironments: [staging, production]
                      deadLetterTopic: hub-dead-letters
                    - id: late
                      subscription: hub-late-sub
                      allowedTargets: ["pubsub-*"]
                      deadLetterTopic: hub-dead-letters
                """.formatted(PubsubEmulator.PROJECT);
    }

    public static HttpReceiver receiver() {
        return receiver;
    }

    /** Cloudflare Access in front of the test hub: its keys, and assertions signed with them. */
    public static CloudflareAccessDouble access() {
        return access;
    }

    public static Path work() {
        return work;
    }

    /** Where PITR recoveries make their data directories: the SSH test user's own folder. */
    public static Path recoveries() throws IOException {
        Path dir = work.resolveSibling(work.getFileName() + "-recoveries");
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
            if (Processes.isRoot()) {
                Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(sshd.user()));
            }
        }
        return dir;
    }

    /**
     * The OIDC provider the test hub is configured with (quarkus.oidc.*), started on first use: a minute
     * of Keycloak's start is not every test run's. Until then the hub's OIDC tenant waits for it
     * (quarkus-oidc connects at the first token). Skips the caller where Keycloak cannot run here.
     */
    public static synchronized KeycloakServer keycloak() {
        KeycloakServer.require();
        if (keycloak == null) {
            try {
                keycloak = KeycloakServer.start(keycloakPort, HUB_URL);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keycloak;
    }

    public static Path dataDir() {
        return work.resolve("data");
    }

    public static Path storeDir() {
        return dataDir().resolve("backups");
    }

    public static Path targetsFile() {
        return work.resolve("targets.yaml");
    }

    /** Absent at start: PoliciesTest writes it, and leaves it selecting only its own targets. */
    public static Path policiesFile() {
        return work.resolve("policies.yaml");
    }

    public static Path schedulesFile() {
        return work.resolve("schedules.yaml");
    }

    public static Path notificationsFile() {
        return work.resolve("notifications.yaml");
    }

    private static String notifications() {
        return """
                channels:
                  - {id: mail, type: email, host: 127.0.0.1, port: %1$d, security: none, username: %2$s,
                     passwordEnv: SMTP_PASSWORD, from: hub@example.com, to: [ops@example.com]}
                  - {id: mail-tls, type: email, host: 127.0.0.1, port: %3$d, security: tls, caFile: %4$s,
                     username: %2$s, passwordEnv: SMTP_PASSWORD, from: hub@example.com, to: [tls@example.com]}
                  - {id: mail-starttls, type: email, host: 127.0.0.1, port: %5$d, security: starttls, caFile: %4$s,
                     username: %2$s, passwordEnv: SMTP_PASSWORD, from: hub@example.com, to: [starttls@example.com]}
                  - {id: mail-untrusted, type: email, host: 127.0.0.1, port: %5$d, security: starttls,
                     username: %2$s, passwordEnv: SMTP_PASSWORD, from: hub@example.com, to: [untrusted@example.com]}
                  - {id: mail-no-starttls, type: email, host: 127.0.0.1, port: %1$d, security: starttls, caFile: %4$s,
                     username: %2$s, passwordEnv: SMTP_PASSWORD, from: hub@example.com, to: [plain@example.com]}
                  - {id: slack, type: slack, urlFile: %6$s}
                  - {id: discord, type: discord, urlEnv: DISCORD_URL}
                  - {id: hook, type: webhook, url: "%7$s", secretFile: %8$s}
                  - {id: dead, type: webhook, url: "http://127.0.0.1:%9$d/gone", secretFile: %8$s}
                  - {id: events, type: pubsub, projectId: %10$s, topic: hub-events}
                rules:
                  - events: [backup.failed]
                    targets: [notify-me]
                    channels: [mail, mail-tls, mail-starttls, mail-untrusted, mail-no-starttls, slack, discord, hook, dead]
                  - events: [backup.succeeded]
                    targets: [orders-local]
                    digest: daily
                    channels: [hook]
                  - events: [target.overdue]
                    targets: [overdue]
                    channels: [hook]
                  - events: [backup.suspicious]
                    targets: [suspect]
                    channels: [hook]
                  - events: [drill.failed]
                    targets: [drill-broken]
                    channels: [hook]
                  - events: [backup.failed]
                    targets: [mongo-down]
                    channels: [hook]
                  - events: [backup.succeeded, backup.failed]
                    targets: ["pubsub-*"]
                    channels: [events]
                  - events: [store.unavailable, store.available]
                    channels: [hook]
                  - events: [quota.near, quota.exceeded, key.expiring] # TeamAccessTest
                    channels: [hook]
                """
                .formatted(mail.smtpPort(), SMTP_USER, mail.smtpsPort(), MailServers.caFile(), mail.startTlsPort(),
                        work.resolve("slack-url"), receiver.url("/hook"), work.resolve("hook-secret"),
                        Processes.freePort(), PubsubEmulator.PROJECT);
    }

    public static Path ageIdentity() {
        return work.resolve("age-identity.txt");
    }

    public static String ageRecipient() {
        return ageRecipient;
    }

    @Override
    public Map<String, String> start() {
        try {
            work = Files.createTempDirectory("hub-test-");
            postgres = PostgresCluster.start();
            // PitrTest: a server that bounds what a replication slot may keep (its default keeps it all)
            postgres.execute("postgres", "ALTER SYSTEM SET max_slot_wal_keep_size = '256MB'",
                    "SELECT pg_reload_conf()");
            sshd = OpenSshServer.start();
            TestData.seed(postgres);
            destination = PostgresCluster.start();
            TestData.seedRestore(postgres, destination);
            s3 = S3Server.start();
            s3.createBucket(S3_BUCKET);
            s3.createBucket(SHARED_BUCKET);
            flakyS3 = S3Server.start();
            flakyS3.createBucket(FLAKY_BUCKET);
            gcs = GcsEmulator.shared();
            Files.writeString(work.resolve("stores.yaml"), storesYaml());
            Processes.run(List.of("age-keygen", "-o", ageIdentity().toString()));
            ageRecipient = Files.readAllLines(ageIdentity()).stream()
                    .filter(l -> l.startsWith("# public key: ")).findFirst().orElseThrow()
                    .substring("# public key: ".length());
            Path passwordFile = work.resolve("pg-password");
            Files.writeString(passwordFile, PostgresCluster.PASSWORD + "\n");
            Files.writeString(work.resolve("backup-password"), TestData.BACKUP_USER_PASSWORD + "\n");
            Files.writeString(targetsFile(), targets(passwordFile));
            mail = MailServers.start("ops@example.com", SMTP_USER, SMTP_PASSWORD);
            receiver = HttpReceiver.start();
            Files.writeString(work.resolve("hook-secret"), HOOK_SECRET + "\n");
            Files.writeString(work.resolve("slack-url"), receiver.url("/slack") + "\n");
            Files.writeString(notificationsFile(), notifications());
            cloudflare = CloudflareDouble.start(CLOUDFLARE_TOKEN);
            access = CloudflareAccessDouble.start();
            if (FirestoreEmulator.available()) {
                firestore = FirestoreEmulator.start();
            }
            if (PubsubEmulator.jar() != null) {
                pubsub = PubsubEmulator.start();
                for (String topic : List.of("hub-requests", "hub-dead-letters", "hub-events", "hub-late")) {
                    pubsub.createTopic(topic);
                }
                pubsub.createSubscription("hub-requests-sub", "hub-requests", 10);
                pubsub.createSubscription("dead-letters-sub", "hub-dead-letters", 10);
                pubsub.createSubscription("events-sub", "hub-events", 10);
            }
            Files.writeString(work.resolve("integrations.yaml"), integrations());
            Files.createDirectories(storeDir());
            // A file where the "blocked" environment's folder should be: that store path is unwritable.
            Files.writeString(storeDir().resolve("blocked"), "not a folder\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("hub.data.dir", dataDir().toString());
        config.put("hub.targets.file", targetsFile().toString());
        config.put("hub.policies.file", policiesFile().toString());
        config.put("hub.stores.file", work.resolve("stores.yaml").toString());
        config.put("hub.schedules.file", schedulesFile().toString());
        config.put("hub.notifications.file", notificationsFile().toString());
        config.put("hub.integrations.file", work.resolve("integrations.yaml").toString());
        if (pubsub != null) {
            config.put("PUBSUB_EMULATOR_HOST", pubsub.host());
        }
        if (firestore != null) {
            config.put("FIRESTORE_EMULATOR_HOST", firestore.host());
        }
        config.put("hub.integrations.mirror-poll-interval", "300ms");
        config.put("hub.cloudflare.api-url", cloudflare.apiUrl());
        config.put("CLOUDFLARE_API_TOKEN", CLOUDFLARE_TOKEN);
        config.put("hub.dns.file", dnsFile().toString());
        config.put("hub.integrations.mirror-max-backoff", "2s");
        config.put("hub.targets.watch", "true"); // FileWatchTest; notifications and schedules are watched by default
        config.put("hub.notifications.retry-delays", "1s,1s");
        config.put("hub.notifications.poll-interval", "300ms");
        config.put("hub.auth.keys.expiry-check-interval", "2s"); // TeamAccessTest: key.expiring
        config.put("hub.pitr.check-interval", "1s"); // PitrTest
        // PeopleAccessTest: people and service tokens signed in by Cloudflare Access
        config.put("hub.auth.cloudflare-access.team-domain", CloudflareAccessDouble.TEAM_DOMAIN);
        config.put("hub.auth.cloudflare-access.audience", CloudflareAccessDouble.AUDIENCE);
        config.put("hub.auth.cloudflare-access.certs-url", access.certsUrl());
        config.put("hub.auth.cloudflare-access.service-tokens.\"ci-runner.access\"", "cf-ci");
        // OidcAccessTest: people signed in by Keycloak (started on first use, on a port kept for it)
        keycloakPort = Processes.freePort();
        config.put("quarkus.oidc.auth-server-url",
                "http://127.0.0.1:" + keycloakPort + "/realms/" + KeycloakServer.REALM);
        config.put("quarkus.oidc.client-id", KeycloakServer.CLIENT_ID);
        config.put("quarkus.oidc.credentials.secret", KeycloakServer.CLIENT_SECRET);
        config.put("hub.auth.oidc.provider-name", "Keycloak");
        config.put("hub.auth.group-roles.shop-ops", "operator");
        config.put("hub.auth.group-targets.shop-ops", "team-shop-a");
        config.put("hub.auth.group-roles.dba", "restorer");
        config.put("hub.auth.group-environments.dba", "team-staging");
        config.put("hub.notifications.overdue-check-interval", "2s");
        config.put("DISCORD_URL", receiver.url("/discord"));
        config.put("SMTP_PASSWORD", SMTP_PASSWORD);
        config.put("hub.admin-api-key", ADMIN_KEY);
        // As a newcomer has it: the hub's public URL is the very address the tests and the browser use.
        config.put("hub.public-url", HUB_URL);
        config.put("hub.secrets.key", SECRETS_KEY);
        config.put("hub.jobs.max-concurrent", "3");
        config.put("hub.jobs.poll-interval", "200ms");
        config.put("hub.jobs.heartbeat-interval", "1s");
        config.put("hub.replication.backoff", "2s");
        config.put("hub.verify.pg-restore", postgres.bin() + "/pg_restore");
        config.put("hub.audit.denial-window", "1s");
        config.put("hub.schedules.min-interval", "1m"); // the tests' schedules fire every minute
        config.put("hub.schedules.misfire-threshold", "3s");
        config.put("hub.audit.denial-flush-interval", "500ms");
        config.put("ORDERS_PG_PASSWORD", PostgresCluster.PASSWORD);
        return config;
    }

    /** The transport block of a target reached over the tests' SSH server, as the hub's SSH user. */
    public static String sshTransport() throws IOException {
        return ssh(sshd.port(), sshd.clientKey(), sshd.knownHosts());
    }

    private static String ssh(int port, Object key, Object knownHosts) {
        return """
                    transport:
                      type: ssh
                      host: 127.0.0.1
                      port: %d
                      user: %s
                      privateKeyFile: %s
                      knownHostsFile: %s
                """.formatted(port, sshd.user(), key, knownHosts);
    }

    private static String targets(Path passwordFile) throws IOException {
        String goodSsh = sshTransport();
        String database = """
                    database:
                      host: 127.0.0.1
                      port: %d
                      user: %s
                      passwordFile: %s
                      name: %s
                """;
        int pg = postgres.port();
        // Targets of the store tests: the orders database dumped on the hub's host into the named stores.
        java.util.function.BinaryOperator<String> storesTarget = (id, stores) -> "  - id: " + id
                + "\n    engine: postgres\n    environment: staging\n    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, "orders") + "    " + stores + "\n";
        return "targets:\n"
                + "  - id: orders\n    engine: postgres\n    environment: production\n" + goodSsh
                + """
                            database:
                              host: 127.0.0.1
                              port: %d
                              user: postgres
                              passwordEnv: ORDERS_PG_PASSWORD
                              name: orders
                        """.formatted(pg)
                + "  - id: orders-age\n    engine: postgres\n    environment: production\n" + goodSsh
                + database.formatted(pg, "postgres", passwordFile, "orders")
                + "    encryption:\n      ageRecipients: [\"" + ageRecipient + "\"]\n"
                + "      identityFile: " + ageIdentity() + "\n"
                + "  - id: orders-age-no-identity\n    engine: postgres\n    environment: production\n" + goodSsh
                + database.formatted(pg, "postgres", passwordFile, "orders")
                + "    encryption:\n      ageRecipients: [\"" + ageRecipient + "\"]\n"
                + sshPasswordTargetYaml(database.formatted(pg, "postgres", passwordFile, "orders"))
                + storesTarget.apply("orders-offsite", "stores: [offsite]")
                + storesTarget.apply("orders-archive", "stores: [archive]")
                + storesTarget.apply("orders-everywhere", "stores: [offsite, local, archive]")
                + storesTarget.apply("orders-flaky", "stores: [local, flaky]")
                + storesTarget.apply("orders-flaky-only", "stores: [flaky]")
                + storesTarget.apply("orders-replicated", "replicateTo: [archive]")
                + storesTarget.apply("orders-tiered", "stores: [local, archive]")
                + storesTarget.apply("orders-cold", "stores: [cold]")
                + storesTarget.apply("dash-orders", "stores: [local]") // DashboardBrowserTest
                + storesTarget.apply("dash-answers", "stores: [local]") // DashboardAnswersTest
                + storesTarget.apply("dash-keep", "stores: [local]") // DashboardAnswersTest: no retention policy
                + "  - id: crm-missing\n    engine: postgres\n    environment: production\n" // BackupFailureTest
                + "    transport:\n      type: local\n" + database.formatted(pg, "postgres", passwordFile, "crm")
                + storesTarget.apply("pubsub-orders", "stores: [local]") // PubsubRequestsTest
                + storesTarget.apply("mirror-orders", "stores: [local]") // FirestoreMirrorTest
                // PoliciesTest: stores, retention and more come from the policies that select them by label.
                + storesTarget.apply("policy-shop", "labels: {team: pt-shop, tier: gold}\n    expectedEvery: PT6H")
                + storesTarget.apply("policy-shop-dev", "labels: {team: pt-shop}\n    compression: gzip")
                // TeamAccessTest: a key scoped to team-shop-* sees the first, never the second.
                + "  - id: team-shop-a\n    engine: postgres\n    environment: team-staging\n"
                + "    transport:\n      type: local\n" + database.formatted(pg, "postgres", passwordFile, "orders")
                + "  - id: team-vault\n    engine: postgres\n    environment: team-production\n"
                + "    transport:\n      type: local\n" + database.formatted(pg, "postgres", passwordFile, "orders")
                + "  - id: orders-local\n    engine: postgres\n    environment: staging\n"
                + "    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, "orders")
                + "    compression: gzip\n"
                + "  - id: retained\n    engine: postgres\n    environment: retention-env\n"
                + "    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, TestData.MEDIUM_DB)
                + "  - id: notify-me\n    engine: postgres\n    environment: production\n"
                + ssh(Processes.freePort(), sshd.clientKey(), sshd.knownHosts())
                + database.formatted(pg, "postgres", passwordFile, "orders")
                + "  - id: overdue\n    engine: postgres\n    environment: production\n"
                + "    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, "orders")
                + "    expectedEvery: PT3S\n"
                + "  - id: refused\n    engine: postgres\n    environment: production\n"
                + ssh(Processes.freePort(), sshd.clientKey(), sshd.knownHosts())
                + database.formatted(pg, "postgres", passwordFile, "orders")
                + "  - id: wrong-host-key\n    engine: postgres\n    environment: production\n"
                + ssh(sshd.port(), sshd.clientKey(), sshd.wrongKnownHosts())
                + database.formatted(pg, "postgres", passwordFile, "orders")
                + "  - id: refused-key\n    engine: postgres\n    environment: production\n"
                + ssh(sshd.port(), sshd.strangerKey(), sshd.knownHosts())
                + database.formatted(pg, "postgres", passwordFile, "orders")
                + "  - id: half-way\n    engine: postgres\n    environment: production\n" + goodSsh
                + database.formatted(pg, TestData.BACKUP_USER, work.resolve("backup-password"), TestData.PARTIAL_DB)
                + "  - id: big\n    engine: postgres\n    environment: production\n" + goodSsh
                + database.formatted(pg, "postgres", passwordFile, TestData.BIG_DB)
                + "    compressionLevel: 19\n"
                + "  - id: medium\n    engine: postgres\n    environment: production\n" + goodSsh
                + database.formatted(pg, "postgres", passwordFile, TestData.MEDIUM_DB)
                + "    compressionLevel: 19\n"
                // DashboardPagesTest: a backup long enough to watch its progress live.
                + "  - id: dash-live\n    engine: postgres\n    environment: dashboard\n" + goodSsh
                + database.formatted(pg, "postgres", passwordFile, TestData.MEDIUM_DB)
                + "    compressionLevel: 19\n"
                + "  - id: blocked\n    engine: postgres\n    environment: blocked\n" + goodSsh
                + database.formatted(pg, "postgres", passwordFile, "orders")
                // The quickstart's mistake: the server wants a password and the target gives none.
                + "  - id: no-password\n    engine: postgres\n    environment: production\n"
                + "    transport:\n      type: local\n"
                + "    database:\n      host: 127.0.0.1\n      port: " + pg + "\n      user: postgres\n"
                + "      name: orders\n"
                // RetentionTest's environment default applies to this target alone.
                + "  - id: env-default\n    engine: postgres\n    environment: retention-defaults\n"
                + "    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, "orders")
                // pg_dump of these waits for a lock a test holds: a tool that hangs.
                + "  - id: stuck\n    engine: postgres\n    environment: faults\n"
                + "    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, TestData.LOCKABLE_DB)
                + "  - id: stuck-ssh\n    engine: postgres\n    environment: faults\n" + goodSsh
                + database.formatted(pg, "postgres", passwordFile, TestData.LOCKABLE_DB)
                // PitrTest: WAL streamed from the main server (its slots bounded), refused from the restore one
                + "  - id: pitr-src\n    engine: postgres\n    environment: pitr\n"
                + "    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, "orders")
                + "    pitr:\n      enabled: true\n      maxLag: PT1M\n    replicateTo: [offsite]\n"
                + "    drill:\n      mode: pitr\n      cron: \"0 3 * * *\"\n      scratch: pitr-recover\n"
                // PitrTest: where recoveries start PostgreSQL, over SSH as a user that is not root
                + "  - id: pitr-recover\n    engine: postgres\n    environment: pitr\n" + goodSsh
                + database.formatted(pg, "postgres", passwordFile, "postgres")
                + "    pitr:\n      enabled: false\n      restoreDir: " + recoveries() + "\n      pgBin: "
                + postgres.bin() + "\n"
                + "  - id: pitr-unbounded\n    engine: postgres\n    environment: pitr\n"
                + "    transport:\n      type: local\n"
                + database.formatted(destination.port(), "postgres", passwordFile, "postgres")
                + "    pitr:\n      enabled: true\n      maxLag: PT1S\n"
                + "  - id: stuck-deadline\n    engine: postgres\n    environment: faults\n"
                + "    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, TestData.LOCKABLE_DB)
                + "    jobTimeout: PT3S\n"
                // RestoreTest: a source with every awkward kind of row, and a second server to restore into.
                + "  - id: restore-src\n    engine: postgres\n    environment: staging\n"
                + "    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, TestData.RESTORE_SOURCE_DB)
                + "    drill:\n      cron: \"0 3 * * *\"\n      timezone: Europe/Berlin\n"
                + "      scratch: restore-scratch\n      maxAge: P7D\n"
                + "  - id: pubsub-drilled\n    engine: postgres\n    environment: staging\n" // PubsubRequestsTest
                + "    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, TestData.RESTORE_SOURCE_DB)
                + "    drill:\n      cron: \"0 3 1 1 *\"\n      scratch: restore-scratch\n"
                + "  - id: drill-broken\n    engine: postgres\n    environment: staging\n"
                + "    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, TestData.RESTORE_SOURCE_DB)
                + "    drill:\n      cron: \"0 4 * * *\"\n      scratch: restore-scratch\n"
                + "  - id: restore-scratch\n    engine: postgres\n    environment: scratch\n"
                + "    transport:\n      type: local\n"
                + database.formatted(destination.port(), "postgres", passwordFile, "postgres")
                + "  - id: suspect\n    engine: postgres\n    environment: suspicion\n"
                + "    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, TestData.SUSPECT_DB)
                + "  - id: empty\n    engine: postgres\n    environment: suspicion\n"
                + "    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, TestData.EMPTY_DB)
                + "  - id: vanishing\n    engine: postgres\n    environment: suspicion\n"
                + "    transport:\n      type: local\n"
                + database.formatted(pg, "postgres", passwordFile, TestData.VANISHING_DB)
                + "  - id: restore-dest\n    engine: postgres\n    environment: staging\n" + goodSsh
                + database.formatted(destination.port(), "postgres", passwordFile, TestData.RESTORE_LIVE_DB)
                + "    restore:\n      allowReplace: true\n"
                + "  - id: restore-no-replace\n    engine: postgres\n    environment: staging\n"
                + "    transport:\n      type: local\n"
                + database.formatted(destination.port(), "postgres", passwordFile, TestData.RESTORE_LIVE_DB)
                + "  - id: restore-prod\n    engine: postgres\n    environment: production\n"
                + "    transport:\n      type: local\n"
                + database.formatted(destination.port(), "postgres", passwordFile, TestData.RESTORE_LIVE_DB)
                + "    restore:\n      allowReplace: true\n";
    }

    /**
     * StoresTest: an S3 store (s3proxy) with its keys in files, parts of the minimum size; a GCS store
     * (the emulator; one chunk per upload, see GcsEmulator).
     */
    private static String storesYaml() {
        return "stores:\n  - id: offsite\n    type: s3\n    bucket: " + S3_BUCKET + "\n    prefix: hub/\n"
                + "    endpoint: " + s3.endpoint() + "\n    region: us-east-1\n    pathStyle: true\n"
                + "    accessKeyFile: " + s3.accessKeyFile() + "\n    secretKeyFile: " + s3.secretKeyFile() + "\n"
                + "    partSize: 5242880\n"
                + "  - id: archive\n    type: gcs\n    bucket: " + GCS_BUCKET + "\n    prefix: hub/\n"
                + "    projectId: " + GcsEmulator.PROJECT + "\n    host: " + gcs.host() + "\n"
                + "    chunkSize: 67108864\n"
                + "  - id: cold\n    type: gcs\n    bucket: " + GCS_BUCKET + "\n    prefix: cold/\n"
                + "    projectId: " + GcsEmulator.PROJECT + "\n    host: " + gcs.host() + "\n"
                + "    chunkSize: 67108864\n    storageClass: NEARLINE\n"
                + "  - id: flaky\n    type: s3\n    bucket: " + FLAKY_BUCKET + "\n"
                + "    endpoint: " + flakyS3.endpoint() + "\n    region: us-east-1\n    pathStyle: true\n"
                + "    accessKeyFile: " + flakyS3.accessKeyFile() + "\n    secretKeyFile: " + flakyS3.secretKeyFile()
                + "\n"
                // Stores at a bucket's root, as people share them (SharedStoreTest); sizes with units.
                + "  - id: s3-root\n    type: s3\n    bucket: " + SHARED_BUCKET + "\n"
                + "    endpoint: " + s3.endpoint() + "\n    region: us-east-1\n    pathStyle: true\n"
                + "    accessKeyFile: " + s3.accessKeyFile() + "\n    secretKeyFile: " + s3.secretKeyFile() + "\n"
                + "    partSize: 5MiB\n"
                + "  - id: gcs-root\n    type: gcs\n    bucket: " + SHARED_BUCKET + "\n"
                + "    projectId: " + GcsEmulator.PROJECT + "\n    host: " + gcs.host() + "\n"
                + "    chunkSize: 8 MiB\n";
    }

    /** True when the SSH test user's password is known (.ci/run sets it), so a password target is declared. */
    public static boolean sshPasswordTarget() {
        return OpenSshServer.UNPRIVILEGED_USER.equals(sshd.user());
    }

    private static String sshPasswordTargetYaml(String database) throws IOException {
        if (!sshPasswordTarget()) {
            return "";
        }
        Path password = work.resolve("ssh-password");
        Files.writeString(password, OpenSshServer.UNPRIVILEGED_PASSWORD + "\n");
        return "  - id: orders-ssh-password\n    engine: postgres\n    environment: production\n"
                + "    transport:\n      type: ssh\n      host: 127.0.0.1\n      port: " + sshd.port() + "\n"
                + "      user: " + sshd.user() + "\n      passwordFile: " + password + "\n"
                + "      knownHostsFile: " + sshd.knownHosts() + "\n" + database;
    }

    @Override
    public void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
        if (pubsub != null) {
            pubsub.close();
        }
        if (firestore != null) {
            firestore.close();
        }
        if (cloudflare != null) {
            cloudflare.close();
        }
        if (mail != null) {
            mail.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (access != null) {
            access.close();
        }
        if (sshd != null) {
            sshd.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (flakyS3 != null) {
            flakyS3.close();
        }
        if (destination != null) {
            destination.close();
        }
        Files2.deleteTree(work);
    }
}
