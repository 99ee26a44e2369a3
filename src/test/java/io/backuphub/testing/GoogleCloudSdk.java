package io.backuphub.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/**
 * The Google Cloud SDK, whose Pub/Sub and Firestore emulators the integration tests run. It is part of
 * the machine image, not of Debian or Maven: where it is missing those tests are skipped, saying so,
 * except on CI ({@code CI=true}, which .ci/run sets), where a skip would hide a capability never tested.
 */
public final class GoogleCloudSdk {

    /** $CLOUDSDK_ROOT, else where Debian's google-cloud-cli package puts it. */
    public static final Path ROOT = Path.of(System.getenv().getOrDefault("CLOUDSDK_ROOT", "/usr/lib/google-cloud-sdk"));

    private GoogleCloudSdk() {
    }

    /** Skips the test when {@code present} is false; fails it on CI. */
    public static void require(boolean present, String emulator) {
        String missing = "the Google Cloud SDK's " + emulator + " emulator is not under " + ROOT
                + " (set CLOUDSDK_ROOT to the SDK's root: gcloud info --format='value(installation.sdk_root)')";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(missing + "; on CI (CI=true) this fails rather than skip the " + emulator + " tests");
        }
        assumeTrue(present, missing);
    }
}
