package io.backuphub.engine.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.common.Json;
import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.Verification;
import io.backuphub.engine.VerifyRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Verifies a stored base backup the way pg_verifybackup checks a directory, but on the stream read
 * back from the store: the tar is read to its end, every file's size and CRC32C are compared with
 * {@code backup_manifest} (the tar's last entry), the manifest's own SHA-256 is checked, and no file
 * is missing or unlisted. The fingerprint is the manifest's file list: each file with its size in
 * bytes (as its "rows") and its checksum.
 */
final class BaseBackupVerifier {

    private static final int MAX_MANIFEST = 256 * 1024 * 1024;
    private static final String MANIFEST = "backup_manifest";
    private static final byte[] MANIFEST_CHECKSUM = "\"Manifest-Checksum\"".getBytes(StandardCharsets.US_ASCII);

    private record Read(long size, String crc32c) {
    }

    /** Never throws for a bad artifact: the reason is in the failed verification. */
    Verification verify(VerifyRequest request) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        try (InputStream source = request.source().open()) {
            return verify(source, evidence);
        } catch (IOException | RuntimeException e) {
            return Verification.failed("the base backup's tar cannot be read to its end: " + e.getMessage(), evidence);
        }
    }

    static Verification verify(InputStream source, Map<String, Object> evidence) throws IOException {
        Map<String, Read> files = new TreeMap<>();
        byte[] manifest = null;
        long tarBytes = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(source);
        byte[] buf = new byte[64 * 1024];
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            if (!entry.isFile()) {
                continue;
            }
            String path = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
            if (MANIFEST.equals(path)) {
                if (entry.getSize() > MAX_MANIFEST) {
                    throw new IOException("backup_manifest is " + entry.getSize() + " bytes");
                }
                manifest = tar.readAllBytes();
                continue;
            }
            CRC32C crc = new CRC32C();
            long size = 0;
            for (int n; (n = tar.read(buf)) > 0;) {
                crc.update(buf, 0, n);
                size += n;
            }
            tarBytes += size;
            // PostgreSQL writes the CRC's bytes as they lie in memory: little-endian.
            files.put(path, new Read(size, String.format("%08x", Integer.reverseBytes((int) crc.getValue()))));
        }
        // Read past the tar's end blocks too: a stream cut short fails here, not silently.
        source.transferTo(OutputStream.nullOutputStream());
        evidence.put("files", files.size());
        evidence.put("bytes", tarBytes);
        if (manifest == null) {
            return Verification.failed("the tar has no backup_manifest: it ends before pg_basebackup finished",
                    evidence);
        }
        String problem = checkManifestChecksum(manifest);
        if (problem != null) {
            return Verification.failed(problem, evidence);
        }
        JsonNode json = Json.MAPPER.readTree(manifest);
        JsonNode ranges = json.path("WAL-Ranges");
        if (ranges.size() > 0) {
            JsonNode range = ranges.get(ranges.size() - 1);
            evidence.put("timeline", range.path("Timeline").asInt());
            evidence.put("startLsn", range.path("Start-LSN").asText());
            evidence.put("endLsn", range.path("End-LSN").asText());
        }
        Map<String, Read> unlisted = new TreeMap<>(files);
        List<Fingerprint.Table> tables = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (JsonNode file : json.path("Files")) {
            String path = file.path("Path").asText();
            long size = file.path("Size").asLong();
            String algorithm = file.path("Checksum-Algorithm").asText("NONE");
            String checksum = file.path("Checksum").asText(null);
            Read read = unlisted.remove(path);
            tables.add(new Fingerprint.Table(path, size, checksum));
            if (read == null) {
                differences.add(path + ": in the manifest, not in the tar");
            } else if (read.size() != size) {
                differences.add(path + ": " + read.size() + " bytes, the manifest says " + size);
            } else if ("CRC32C".equals(algorithm) && !read.crc32c().equalsIgnoreCase(checksum)) {
                differences.add(path + ": CRC32C " + read.crc32c() + ", the manifest says " + checksum);
            }
        }
        unlisted.keySet().forEach(path -> differences.add(path + ": in the tar, not in the manifest"));
        evidence.put("manifestFiles", tables.size());
        if (!differences.isEmpty()) {
            evidence.put("differences", differences.subList(0, Math.min(20, differences.size())));
            return Verification.failed(differences.size() + " file(s) differ from backup_manifest, first: "
                    + differences.get(0), evidence);
        }
        return Verification.verified("read the base backup's tar to its end: " + tables.size()
                + " files match backup_manifest (sizes, CRC32C and the manifest's SHA-256)", evidence,
                new Fingerprint(tables));
    }

    /** The manifest ends with the SHA-256 of everything before its Manifest-Checksum line. */
    private static String checkManifestChecksum(byte[] manifest) throws IOException {
        int at = indexOf(manifest, MANIFEST_CHECKSUM);
        if (at < 0) {
            return "backup_manifest has no Manifest-Checksum";
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(manifest, 0, at);
            String actual = HexFormat.of().formatHex(sha256.digest());
            String expected = Json.MAPPER.readTree(manifest).path("Manifest-Checksum").asText();
            return actual.equalsIgnoreCase(expected) ? null
                    : "backup_manifest's checksum is " + actual + ", it says " + expected
                            + ": the manifest was altered";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer : for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
