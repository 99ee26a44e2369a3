package io.backuphub.dns;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** The declared TXT records and the Cloudflare API that keeps them. */
@ConfigMapping(prefix = "hub")
public interface DnsProperties {

    Dns dns();

    Cloudflare cloudflare();

    interface Dns {

        /** The TXT records the hub keeps in Cloudflare zones (YAML); absent = none declared. */
        @WithDefault("config/dns.yaml")
        Path file();

    }

    interface Cloudflare {

        /** Cloudflare's API base (a double of it in tests). */
        @WithDefault("https://api.cloudflare.com/client/v4")
        String apiUrl();

        /** A file holding the API token (a mounted secret); otherwise the CLOUDFLARE_API_TOKEN variable. */
        Optional<Path> tokenFile();

        /** How many times a request Cloudflare answered 429 is sent again (after its Retry-After). */
        @WithDefault("4")
        int maxRetries();

    }
}
