package dev.hamcp.bridge.command.user;

import static dev.hamcp.bridge.command.user.TestUsers.HASHER;
import static dev.hamcp.bridge.command.user.TestUsers.PASSWORD;
import static dev.hamcp.bridge.command.user.TestUsers.PASSWORD_HASH;
import static dev.hamcp.bridge.command.user.TestUsers.WRONG_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.hamcp.bridge.api.user.Password;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void aHashVerifiesTheSamePassword() {
        assertThat(HASHER.verify(PASSWORD, PASSWORD_HASH)).isTrue();
    }

    @Test
    void aHashDoesNotVerifyAnotherPassword() {
        assertThat(HASHER.verify(WRONG_PASSWORD, PASSWORD_HASH)).isFalse();
    }

    @Test
    void theEncodedFormNamesSchemeAndIterationsButNotThePassword() {
        assertThat(PASSWORD_HASH)
                .startsWith("pbkdf2-sha256$100000$")
                .doesNotContain(PASSWORD.value())
                .matches("pbkdf2-sha256\\$100000\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+");
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTimeBecauseTheSaltDiffers() {
        String again = HASHER.hash(PASSWORD);

        assertThat(again).isNotEqualTo(PASSWORD_HASH);
        assertThat(saltOf(again)).isNotEqualTo(saltOf(PASSWORD_HASH));
    }

    @Test
    void malformedEncodedValuesNeverVerify() {
        String[] parts = PASSWORD_HASH.split("\\$");
        assertThat(HASHER.verify(PASSWORD, null)).isFalse();
        assertThat(HASHER.verify(PASSWORD, "")).isFalse();
        assertThat(HASHER.verify(PASSWORD, "not a hash")).isFalse();
        assertThat(HASHER.verify(PASSWORD, "bcrypt$100000$" + parts[2] + "$" + parts[3]))
                .isFalse();
        assertThat(HASHER.verify(PASSWORD, "pbkdf2-sha256$many$" + parts[2] + "$" + parts[3]))
                .isFalse();
        assertThat(HASHER.verify(PASSWORD, "pbkdf2-sha256$0$" + parts[2] + "$" + parts[3]))
                .isFalse();
        assertThat(HASHER.verify(PASSWORD, "pbkdf2-sha256$100000$" + parts[2] + "$not*base64"))
                .isFalse();
        assertThat(HASHER.verify(PASSWORD, "pbkdf2-sha256$100000$" + parts[2] + "$" + parts[2]))
                .isFalse();
        assertThat(HASHER.verify(PASSWORD, PASSWORD_HASH + "$extra")).isFalse();
    }

    @Test
    void anEmptyPasswordIsSimplyWrong() {
        assertThat(HASHER.verify(new Password(""), PASSWORD_HASH)).isFalse();
    }

    @Test
    void fewerThanOneHundredThousandIterationsAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PasswordHasher(99_999))
                .withMessageContaining("100000");
    }

    @Test
    void aDummyVerifyAcceptsAnyPasswordWithoutFailing() {
        HASHER.verifyDummy(PASSWORD);
    }

    private static String saltOf(String encoded) {
        return encoded.split("\\$")[2];
    }
}
