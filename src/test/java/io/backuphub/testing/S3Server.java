package io.backuphub.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3proxy in this JVM on a random loopback port: the real S3 protocol over HTTP, checking AWS
 * signature v4 (presigned URLs too), multipart uploads, with an in-memory blob store. The access key
 * and secret are written to files, which is how a store names them by reference.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "hub-access-key";
    public static final String SECRET_KEY = "hub-secret/key+with=odd chars";

    private final BlobStore blobs;
    private final Path dir;
    private final int port;
    private volatile S3Proxy proxy;

    private S3Server(BlobStore blobs, S3Proxy proxy, Path dir) {
        this.blobs = blobs;
        this.proxy = proxy;
        this.dir = dir;
        this.port = proxy.getPort();
    }

    public static S3Server start() throws IOException {
        BlobStore blobs = BlobStores.create("transient", new Properties());
        S3Proxy proxy = launch(blobs, 0);
        Path dir = Files.createTempDirectory("hub-s3-");
        Files.writeString(dir.resolve("access-key"), ACCESS_KEY + "\n");
        Files.writeString(dir.resolve("secret-key"), SECRET_KEY + "\n");
        return new S3Server(blobs, proxy, dir);
    }

    /** Stops answering (connections refused), as a server that died; {@link #restart()} brings it back. */
    public void stop() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy: " + e.getMessage(), e);
        }
    }

    /** Answers again on the same port, with the buckets and objects it held. */
    public void restart() throws IOException {
        proxy = launch(blobs, port);
    }

    private static S3Proxy launch(BlobStore blobs, int port) throws IOException {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("s3proxy did not start: " + proxy.getState());
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("s3proxy did not start: " + e.getMessage(), e);
        }
        return proxy;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public Path accessKeyFile() {
        return dir.resolve("access-key");
    }

    public Path secretKeyFile() {
        return dir.resolve("secret-key");
    }

    /** A client of this server, to set up buckets and look behind the store's back. */
    public S3Client client() {
        return S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .build();
    }

    public void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            // stopping a test server
        }
        Files2.deleteTree(dir);
    }
}
