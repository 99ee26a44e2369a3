package io.backuphub.http;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.Set;

/**
 * OIDC is on exactly when quarkus.oidc.auth-server-url is set (docs/security.md): without it, the
 * default tenant and the code flow on /login/oidc are switched off here, where quarkus-oidc would
 * otherwise refuse to start. Either key set explicitly (application.properties, the environment) wins.
 */
@Priority(Priorities.APPLICATION + 100)
public class OidcSwitch implements ConfigSourceInterceptor {

    static final String AUTH_SERVER_URL = "quarkus.oidc.auth-server-url";
    private static final Set<String> SWITCHES = Set.of("quarkus.oidc.tenant-enabled",
            "quarkus.http.auth.permission.oidc-login.enabled");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (!SWITCHES.contains(name)) {
            return context.proceed(name);
        }
        ConfigValue explicit = context.proceed(name);
        // A mapping's default comes from the lowest source: that is not a setting.
        if (explicit != null && explicit.getValue() != null && explicit.getConfigSourceOrdinal() > Integer.MIN_VALUE) {
            return explicit;
        }
        ConfigValue url = context.proceed(AUTH_SERVER_URL);
        boolean on = url != null && url.getValue() != null && !url.getValue().isBlank();
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(on))
                .withConfigSourceName("backup-hub OIDC switch").build();
    }
}
