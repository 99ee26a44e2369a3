package io.backuphub.common;

/**
 * A hot path run once on synthetic data after start ({@link WarmUps}), so the JIT has compiled it
 * before the first backup needs it: until then, loops such as AES-GCM and SHA-256 run in the
 * interpreter, without the CPU instructions the compiled code uses, several times slower.
 */
public interface WarmUp {

    /** Runs the path on data of its own; never touches a store, a target or the catalog. */
    void run() throws Exception;
}
