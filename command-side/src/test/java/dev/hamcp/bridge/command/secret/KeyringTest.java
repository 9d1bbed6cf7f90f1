package dev.hamcp.bridge.command.secret;

import static dev.hamcp.bridge.command.secret.TestCiphers.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.secret.DataKeysRewrapped;
import dev.hamcp.bridge.api.secret.RewrapDataKeys;
import dev.hamcp.bridge.api.user.UserDeleted;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyringTest {

    private static final MasterKeyring OLD = new MasterKeyring(key(1), List.of());
    private static final MasterKeyring ROTATED = new MasterKeyring(key(2), List.of(key(1)));

    private final AtomicReference<MasterKeyring> keyring = new AtomicReference<>(OLD);
    private final InMemoryDataKeyStore store = new InMemoryDataKeyStore();
    private final SecretCipher cipher = new SecretCipher(keyring::get, store);
    private AggregateTestFixture<Keyring> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Keyring.class);
        fixture.registerInjectableResource(cipher);
    }

    @Test
    void aRotationRewrapsTheDataKeysAndRecordsWhichKeysWithoutTheirContent() {
        cipher.encrypt("user-1", "a");
        cipher.encrypt(SecretCipher.INSTALLATION, "b");
        keyring.set(ROTATED);

        fixture.givenNoPriorActivity()
                .when(new RewrapDataKeys(ROTATED.currentKeyId()))
                .expectEvents(new DataKeysRewrapped(List.of(OLD.currentKeyId()), ROTATED.currentKeyId(), 2))
                .expectResultMessagePayload(
                        new DataKeysRewrapped(List.of(OLD.currentKeyId()), ROTATED.currentKeyId(), 2));
        assertThat(store.keysNotWrappedUnder(ROTATED.currentKeyId())).isEmpty();
    }

    @Test
    void everyRotationIsRecordedEvenWithNothingToRewrap() {
        fixture.given(new DataKeysRewrapped(List.of(), OLD.currentKeyId(), 0))
                .when(new RewrapDataKeys(OLD.currentKeyId()))
                .expectEvents(new DataKeysRewrapped(List.of(), OLD.currentKeyId(), 0));
    }

    @Test
    void aRotationToAKeyThisNodeDoesNotHoldIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RewrapDataKeys(ROTATED.currentKeyId()))
                .expectNoEvents()
                .expectExceptionDetails(Matchers.matches(
                        details -> details instanceof BusinessError error && error.code() == ErrorCode.CONFLICT));
    }

    @Test
    void deletingAUserShredsTheirDataKey() {
        var sealed = cipher.encrypt("user-1", "a");

        new DataKeyShredder(cipher).on(new UserDeleted("user-1"));

        assertThat(store.findByOwner("user-1").orElseThrow().isDestroyed()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cipher.decrypt(sealed))
                .isInstanceOf(SecretUnavailableException.class);
    }
}
