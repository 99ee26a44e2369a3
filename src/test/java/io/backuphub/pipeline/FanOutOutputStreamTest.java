package io.backuphub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One stream into several stores: every healthy branch gets every byte; a failing one is dropped alone. */
class FanOutOutputStreamTest {

    private static final byte[] DATA = new byte[5 * 1024 * 1024 + 123];

    static {
        new Random(7).nextBytes(DATA);
    }

    @Test
    void everyBranchReceivesEveryByte() throws IOException {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (FanOutOutputStream out = new FanOutOutputStream(branches("a", a, "b", b))) {
            writeInPieces(out);
        }
        assertThat(a.toByteArray()).isEqualTo(DATA);
        assertThat(b.toByteArray()).isEqualTo(DATA);
    }

    @Test
    void aFailingBranchIsDroppedWithItsReasonAndTheOthersGetEverything() throws IOException {
        ByteArrayOutputStream good = new ByteArrayOutputStream();
        FanOutOutputStream out = new FanOutOutputStream(branches("good", good, "bad", new Failing(2 * 1024 * 1024)));
        writeInPieces(out);
        out.close();
        assertThat(good.toByteArray()).isEqualTo(DATA);
        assertThat(out.failure("good")).isEmpty();
        assertThat(out.failure("bad")).get().extracting(Throwable::getMessage).isEqualTo("connection reset");
    }

    @Test
    void whenEveryBranchFailsTheStreamFailsNamingEach() {
        FanOutOutputStream out = new FanOutOutputStream(branches("one", new Failing(1024), "two", new Failing(0)));
        assertThatThrownBy(() -> {
            writeInPieces(out);
            out.close();
        }).isInstanceOf(IOException.class).hasMessageContaining("every store failed")
                .hasMessageContaining("one: connection reset").hasMessageContaining("two: connection reset");
    }

    @Test
    void aSingleBranchFailsWithItsOwnError() {
        FanOutOutputStream out = new FanOutOutputStream(Map.of("only", new Failing(10)));
        assertThatThrownBy(() -> writeInPieces(out)).isInstanceOf(IOException.class)
                .hasMessage("connection reset");
    }

    private static Map<String, OutputStream> branches(String n1, OutputStream s1, String n2, OutputStream s2) {
        Map<String, OutputStream> branches = new LinkedHashMap<>();
        branches.put(n1, s1);
        branches.put(n2, s2);
        return branches;
    }

    private static void writeInPieces(OutputStream out) throws IOException {
        for (int off = 0; off < DATA.length; off += 65_000) {
            out.write(DATA, off, Math.min(65_000, DATA.length - off));
        }
    }

    /** A store connection that breaks after {@code limit} bytes. */
    private static final class Failing extends OutputStream {

        private final long limit;
        private long written;

        Failing(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written + len > limit) {
                throw new IOException("connection reset");
            }
            written += len;
        }
    }
}
