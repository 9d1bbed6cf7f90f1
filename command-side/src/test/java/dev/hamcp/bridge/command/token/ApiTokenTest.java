package dev.hamcp.bridge.command.token;

import static dev.hamcp.bridge.api.permission.ToolLevel.READ;
import static dev.hamcp.bridge.api.permission.ToolLevel.WRITE;
import static dev.hamcp.bridge.command.Refusals.refusedWith;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.token.ApiTokenIssued;
import dev.hamcp.bridge.api.token.ApiTokenPermissionsChanged;
import dev.hamcp.bridge.api.token.ApiTokenRevoked;
import dev.hamcp.bridge.api.token.ChangeApiTokenPermissions;
import dev.hamcp.bridge.api.token.IssueApiToken;
import dev.hamcp.bridge.api.token.RevokeApiToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiTokenTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant IN_A_MONTH = T0.plus(Duration.ofDays(30));
    private static final String TOKEN_ID = "token-1";
    private static final String USER = "user-1";
    private static final String HASH = "0123456789abcdef".repeat(4);
    private static final String PREFIX = "mcp_Ab3dE";
    private static final Grant HASS_READ = new Grant("Hass*", Set.of(READ), true);
    private static final Grant TURN_ON = new Grant("HassTurnOn", Set.of(WRITE), true);
    private static final List<String> HOME = List.of("192.168.1.0/24", "fd00::/8");
    private static final ApiTokenIssued ISSUED = new ApiTokenIssued(
            TOKEN_ID, USER, "n8n at home", HASH, PREFIX, T0, IN_A_MONTH, List.of(HASS_READ), HOME, 60);
    private static final ApiTokenIssued ISSUED_WITH_ALL_RIGHTS =
            new ApiTokenIssued(TOKEN_ID, USER, "laptop", HASH, PREFIX, T0, null, null, List.of(), null);

    private AggregateTestFixture<ApiToken> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiToken.class);
    }

    @Test
    void aTokenIsIssuedAtTheCurrentTimeWithEverythingItWasGiven() {
        fixture.givenCurrentTime(T0).when(issue()).expectEvents(ISSUED);
    }

    @Test
    void aTokenWithoutExpiryPermissionsNetworksOrLimitIsIssuedWithAllItsOwnersRights() {
        fixture.givenCurrentTime(T0)
                .when(new IssueApiToken(TOKEN_ID, USER, "laptop", HASH, PREFIX, null, null, null, null))
                .expectEvents(ISSUED_WITH_ALL_RIGHTS);
    }

    @Test
    void aTokenWithAnEmptyListOfPermissionsMayUseNothing() {
        fixture.givenCurrentTime(T0)
                .when(issue(List.of()))
                .expectEvents(new ApiTokenIssued(
                        TOKEN_ID, USER, "n8n at home", HASH, PREFIX, T0, IN_A_MONTH, List.of(), HOME, 60));
    }

    @Test
    void theNameIsRecordedWithoutSurroundingSpaces() {
        fixture.givenCurrentTime(T0).when(issueNamed("  n8n at home \t")).expectEvents(ISSUED);
    }

    @Test
    void aNameOfSixtyFourCharactersIsAccepted() {
        fixture.givenCurrentTime(T0).when(issueNamed("n".repeat(64))).expectSuccessfulHandlerExecution();
    }

    @Test
    void aBlankOrMissingNameIsRefused() {
        refusesIssue(issueNamed("   "), ErrorCode.VALIDATION_FAILED);
        refusesIssue(issueNamed(null), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void aNameLongerThanSixtyFourCharactersIsRefused() {
        refusesIssue(issueNamed("n".repeat(65)), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void aNameWithAControlCharacterIsRefused() {
        refusesIssue(issueNamed("n8n\nat home"), ErrorCode.VALIDATION_FAILED);
        refusesIssue(issueNamed("n8n\u001b[31m"), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void aTokenForNoUserIsRefused() {
        refusesIssue(
                new IssueApiToken(TOKEN_ID, " ", "n8n", HASH, PREFIX, IN_A_MONTH, null, List.of(), null),
                ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void aHashThatIsNotSixtyFourLowerCaseHexDigitsIsRefused() {
        for (String hash : List.of(HASH.toUpperCase(), HASH.substring(1), HASH.replace('a', 'g'), "")) {
            refusesIssue(
                    new IssueApiToken(TOKEN_ID, USER, "n8n", hash, PREFIX, IN_A_MONTH, null, List.of(), null),
                    ErrorCode.VALIDATION_FAILED);
        }
    }

    @Test
    void aDisplayPrefixNotStartingWithMcpOrLongerThanSixteenCharactersIsRefused() {
        for (String prefix : List.of("tok_Ab3dE", "mcp_0123456789abc", "")) {
            refusesIssue(
                    new IssueApiToken(TOKEN_ID, USER, "n8n", HASH, prefix, IN_A_MONTH, null, List.of(), null),
                    ErrorCode.VALIDATION_FAILED);
        }
    }

    @Test
    void anExpiryThatIsNotInTheFutureIsRefused() {
        for (Instant expiresAt : List.of(T0, T0.minusSeconds(1))) {
            refusesIssue(
                    new IssueApiToken(TOKEN_ID, USER, "n8n", HASH, PREFIX, expiresAt, null, List.of(), null),
                    ErrorCode.INVALID_EXPIRY);
        }
    }

    @Test
    void permissionsWithAMalformedPatternAreRefused() {
        refusesIssue(issue(List.of(new Grant("Hass**", Set.of(READ), true))), ErrorCode.INVALID_TOOL_PATTERN);
    }

    @Test
    void permissionsNamingOnePatternTwiceAreRefused() {
        refusesIssue(issue(List.of(HASS_READ, new Grant("Hass*", Set.of(WRITE), true))), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void moreThanAHundredPermissionsAreRefused() {
        refusesIssue(issue(numberedGrants(TokenRules.MOST_PERMISSIONS + 1)), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void anAllowedNetworkThatIsNotCidrIsRefused() {
        for (String network : List.of("home", "192.168.1.0/33", "example.org", "192.168.1.0/")) {
            refusesIssue(issueFrom(List.of(network)), ErrorCode.INVALID_NETWORK);
        }
    }

    @Test
    void moreThanThirtyTwoAllowedNetworksAreRefused() {
        List<String> networks = IntStream.rangeClosed(0, TokenRules.MOST_NETWORKS)
                .mapToObj(i -> "10.0." + i + ".0/24")
                .toList();
        refusesIssue(issueFrom(networks), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void aRateLimitOutsideOneToAHundredThousandPerMinuteIsRefused() {
        for (int perMinute : List.of(0, -1, TokenRules.MOST_REQUESTS_PER_MINUTE + 1)) {
            refusesIssue(issueLimitedTo(perMinute), ErrorCode.VALIDATION_FAILED);
        }
    }

    @Test
    void aRateLimitOfOneOrAHundredThousandPerMinuteIsAccepted() {
        for (int perMinute : List.of(1, TokenRules.MOST_REQUESTS_PER_MINUTE)) {
            fixture.givenCurrentTime(T0).when(issueLimitedTo(perMinute)).expectSuccessfulHandlerExecution();
        }
    }

    @Test
    void anIssuedTokenIsRevokedAtTheCurrentTime() {
        Instant later = T0.plus(Duration.ofDays(2));
        fixture.givenCurrentTime(later)
                .andGiven(ISSUED)
                .when(new RevokeApiToken(TOKEN_ID))
                .expectEvents(new ApiTokenRevoked(TOKEN_ID, USER, later));
    }

    @Test
    void revokingARevokedTokenRecordsNothing() {
        fixture.given(ISSUED, new ApiTokenRevoked(TOKEN_ID, USER, T0))
                .when(new RevokeApiToken(TOKEN_ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void revokingAnExpiredTokenIsStillRecorded() {
        Instant afterExpiry = IN_A_MONTH.plusSeconds(1);
        fixture.givenCurrentTime(afterExpiry)
                .andGiven(ISSUED)
                .when(new RevokeApiToken(TOKEN_ID))
                .expectEvents(new ApiTokenRevoked(TOKEN_ID, USER, afterExpiry));
    }

    @Test
    void revokingATokenNeverIssuedIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RevokeApiToken(TOKEN_ID))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.TOKEN_NOT_FOUND));
    }

    @Test
    void aTokensPermissionsAreChanged() {
        fixture.given(ISSUED)
                .when(new ChangeApiTokenPermissions(TOKEN_ID, List.of(HASS_READ, TURN_ON)))
                .expectEvents(new ApiTokenPermissionsChanged(TOKEN_ID, USER, List.of(HASS_READ, TURN_ON)));
    }

    @Test
    void aTokenCanBeGivenAllItsOwnersRights() {
        fixture.given(ISSUED)
                .when(new ChangeApiTokenPermissions(TOKEN_ID, null))
                .expectEvents(new ApiTokenPermissionsChanged(TOKEN_ID, USER, null));
    }

    @Test
    void aTokenWithAllItsOwnersRightsCanBeNarrowed() {
        fixture.given(ISSUED_WITH_ALL_RIGHTS)
                .when(new ChangeApiTokenPermissions(TOKEN_ID, List.of(HASS_READ)))
                .expectEvents(new ApiTokenPermissionsChanged(TOKEN_ID, USER, List.of(HASS_READ)));
    }

    @Test
    void theSamePermissionsInAnotherOrderRecordNothing() {
        fixture.given(ISSUED, new ApiTokenPermissionsChanged(TOKEN_ID, USER, List.of(HASS_READ, TURN_ON)))
                .when(new ChangeApiTokenPermissions(TOKEN_ID, List.of(TURN_ON, HASS_READ)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void allRightsForATokenThatAlreadyHasThemRecordsNothing() {
        fixture.given(ISSUED_WITH_ALL_RIGHTS)
                .when(new ChangeApiTokenPermissions(TOKEN_ID, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void changingARevokedTokensPermissionsIsRefused() {
        fixture.given(ISSUED, new ApiTokenRevoked(TOKEN_ID, USER, T0))
                .when(new ChangeApiTokenPermissions(TOKEN_ID, List.of(TURN_ON)))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.TOKEN_REVOKED));
    }

    @Test
    void changingThePermissionsOfATokenNeverIssuedIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ChangeApiTokenPermissions(TOKEN_ID, List.of(TURN_ON)))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.TOKEN_NOT_FOUND));
    }

    @Test
    void changedPermissionsWithAMalformedPatternAreRefused() {
        fixture.given(ISSUED)
                .when(new ChangeApiTokenPermissions(TOKEN_ID, List.of(new Grant("Hass TurnOn", Set.of(), true))))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.INVALID_TOOL_PATTERN));
    }

    @Test
    void changedPermissionsNamingOnePatternTwiceOrMoreThanAHundredAreRefused() {
        for (List<Grant> permissions :
                List.of(List.of(TURN_ON, TURN_ON), numberedGrants(TokenRules.MOST_PERMISSIONS + 1))) {
            fixture.given(ISSUED)
                    .when(new ChangeApiTokenPermissions(TOKEN_ID, permissions))
                    .expectNoEvents()
                    .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION_FAILED));
        }
    }

    private void refusesIssue(IssueApiToken cmd, ErrorCode code) {
        fixture.givenCurrentTime(T0)
                .when(cmd)
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(code));
    }

    private static IssueApiToken issue() {
        return issue(List.of(HASS_READ));
    }

    private static IssueApiToken issue(List<Grant> permissions) {
        return new IssueApiToken(TOKEN_ID, USER, "n8n at home", HASH, PREFIX, IN_A_MONTH, permissions, HOME, 60);
    }

    private static IssueApiToken issueNamed(String name) {
        return new IssueApiToken(TOKEN_ID, USER, name, HASH, PREFIX, IN_A_MONTH, List.of(HASS_READ), HOME, 60);
    }

    private static IssueApiToken issueFrom(List<String> networks) {
        return new IssueApiToken(TOKEN_ID, USER, "n8n", HASH, PREFIX, IN_A_MONTH, null, networks, null);
    }

    private static IssueApiToken issueLimitedTo(int perMinute) {
        return new IssueApiToken(TOKEN_ID, USER, "n8n", HASH, PREFIX, IN_A_MONTH, null, List.of(), perMinute);
    }

    private static List<Grant> numberedGrants(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Grant("tool_" + i, Set.of(READ), true))
                .toList();
    }
}
