package io.backuphub.target;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/** age X25519 keys: recipients (age1...) to encrypt to, identities (AGE-SECRET-KEY-1...) to decrypt. */
public final class AgeKeys {

    private AgeKeys() {
    }

    public static boolean isRecipient(String encoded) {
        if (encoded == null || !encoded.startsWith("age1")) {
            return false;
        }
        try {
            X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(encoded);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    public static List<RecipientStanzaWriter> writers(List<String> recipients) throws GeneralSecurityException {
        List<RecipientStanzaWriter> writers = new ArrayList<>();
        for (String recipient : recipients) {
            writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient));
        }
        return writers;
    }

    /** Reads identities from age's key-file format: comment lines start with '#'. */
    public static List<RecipientStanzaReader> readers(String keyFile) throws GeneralSecurityException {
        List<RecipientStanzaReader> readers = new ArrayList<>();
        for (String line : keyFile.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("AGE-SECRET-KEY-1")) {
                readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(trimmed));
            }
        }
        if (readers.isEmpty()) {
            throw new GeneralSecurityException("no AGE-SECRET-KEY-1 identity found");
        }
        return readers;
    }
}
