package io.backuphub.backup;

import io.backuphub.pipeline.Encoding;

/** The shell pipeline that restores an artifact with standard tools, written into its manifest. */
final class RestoreHints {

    private RestoreHints() {
    }

    /** {@code restoreCommand}: the engine's command reading the decoded dump on stdin, or null. */
    static String of(String restoreCommand, Encoding encoding) {
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
        if (restoreCommand != null) {
            pipe.append(" | ").append(restoreCommand);
        }
        return pipe.toString();
    }
}
