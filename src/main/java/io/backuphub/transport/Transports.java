package io.backuphub.transport;

import io.backuphub.HubConfig;
import io.backuphub.target.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/** Opens the connection a target's transport section describes. */
@ApplicationScoped
public class Transports {

    private final SshConnection.Settings sshDefaults;

    public Transports(HubConfig config) {
        this.sshDefaults = new SshConnection.Settings(
                config.ssh().connectTimeout(), config.ssh().authTimeout(), config.ssh().idleTimeout());
    }

    public Connection connect(Target target) throws IOException {
        Target.TransportSpec spec = target.transport();
        return spec.isSsh() ? SshConnection.open(spec, sshDefaults) : new LocalConnection();
    }
}
