package io.backuphub.pipeline;

import io.backuphub.target.Compression;
import io.backuphub.target.Target;
import java.util.List;

/** How a dump is turned into stored bytes: a codec and level, then optionally age to recipients. */
public record Encoding(Compression compression, int level, List<String> ageRecipients) {

    public Encoding {
        ageRecipients = ageRecipients == null ? List.of() : List.copyOf(ageRecipients);
    }

    public static Encoding of(Target target) {
        Compression compression = target.compression() == null ? Compression.ZSTD : target.compression();
        int level = target.compressionLevel() == null ? compression.defaultLevel() : target.compressionLevel();
        return new Encoding(compression, level, target.encrypted() ? target.encryption().ageRecipients() : List.of());
    }

    public boolean encrypted() {
        return !ageRecipients.isEmpty();
    }

    /** Suffix after the dump's own extension: ".zst.age", ".gz", "" ... */
    public String suffix() {
        String codec = compression.extension() == null ? "" : "." + compression.extension();
        return codec + (encrypted() ? ".age" : "");
    }
}
