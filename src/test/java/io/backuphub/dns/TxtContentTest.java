package io.backuphub.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** TXT texts as Cloudflare takes them: split into strings of at most 255 bytes, read back whole. */
class TxtContentTest {

    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void aShortTextIsSentAsItIs() {
        assertThat(TxtContent.forCloudflare("v=spf1 -all")).isEqualTo("v=spf1 -all");
        assertThat(TxtContent.text("v=spf1 -all")).isEqualTo("v=spf1 -all");
    }

    @Test
    void longTextsAreSplitOnCharacterBoundariesIntoStringsOf255BytesAndReadBackWhole() {
        for (String text : List.of("A".repeat(255), "A".repeat(256), "é".repeat(300), "a\"b\\c".repeat(120),
                "x".repeat(254) + "€" + "y".repeat(10), "🙂".repeat(100))) {
            String content = TxtContent.forCloudflare(text);
            List<String> strings = strings(content);
            assertThat(strings).allSatisfy(s -> assertThat(unescape(s).getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(255));
            assertThat(TxtContent.text(content)).isEqualTo(text);
        }
        assertThat(strings(TxtContent.forCloudflare("A".repeat(600)))).extracting(String::length)
                .containsExactly(255, 255, 90);
    }

    @Test
    void problemsNameTheLimit() {
        assertThat(TxtContent.problem("")).contains("empty");
        assertThat(TxtContent.problem("a\nb")).contains("control characters");
        assertThat(TxtContent.problem("x".repeat(2040))).contains("2048");
        assertThat(TxtContent.problem("x".repeat(2000))).isNull();
    }

    private static List<String> strings(String content) {
        List<String> strings = new ArrayList<>();
        Matcher m = STRING.matcher(content);
        while (m.find()) {
            strings.add(m.group(1));
        }
        return strings;
    }

    private static String unescape(String s) {
        return s.replaceAll("\\\\(.)", "$1");
    }
}
