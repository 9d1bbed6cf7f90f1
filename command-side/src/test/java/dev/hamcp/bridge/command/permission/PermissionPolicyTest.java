package dev.hamcp.bridge.command.permission;

import static dev.hamcp.bridge.api.permission.ToolLevel.EXECUTE;
import static dev.hamcp.bridge.api.permission.ToolLevel.READ;
import static dev.hamcp.bridge.api.permission.ToolLevel.WRITE;
import static dev.hamcp.bridge.command.Refusals.refusedWith;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.PermissionChanged;
import dev.hamcp.bridge.api.permission.PermissionGranted;
import dev.hamcp.bridge.api.permission.PermissionRevoked;
import dev.hamcp.bridge.api.permission.PermissionsChangedInBulk;
import dev.hamcp.bridge.api.permission.RevokePermission;
import dev.hamcp.bridge.api.permission.SetPermission;
import dev.hamcp.bridge.api.permission.SetPermissionsInBulk;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PermissionPolicyTest {

    private static final String USER = "user-1";
    private static final Grant READ_ALL = new Grant("*", Set.of(READ), true);
    private static final Grant HASS_WRITE = new Grant("Hass*", Set.of(READ, WRITE), true);
    private static final Grant TURN_ON = new Grant("HassTurnOn", Set.of(WRITE), true);

    private AggregateTestFixture<PermissionPolicy> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PermissionPolicy.class);
    }

    @Test
    void aFirstGrantOnAPatternIsRecordedAsGranted() {
        fixture.givenNoPriorActivity()
                .when(new SetPermission(USER, HASS_WRITE))
                .expectEvents(new PermissionGranted(USER, HASS_WRITE));
    }

    @Test
    void anEmptySetOfLevelsIsGrantedAsAnExplicitNothing() {
        Grant nothing = new Grant("HassTurnOn", Set.of(), true);
        fixture.givenNoPriorActivity()
                .when(new SetPermission(USER, nothing))
                .expectEvents(new PermissionGranted(USER, nothing));
    }

    @Test
    void aDifferentGrantOnTheSamePatternIsRecordedAsAChangeFromThePreviousOne() {
        Grant narrower = new Grant("Hass*", Set.of(READ), true);
        fixture.given(new PermissionGranted(USER, HASS_WRITE))
                .when(new SetPermission(USER, narrower))
                .expectEvents(new PermissionChanged(USER, narrower, HASS_WRITE));
    }

    @Test
    void disablingAGrantIsAChange() {
        Grant disabled = new Grant("Hass*", Set.of(READ, WRITE), false);
        fixture.given(new PermissionGranted(USER, HASS_WRITE))
                .when(new SetPermission(USER, disabled))
                .expectEvents(new PermissionChanged(USER, disabled, HASS_WRITE));
    }

    @Test
    void settingTheGrantAlreadyThereRecordsNothing() {
        fixture.given(new PermissionGranted(USER, HASS_WRITE))
                .when(new SetPermission(USER, new Grant("Hass*", Set.of(WRITE, READ), true)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aMalformedPatternIsRefused() {
        for (String pattern : List.of("", "Hass TurnOn", "Hass**", "tool?", "x".repeat(129))) {
            fixture.givenNoPriorActivity()
                    .when(new SetPermission(USER, new Grant(pattern, Set.of(READ), true)))
                    .expectNoEvents()
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(refusedWith(ErrorCode.INVALID_TOOL_PATTERN));
        }
    }

    @Test
    void aGrantWithoutAToolIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new SetPermission(USER, new Grant(null, Set.of(READ), true)))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.INVALID_TOOL_PATTERN));
    }

    @Test
    void aMissingGrantIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new SetPermission(USER, null))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void aGrantForNoUserIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new SetPermission(" ", HASS_WRITE))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void aBulkChangeRecordsOnlyTheNewAndTheChangedGrantsInOneEvent() {
        Grant readOnlyHass = new Grant("Hass*", Set.of(READ), true);
        fixture.given(new PermissionGranted(USER, READ_ALL), new PermissionGranted(USER, HASS_WRITE))
                .when(new SetPermissionsInBulk(USER, List.of(READ_ALL, TURN_ON, readOnlyHass), false))
                .expectEvents(new PermissionsChangedInBulk(USER, List.of(TURN_ON, readOnlyHass), List.of()));
    }

    @Test
    void aBulkChangeWithoutReplaceKeepsTheGrantsItDoesNotList() {
        fixture.given(new PermissionGranted(USER, READ_ALL), new PermissionGranted(USER, HASS_WRITE))
                .when(new SetPermissionsInBulk(USER, List.of(TURN_ON), false))
                .expectEvents(new PermissionsChangedInBulk(USER, List.of(TURN_ON), List.of()));
    }

    @Test
    void aBulkReplacementRevokesEveryUnlistedPatternInSortedOrder() {
        fixture.given(
                        new PermissionGranted(USER, TURN_ON),
                        new PermissionGranted(USER, READ_ALL),
                        new PermissionGranted(USER, HASS_WRITE))
                .when(new SetPermissionsInBulk(USER, List.of(HASS_WRITE), true))
                .expectEvents(new PermissionsChangedInBulk(USER, List.of(), List.of("*", "HassTurnOn")));
    }

    @Test
    void aBulkReplacementWithAnEmptyListRevokesEverything() {
        fixture.given(new PermissionGranted(USER, READ_ALL), new PermissionGranted(USER, HASS_WRITE))
                .when(new SetPermissionsInBulk(USER, List.of(), true))
                .expectEvents(new PermissionsChangedInBulk(USER, List.of(), List.of("*", "Hass*")));
    }

    @Test
    void aBulkChangeThatChangesNothingRecordsNothing() {
        fixture.given(new PermissionGranted(USER, READ_ALL), new PermissionGranted(USER, HASS_WRITE))
                .when(new SetPermissionsInBulk(USER, List.of(HASS_WRITE, READ_ALL), true))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anEmptyBulkChangeOnAUserWithoutGrantsRecordsNothing() {
        fixture.givenNoPriorActivity()
                .when(new SetPermissionsInBulk(USER, List.of(), true))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aBulkChangeCanStartAPolicyThatLaterCommandsFind() {
        fixture.given(new PermissionsChangedInBulk(USER, List.of(READ_ALL, TURN_ON), List.of()))
                .when(new RevokePermission(USER, "HassTurnOn"))
                .expectEvents(new PermissionRevoked(USER, "HassTurnOn"));
    }

    @Test
    void aBulkChangeWithOneMalformedPatternIsRefusedWhole() {
        fixture.givenNoPriorActivity()
                .when(new SetPermissionsInBulk(USER, List.of(READ_ALL, new Grant("Hass**", Set.of(), true)), false))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.INVALID_TOOL_PATTERN));
    }

    @Test
    void aBulkChangeNamingOnePatternTwiceIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new SetPermissionsInBulk(
                        USER, List.of(HASS_WRITE, new Grant("Hass*", Set.of(EXECUTE), true)), false))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void aBulkChangeOfFiveHundredGrantsIsAccepted() {
        List<Grant> grants = numberedGrants(PermissionPolicy.MOST_GRANTS_AT_ONCE);
        fixture.givenNoPriorActivity()
                .when(new SetPermissionsInBulk(USER, grants, false))
                .expectEvents(new PermissionsChangedInBulk(USER, grants, List.of()));
    }

    @Test
    void aBulkChangeOfMoreThanFiveHundredGrantsIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new SetPermissionsInBulk(USER, numberedGrants(PermissionPolicy.MOST_GRANTS_AT_ONCE + 1), false))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void aGrantedPatternIsRevoked() {
        fixture.given(new PermissionGranted(USER, HASS_WRITE))
                .when(new RevokePermission(USER, "Hass*"))
                .expectEvents(new PermissionRevoked(USER, "Hass*"));
    }

    @Test
    void revokingAToolOnlyAPatternCoversIsRefused() {
        fixture.given(new PermissionGranted(USER, HASS_WRITE))
                .when(new RevokePermission(USER, "HassTurnOn"))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.PERMISSION_NOT_FOUND));
    }

    @Test
    void revokingAPatternTwiceIsRefusedTheSecondTime() {
        fixture.given(new PermissionGranted(USER, HASS_WRITE), new PermissionRevoked(USER, "Hass*"))
                .when(new RevokePermission(USER, "Hass*"))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.PERMISSION_NOT_FOUND));
    }

    @Test
    void revokingFromAUserWithoutAnyGrantIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RevokePermission(USER, "Hass*"))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.PERMISSION_NOT_FOUND));
    }

    @Test
    void aRevokedPatternIsGrantedAfreshNotChanged() {
        fixture.given(new PermissionGranted(USER, HASS_WRITE), new PermissionRevoked(USER, "Hass*"))
                .when(new SetPermission(USER, HASS_WRITE))
                .expectEvents(new PermissionGranted(USER, HASS_WRITE));
    }

    @Test
    void aPatternRevokedInBulkIsGrantedAfresh() {
        fixture.given(
                        new PermissionGranted(USER, HASS_WRITE),
                        new PermissionsChangedInBulk(USER, List.of(), List.of("Hass*")))
                .when(new SetPermission(USER, HASS_WRITE))
                .expectEvents(new PermissionGranted(USER, HASS_WRITE));
    }

    private static List<Grant> numberedGrants(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Grant("tool_" + i, Set.of(READ), true))
                .toList();
    }
}
