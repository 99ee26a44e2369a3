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
    void aTablesChecksumIsTheSumOfItsRowsSha256PrefixesAsItWasWhenEarlierBackupsWereFingerprinted()
            throws IOException {
        // printf '1\tone' | sha256sum and printf '2\ttwo' | sha256sum: the first 16 hex digits of each, added
        // modulo 2^64. Pinned, since fingerprints recorded by earlier versions are compared with new ones.
        String script = "COPY public.t (id, name) FROM stdin;\n1\tone\n2\ttwo\n\\.\n";
        Fingerprint fingerprint = CopyText
                .fromScript(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
        assertThat(fingerprint.tables()).containsExactly(new Fingerprint.Table("public.t", 2, "861c09123efbcdfa"));
    }

    @Test
    void rowsOfEveryLengthAndByteSplitWhereTheirNewlinesAre() throws IOException {
        // Rows ending at every offset of an 8-byte word, with bytes around '\n' (0x0a) that a word-at-a-time
        // scan could mistake for it: 0x0b, 0x09, 0x8a and UTF-8.
        Fingerprint.Builder expected = new Fingerprint.Builder().table("public.t");
        StringBuilder script = new StringBuilder("COPY public.t (v) FROM stdin;\n");
        for (int length = 0; length < 40; length++) {
            String row = "\u000b\té\u008a".repeat(length).substring(0, length);
            byte[] bytes = row.getBytes(StandardCharsets.UTF_8);
            expected.rowPart(bytes, 0, bytes.length);
            expected.endRow();
            script.append(row).append('\n');
        }
        script.append("\\.\n");
        assertThat(CopyText.fromScript(new ByteArrayInputStream(script.toString().getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(expected.build());
    }

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
