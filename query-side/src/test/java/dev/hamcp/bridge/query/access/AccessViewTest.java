package dev.hamcp.bridge.query.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.api.user.PasswordChanged;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.api.user.SessionEndReason;
import dev.hamcp.bridge.api.user.SessionEnded;
import dev.hamcp.bridge.api.user.SessionRefreshed;
import dev.hamcp.bridge.api.user.SessionStarted;
import dev.hamcp.bridge.api.user.UserDeleted;
import dev.hamcp.bridge.api.user.UserDisabled;
import dev.hamcp.bridge.api.user.UserEnabled;
import dev.hamcp.bridge.api.user.UserRegistered;
import dev.hamcp.bridge.api.user.UserRoleChanged;
import dev.hamcp.bridge.query.user.PersonalData;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AccessViewTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(3600);
    private final AccessView view = new AccessView(Clock.fixed(NOW, ZoneOffset.UTC), PersonalData.NONE);

    private void registered(boolean mustChangePassword) {
        view.apply(new UserRegistered("u1", "Alice", "a@example.org", null, "hash", Role.USER, mustChangePassword), 0);
    }

    @Test
    void aStartedSessionIsAdmittedUntilItEnds() {
        registered(false);
        view.apply(new SessionStarted("u1", "s1", "h1", LATER), 1);

        assertThat(view.admit("u1", "s1")).isPresent();
        assertThat(view.ownerOfSession("s1")).contains("u1");
        assertThat(view.userIdForUsername("ALICE")).contains("u1");

        view.apply(new SessionEnded("u1", "s1", SessionEndReason.LOGGED_OUT), 2);
        assertThat(view.admit("u1", "s1")).isEmpty();
        assertThat(view.ownerOfSession("s1")).isEmpty();
    }

    @Test
    void anExpiredSessionIsNotAdmitted() {
        registered(false);
        view.apply(new SessionStarted("u1", "s1", "h1", NOW.minusSeconds(1)), 1);

        assertThat(view.admit("u1", "s1")).isEmpty();
    }

    @Test
    void aRefreshExtendsTheSession() {
        registered(false);
        view.apply(new SessionStarted("u1", "s1", "h1", NOW.plusSeconds(1)), 1);
        view.apply(new SessionRefreshed("u1", "s1", "h2", LATER), 2);

        assertThat(view.user("u1").orElseThrow().sessionExpiries()).containsEntry("s1", LATER);
    }

    @Test
    void changingThePasswordLiftsTheObligationToChangeIt() {
        registered(true);
        view.apply(new SessionStarted("u1", "s1", "h1", LATER), 1);
        assertThat(view.user("u1").orElseThrow().mustChangePassword()).isTrue();

        view.apply(new PasswordChanged("u1", "hash2"), 2);

        assertThat(view.admit("u1", "s1").orElseThrow().mustChangePassword()).isFalse();
    }

    @Test
    void aDisabledUserIsNotAdmittedUntilEnabled() {
        registered(false);
        view.apply(new SessionStarted("u1", "s1", "h1", LATER), 1);
        view.apply(new UserDisabled("u1"), 2);
        assertThat(view.admit("u1", "s1")).isEmpty();

        view.apply(new UserEnabled("u1"), 3);
        assertThat(view.admit("u1", "s1")).isPresent();
    }

    @Test
    void anEventDeliveredTwiceOrLateCountsOnce() {
        registered(false);
        view.apply(new UserRoleChanged("u1", Role.ADMIN), 1);
        view.apply(new UserDisabled("u1"), 2);

        view.apply(new UserRoleChanged("u1", Role.ADMIN), 1);
        view.apply(new UserEnabled("u1"), 1);

        var user = view.user("u1").orElseThrow();
        assertThat(user.enabled()).isFalse();
        assertThat(user.sequence()).isEqualTo(2);
        assertThat(view.enabledAdminCount()).isZero();
    }

    @Test
    void aDeletedUserStaysGoneEvenIfTheirRegistrationArrivesAgain() {
        registered(false);
        view.apply(new SessionStarted("u1", "s1", "h1", LATER), 1);
        view.apply(new UserDeleted("u1"), 2);

        registered(false);

        assertThat(view.user("u1")).isEmpty();
        assertThat(view.userIdForUsername("alice")).isEmpty();
        assertThat(view.ownerOfSession("s1")).isEmpty();
        assertThat(view.userCount()).isZero();
    }
}
