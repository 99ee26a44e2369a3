package io.backuphub.transport;

import io.backuphub.common.WarmUp;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens 32 MiB of SSH-sized packets with AES-GCM, the cipher {@link SshConnection} asks for
 * first, through the same JDK provider MINA uses: until these loops are compiled the JDK cannot use
 * the CPU's AES and carry-less multiply instructions, and a dump arrives several times slower.
 */
@ApplicationScoped
class SshCipherWarmUp implements WarmUp {

    private static final int PACKET = 32 * 1024;
    private static final int PACKETS = 1024;
    private static final int TAG_BITS = 128;

    @Override
    public void run() throws GeneralSecurityException {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        Cipher seal = Cipher.getInstance("AES/GCM/NoPadding");
        Cipher open = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] packet = new byte[PACKET];
        byte[] sealed = new byte[PACKET + TAG_BITS / 8];
        byte[] nonce = new byte[12];
        for (int i = 0; i < PACKETS; i++) {
            nonce[10] = (byte) (i >>> 8); // a new nonce for each packet, as SSH's packet counter gives
            nonce[11] = (byte) i;
            GCMParameterSpec parameters = new GCMParameterSpec(TAG_BITS, nonce);
            seal.init(Cipher.ENCRYPT_MODE, spec, parameters);
            seal.updateAAD(packet, 0, 4); // SSH authenticates the packet length it leaves in the clear
            int n = seal.doFinal(packet, 4, PACKET - 4, sealed, 0);
            open.init(Cipher.DECRYPT_MODE, spec, parameters);
            open.updateAAD(packet, 0, 4);
            open.doFinal(sealed, 0, n, packet, 4);
        }
    }
}
