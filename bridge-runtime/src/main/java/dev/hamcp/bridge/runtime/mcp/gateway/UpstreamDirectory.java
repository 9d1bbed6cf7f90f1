package dev.hamcp.bridge.runtime.mcp.gateway;

import java.util.List;

/**
 * Which upstreams exist and who may use which, answered from memory. Four sources provide them:
 * the configuration, the administrators' registry, each user's Home Assistant connections and the
 * built-in simulator; the gateway sees their union.
 */
public interface UpstreamDirectory {

    /** Every upstream {@code userId} may use, in a stable order. */
    List<UpstreamDefinition> upstreamsFor(String userId);

    /** Every upstream, for status pages. */
    List<UpstreamDefinition> all();
}
