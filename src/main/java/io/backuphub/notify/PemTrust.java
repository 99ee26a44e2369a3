package io.backuphub.notify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS that trusts the certificates of one PEM file instead of the JVM's CAs: for a mail relay signed
 * by a private CA. Certificates are still fully checked (chain, dates); host names are checked by the
 * mail session ({@code ssl.checkserveridentity}).
 */
final class PemTrust {

    private PemTrust() {
    }

    static SSLSocketFactory socketFactory(Path pemFile) throws IOException {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates(pemFile)) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the certificates in " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /** The X.509 certificates of a PEM file; an error if there is none. */
    static Collection<? extends Certificate> certificates(Path pemFile) throws IOException {
        if (!Files.isReadable(pemFile)) {
            throw new IOException("file " + pemFile + " does not exist or is not readable");
        }
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException("no PEM certificate in " + pemFile);
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new IOException("no readable PEM certificate in " + pemFile + ": " + e.getMessage(), e);
        }
    }
}
