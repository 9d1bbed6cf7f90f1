package dev.hamcp.bridge.api.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;

class ToolPatternsTest {

    private static Grant grant(String tool, ToolLevel... levels) {
        return new Grant(tool, Set.of(levels), true);
    }

    @Test
    void aStarAloneMatchesEveryName() {
        assertThat(ToolPatterns.matches("*", "HassTurnOn")).isTrue();
        assertThat(ToolPatterns.matches("*", "script_0")).isTrue();
        assertThat(ToolPatterns.matches("*", "")).isTrue();
    }

    @Test
    void aTrailingStarMatchesNamesThatStartWithTheLiteral() {
        assertThat(ToolPatterns.matches("Hass*", "HassTurnOn")).isTrue();
        assertThat(ToolPatterns.matches("Hass*", "Hass")).isTrue();
        assertThat(ToolPatterns.matches("Hass*", "GetDateTime")).isFalse();
        assertThat(ToolPatterns.matches("Hass*", "home_HassTurnOn")).isFalse();
    }

    @Test
    void starsOnBothSidesMatchTheLiteralAnywhere() {
        assertThat(ToolPatterns.matches("*Light*", "HassLightSet")).isTrue();
        assertThat(ToolPatterns.matches("*Light*", "Light")).isTrue();
        assertThat(ToolPatterns.matches("*Light*", "HassTurnOn")).isFalse();
    }

    @Test
    void aStarInTheMiddleBacktracksToFindTheRest() {
        assertThat(ToolPatterns.matches("Hass*Set", "HassLightSet")).isTrue();
        assertThat(ToolPatterns.matches("Hass*Set", "HassSetSetting")).isFalse();
        assertThat(ToolPatterns.matches("a*b*c", "aXbYbZc")).isTrue();
    }

    @Test
    void patternsMatchWholeNamesOnly() {
        assertThat(ToolPatterns.matches("HassTurnOn", "HassTurnOn")).isTrue();
        assertThat(ToolPatterns.matches("Hass", "HassTurnOn")).isFalse();
        assertThat(ToolPatterns.matches("TurnOn", "HassTurnOn")).isFalse();
        assertThat(ToolPatterns.matches("HassTurnOn", "HassTurnOnAll")).isFalse();
        assertThat(ToolPatterns.matches("*TurnOn", "HassTurnOnAll")).isFalse();
        assertThat(ToolPatterns.matches("hassturnon", "HassTurnOn")).isFalse();
    }

    @Test
    void anExactNameIsMoreSpecificThanAnyPattern() {
        String longPattern = "HassTurnOnWithAVeryLongSuffix*";

        assertThat(ToolPatterns.specificity("GetDateTime")).isGreaterThan(ToolPatterns.specificity(longPattern));
        assertThat(ToolPatterns.firstMatch(
                        ToolPatterns.mostSpecificFirst(
                                List.of(grant("*", ToolLevel.READ), grant("HassTurnOn", ToolLevel.WRITE))),
                        "HassTurnOn"))
                .isEqualTo(grant("HassTurnOn", ToolLevel.WRITE));
    }

    @Test
    void theLongerOfTwoExactNamesIsMoreSpecificWhateverTheirAlphabeticalOrder() {
        var bareFirst = ToolPatterns.mostSpecificFirst(
                List.of(grant("HassTurnOn", ToolLevel.READ), grant("house_HassTurnOn", ToolLevel.WRITE)));
        var qualifiedFirst = ToolPatterns.mostSpecificFirst(
                List.of(grant("GetDateTime", ToolLevel.READ), grant("attic_GetDateTime", ToolLevel.WRITE)));

        assertThat(ToolPatterns.firstMatch(bareFirst, "HassTurnOn", "house_HassTurnOn")
                        .tool())
                .isEqualTo("house_HassTurnOn");
        assertThat(ToolPatterns.firstMatch(qualifiedFirst, "GetDateTime", "attic_GetDateTime")
                        .tool())
                .isEqualTo("attic_GetDateTime");
        assertThat(ToolPatterns.specificity("a")).isGreaterThan(ToolPatterns.specificity("*" + "a".repeat(127)));
    }

