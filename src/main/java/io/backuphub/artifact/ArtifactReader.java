package io.backuphub.artifact;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import io.backuphub.common.Secrets;
import io.backuphub.engine.VerifyRequest.DecodedSource;
import io.backuphub.pipeline.ArtifactDecoder;
import io.backuphub.pipeline.ChecksumInputStream;
import io.backuphub.store.MissingObjectException;
import io.backuphub.store.StoreRegistry;
import io.backuphub.target.AgeKeys;
import io.backuphub.target.Compression;
import io.backuphub.target.Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Locale;

/**
 * Reads a stored artifact back as its engine wrote it: from a store holding a good copy, its size and SHA-256 checked
 * against the catalog while reading, decrypted with the identity of the target that made it, and
 * decompressed. Each {@code open()} of the source reads the store anew.
 */
@ApplicationScoped
public class ArtifactReader {

    @Inject ArtifactCopies copies;
    @Inject StoreRegistry stores;

    /** Thrown when an encrypted artifact's target gives the hub no identity to decrypt it. */
    public static final class NoIdentityException extends IOException {

        NoIdentityException(String message) {
            super(message);
        }
    }

    /**
     * The decoded artifact, read from a copy its store shows as written (the primary first);
     * {@code source} is the target that made it (its encryption identity decrypts). Throws
     * {@link MissingObjectException} when no store holds a good copy.
     */
    public DecodedSource decoded(Artifact artifact, Target source) throws IOException {
        return read(artifact, source, Compression.valueOf(artifact.compression().toUpperCase(Locale.ROOT)));
    }

    /**
     * The artifact checked and decrypted but still compressed, for a reader that decompresses where
     * the bytes go (a recovery's {@code zstd -d | tar -x} on the destination's host: fewer bytes through
     * SSH, and the decompression in C).
     */
    public DecodedSource decrypted(Artifact artifact, Target source) throws IOException {
        return read(artifact, source, Compression.NONE);
    }

    private DecodedSource read(Artifact artifact, Target source, Compression compression) throws IOException {
        List<RecipientStanzaReader> identities = identities(artifact.encrypted(), source);
        ArtifactCopies.Located copy = copies.readable(artifact, null)
                .orElseThrow(() -> new MissingObjectException(artifact.objectKey()));
        return () -> ArtifactDecoder.decode(
                new ChecksumInputStream(copy.store().open(copy.copy().key()), artifact.sha256(), artifact.bytes()),
                compression, artifact.encrypted(), identities);
    }

    /**
     * Another object the hub stored through the pipeline (a WAL segment), decoded: read from the first
     * of {@code storeIds} that has it, its size and SHA-256 checked while reading; how it was encoded
     * follows from its key's suffix ({@code .zst}, {@code .gz}, then {@code .age}).
     */
    public DecodedSource decodedObject(List<String> storeIds, String key, String sha256, long storedBytes,
            Target source) throws IOException {
        boolean encrypted = key.endsWith(".age");
        String encoded = encrypted ? key.substring(0, key.length() - ".age".length()) : key;
        Compression compression = java.util.Arrays.stream(Compression.values())
                .filter(c -> c.extension() != null && encoded.endsWith("." + c.extension())).findFirst()
                .orElse(Compression.NONE);
        List<RecipientStanzaReader> identities = identities(encrypted, source);
        return () -> {
            IOException missing = new MissingObjectException(key);
            for (String storeId : storeIds) {
                try {
                    return ArtifactDecoder.decode(new ChecksumInputStream(stores.get(storeId).open(key), sha256,
                            storedBytes), compression, encrypted, identities);
                } catch (IOException e) {
                    missing.addSuppressed(e);
                }
            }
            throw missing;
        };
    }

    private static List<RecipientStanzaReader> identities(boolean encrypted, Target source) throws IOException {
        if (!encrypted) {
            return List.of();
        }
        Target.EncryptionSpec encryption = source.encryption();
        if (encryption == null || !encryption.canDecrypt()) {
            throw new NoIdentityException("the artifact is age-encrypted and the hub holds no identity to decrypt it"
                    + " (set encryption.identityFile or identityEnv on target " + source.id() + ")");
        }
        try {
            return AgeKeys.readers(Secrets.resolve(encryption.identityEnv(), encryption.identityFile(), "age identity")
                    .orElseThrow());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the age identity: " + e.getMessage(), e);
        }
    }
}
