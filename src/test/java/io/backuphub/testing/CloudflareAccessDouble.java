package io.backuphub.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Cloudflare Access as the hub meets it: the team's signing keys served as a JWKS at
 * /cdn-cgi/access/certs the way Cloudflare serves them, and assertions signed with them (or, to be
 * refused, with a key no one published). Counts how often the keys were fetched.
 */
public final class CloudflareAccessDouble implements AutoCloseable {

    public static final String TEAM_DOMAIN = "hub-test.cloudflareaccess.com";
    public static final String AUDIENCE = "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2";

    private final HttpServer server;
    private final RsaJsonWebKey key;
    private final AtomicInteger fetches = new AtomicInteger();

    private CloudflareAccessDouble(HttpServer server, RsaJsonWebKey key) {
        this.server = server;
        this.key = key;
    }

    public static CloudflareAccessDouble start() throws IOException {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("team-key-1");
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            CloudflareAccessDouble access = new CloudflareAccessDouble(server, key);
            byte[] jwks = new JsonWebKeySet(key).toJson().getBytes(StandardCharsets.UTF_8);
            server.createContext("/cdn-cgi/access/certs", exchange -> {
                access.fetches.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.start();
            return access;
        } catch (JoseException e) {
            throw new IOException(e);
        }
    }

    public String certsUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cdn-cgi/access/certs";
    }

    public int fetches() {
        return fetches.get();
    }

    /** A person's assertion, as Cloudflare signs it after they passed Access: valid for 10 minutes. */
    public String person(String email) {
        return sign(Map.of("email", email), "https://" + TEAM_DOMAIN, AUDIENCE, Duration.ofMinutes(10), key,
                key.getKeyId());
    }

    /** A service token's assertion: no email, its client id's common name. */
    public String serviceToken(String commonName) {
        return sign(Map.of("common_name", commonName), "https://" + TEAM_DOMAIN, AUDIENCE, Duration.ofMinutes(10),
                key, key.getKeyId());
    }

    /** An assertion with any of its parts wrong: issuer, audience, lifetime ({@code ttl} negative: expired), key, kid. */
    public String forged(String email, String issuer, String audience, Duration ttl, boolean ownKey, String kid) {
        try {
            RsaJsonWebKey signer = ownKey ? key : RsaJwkGenerator.generateJwk(2048);
            return sign(Map.of("email", email), issuer, audience, ttl, signer, kid);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(Map<String, String> subject, String issuer, String audience, Duration ttl,
            RsaJsonWebKey signer, String kid) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setIssuedAt(NumericDate.fromSeconds(Instant.now().minusSeconds(5).getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().plus(ttl).getEpochSecond()));
        claims.setSubject("0d5b7a6c-1f2e-4a3b-9c8d-7e6f5a4b3c2d");
        claims.setClaim("type", "app");
        subject.forEach(claims::setClaim);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signer.getPrivateKey());
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
