package dev.hamcp.bridge.command.user;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void maxFailuresMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LockoutPolicy(0, MINUTE, MINUTE));
    }

    @Test
    void maxFailuresCannotExceedWhatAUserRemembers() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LockoutPolicy(FailedLogins.REMEMBERED + 1, MINUTE, MINUTE));
    }

    @Test
    void theWindowMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LockoutPolicy(5, Duration.ZERO, MINUTE));
    }

    @Test
    void theLockDurationMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LockoutPolicy(5, MINUTE, MINUTE.negated()));
    }
}
