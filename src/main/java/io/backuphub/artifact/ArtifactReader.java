package io.backuphub.artifact;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import io.backuphub.common.Secrets;
import io.backuphub.engine.VerifyRequest.DecodedSource;
import io.backuphub.pipeline.ArtifactDecoder;
import io.backuphub.pipeline.ChecksumInputStream;
import io.backuphub.store.MissingObjectException;
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
        List<RecipientStanzaReader> identities = identities(artifact, source);
        Compression compression = Compression.valueOf(artifact.compression().toUpperCase(Locale.ROOT));
        ArtifactCopies.Located copy = copies.readable(artifact, null)
                .orElseThrow(() -> new MissingObjectException(artifact.objectKey()));
        return () -> ArtifactDecoder.decode(
                new ChecksumInputStream(copy.store().open(copy.copy().key()), artifact.sha256(), artifact.bytes()),
                compression, artifact.encrypted(), identities);
    }

    private static List<RecipientStanzaReader> identities(Artifact artifact, Target source) throws IOException {
        if (!artifact.encrypted()) {
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
