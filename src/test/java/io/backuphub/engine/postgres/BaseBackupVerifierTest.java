package io.backuphub.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.engine.Verification;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The base backup's tar checked against its backup_manifest, written here as PostgreSQL writes it
 * (CRC32C bytes little-endian, the manifest's SHA-256 over everything before its checksum line);
 * PitrTest checks a real pg_basebackup's. Any altered, missing or extra file fails, as does a
 * manifest edited after the fact or a tar cut short.
 */
class BaseBackupVerifierTest {

    private static final Map<String, byte[]> FILES = Map.of(
            "backup_label", "START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\n".getBytes(
                    StandardCharsets.US_ASCII),
            "PG_VERSION", "15\n".getBytes(StandardCharsets.US_ASCII),
            "base/1/1259", new byte[8192]);

    @Test
    void aWholeUnalteredBaseVerifiesWithItsFileListAsFingerprint() throws IOException {
        Verification verification = verify(tar(FILES, manifest(FILES)));
        assertThat(verification.outcome()).as(verification.summary()).isEqualTo(Verification.Outcome.VERIFIED);
        assertThat(verification.fingerprint().tables()).extracting(t -> t.name() + ":" + t.rows())
                .containsExactlyInAnyOrder("backup_label:" + FILES.get("backup_label").length, "PG_VERSION:3",
                        "base/1/1259:8192");
        assertThat(verification.evidence()).containsEntry("endLsn", "0/2000138");
    }

    @Test
    void aChangedByteFailsNamingTheFile() throws IOException {
        Map<String, byte[]> altered = new LinkedHashMap<>(FILES);
        byte[] page = new byte[8192];
        page[100] = 1;
        altered.put("base/1/1259", page);
        Verification verification = verify(tar(altered, manifest(FILES)));
        assertThat(verification.outcome()).isEqualTo(Verification.Outcome.FAILED);
        assertThat(verification.summary()).contains("base/1/1259: CRC32C");
    }

    @Test
    void aMissingOrUnlistedFileFails() throws IOException {
        Map<String, byte[]> fewer = new LinkedHashMap<>(FILES);
        fewer.remove("PG_VERSION");
        assertThat(verify(tar(fewer, manifest(FILES))).summary())
                .contains("PG_VERSION: in the manifest, not in the tar");
        Map<String, byte[]> more = new LinkedHashMap<>(FILES);
        more.put("base/1/9999", new byte[3]);
        assertThat(verify(tar(more, manifest(FILES))).summary())
                .contains("base/1/9999: in the tar, not in the manifest");
    }

    @Test
    void anEditedManifestOrACutTarFails() throws IOException {
        String edited = manifest(FILES).replace("\"Size\": 3,", "\"Size\": 4,");
        assertThat(verify(tar(FILES, edited)).summary()).contains("the manifest was altered");
        byte[] whole = tar(FILES, manifest(FILES));
        Verification cut = verify(Arrays.copyOf(whole, 4096));
        assertThat(cut.outcome()).isEqualTo(Verification.Outcome.FAILED);
    }

    private static Verification verify(byte[] tar) {
        try {
            return BaseBackupVerifier.verify(new ByteArrayInputStream(tar), new LinkedHashMap<>());
        } catch (IOException e) {
            return Verification.failed(e.getMessage(), Map.of());
        }
    }

    /** A manifest as pg_basebackup writes one. */
    private static String manifest(Map<String, byte[]> files) {
        StringBuilder json = new StringBuilder("{ \"PostgreSQL-Backup-Manifest-Version\": 1,\n\"Files\": [\n");
        String separator = "";
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            CRC32C crc = new CRC32C();
            crc.update(file.getValue());
            json.append(separator).append("{ \"Path\": \"").append(file.getKey()).append("\", \"Size\": ")
                    .append(file.getValue().length).append(", \"Last-Modified\": \"2026-12-07 16:42:41 GMT\","
                            + " \"Checksum-Algorithm\": \"CRC32C\", \"Checksum\": \"")
                    .append(String.format("%08x", Integer.reverseBytes((int) crc.getValue()))).append("\" }");
            separator = ",\n";
        }
        json.append(
                " ],\n\"WAL-Ranges\": [\n{ \"Timeline\": 1, \"Start-LSN\": \"0/2000028\", \"End-LSN\": \"0/2000138\" }\n"
                        + "],\n");
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    json.toString().getBytes(StandardCharsets.UTF_8)));
            return json + "\"Manifest-Checksum\": \"" + sha + "\"}\n";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] tar(Map<String, byte[]> files, String manifest) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                add(tar, file.getKey(), file.getValue());
            }
            add(tar, "backup_manifest", manifest.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
