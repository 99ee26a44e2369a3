package io.backuphub.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recovery window from stored segments and verified bases: a stretch runs from a base through the
 * unbroken segments after it; a missing segment ends it and opens a gap that only a later base closes;
 * a base whose WAL is not all stored restores nothing.
 */
class RecoveryWindowTest {

    private static final long SEGMENT = 16L * 1024 * 1024;
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    /** Segments {@code from} to {@code to} (inclusive) on timeline 1, the n-th received n minutes after T0. */
    private static List<RecoveryWindow.Piece> segments(int from, int to) {
        List<RecoveryWindow.Piece> pieces = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            pieces.add(new RecoveryWindow.Piece("seg" + n, 1, n * SEGMENT, (n + 1) * SEGMENT, T0.plusSeconds(60L * n)));
        }
        return pieces;
    }

    /** A base starting in segment {@code n} and ending in the same segment, stored at minute {@code n}. */
    private static RecoveryWindow.Base base(String id, int n) {
        return new RecoveryWindow.Base(id, T0.plusSeconds(60L * n), WalArchiver.lsn(n * SEGMENT + 40),
                WalArchiver.lsn(n * SEGMENT + 400));
    }

    @Test
    void anUnbrokenChainIsRestorableFromTheBaseToTheNewestSegment() {
        RecoveryWindow window = RecoveryWindow.of(segments(2, 9), List.of(base("a", 3)), T0.plusSeconds(600));
        assertThat(window.earliest()).isEqualTo(T0.plusSeconds(180));
        assertThat(window.latest()).isEqualTo(T0.plusSeconds(540));
        assertThat(window.gaps()).isEmpty();
        assertThat(window.openGap()).isNull();
        assertThat(window.lagSeconds()).isEqualTo(60);
        assertThat(window.stretchAt(T0.plusSeconds(300))).isPresent();
        assertThat(window.stretchAt(T0.plusSeconds(120))).as("before the base").isEmpty();
    }

    @Test
    void aMissingSegmentEndsTheStretchUntilTheNextBase() {
        List<RecoveryWindow.Piece> pieces = new ArrayList<>(segments(2, 5));
        pieces.addAll(segments(8, 12));
        RecoveryWindow withoutLaterBase = RecoveryWindow.of(pieces, List.of(base("a", 3)), T0.plusSeconds(800));
        assertThat(withoutLaterBase.latest()).as("nothing after the gap without a base after it")
                .isEqualTo(T0.plusSeconds(300));
        assertThat(withoutLaterBase.gaps()).isEmpty();
        assertThat(withoutLaterBase.openGap()).as("the newest segments are not restorable: the target is red")
                .satisfies(gap -> {
                    assertThat(gap.fromLsn()).isEqualTo(WalArchiver.lsn(6 * SEGMENT));
                    assertThat(gap.toLsn()).isEqualTo(WalArchiver.lsn(8 * SEGMENT));
                    assertThat(gap.to()).isEqualTo(T0.plusSeconds(480));
                });

        RecoveryWindow healed = RecoveryWindow.of(pieces, List.of(base("a", 3), base("b", 9)), T0.plusSeconds(800));
        assertThat(healed.latest()).isEqualTo(T0.plusSeconds(720));
        assertThat(healed.gaps()).singleElement().satisfies(gap -> {
            assertThat(gap.from()).isEqualTo(T0.plusSeconds(300));
            assertThat(gap.to()).isEqualTo(T0.plusSeconds(540));
            assertThat(gap.fromLsn()).isEqualTo(WalArchiver.lsn(6 * SEGMENT));
        });
        assertThat(healed.openGap()).as("a base after the gap closes it").isNull();
        assertThat(healed.stretchAt(T0.plusSeconds(400))).as("inside the gap").isEmpty();
        assertThat(healed.stretchAt(T0.plusSeconds(600))).isPresent();
    }

    @Test
    void aBaseWhoseWalIsNotStoredRestoresNothing() {
        RecoveryWindow window = RecoveryWindow.of(segments(5, 9), List.of(base("a", 3)), T0.plusSeconds(600));
        assertThat(window.earliest()).isNull();
        assertThat(window.stretches()).isEmpty();
    }

    @Test
    void positionsReadAsPostgreSqlWritesThem() {
        assertThat(RecoveryWindow.position("0/2000028")).isEqualTo(0x2000028L);
        assertThat(RecoveryWindow.position("1/0")).isEqualTo(1L << 32);
        assertThat(WalArchiver.lsn(RecoveryWindow.position("16/B374D848"))).isEqualTo("16/B374D848");
    }
}
