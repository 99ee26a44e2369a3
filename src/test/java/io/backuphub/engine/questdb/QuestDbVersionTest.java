package io.backuphub.engine.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Servers older than 8.1.1 are refused with the reason before CHECKPOINT is tried (the real server is 9.3.4). */
class QuestDbVersionTest {

    @Test
    void checkpointCapableVersionsAreAccepted() throws IOException {
        assertThat(QuestDbSql.version("Build Information: QuestDB 9.3.4, JDK 24.0.2, Commit Hash 9ea3"))
                .isEqualTo("9.3.4");
        assertThat(QuestDbSql.version("Build Information: QuestDB 8.1.1, JDK 17")).isEqualTo("8.1.1");
        assertThat(QuestDbSql.version("Build Information: QuestDB 10.0.0, JDK 25")).isEqualTo("10.0.0");
    }

    @Test
    void olderServersAreRefusedWithTheReason() {
        for (String build : new String[]{"Build Information: QuestDB 8.1.0, JDK 17",
                "Build Information: QuestDB 7.4.2, JDK 17", "Build Information: QuestDB 8.0.9, JDK 17"}) {
            assertThatThrownBy(() -> QuestDbSql.version(build)).hasMessageContaining("too old")
                    .hasMessageContaining("8.1.1");
        }
        assertThatThrownBy(() -> QuestDbSql.version("something else")).hasMessageContaining("cannot tell");
    }
}
