package io.backuphub.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PgRestoreTocTest {

    /** Abridged from a real `pg_restore --list` of PostgreSQL 15 with a partitioned table. */
    static final String LISTING = """
            ;
            ; Archive created at 2026-11-28 03:33:13 UTC
            ;     dbname: shop
            ;     TOC Entries: 12
            ;     Compression: 0
            ;     Dump Version: 1.14-0
            ;     Format: CUSTOM
            ;     Dumped from database version: 15.18 (Debian 15.18-0+deb12u1)
            ;     Dumped by pg_dump version: 15.18 (Debian 15.18-0+deb12u1)
            ;
            ;
            ; Selected TOC Entries:
            ;
            216; 1259 16405 TABLE public e postgres
            214; 1259 16399 TABLE public p postgres
            215; 1259 16402 TABLE public p1 postgres
            3208; 0 0 TABLE ATTACH public p1 postgres
            3352; 0 16405 TABLE DATA public e postgres
            3351; 0 16402 TABLE DATA public p1 postgres
            3200; 2606 16410 CONSTRAINT public e e_pkey postgres
            """;

    @Test
    void parsesEntriesAndVersions() {
        PgRestoreToc toc = PgRestoreToc.parse(LISTING);
        assertThat(toc.entries()).hasSize(7);
        assertThat(toc.declaredEntries()).isEqualTo(12);
        assertThat(toc.count("TABLE")).isEqualTo(3);
        assertThat(toc.count("TABLE DATA")).isEqualTo(2);
        assertThat(toc.count("TABLE ATTACH")).isEqualTo(1);
        assertThat(toc.dumpedFrom()).startsWith("15.18");
        assertThat(toc.entries().get(4)).isEqualTo(new PgRestoreToc.Entry(3352, "TABLE DATA", "public", "e"));
        // The partitioned parent has no data of its own.
        assertThat(toc.tablesWithoutData()).containsExactly("public.p");
    }

    @Test
    void headerOfACustomArchive() throws Exception {
        // The first bytes of a PostgreSQL 15 custom-format dump of database "shop" (archive 1.14).
        ByteArrayBuilder b = new ByteArrayBuilder();
        b.ascii("PGDMP").bytes(1, 14, 0).bytes(4, 8, 1).int4(0);
        for (int i = 0; i < 7; i++) {
            b.int4(i);
        }
        b.str("shop").str("15.18 (Debian 15.18-0+deb12u1)").str("15.18 (Debian 15.18-0+deb12u1)");
        PgDumpHeader header = PgDumpHeader.parse(b.toBytes());
        assertThat(header.archiveVersion()).isEqualTo("1.14.0");
        assertThat(header.format()).isEqualTo("custom");
        assertThat(header.database()).isEqualTo("shop");
        assertThat(header.serverVersion()).startsWith("15.18");
        assertThat(header.asManifestFields()).containsEntry("toolVersion", "pg_dump 15.18 (Debian 15.18-0+deb12u1)");
    }

    @Test
    void notAnArchive() {
        assertThatThrownBy(() -> PgDumpHeader.parse("-- PostgreSQL database dump".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a pg_dump custom-format archive");
        assertThatThrownBy(() -> PgDumpHeader.parse(HexFormat.of().parseHex("5047444d50010e")))
                .hasMessageContaining("ended inside");
    }

    /** Writes pg_dump's WriteInt/WriteStr encoding (sign byte + 4 bytes little-endian). */
    private static final class ByteArrayBuilder {

        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        ByteArrayBuilder ascii(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        ByteArrayBuilder bytes(int... values) {
            for (int v : values) {
                out.write(v);
            }
            return this;
        }

        ByteArrayBuilder int4(int v) {
            out.write(v < 0 ? 1 : 0);
            int abs = Math.abs(v);
            for (int i = 0; i < 4; i++) {
                out.write((abs >>> (8 * i)) & 0xff);
            }
            return this;
        }

        ByteArrayBuilder str(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            int4(bytes.length);
            out.writeBytes(bytes);
            return this;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
