package io.backuphub.backup;

import io.backuphub.pipeline.Encoding;

/** The shell pipeline that restores an artifact with standard tools, written into its manifest. */
final class RestoreHints {

    private RestoreHints() {
    }

    static String of(String engine, Encoding encoding) {
        StringBuilder pipe = new StringBuilder("cat ARTIFACT");
        if (encoding.encrypted()) {
            pipe.append(" | age -d -i IDENTITY_FILE");
        }
        switch (encoding.compression()) {
            case ZSTD -> pipe.append(" | zstd -d");
            case GZIP -> pipe.append(" | gzip -d");
            case NONE -> {
            }
        }
        if ("postgres".equals(engine)) {
            pipe.append(" | pg_restore --dbname=NEW_DATABASE --no-owner");
        }
        return pipe.toString();
    }
}
