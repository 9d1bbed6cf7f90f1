package dev.hamcp.bridge.command.permission;

import static dev.hamcp.bridge.api.permission.ToolLevel.EXECUTE;
import static dev.hamcp.bridge.api.permission.ToolLevel.READ;
import static dev.hamcp.bridge.api.permission.ToolLevel.WRITE;
import static dev.hamcp.bridge.command.Refusals.refusedWith;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.permission.ChangeDefaultPolicy;
import dev.hamcp.bridge.api.permission.ClearToolLevelOverride;
import dev.hamcp.bridge.api.permission.DefaultPolicyChanged;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.InstallationPolicy;
import dev.hamcp.bridge.api.permission.OverrideToolLevel;
import dev.hamcp.bridge.api.permission.ToolLevelOverridden;
import dev.hamcp.bridge.api.permission.ToolLevelOverrideCleared;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InstallationPermissionsTest {

    private static final List<Grant> OUT_OF_THE_BOX = InstallationPolicy.OUT_OF_THE_BOX_DEFAULTS;
    private static final Grant READ_ALL = new Grant("*", Set.of(READ), true);
    private static final Grant HASS_WRITE = new Grant("Hass*", Set.of(READ, WRITE), true);

    private AggregateTestFixture<InstallationPermissions> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(InstallationPermissions.class);
    }

    @Test
    void changingTheDefaultsForTheFirstTimeNamesTheOutOfTheBoxOnesAsPrevious() {
        fixture.givenNoPriorActivity()
                .when(new ChangeDefaultPolicy(List.of(READ_ALL, HASS_WRITE)))
                .expectEvents(new DefaultPolicyChanged(List.of(READ_ALL, HASS_WRITE), OUT_OF_THE_BOX));
    }

    @Test
    void aLaterChangeNamesTheDefaultsItReplacesAsPrevious() {
        fixture.given(new DefaultPolicyChanged(List.of(READ_ALL, HASS_WRITE), OUT_OF_THE_BOX))
                .when(new ChangeDefaultPolicy(List.of(HASS_WRITE)))
                .expectEvents(new DefaultPolicyChanged(List.of(HASS_WRITE), List.of(READ_ALL, HASS_WRITE)));
    }

    @Test
    void defaultsThatGiveNothingAreAccepted() {
        fixture.givenNoPriorActivity()
                .when(new ChangeDefaultPolicy(List.of()))
                .expectEvents(new DefaultPolicyChanged(List.of(), OUT_OF_THE_BOX));
    }

    @Test
    void settingTheOutOfTheBoxDefaultsBeforeAnyChangeRecordsNothing() {
        fixture.givenNoPriorActivity()
                .when(new ChangeDefaultPolicy(OUT_OF_THE_BOX))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theSameDefaultsInAnotherOrderRecordNothing() {
        fixture.given(new DefaultPolicyChanged(List.of(READ_ALL, HASS_WRITE), OUT_OF_THE_BOX))
                .when(new ChangeDefaultPolicy(List.of(HASS_WRITE, READ_ALL)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void defaultsWithAMalformedPatternAreRefused() {
        fixture.givenNoPriorActivity()
                .when(new ChangeDefaultPolicy(List.of(new Grant("Hass turn on", Set.of(WRITE), true))))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.INVALID_TOOL_PATTERN));
    }

    @Test
    void defaultsNamingOnePatternTwiceAreRefused() {
        fixture.givenNoPriorActivity()
                .when(new ChangeDefaultPolicy(List.of(READ_ALL, new Grant("*", Set.of(EXECUTE), true))))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void moreThanFiveHundredDefaultGrantsAreRefused() {
        List<Grant> grants = IntStream.rangeClosed(0, InstallationPermissions.MOST_DEFAULT_GRANTS)
                .mapToObj(i -> new Grant("tool_" + i, Set.of(READ), true))
                .toList();
        fixture.givenNoPriorActivity()
                .when(new ChangeDefaultPolicy(grants))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void aToolsLevelIsOverridden() {
        fixture.givenNoPriorActivity()
                .when(new OverrideToolLevel("HassBroadcast", EXECUTE))
                .expectEvents(new ToolLevelOverridden("HassBroadcast", EXECUTE));
    }

    @Test
    void anOverrideIsReplacedByOneWithAnotherLevel() {
        fixture.given(new ToolLevelOverridden("HassBroadcast", EXECUTE))
                .when(new OverrideToolLevel("HassBroadcast", READ))
                .expectEvents(new ToolLevelOverridden("HassBroadcast", READ));
    }

    @Test
    void overridingWithTheLevelAlreadySetRecordsNothing() {
        fixture.given(new ToolLevelOverridden("HassBroadcast", EXECUTE))
                .when(new OverrideToolLevel("HassBroadcast", EXECUTE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aPatternCannotHaveItsLevelOverridden() {
        fixture.givenNoPriorActivity()
                .when(new OverrideToolLevel("Hass*", EXECUTE))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.INVALID_TOOL_PATTERN));
    }

    @Test
    void aMalformedToolNameCannotHaveItsLevelOverridden() {
        fixture.givenNoPriorActivity()
                .when(new OverrideToolLevel("Hass Broadcast", EXECUTE))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.INVALID_TOOL_PATTERN));
    }

    @Test
    void anOverrideWithoutALevelIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new OverrideToolLevel("HassBroadcast", null))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void anOverrideIsCleared() {
        fixture.given(new ToolLevelOverridden("HassBroadcast", EXECUTE))
                .when(new ClearToolLevelOverride("HassBroadcast"))
                .expectEvents(new ToolLevelOverrideCleared("HassBroadcast"));
    }

    @Test
    void clearingAToolThatWasNeverOverriddenIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ClearToolLevelOverride("HassBroadcast"))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND));
    }

    @Test
    void clearingAnOverrideTwiceIsRefusedTheSecondTime() {
        fixture.given(new ToolLevelOverridden("HassBroadcast", EXECUTE), new ToolLevelOverrideCleared("HassBroadcast"))
                .when(new ClearToolLevelOverride("HassBroadcast"))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND));
    }
}
