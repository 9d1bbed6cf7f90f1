package dev.hamcp.bridge.command.secret;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** AES-256-GCM with a fresh random 96-bit nonce per message and a 128-bit tag: secrets and data keys alike. */
final class AesGcm {

    static final int NONCE_BYTES = 12;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A nonce and the ciphertext (tag included) it was sealed with. */
    record Sealed(byte[] nonce, byte[] ciphertext) {}

    private AesGcm() {}

    static Sealed seal(SecretKey key, byte[] plain, byte[] aad) {
        byte[] nonce = random(NONCE_BYTES);
        try {
            return new Sealed(
                    nonce, cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt with " + TRANSFORMATION, e);
        }
    }

    /** The plain bytes; throws when the key, nonce or associated data differ, or a byte was changed. */
    static byte[] open(SecretKey key, byte[] nonce, byte[] ciphertext, byte[] aad) throws GeneralSecurityException {
        if (nonce.length != NONCE_BYTES) {
            throw new GeneralSecurityException("nonce must be " + NONCE_BYTES + " bytes");
        }
        return cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(ciphertext);
    }

    static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        return cipher;
    }
}
