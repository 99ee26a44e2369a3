package io.backuphub.pitr;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.VerificationState;
import io.backuphub.target.Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A target's {@link RecoveryWindow}, from the catalog: its stored WAL segments and its verified bases. */
@ApplicationScoped
public class RecoveryWindows {

    @Inject WalStreams streams;
    @Inject ArtifactRepository artifacts;

    public RecoveryWindow of(Target target) {
        List<RecoveryWindow.Piece> pieces = streams.segments(target.id()).stream()
                .filter(s -> "segment".equals(s.kind()) && s.startLsn() != null)
                .map(s -> new RecoveryWindow.Piece(s.name(), s.timeline(), RecoveryWindow.position(s.startLsn()),
                        RecoveryWindow.position(s.endLsn()), s.receivedAt()))
                .toList();
        return RecoveryWindow.of(pieces, bases(target), Instant.now());
    }

    /** The target's stored, verified bases with the positions their verification read from backup_manifest. */
    List<RecoveryWindow.Base> bases(Target target) {
        return artifacts.stored(target.id()).stream()
                .filter(a -> a.base() && a.verification() == VerificationState.VERIFIED)
                .map(RecoveryWindows::base).filter(Objects::nonNull).toList();
    }

    private static RecoveryWindow.Base base(Artifact a) {
        Object start = a.source().get("startLsn");
        Object end = a.verificationEvidence() == null ? null : a.verificationEvidence().get("endLsn");
        return start == null || end == null ? null
                : new RecoveryWindow.Base(a.id(), a.createdAt(), start.toString(), end.toString());
    }
}
