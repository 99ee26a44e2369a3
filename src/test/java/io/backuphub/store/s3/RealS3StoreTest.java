package io.backuphub.store.s3;

import io.backuphub.store.ArtifactStore;
import io.backuphub.store.StoreContract;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The store contract against a real S3 or R2 bucket, when one is given: HUB_TEST_S3_BUCKET,
 * HUB_TEST_S3_ENDPOINT (absent: AWS), HUB_TEST_S3_REGION (R2: auto) and the keys in
 * HUB_TEST_S3_ACCESS_KEY / HUB_TEST_S3_SECRET_KEY. Skipped, and reported as skipped, without one.
 */
@EnabledIfEnvironmentVariable(named = "HUB_TEST_S3_BUCKET", matches = ".+", disabledReason = "set HUB_TEST_S3_BUCKET, HUB_TEST_S3_ENDPOINT, HUB_TEST_S3_REGION and the keys to run the"
        + " store contract on real S3 or R2")
class RealS3StoreTest extends StoreContract {

    private final String prefix = "backup-hub-test/" + UUID.randomUUID() + "/";

    @Override
    protected ArtifactStore store() throws IOException {
        return new S3Store(new S3Settings(System.getenv("HUB_TEST_S3_BUCKET"), prefix,
                System.getenv("HUB_TEST_S3_ENDPOINT"), System.getenv().getOrDefault("HUB_TEST_S3_REGION", "us-east-1"),
                false, "HUB_TEST_S3_ACCESS_KEY", "HUB_TEST_S3_SECRET_KEY", null, null, S3Settings.MIN_PART_SIZE,
                null));
    }

    @Override
    protected int temporaryObjects() throws IOException {
        return ((S3Store) store()).uploads().size();
    }
}
