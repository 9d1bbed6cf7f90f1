package dev.hamcp.bridge.command.secret;

import static dev.hamcp.bridge.command.secret.TestCiphers.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.secret.EncryptedSecret;
import java.util.Base64;
import java.util.List;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private final MasterKeyring keyring = new MasterKeyring(key(7), List.of());
    private final InMemoryDataKeyStore store = new InMemoryDataKeyStore();
    private final SecretCipher cipher = TestCiphers.cipher(keyring, store);

    @Test
    void aSecretComesBackAsItWentIn() {
        EncryptedSecret sealed = cipher.encrypt("user-1", "llat-0123456789");

        assertThat(cipher.decrypt(sealed)).isEqualTo("llat-0123456789");
    }

    @Test
    void aSecretOpensOnAnotherNodeSharingTheStoreAndTheMasterKey() {
        EncryptedSecret sealed = cipher.encrypt("user-1", "llat-0123456789");

        assertThat(TestCiphers.cipher(keyring, store).decrypt(sealed)).isEqualTo("llat-0123456789");
    }

    @Test
    void theSealedFormHoldsNeitherTheSecretNorItsBase64() {
        String secret = "llat-very-secret-token";
        EncryptedSecret sealed = cipher.encrypt("user-1", secret);

        String base64 = Base64.getEncoder().encodeToString(secret.getBytes());
        assertThat(sealed.toString()).doesNotContain(secret).doesNotContain(base64);
        assertThat(Base64.getDecoder().decode(sealed.nonce())).hasSize(12);
        assertThat(sealed.keyId())
                .isEqualTo(store.findByOwner("user-1").orElseThrow().keyId());
    }

    @Test
    void eachOwnerHasOneDataKeyOfTheirOwn() {
        String first = cipher.encrypt("user-1", "a").keyId();

        assertThat(cipher.encrypt("user-1", "b").keyId()).isEqualTo(first);
        assertThat(cipher.encrypt("user-2", "a").keyId()).isNotEqualTo(first);
        assertThat(cipher.encrypt(SecretCipher.INSTALLATION, "a").keyId()).isNotEqualTo(first);
    }

    @Test
    void twoNodesSealingForANewOwnerAtOnceAgreeOnOneKey() {
        var otherNode = TestCiphers.cipher(keyring, store);

        EncryptedSecret here = cipher.encrypt("user-1", "a");
        EncryptedSecret there = otherNode.encrypt("user-1", "b");

        assertThat(there.keyId()).isEqualTo(here.keyId());
        assertThat(otherNode.decrypt(here)).isEqualTo("a");
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
    void aSecretSealedByAnotherInstallationIsRefused() {
        EncryptedSecret foreign = TestCiphers.cipher(9).encrypt("user-1", "secret");

        assertThatThrownBy(() -> cipher.decrypt(foreign))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining(foreign.keyId());
    }

    @Test
    void aTamperedCiphertextIsRefused() {
        EncryptedSecret sealed = cipher.encrypt("user-1", "secret");
        byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
        bytes[0] ^= 1;
        var tampered = new EncryptedSecret(
                sealed.keyId(), sealed.nonce(), Base64.getEncoder().encodeToString(bytes), sealed.fingerprint());

        assertThatThrownBy(() -> cipher.decrypt(tampered)).isInstanceOf(SecretUnavailableException.class);
    }

    @Test
    void aSecretPassedOffAsAnotherOwnersIsRefused() {
        EncryptedSecret sealed = cipher.encrypt("user-1", "secret");
        String otherOwnersKey = cipher.encrypt("user-2", "other").keyId();
        var relabelled = new EncryptedSecret(otherOwnersKey, sealed.nonce(), sealed.ciphertext(), sealed.fingerprint());

        assertThatThrownBy(() -> cipher.decrypt(relabelled)).isInstanceOf(SecretUnavailableException.class);
    }

    @Test
    void aDataKeyMovedToAnotherOwnerDoesNotUnwrap() {
        EncryptedSecret sealed = cipher.encrypt("user-1", "secret");
        store.move("user-1", "user-2");

        assertThatThrownBy(() -> TestCiphers.cipher(keyring, store).decrypt(sealed))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("altered or moved");
    }

    @Test
    void aDeletedOwnersSecretsCanNoLongerBeOpened() {
        EncryptedSecret sealed = cipher.encrypt("user-1", "secret");
        EncryptedSecret othersSecret = cipher.encrypt("user-2", "other");

        cipher.shred("user-1");

        assertThatThrownBy(() -> cipher.decrypt(sealed))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("destroyed")
                .hasMessageNotContaining("secret ");
        assertThatThrownBy(() -> TestCiphers.cipher(keyring, store).decrypt(sealed))
                .isInstanceOf(SecretUnavailableException.class);
        assertThat(cipher.decrypt(othersSecret)).isEqualTo("other");
    }

    @Test
    void anotherNodeForgetsADestroyedKeyItHadInMemory() {
        var otherNode = TestCiphers.cipher(keyring, store);
        EncryptedSecret sealed = cipher.encrypt("user-1", "secret");
        assertThat(otherNode.decrypt(sealed)).isEqualTo("secret");

        cipher.shred("user-1");
        otherNode.forget("user-1");

        assertThatThrownBy(() -> otherNode.decrypt(sealed)).isInstanceOf(SecretUnavailableException.class);
    }

    @Test
    void nothingIsSealedForADeletedOwner() {
        cipher.encrypt("user-1", "secret");
        cipher.shred("user-1");
        cipher.shred("never-had-a-key");

        for (String owner : List.of("user-1", "never-had-a-key")) {
            assertThatThrownBy(() -> cipher.encrypt(owner, "new"))
                    .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(codeOf(e))
                            .isEqualTo(ErrorCode.USER_NOT_FOUND));
        }
    }

    @Test
    void shreddingTwiceIsHarmless() {
        cipher.encrypt("user-1", "secret");
        String keyId = store.findByOwner("user-1").orElseThrow().keyId();

        cipher.shred("user-1");
        cipher.shred("user-1");

        assertThat(store.findByOwner("user-1").orElseThrow())
                .satisfies(key -> assertThat(key.isDestroyed()).isTrue())
                .satisfies(key -> assertThat(key.keyId()).isEqualTo(keyId));
    }

    @Test
    void aRotationRewrapsEveryDataKeyAndOldSecretsOpenUnderTheNewMasterKeyAlone() {
        EncryptedSecret first = cipher.encrypt("user-1", "first");
        EncryptedSecret shared = cipher.encrypt(SecretCipher.INSTALLATION, "shared");
        cipher.encrypt("user-2", "gone");
        cipher.shred("user-2");
        var rotated = new MasterKeyring(key(8), List.of(key(7)));

        var rewrap = TestCiphers.cipher(rotated, store).rewrapAll(rotated.currentKeyId());

        assertThat(rewrap.count()).isEqualTo(2);
        assertThat(rewrap.fromMasterKeyIds()).containsExactly(keyring.currentKeyId());
        assertThat(rewrap.toMasterKeyId()).isEqualTo(rotated.currentKeyId());
        var newKeyOnly = TestCiphers.cipher(new MasterKeyring(key(8), List.of()), store);
        assertThat(newKeyOnly.decrypt(first)).isEqualTo("first");
        assertThat(newKeyOnly.decrypt(shared)).isEqualTo("shared");
        assertThat(newKeyOnly.encrypt("user-1", "next").keyId()).isEqualTo(first.keyId());
        assertThat(store.keysNotWrappedUnder(rotated.currentKeyId())).isEmpty();
    }

    @Test
    void aSecondRotationFindsNothingLeftToRewrap() {
        cipher.encrypt("user-1", "first");

        var rewrap = cipher.rewrapAll(keyring.currentKeyId());

        assertThat(rewrap.count()).isZero();
        assertThat(rewrap.fromMasterKeyIds()).isEmpty();
    }

    @Test
    void aRotationToAKeyThisNodeDoesNotHoldAsCurrentIsRefused() {
        String otherKey = MasterKeyring.keyIdOf(key(8));

        assertThatThrownBy(() -> cipher.rewrapAll(otherKey))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(codeOf(e))
                        .isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void aRotationWithoutTheOldMasterKeyIsRefusedAndChangesNothing() {
        cipher.encrypt("user-1", "first");
        WrappedDataKey before = store.findByOwner("user-1").orElseThrow();
        var withoutOldKey = new MasterKeyring(key(8), List.of());

        assertThatThrownBy(() -> TestCiphers.cipher(withoutOldKey, store).rewrapAll(withoutOldKey.currentKeyId()))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getMessage())
                        .contains(keyring.currentKeyId())
                        .contains("bridge.secrets.retired-master-keys"));
        assertThat(store.findByOwner("user-1")).contains(before);
    }

    @Test
    void aMasterKeyOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> new MasterKeyring(new byte[16], List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MasterKeyring(key(1), List.of(new byte[31])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nodesSharingAMasterKeyNameItAlike() {
        assertThat(MasterKeyring.keyIdOf(key(7)))
                .isEqualTo(keyring.currentKeyId())
                .isNotEqualTo(MasterKeyring.keyIdOf(key(9)))
                .startsWith("master-");
    }

    @Test
    void theKeyringListsItsRetiredKeysWithoutTheCurrentOne() {
        var ring = new MasterKeyring(key(8), List.of(key(7), key(8), key(6)));

        assertThat(ring.retiredKeyIds()).containsExactly(MasterKeyring.keyIdOf(key(7)), MasterKeyring.keyIdOf(key(6)));
    }

    @Test
    void aWrappedKeyPrintsNoKeyMaterial() {
        cipher.encrypt("user-1", "secret");
        WrappedDataKey wrapped = store.findByOwner("user-1").orElseThrow();

        assertThat(wrapped.toString())
                .doesNotContain(Base64.getEncoder().encodeToString(wrapped.sealedKey()))
                .contains(wrapped.keyId());
    }

    private static ErrorCode codeOf(CommandExecutionException e) {
        return e.getDetails().map(BusinessError.class::cast).orElseThrow().code();
    }
}