    @Test
    void aPatternWithMoreLiteralCharactersIsMoreSpecific() {
        var sorted = ToolPatterns.mostSpecificFirst(List.of(
                grant("*", ToolLevel.READ), grant("Hass*", ToolLevel.WRITE), grant("HassTurn*", ToolLevel.EXECUTE)));

        assertThat(sorted).extracting(Grant::tool).containsExactly("HassTurn*", "Hass*", "*");
        assertThat(ToolPatterns.firstMatch(sorted, "HassTurnOff").tool()).isEqualTo("HassTurn*");
        assertThat(ToolPatterns.firstMatch(sorted, "HassToggle").tool()).isEqualTo("Hass*");
        assertThat(ToolPatterns.firstMatch(sorted, "GetDateTime").tool()).isEqualTo("*");
    }

    @Test
    void theOrderGrantsAreGivenInDoesNotChangeTheOrderTheyAreTried() {
        var one = List.of(grant("*Light*"), grant("Hass*"), grant("HassLightSet"), grant("*"));
        var other = List.of(grant("*"), grant("HassLightSet"), grant("Hass*"), grant("*Light*"));

        assertThat(ToolPatterns.mostSpecificFirst(one)).isEqualTo(ToolPatterns.mostSpecificFirst(other));
        assertThat(ToolPatterns.firstMatch(ToolPatterns.mostSpecificFirst(one), "HassLightSet")
                        .tool())
                .isEqualTo("HassLightSet");
        assertThat(ToolPatterns.firstMatch(ToolPatterns.mostSpecificFirst(one), "HassLightToggle")
                        .tool())
                .isEqualTo("*Light*");
    }

    @Test
    void aGrantMatchingAnyOfTheNamesGivenIsFoundAndNullNamesAreSkipped() {
        var sorted = ToolPatterns.mostSpecificFirst(List.of(grant("home_*", ToolLevel.READ)));

        assertThat(ToolPatterns.firstMatch(sorted, "HassTurnOn", "home_HassTurnOn"))
                .isNotNull();
        assertThat(ToolPatterns.firstMatch(sorted, "HassTurnOn", null)).isNull();
        assertThat(ToolPatterns.firstMatch(List.of(), "HassTurnOn")).isNull();
    }

    @Test
    void namesAndPatternsOfLettersDigitsAndPunctuationAreValid() {
        assertThat(ToolPatterns.isValid("*")).isTrue();
        assertThat(ToolPatterns.isValid("Hass*")).isTrue();
        assertThat(ToolPatterns.isValid("*Light*")).isTrue();
        assertThat(ToolPatterns.isValid("house_script.open-garage:v2/now")).isTrue();
        assertThat(ToolPatterns.isValid("a".repeat(ToolPatterns.MAX_LENGTH))).isTrue();
    }

    @Test
    void malformedPatternsAreRefused() {
        assertThat(ToolPatterns.isValid(null)).isFalse();
        assertThat(ToolPatterns.isValid("")).isFalse();
        assertThat(ToolPatterns.isValid(" ")).isFalse();
        assertThat(ToolPatterns.isValid("Hass Turn On")).isFalse();
        assertThat(ToolPatterns.isValid("Hass*\n")).isFalse();
        assertThat(ToolPatterns.isValid("**")).isFalse();
        assertThat(ToolPatterns.isValid("Hass**On")).isFalse();
        assertThat(ToolPatterns.isValid("a".repeat(ToolPatterns.MAX_LENGTH + 1)))
                .isFalse();
        assertThat(ToolPatterns.isValid("Licht_Küche")).isFalse();
        assertThat(ToolPatterns.isValid("ＨassTurnOn")).isFalse();
        assertThat(ToolPatterns.isValid("Hass?")).isFalse();
    }

    @Test
    void requireValidRefusesWithTheInvalidToolPatternCode() {
        assertThat(ToolPatterns.requireValid("Hass*")).isEqualTo("Hass*");
        assertThatThrownBy(() -> ToolPatterns.requireValid("Hass Turn On"))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.<BusinessError>getDetails())
                        .hasValueSatisfying(
                                error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_TOOL_PATTERN)));
    }

    private static Grant grant(String tool) {
        return grant(tool, ToolLevel.READ);
    }
}
