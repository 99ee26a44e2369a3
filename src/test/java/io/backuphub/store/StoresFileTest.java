package io.backuphub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backuphub.common.ByteSize;
import io.backuphub.common.InvalidConfigException;
import io.backuphub.store.gcs.GcsSettings;
import io.backuphub.store.s3.S3Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config/stores.yaml is read as strictly as targets.yaml: each type's own fields, every problem with its path. */
class StoresFileTest {

    @TempDir Path dir;

    @Test
    void noFileMeansOnlyTheBuiltInLocalStore() {
        StoresFile.Declarations declared = StoresFile.read(dir.resolve("absent.yaml"));
        assertThat(declared.stores()).isEmpty();
        assertThat(declared.defaultStore()).isEqualTo("local");
    }

    @Test
    void anS3StoreAndALocalOneWithTheirOwnSettings() throws IOException {
        StoresFile.Declarations declared = StoresFile.read(write("""
                default: r2
                stores:
                  - id: r2
                    type: s3
                    bucket: team-backups
                    prefix: hub/
                    endpoint: https://account.r2.cloudflarestorage.com
                    region: auto
                    accessKeyEnv: R2_ACCESS_KEY
                    secretKeyEnv: R2_SECRET_KEY
                    partSize: 16777216
                  - id: nas
                    type: local
                    path: /mnt/nas/backups
                  - id: archive
                    type: gcs
                    bucket: company-backups
                    projectId: company
                    credentialsFile: /secrets/gcs.json
                    chunkSize: 16777216
                    storageClass: COLDLINE
                """));
        assertThat(declared.defaultStore()).isEqualTo("r2");
        assertThat(declared.stores().get("r2").settings()).isInstanceOfSatisfying(S3Settings.class,
                s3 -> assertThat(s3.folder()).isEqualTo("hub/"));
        assertThat(declared.stores().get("nas").settings()).isEqualTo(
                new StoresFile.LocalSettings("/mnt/nas/backups", null));
        assertThat(declared.stores().get("archive").type()).isEqualTo("gcs");
    }

    /** Sizes as people write them: "partSize: 5MiB" once failed the start with "expected Long". */
    @Test
    void sizesTakeUnits() throws IOException {
        StoresFile.Declarations declared = StoresFile.read(write("""
                stores:
                  - {id: r2, type: s3, bucket: bkt, accessKeyEnv: K, secretKeyEnv: S, partSize: 5MiB}
                  - {id: nas, type: local, path: /mnt/nas, reserveBytes: 10 GiB}
                  - {id: archive, type: gcs, bucket: ckt, chunkSize: 256KiB}
                  - {id: bytes, type: s3, bucket: dkt, accessKeyEnv: K, secretKeyEnv: S, partSize: 6000000}
                """));
        assertThat(((S3Settings) declared.stores().get("r2").settings()).partSize()).isEqualTo(5L << 20);
        assertThat(((StoresFile.LocalSettings) declared.stores().get("nas").settings()).reserveBytes())
                .isEqualTo(10L << 30);
        assertThat(((GcsSettings) declared.stores().get("archive").settings()).chunkSizeOrDefault())
                .isEqualTo(256 * 1024);
        assertThat(((S3Settings) declared.stores().get("bytes").settings()).partSize()).isEqualTo(6_000_000L);
        assertThatThrownBy(() -> StoresFile.read(write("""
                stores:
                  - {id: r2, type: s3, bucket: bkt, accessKeyEnv: K, secretKeyEnv: S, partSize: 5 miles}
                """))).isInstanceOf(InvalidConfigException.class).hasMessageContaining("partSize")
                .hasMessageContaining("16MiB");
        assertThat(ByteSize.parse("1GB")).isEqualTo(1_000_000_000L);
        assertThat(ByteSize.parse("2 kB")).isEqualTo(2000L);
        assertThat(ByteSize.parse("3TiB")).isEqualTo(3L << 40);
    }

    @Test
    void everyProblemIsReportedWithItsPath() throws IOException {
        Path file = write("""
                default: nowhere
                stores:
                  - id: local
                    type: local
                    path: /x
                  - id: Bad_Id
                    type: s3
                  - id: a
                    type: s3
                    bucket: "UPPER"
                    endpoint: "https://key:secret@s3.example.com"
                    accessKeyEnv: K
                    partSize: 1024
                    path: /wrong/field
                  - id: b
                    type: s3
                    bucket: ok-bucket
                    accessKeyFile: /k
                    secretKeyEnv: "S; rm"
                  - id: c
                    type: ftp
                  - id: d
                    type: local
                    path: relative
                  - id: e
                    type: gcs
                    bucket: ok-bucket
                    chunkSize: 1000
                    storageClass: GLACIER
                    host: "ftp://x"
                """);
        assertThatThrownBy(() -> StoresFile.read(file)).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
                        .anyMatch(p -> p.startsWith("stores[0].id: local is the built-in store"))
                        .anyMatch(p -> p.startsWith("stores[1].id: is required and must match"))
                        .anyMatch(p -> p.startsWith("stores[2]: unknown field \"path\""))
                        .anyMatch(p -> p.startsWith("stores[3].secretKeyEnv")
                                || p.startsWith("stores[3]: an environment"))
                        .anyMatch(p -> p.startsWith("stores[4].type: must be local, s3 or gcs"))
                        .anyMatch(p -> p.startsWith("stores[6].chunkSize: must be a positive multiple of 256 KiB"))
                        .anyMatch(p -> p.startsWith("stores[6].storageClass: must be STANDARD"))
                        .anyMatch(p -> p.startsWith("stores[6].host: must be an http(s) URL"))
                        .anyMatch(p -> p.startsWith("stores[5].path: is required: an absolute folder"))
                        .anyMatch(p -> p.startsWith("default: names no declared store"))
                        .noneMatch(p -> p.contains("secret@")));
    }

    @Test
    void s3SettingsAreCheckedOneByOne() {
        assertThatThrownBy(() -> StoresFile.validate(new StoresFile.Document(null, java.util.List.of(
                java.util.Map.of("id", "a", "type", "s3", "bucket", "UPPER", "endpoint",
                        "https://key:secret@s3.example.com", "accessKeyEnv", "K", "partSize", 1024))),
                "t"))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
                        .anyMatch(p -> p.startsWith("stores[0].bucket: is required"))
                        .anyMatch(p -> p.startsWith("stores[0].endpoint: must be an http(s) URL without credentials"))
                        .anyMatch(p -> p.startsWith("stores[0].partSize: must be between 5 MiB"))
                        .anyMatch(p -> p.startsWith("stores[0]: the access key and the secret key go together"))
                        .noneMatch(p -> p.contains("secret@")));
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("stores.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
