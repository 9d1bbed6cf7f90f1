package dev.hamcp.bridge.api.upstream;

/** Every registered upstream, for administrators. Answered with a list of {@link UpstreamSummary}. */
public record FindUpstreams() {}
