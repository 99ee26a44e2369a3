package io.backuphub.transport;

import io.backuphub.target.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/** Opens the connection a target's transport section describes. */
@ApplicationScoped
public class Transports {

    private final SshConnection.Settings sshDefaults;

    public Transports(SshProperties config) {
        this.sshDefaults = new SshConnection.Settings(
                config.connectTimeout(), config.authTimeout(), config.idleTimeout());
    }

    /** A connection whose commands and sessions {@code scope} stops on cancel, deadline or shutdown. */
    public Connection connect(Target target, ProcessScope scope) throws IOException {
        Target.TransportSpec spec = target.transport();
        if (spec == null) { // an engine spoken to over HTTP (Qdrant) never asks for one
            throw new IOException("target " + target.id() + " has no transport: its engine runs no tools");
        }
        return spec.isSsh() ? SshConnection.open(spec, sshDefaults, scope) : new LocalConnection(scope);
    }
}
