package io.backuphub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsSortByCreationTime() {
        List<String> ids = new ArrayList<>();
        for (long t = 1_700_000_000_000L; t < 1_700_000_000_000L + 5000; t += 7) {
            ids.add(Ids.next(t));
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates().allMatch(Ids::isId);
    }

    @Test
    void rejectsAnythingElse() {
        assertThat(Ids.isId("../../etc/passwd")).isFalse();
        assertThat(Ids.isId("01AAAAAAAAAAAAAAAAAAAAAAAA")).isFalse(); // upper case is not ours
        assertThat(Ids.isId(null)).isFalse();
        assertThat(Ids.isId("01aaaaaaaaaaaaaaaaaaaaaaaa")).isTrue();
    }
}
