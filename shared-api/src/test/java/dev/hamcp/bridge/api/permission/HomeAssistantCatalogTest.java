package dev.hamcp.bridge.api.permission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HomeAssistantCatalogTest {

    @Test
    void toolsThatOnlyObserveNeedRead() {
        assertThat(HomeAssistantCatalog.levelOf("GetLiveContext")).isEqualTo(ToolLevel.READ);
        assertThat(HomeAssistantCatalog.levelOf("GetDateTime")).isEqualTo(ToolLevel.READ);
    }

    @Test
    void toolsThatSwitchDevicesNeedWrite() {
        assertThat(HomeAssistantCatalog.levelOf("HassTurnOn")).isEqualTo(ToolLevel.WRITE);
        assertThat(HomeAssistantCatalog.levelOf("HassLightSet")).isEqualTo(ToolLevel.WRITE);
        assertThat(HomeAssistantCatalog.levelOf("HassClimateSetTemperature")).isEqualTo(ToolLevel.WRITE);
        assertThat(HomeAssistantCatalog.levelOf("HassStartTimer")).isEqualTo(ToolLevel.WRITE);
    }

    @Test
    void anUnknownToolSuchAsAnExposedScriptNeedsExecute() {
        assertThat(HomeAssistantCatalog.levelOf("script_open_garage")).isEqualTo(ToolLevel.EXECUTE);
        assertThat(HomeAssistantCatalog.knows("script_open_garage")).isFalse();
    }

    @Test
    void namesAreMatchedExactlyAsHomeAssistantSpellsThem() {
        assertThat(HomeAssistantCatalog.levelOf("hassturnon")).isEqualTo(ToolLevel.EXECUTE);
        assertThat(HomeAssistantCatalog.levelOf("home_HassTurnOn")).isEqualTo(ToolLevel.EXECUTE);
    }
}
