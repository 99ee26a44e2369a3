package io.backuphub.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.engine.Fingerprint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Both sides of a restore read alike: pg_restore's script and the hub's marked psql output. */
class CopyTextTest {

    private static final String LONG_ROW = "1\t" + "x".repeat(3 * 1024 * 1024);

    @Test
    void theScriptAndTheMarkedRowsOfTheSameDataFingerprintAlike() throws IOException {
        String script = """
                --
                -- Data for Name: a; Type: TABLE DATA
                --
                COPY public."Odd (name)" (id, note) FROM stdin;
                1\tCOPY x FROM stdin;
                2\t\\N
                \\.

                COPY public.big (id, body) FROM stdin;
                %s
                \\.

                COPY public.empty (id) FROM stdin;
                \\.
                SELECT pg_catalog.setval('s', 1);
                """.formatted(LONG_ROW);
        // Same rows, other order, as psql prints them after the hub's markers.
        String marked = "\\hub-table public.big\n" + LONG_ROW + "\n\\hub-table public.empty\n"
                + "\\hub-table public.\"Odd (name)\"\n2\t\\N\n1\tCOPY x FROM stdin;\n";

        Fingerprint fromDump = CopyText.fromScript(stream(script));
        Fingerprint fromDatabase = CopyText.fromMarkedRows(stream(marked));

        assertThat(rows(fromDump)).isEqualTo(Map.of("public.\"Odd (name)\"", 2L, "public.big", 1L, "public.empty", 0L));
        assertThat(fromDump.differences(fromDatabase)).isEmpty();
        assertThat(fromDump).isEqualTo(fromDatabase);
    }

    @Test
    void aChangedRowOrAMissingTableIsNamed() throws IOException {
        Fingerprint dump = CopyText
                .fromMarkedRows(stream("\\hub-table public.t\n1\ta\n2\tb\n\\hub-table public.u\n1\n"));
        Fingerprint changed = CopyText.fromMarkedRows(stream("\\hub-table public.t\n1\ta\n2\tB\n"));
        assertThat(dump.differences(changed)).containsExactly(
                "public.t: same row count (2), different content (checksum " + changed.tables().get(0).checksum()
                        + ", expected " + dump.tables().get(0).checksum() + ")",
                "public.u: missing after restore (1 rows expected)");
    }

    private static Map<String, Long> rows(Fingerprint fingerprint) {
        return fingerprint.tables().stream()
                .collect(Collectors.toMap(Fingerprint.Table::name, Fingerprint.Table::rows));
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
