package dev.hamcp.bridge.runtime.mcp;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The MCP front door ({@code bridge.mcp.*}).
 *
 * @param allowedOrigins browser origins allowed besides localhost, 127.0.0.1 and [::1] (e.g. {@code https://n8n.example.org})
 * @param maxBodySize larger JSON-RPC messages are refused with 413
 * @param sessionLifetime how long an {@code Mcp-Session-Id} stays valid after initialize
 * @param ssePingInterval how often an idle legacy SSE stream gets a keep-alive comment
 * @param resultCacheTtl how long a read-only tool's result is reused for the same user and arguments
 */
@ConfigurationProperties("bridge.mcp")
public record McpProperties(
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("24h") Duration sessionLifetime,
        @DefaultValue("15s") Duration ssePingInterval,
        @DefaultValue("1m") Duration resultCacheTtl) {}
