package io.backuphub.engine.postgres;

import io.backuphub.common.WarmUp;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Fingerprints about 20 MiB of generated pg_restore script (4.5 MiB, four times), as every PostgreSQL verification does. */
@ApplicationScoped
class FingerprintWarmUp implements WarmUp {

    private static final int ROWS = 16 * 1024;
    private static final int ROUNDS = 4;

    @Override
    public void run() throws IOException {
        StringBuilder script = new StringBuilder("COPY public.orders (id, note) FROM stdin;\n");
        for (int row = 0; row < ROWS; row++) {
            script.append(row).append('\t').append("order shipped to customer ".repeat(1 + row % 20)).append('\n');
        }
        byte[] bytes = script.append("\\.\n").toString().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < ROUNDS; i++) {
            CopyText.fromScript(new ByteArrayInputStream(bytes));
        }
    }
}
