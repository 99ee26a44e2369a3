package io.backuphub.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Globs match as their regular expression would, and finish on the inputs that make one backtrack. */
class GlobsTest {

    @Property(tries = 3000)
    void matchesLikeTheRegularExpression(@ForAll("globs") String glob, @ForAll("values") String value) {
        String regex = Pattern.quote(glob).replace("*", "\\E.*\\Q");
        assertThat(Globs.matches(glob, value)).as("%s against %s", glob, value).isEqualTo(value.matches(regex));
    }

    @Provide
    Arbitrary<String> globs() {
        return Arbitraries.strings().withChars("ab*-").ofMinLength(0).ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().withChars("ab-").ofMinLength(0).ofMaxLength(10);
    }

    @Test
    void examples() {
        assertThat(Globs.matches("prod-*", "prod-eu")).isTrue();
        assertThat(Globs.matches("prod-*", "prod-")).isTrue();
        assertThat(Globs.matches("prod-*", "staging")).isFalse();
        assertThat(Globs.matches("*", "")).isTrue();
        assertThat(Globs.matches("a*a", "a")).as("the two a's may not overlap").isFalse();
        assertThat(Globs.matches("*ab*ab*", "xabyab")).isTrue();
        assertThat(Globs.matches("orders", "orders")).isTrue();
        assertThat(Globs.matches("orders", "orders-2")).isFalse();
    }

    /** A webhook's pattern and a hostile target id: a regular expression took seconds on 63 characters. */
    @Test
    void hostilePatternsEndAtOnce() {
        String manyAs = "a".repeat(100_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(Globs.matches("*a*a*a*a*a*a*b", "a".repeat(63))).isFalse();
            assertThat(Globs.matches("*a*a*a*a*a*a*a*a*a*a*a*a*b", manyAs)).isFalse();
            assertThat(Globs.matches("*a*a*a*a*a*a*a*a*a*a*a*a*a", manyAs)).isTrue();
        });
    }
}
