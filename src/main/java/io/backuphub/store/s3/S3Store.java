package io.backuphub.store.s3;

import io.backuphub.common.Secrets;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.MinimumStorage;
import io.backuphub.store.MissingObjectException;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A store in an S3 bucket (AWS, Cloudflare R2, MinIO...). A write is a multipart upload: the object
 * exists under its key only once {@code CompleteMultipartUpload} succeeds, an aborted or failed write
 * aborts the upload (no orphaned parts), and the uploads of writes the hub abandoned (it died
 * mid-write) are what {@link #removePartialWrites} aborts. Memory per write is one part.
 */
public final class S3Store implements ArtifactStore {

    /** Presigned links: S3 allows at most seven days. */
    static final Duration MAX_LINK = Duration.ofDays(7);
    private static final String WRITE_CHECK = HUB_FOLDER + "write-check";

    private final S3Settings settings;
    private final S3Client s3;
    private final S3Presigner presigner;

    public S3Store(S3Settings settings) throws IOException {
        this.settings = settings;
        AwsCredentialsProvider credentials = credentials(settings);
        Region region = Region.of(settings.region() == null ? "us-east-1" : settings.region());
        S3Configuration config = S3Configuration.builder()
                .pathStyleAccessEnabled(Boolean.TRUE.equals(settings.pathStyle()))
                .build();
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(15))
                        .socketTimeout(Duration.ofMinutes(5)))
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(config)
                // Checksums the hub chooses (Content-MD5 per part), not the SDK's newer defaults that
                // S3-compatible stores (R2, MinIO, s3proxy) do not all accept.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var presign = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(config);
        if (settings.endpoint() != null) {
            builder.endpointOverride(URI.create(settings.endpoint()));
            presign.endpointOverride(URI.create(settings.endpoint()));
        }
        this.s3 = builder.build();
        this.presigner = presign.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) throws IOException {
        if (settings.accessKeyEnv() == null && settings.accessKeyFile() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String access = Secrets.resolve(settings.accessKeyEnv(), settings.accessKeyFile(), "S3 access key")
                .orElseThrow(() -> new IOException("the S3 access key is not set"));
        String secret = Secrets.resolve(settings.secretKeyEnv(), settings.secretKeyFile(), "S3 secret key")
                .orElseThrow(() -> new IOException("the S3 secret key is not set"));
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret));
    }

    @Override
    public String type() {
        return "s3";
    }

    String objectName(String key) {
        return settings.folder() + ObjectKeys.requireSafe(key);
    }

    @Override
    public ObjectWriter create(String key) throws IOException {
        return MultipartWriter.start(s3, settings, key, objectName(key));
    }

    @Override
    public InputStream open(String key) throws IOException {
        String name = objectName(key);
        try {
            return s3.getObject(b -> b.bucket(settings.bucket()).key(name));
        } catch (NoSuchKeyException e) {
            throw new MissingObjectException(key);
        } catch (SdkException e) {
            throw failure("read " + key, e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        String name = objectName(key);
        try {
            var head = s3.headObject(b -> b.bucket(settings.bucket()).key(name));
            return Optional.of(new StoredObject(key, head.contentLength(), head.lastModified(), etag(head.eTag())));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("stat " + key, e);
        } catch (SdkException e) {
            throw failure("stat " + key, e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        String folder = settings.folder();
        List<StoredObject> objects = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket())
                    .prefix(folder + prefix))) {
                for (S3Object object : page.contents()) {
                    String key = object.key().substring(folder.length());
                    if (!key.startsWith(HUB_FOLDER)) {
                        objects.add(new StoredObject(key, object.size(), object.lastModified(),
                                etag(object.eTag())));
                    }
                }
            }
            return objects;
        } catch (SdkException e) {
            throw failure("list " + prefix, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String name = objectName(key);
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(name));
        } catch (NoSuchKeyException e) {
            // already gone
        } catch (SdkException e) {
            throw failure("delete " + key, e);
        }
    }

    @Override
    public Optional<URI> downloadLink(String key, Duration validFor) throws IOException {
        String name = objectName(key);
        Duration duration = validFor.compareTo(MAX_LINK) > 0 ? MAX_LINK : validFor;
        try {
            return Optional.of(presigner.presignGetObject(b -> b.signatureDuration(duration)
                    .getObjectRequest(g -> g.bucket(settings.bucket()).key(name))).url().toURI());
        } catch (SdkException | java.net.URISyntaxException e) {
            throw new IOException("cannot sign a download link for " + key + ": " + e.getMessage(), e);
        }
    }

    /** Writes, reads back and deletes a small object: credentials, bucket and permissions in one proof. */
    @Override
    public void checkWritable() throws IOException {
        String name = settings.folder() + WRITE_CHECK;
        try {
            s3.putObject(b -> b.bucket(settings.bucket()).key(name), RequestBody.fromString(Instant.now().toString()));
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(name));
        } catch (SdkException e) {
            throw failure("write to bucket " + settings.bucket(), e);
        }
    }

    /** Aborts the multipart uploads of these keys; uploads of any other key are someone else's. */
    @Override
    public int removePartialWrites(Collection<String> keys) throws IOException {
        Set<String> names = new HashSet<>();
        keys.forEach(key -> names.add(objectName(key)));
        int removed = 0;
        try {
            for (MultipartUpload upload : uploads()) {
                if (names.contains(upload.key())) {
                    s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(upload.key())
                            .uploadId(upload.uploadId()));
                    removed++;
                }
            }
            return removed;
        } catch (SdkException e) {
            throw failure("abort abandoned uploads", e);
        }
    }

    /** The multipart uploads in progress under the prefix. */
    List<MultipartUpload> uploads() {
        List<MultipartUpload> uploads = new ArrayList<>();
        for (ListMultipartUploadsResponse page : s3.listMultipartUploadsPaginator(b -> b.bucket(settings.bucket())
                .prefix(settings.folder()))) {
            uploads.addAll(page.uploads());
        }
        return uploads;
    }

    /** An S3 error as a message that names the bucket and what was tried, never the credentials. */
    static IOException failure(String what, SdkException e) {
        String reason = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.awsErrorDetails().errorCode() + " (HTTP " + s3e.statusCode() + "): "
                        + s3e.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new IOException("S3: cannot " + what + ": " + reason, e);
    }

    /**
     * Standard-IA (and R2's Infrequent Access, which R2 names STANDARD_IA too) and One Zone-IA 30
     * days, Glacier Instant and Flexible Retrieval 90, Deep Archive 180.
     */
    @Override
    public Optional<MinimumStorage> minimumStorage() {
        return MinimumStorage.of(settings.storageClass(), Map.of("STANDARD_IA", 30, "ONEZONE_IA", 30, "GLACIER_IR", 90,
                "GLACIER", 90, "DEEP_ARCHIVE", 180));
    }

    /** The ETag as the store's checksum of the object (quotes dropped); null when S3 sent none. */
    static String etag(String quoted) {
        return quoted == null ? null : "etag:" + quoted.replace("\"", "");
    }
}
