package io.backuphub.engine.postgres;

import io.backuphub.common.HubConfig;
import java.lang.reflect.Proxy;

/** A PostgresEngine outside CDI: its only setting is the pg_restore binary. */
public final class PostgresEngineForTests {

    private PostgresEngineForTests() {
    }

    public static PostgresEngine create() {
        HubConfig.Verify verify = () -> "pg_restore";
        HubConfig config = (HubConfig) Proxy.newProxyInstance(HubConfig.class.getClassLoader(),
                new Class<?>[]{HubConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("verify")) {
                        return verify;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new PostgresEngine(config);
    }
}
