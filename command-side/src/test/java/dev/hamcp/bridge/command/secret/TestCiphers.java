package dev.hamcp.bridge.command.secret;

import java.util.Arrays;
import java.util.List;

/** Ciphers for command-side tests: a fixed master key and data keys kept in memory. */
public final class TestCiphers {

    private TestCiphers() {}

    /** A cipher under a master key of 32 times {@code fill}, with its own in-memory store. */
    public static SecretCipher cipher(int fill) {
        return cipher(new MasterKeyring(key(fill), List.of()), new InMemoryDataKeyStore());
    }

    public static SecretCipher cipher(MasterKeyring keyring, DataKeyStore store) {
        return new SecretCipher(() -> keyring, store);
    }

    /** 32 bytes of {@code fill}: a key for tests only. */
    public static byte[] key(int fill) {
        byte[] key = new byte[SecretCipher.KEY_BYTES];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
