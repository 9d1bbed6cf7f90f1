package dev.hamcp.bridge.runtime.mcp.gateway;

import java.util.List;

/**
 * Which upstreams exist and who may use which, answered from memory. Configuration provides it
 * for now; the administrators' registry and each user's Home Assistant connections plug in here.
 */
public interface UpstreamDirectory {

    /** Every upstream {@code userId} may use, in a stable order. */
    List<UpstreamDefinition> upstreamsFor(String userId);

    /** Every upstream, for status pages. */
    List<UpstreamDefinition> all();
}
