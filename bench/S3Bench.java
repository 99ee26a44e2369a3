import io.backuphub.testing.S3Server;

/**
 * s3proxy for bench/stores.sh: the tests' S3 server (the real S3 protocol, signatures checked, an
 * in-memory blob store) on a loopback port with bucket "bench"; prints "endpoint accessKeyFile
 * secretKeyFile" and serves until killed. Run with the test classpath.
 */
public class S3Bench {

    public static void main(String[] args) throws Exception {
        S3Server server = S3Server.start();
        server.createBucket("bench");
        System.out.println(server.endpoint() + " " + server.accessKeyFile() + " " + server.secretKeyFile());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
