package io.backuphub.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-ups only save time, so a broken one would go unnoticed but for a warning: each must run clean. */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class WarmUpsTest {

    @Inject
    @Any Instance<WarmUp> warmUps;

    @Test
    void theSshCipherThePipelineAndTheFingerprintWarmUpEachRunWithoutFailing() throws Exception {
        List<String> ran = new ArrayList<>();
        for (WarmUp warmUp : warmUps) {
            warmUp.run();
            ran.add(warmUp.getClass().getSimpleName().replace("_ClientProxy", ""));
        }
        assertThat(ran).containsExactlyInAnyOrder("SshCipherWarmUp", "PipelineWarmUp", "FingerprintWarmUp");
    }
}
