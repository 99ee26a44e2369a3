import io.backuphub.store.ObjectWriter;
import io.backuphub.store.s3.S3Settings;
import io.backuphub.store.s3.S3Store;
import java.io.OutputStream;
import java.util.Random;

/**
 * For bench/stores.sh: how fast the S3 store alone uploads to the benchmark's s3proxy (no dump, no
 * compression): MiB of random bytes in 16 MiB parts through S3Store, the time printed in seconds.
 *   java -cp <test classpath> bench/S3StoreUpload.java ENDPOINT ACCESS_KEY_FILE SECRET_KEY_FILE MIB
 */
public class S3StoreUpload {

    public static void main(String[] args) throws Exception {
        S3Store store = new S3Store(new S3Settings("bench", "probe/", args[0], "us-east-1", true, null, null, args[1],
                args[2], 16L * 1024 * 1024, null));
        byte[] chunk = new byte[1024 * 1024];
        new Random(1).nextBytes(chunk);
        long started = System.nanoTime();
        try (ObjectWriter writer = store.create("probe.bin")) {
            try (OutputStream out = writer.stream()) {
                for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                    out.write(chunk);
                }
            }
            writer.commit();
        }
        System.out.printf("%.2f%n", (System.nanoTime() - started) / 1e9);
        store.delete("probe.bin");
    }
}
