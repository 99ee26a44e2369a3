package io.backuphub.target;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Codec applied to the dump stream before encryption. */
public enum Compression {

    @JsonProperty("zstd")
    ZSTD("zst", 3, 1, 19), @JsonProperty("gzip")
    GZIP("gz", 6, 1, 9), @JsonProperty("none")
    NONE(null, 0, 0, 0);

    private final String extension;
    private final int defaultLevel;
    private final int minLevel;
    private final int maxLevel;

    Compression(String extension, int defaultLevel, int minLevel, int maxLevel) {
        this.extension = extension;
        this.defaultLevel = defaultLevel;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
    }

    /** File name suffix without the dot, or null when the stream is stored as is. */
    public String extension() {
        return extension;
    }

    public int defaultLevel() {
        return defaultLevel;
    }

    public boolean acceptsLevel(int level) {
        return level >= minLevel && level <= maxLevel;
    }

    public String levelRange() {
        return minLevel + ".." + maxLevel;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
