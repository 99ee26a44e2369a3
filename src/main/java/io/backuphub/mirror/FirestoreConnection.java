package io.backuphub.mirror;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.backuphub.integration.Integrations;
import io.backuphub.integration.IntegrationsConfig;
import io.grpc.ManagedChannelBuilder;

/**
 * A Firestore client for the mirror's project and database: Google's application default credentials,
 * or the emulator named by FIRESTORE_EMULATOR_HOST without credentials. The variable is read here
 * (also as a config property), because FirestoreOptions' own emulator settings are ignored by the
 * version in use (../shared/DEPENDENCIES.md).
 */
final class FirestoreConnection {

    private FirestoreConnection() {
    }

    static Firestore open(IntegrationsConfig.Firestore config) {
        FirestoreOptions.Builder options = FirestoreOptions.newBuilder().setProjectId(config.projectId());
        if (config.databaseId() != null) {
            options.setDatabaseId(config.databaseId());
        }
        Integrations.emulator("FIRESTORE_EMULATOR_HOST").ifPresent(host -> options.setHost(host)
                .setCredentialsProvider(FixedCredentialsProvider.create(new FirestoreOptions.EmulatorCredentials()))
                .setChannelProvider(InstantiatingGrpcChannelProvider.newBuilder().setEndpoint(host)
                        .setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build()));
        return options.build().getService();
    }

}
