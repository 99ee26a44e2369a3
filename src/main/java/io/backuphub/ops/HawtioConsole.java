package io.backuphub.ops;

import io.hawt.HawtioContextListener;
import io.hawt.system.ConfigManager;

/**
 * Starts Hawtio with the hub's settings. Every /hawtio path already passed the hub's API-key filter,
 * so Hawtio's own login (JAAS, Keycloak) is off; a -Dhawtio.* system property still wins.
 */
public class HawtioConsole extends HawtioContextListener {

    public HawtioConsole() {
        super(new ConfigManager(HawtioConsole::setting));
    }

    static String setting(String name) {
        return switch (name) {
            case "authenticationEnabled", "keycloakEnabled" -> "false";
            case "offline" -> "true";
            default -> null;
        };
    }
}
