package dev.hamcp.bridge.command.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.bridge.api.secret.EncryptedSecret;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final byte[] KEY = new byte[32];
    private static final byte[] OTHER_KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 7);
        Arrays.fill(OTHER_KEY, (byte) 9);
    }

    private final SecretCipher cipher = new SecretCipher(KEY);

    @Test
    void aSecretComesBackAsItWentIn() {
        EncryptedSecret sealed = cipher.encrypt("user-1", "llat-0123456789");

        assertThat(cipher.decrypt(sealed)).isEqualTo("llat-0123456789");
    }

    @Test
    void theSealedFormHoldsNeitherTheSecretNorItsBase64() {
        String secret = "llat-very-secret-token";
        EncryptedSecret sealed = cipher.encrypt("user-1", secret);

        String base64 = Base64.getEncoder().encodeToString(secret.getBytes());
        assertThat(sealed.toString()).doesNotContain(secret).doesNotContain(base64);
        assertThat(Base64.getDecoder().decode(sealed.nonce())).hasSize(12);
        assertThat(sealed.keyId()).isEqualTo(cipher.keyId());
    }

    @Test
    void everyEncryptionUsesAFreshNonce() {
        assertThat(cipher.encrypt("user-1", "same").nonce())
                .isNotEqualTo(cipher.encrypt("user-1", "same").nonce());
    }

    @Test
    void theFingerprintIsTheFirstEightHexDigitsOfTheSha256() {
        // SHA-256("abc") = ba7816bf...
        assertThat(cipher.encrypt("user-1", "abc").fingerprint()).isEqualTo("ba7816bf");
        assertThat(SecretCipher.fingerprintOf("abc")).isEqualTo("ba7816bf");
    }

    @Test
    void aSecretSealedUnderAnotherKeyIsRefused() {
        EncryptedSecret foreign = new SecretCipher(OTHER_KEY).encrypt("user-1", "secret");

        assertThatThrownBy(() -> cipher.decrypt(foreign)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTamperedCiphertextIsRefused() {
        EncryptedSecret sealed = cipher.encrypt("user-1", "secret");
        byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
        bytes[0] ^= 1;
        var tampered = new EncryptedSecret(
                sealed.keyId(), sealed.nonce(), Base64.getEncoder().encodeToString(bytes), sealed.fingerprint());

        assertThatThrownBy(() -> cipher.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> new SecretCipher(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nodesSharingAKeyNameItAlike() {
        assertThat(new SecretCipher(KEY.clone()).keyId())
                .isEqualTo(cipher.keyId())
                .isNotEqualTo(new SecretCipher(OTHER_KEY).keyId());
    }
}
