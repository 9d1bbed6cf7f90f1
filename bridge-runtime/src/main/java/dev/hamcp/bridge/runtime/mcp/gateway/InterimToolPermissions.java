package dev.hamcp.bridge.runtime.mcp.gateway;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Until per-tool grants exist, every authenticated user may use every tool of the upstreams the
 * directory gives them; which upstreams those are is already restricted per user.
 */
@Component
class InterimToolPermissions implements ToolPermissions {

    @Override
    public Optional<String> refusal(Caller caller, RoutedTool tool) {
        return Optional.empty();
    }
}
