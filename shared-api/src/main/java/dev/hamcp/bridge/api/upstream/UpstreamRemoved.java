package dev.hamcp.bridge.api.upstream;

/** A shared upstream was removed; nobody reaches it any more, and its name may be registered again. */
public record UpstreamRemoved(String name) implements UpstreamEvent {}
