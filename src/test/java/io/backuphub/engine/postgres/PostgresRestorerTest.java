package io.backuphub.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.engine.Restorer.DestinationFacts;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A dump restores only into a server of its major version or newer. */
class PostgresRestorerTest {

    private final PostgresRestorer restorer = new PostgresRestorer();

    @Test
    void anOlderDestinationServerIsRefusedAndSaysWhy() {
        DestinationFacts v15 = new DestinationFacts("15.18 (Debian 15.18-0+deb12u1)", 15, false, true);
        assertThat(restorer.incompatibility(Map.of("serverVersion", "16.4 (Debian 16.4-1)"), v15)).hasValueSatisfying(
                reason -> assertThat(reason).contains("15.18").contains("16.4").contains("same or a newer major"));
        assertThat(restorer.incompatibility(Map.of("serverVersion", "15.2"), v15)).isEmpty();
        assertThat(restorer.incompatibility(Map.of("serverVersion", "9.6.24"), v15)).isEmpty();
        assertThat(io.backuphub.engine.Restorer.majorVersion("9.6.24")).isEqualTo(9);
        assertThat(io.backuphub.engine.Restorer.majorVersion("10.11.19-MariaDB-0+deb12u1")).isEqualTo(10);
    }
}
