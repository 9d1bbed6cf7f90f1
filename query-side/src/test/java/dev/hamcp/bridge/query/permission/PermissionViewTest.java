package dev.hamcp.bridge.query.permission;

import static dev.hamcp.bridge.api.permission.ToolLevel.EXECUTE;
import static dev.hamcp.bridge.api.permission.ToolLevel.READ;
import static dev.hamcp.bridge.api.permission.ToolLevel.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.api.permission.DefaultPolicyChanged;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.InstallationPolicy;
import dev.hamcp.bridge.api.permission.PermissionChanged;
import dev.hamcp.bridge.api.permission.PermissionGranted;
import dev.hamcp.bridge.api.permission.PermissionRevoked;
import dev.hamcp.bridge.api.permission.PermissionsChangedInBulk;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.api.permission.ToolLevelOverridden;
import dev.hamcp.bridge.api.permission.ToolLevelOverrideCleared;
import dev.hamcp.bridge.api.permission.ToolPatterns;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.query.access.UserAccess;
import dev.hamcp.bridge.query.token.ApiTokenAccess;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionViewTest {

    private static final Instant ISSUED = Instant.parse("2026-11-23T12:00:00Z");

    private final PermissionView view = new PermissionView();
    private final UserAccess alice = user("alice", Role.USER, true, false);
    private final UserAccess bob = user("bob", Role.USER, true, false);
    private final UserAccess admin = user("root", Role.ADMIN, true, false);

    private static UserAccess user(String id, Role role, boolean enabled, boolean deleted) {
        return new UserAccess(id, id, id + "@example.org", role, enabled, false, deleted, Map.of(), 0);
    }

    private static Grant grant(String tool, ToolLevel... levels) {
        return new Grant(tool, Set.of(levels), true);
    }

    private static Grant disabled(String tool, ToolLevel... levels) {
        return new Grant(tool, Set.of(levels), false);
    }

    // As the token view keeps it: the subset most specific first, or null for all the owner's rights.
    private static ApiTokenAccess token(String owner, List<Grant> subset) {
        return new ApiTokenAccess(
                "t-" + owner,
                owner,
                "laptop",
                "0".repeat(64),
                "mcp_abcdefgh",
                ISSUED,
                null,
                null,
                subset == null ? null : ToolPatterns.mostSpecificFirst(subset),
                List.of(),
                List.of(),
                null,
                0);
    }

    /** The decision the gateway makes for a tool whose upstream declares nothing. */
    private Decision decide(UserAccess user, ApiTokenAccess token, String tool) {
        return view.decide(user, token, tool, tool, view.requiredLevel(tool, null));
    }

    private Decision decide(UserAccess user, String tool) {
        return decide(user, null, tool);
    }

    private void defaults(long sequence, Grant... grants) {
        view.apply(new DefaultPolicyChanged(List.of(grants), List.of()), sequence);
    }

    @Test
    void outOfTheBoxEveryoneMayLookAtEverythingAndChangeNothing() {
        assertThat(view.defaultsChosen()).isFalse();
        assertThat(view.defaults()).isEqualTo(InstallationPolicy.OUT_OF_THE_BOX_DEFAULTS);

        assertThat(decide(alice, "GetDateTime").allowed()).isTrue();
        Decision turnOn = decide(alice, "HassTurnOn");
        assertThat(turnOn.allowed()).isFalse();
        assertThat(turnOn.required()).isEqualTo(WRITE);
        assertThat(turnOn.granted()).containsExactly(READ);
    }

    @Test
    void withEmptyDefaultsAUserWithoutGrantsIsDeniedEverything() {
        defaults(0);

        assertThat(view.defaultsChosen()).isTrue();
        assertThat(decide(alice, "GetDateTime").allowed()).isFalse();
        assertThat(decide(alice, "GetDateTime").granted()).isEmpty();
        assertThat(decide(alice, "HassTurnOn").allowed()).isFalse();
    }

    @Test
    void anExplicitGrantOverridesTheDefaultOnTheToolsItMatches() {
        view.apply(new PermissionGranted("alice", grant("HassTurnOn", WRITE)), 0);
        view.apply(new PermissionGranted("alice", grant("GetLiveContext")), 1);

        assertThat(decide(alice, "HassTurnOn").allowed()).isTrue();
        // An empty set of levels is an explicit "nothing", not a fall back to the defaults.
        assertThat(decide(alice, "GetLiveContext").allowed()).isFalse();
        // Tools without an explicit grant still follow the defaults.
        assertThat(decide(alice, "GetDateTime").allowed()).isTrue();
        assertThat(decide(alice, "HassTurnOff").allowed()).isFalse();
    }

    @Test
    void theMostSpecificGrantDecides() {
        view.apply(
                new PermissionsChangedInBulk(
                        "alice",
                        List.of(
                                grant("*", READ),
                                grant("Hass*", READ, WRITE),
                                grant("HassTurn*"),
                                grant("HassTurnOn", WRITE)),
                        List.of()),
                0);

        assertThat(decide(alice, "GetDateTime").granted()).containsExactly(READ);
        assertThat(decide(alice, "HassToggle").granted()).containsExactlyInAnyOrder(READ, WRITE);
        assertThat(decide(alice, "HassTurnOff").granted()).isEmpty();
        assertThat(decide(alice, "HassTurnOn").granted()).containsExactly(WRITE);
    }

    @Test
    void aGrantOnTheNameOneUpstreamExposesBeatsTheGrantOnTheBareToolName() {
        view.apply(new PermissionGranted("alice", grant("HassTurnOn", READ)), 0);
        view.apply(new PermissionGranted("alice", grant("attic_GetDateTime")), 1);
        view.apply(new PermissionGranted("alice", grant("house_HassTurnOn", WRITE)), 2);
        view.apply(new PermissionGranted("alice", grant("GetDateTime", READ)), 3);

        assertThat(view.levelsOf(alice, null, "HassTurnOn", "house_HassTurnOn")).containsExactly(WRITE);
        assertThat(view.levelsOf(alice, null, "HassTurnOn", "garage_HassTurnOn"))
                .containsExactly(READ);
        assertThat(view.levelsOf(alice, null, "GetDateTime", "attic_GetDateTime"))
                .isEmpty();
        assertThat(view.levelsOf(alice, null, "GetDateTime", "house_GetDateTime"))
                .containsExactly(READ);
    }

    @Test
    void aDisabledGrantGivesNothingAndHidesABroaderOne() {
        view.apply(new PermissionGranted("alice", grant("Hass*", WRITE)), 0);
        view.apply(new PermissionGranted("alice", disabled("HassTurnOn", WRITE)), 1);
        view.apply(new PermissionGranted("alice", disabled("GetDateTime", READ)), 2);

        assertThat(decide(alice, "HassTurnOn").allowed()).isFalse();
        assertThat(decide(alice, "HassTurnOn").granted()).isEmpty();
        assertThat(decide(alice, "HassTurnOff").allowed()).isTrue();
        // It hides the default too.
        assertThat(decide(alice, "GetDateTime").allowed()).isFalse();
    }

    @Test
    void changingTheDefaultsChangesUsersWithoutAnExplicitGrantButNotThoseWithOne() {
        view.apply(new PermissionGranted("bob", grant("*", READ)), 0);

        defaults(0, grant("*", READ, WRITE));

        assertThat(decide(alice, "HassTurnOn").allowed()).isTrue();
        assertThat(decide(bob, "HassTurnOn").allowed()).isFalse();
        assertThat(decide(bob, "GetDateTime").allowed()).isTrue();
    }

    @Test
    void anAdministratorHoldsEveryLevelOnEveryToolWhateverTheGrants() {
        defaults(0);
        view.apply(new PermissionGranted("root", disabled("*")), 0);

        assertThat(view.levelsOf(admin, null, "script_open_garage", "script_open_garage"))
                .containsExactlyInAnyOrder(READ, WRITE, EXECUTE);
        assertThat(decide(admin, "script_open_garage").allowed()).isTrue();
        assertThat(decide(admin, "HassTurnOn").allowed()).isTrue();
    }

    @Test
    void aDisabledOrDeletedUserHoldsNothing() {
        view.apply(new PermissionGranted("alice", grant("*", READ, WRITE, EXECUTE)), 0);

        for (UserAccess gone : List.of(
                user("alice", Role.USER, false, false),
                user("alice", Role.USER, false, true),
                user("root", Role.ADMIN, false, false),
                user("root", Role.ADMIN, false, true))) {
            assertThat(view.levelsOf(gone, null, "GetDateTime", "GetDateTime"))
                    .as(gone.toString())
                    .isEmpty();
            assertThat(decide(gone, "GetDateTime").allowed()).isFalse();
        }
        assertThat(decide(null, "GetDateTime").allowed()).isFalse();
    }

    @Test
    void aTokenSubsetNarrowsToTheLevelsBothTheOwnerAndTheTokenHold() {
        view.apply(new PermissionGranted("alice", grant("Hass*", READ, WRITE)), 0);
        var token = token("alice", List.of(grant("Hass*", READ, EXECUTE)));

        assertThat(view.levelsOf(alice, token, "HassTurnOn", "HassTurnOn")).containsExactly(READ);
        assertThat(decide(alice, token, "HassTurnOn").allowed()).isFalse();
    }

    @Test
    void aTokenSubsetNeverWidensWhatItsOwnerHolds() {
        var everything = token("alice", List.of(grant("*", READ, WRITE, EXECUTE)));

        assertThat(decide(alice, everything, "HassTurnOn").allowed()).isFalse();
        assertThat(decide(alice, everything, "GetDateTime").granted()).containsExactly(READ);
    }

    @Test
    void anAdministratorsTokenIsNarrowedToItsSubset() {
        var readOnly = token("root", List.of(grant("*", READ)));

        assertThat(decide(admin, readOnly, "GetDateTime").allowed()).isTrue();
        assertThat(decide(admin, readOnly, "HassTurnOn").allowed()).isFalse();
        assertThat(decide(admin, readOnly, "script_open_garage").allowed()).isFalse();
    }

    @Test
    void aTokenSubsetThatMatchesNoGrantGivesNothing() {
        var lightsOnly = token("root", List.of(grant("HassLight*", READ, WRITE)));

        assertThat(decide(admin, lightsOnly, "HassLightSet").allowed()).isTrue();
        assertThat(decide(admin, lightsOnly, "GetDateTime").granted()).isEmpty();
        assertThat(decide(admin, token("root", List.of()), "GetDateTime").granted())
                .isEmpty();
    }

    @Test
    void theMostSpecificGrantOfATokenDecidesAndADisabledOneGivesNothing() {
        var token = token("root", List.of(grant("*", READ, WRITE), disabled("HassTurnOn", WRITE)));

        assertThat(decide(admin, token, "HassTurnOff").allowed()).isTrue();
        assertThat(decide(admin, token, "HassTurnOn").granted()).isEmpty();
    }

    @Test
    void aTokenWithoutASubsetHoldsAllOfItsOwnersRights() {
        view.apply(new PermissionGranted("alice", grant("HassTurnOn", WRITE)), 0);
        var token = token("alice", null);

        assertThat(decide(alice, token, "HassTurnOn").allowed()).isTrue();
        assertThat(decide(alice, token, "GetDateTime").allowed()).isTrue();
        assertThat(decide(admin, token("root", null), "script_open_garage").allowed())
                .isTrue();
    }

    @Test
    void aToolLevelOverrideBeatsTheCatalogAndTheUpstreamsAnnotations() {
        view.apply(new ToolLevelOverridden("HassTurnOn", READ), 0);
        view.apply(new ToolLevelOverridden("script_open_garage", READ), 1);
        view.apply(new ToolLevelOverridden("GetDateTime", EXECUTE), 2);

        assertThat(view.requiredLevel("HassTurnOn", WRITE)).isEqualTo(READ);
        assertThat(view.requiredLevel("script_open_garage", EXECUTE)).isEqualTo(READ);
        assertThat(view.requiredLevel("GetDateTime", null)).isEqualTo(EXECUTE);
        assertThat(view.overrides()).hasSize(3);
        assertThat(decide(alice, "HassTurnOn").allowed()).isTrue();
        assertThat(decide(alice, "GetDateTime").allowed()).isFalse();

        view.apply(new ToolLevelOverrideCleared("HassTurnOn"), 3);

        assertThat(view.requiredLevel("HassTurnOn", READ)).isEqualTo(WRITE);
        assertThat(view.overrides()).doesNotContainKey("HassTurnOn");
    }

    @Test
    void theCatalogBeatsTheAnnotationsAndTheAnnotationsDecideForToolsItDoesNotKnow() {
        assertThat(view.requiredLevel("HassTurnOn", READ)).isEqualTo(WRITE);
        assertThat(view.requiredLevel("GetDateTime", EXECUTE)).isEqualTo(READ);
        assertThat(view.requiredLevel("sensor_history", READ)).isEqualTo(READ);
    }

    @Test
    void aToolNeitherTheCatalogNorItsUpstreamDescribesNeedsExecute() {
        assertThat(view.requiredLevel("script_open_garage", null)).isEqualTo(EXECUTE);
        assertThat(decide(alice, "script_open_garage").required()).isEqualTo(EXECUTE);
        assertThat(decide(alice, "script_open_garage").allowed()).isFalse();
    }

    @Test
    void aBulkEventSetsSomeGrantsAndRevokesOthers() {
        view.apply(new PermissionGranted("alice", grant("HassTurnOn", WRITE)), 0);
        view.apply(new PermissionGranted("alice", grant("HassTurnOff", WRITE)), 1);

        view.apply(
                new PermissionsChangedInBulk(
                        "alice", List.of(grant("Hass*", READ), grant("HassTurnOff", READ)), List.of("HassTurnOn")),
                2);

        assertThat(view.grantsOf("alice")).containsExactly(grant("HassTurnOff", READ), grant("Hass*", READ));
        assertThat(decide(alice, "HassTurnOn").granted()).containsExactly(READ);
        assertThat(decide(alice, "HassTurnOff").allowed()).isFalse();
    }

    @Test
    void aChangedGrantReplacesTheOldOneAndARevokedOneLetsTheDefaultsApplyAgain() {
        view.apply(new PermissionGranted("alice", grant("HassTurnOn", WRITE)), 0);
        view.apply(new PermissionChanged("alice", grant("HassTurnOn"), grant("HassTurnOn", WRITE)), 1);
        assertThat(decide(alice, "HassTurnOn").granted()).isEmpty();

        view.apply(new PermissionRevoked("alice", "HassTurnOn"), 2);

        assertThat(view.grantsOf("alice")).isEmpty();
        assertThat(decide(alice, "HassTurnOn").granted()).containsExactly(READ);
    }

    @Test
    void aReplayedOrOlderEventOfAUserIsIgnored() {
        view.apply(new PermissionGranted("alice", grant("HassTurnOn", WRITE)), 0);
        view.apply(new PermissionRevoked("alice", "HassTurnOn"), 1);

        // The follower delivering what the local feed applied already.
        view.apply(new PermissionGranted("alice", grant("HassTurnOn", WRITE)), 0);
        view.apply(new PermissionRevoked("alice", "HassTurnOn"), 1);

        assertThat(view.grantsOf("alice")).isEmpty();
        assertThat(decide(alice, "HassTurnOn").allowed()).isFalse();
    }

    @Test
    void eachUsersEventsAreCountedApart() {
        view.apply(new PermissionGranted("alice", grant("HassTurnOn", WRITE)), 5);
        view.apply(new PermissionGranted("bob", grant("HassTurnOn", WRITE)), 0);

        assertThat(decide(bob, "HassTurnOn").allowed()).isTrue();
    }

    @Test
    void aReplayedOrOlderInstallationEventIsIgnored() {
        defaults(0, grant("*", READ, WRITE));
        view.apply(new ToolLevelOverridden("HassTurnOn", EXECUTE), 1);

        defaults(0);
        view.apply(new ToolLevelOverrideCleared("HassTurnOn"), 1);

        assertThat(view.defaults()).containsExactly(grant("*", READ, WRITE));
        assertThat(view.requiredLevel("HassTurnOn", null)).isEqualTo(EXECUTE);
    }
}
