package io.backuphub.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** This process's name as a job owner: hub.instance-id, else the host name (stable across restarts). */
@ApplicationScoped
public class HubInstance {

    private final String id;

    public HubInstance(HubProperties config) {
        this.id = config.instanceId().orElseGet(HubInstance::hostName);
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "backup-hub";
        }
    }

    public String id() {
        return id;
    }
}
