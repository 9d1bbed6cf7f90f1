package dev.hamcp.bridge.api.upstream;

/**
 * Every event of the Upstream aggregate, so the directory and replays can switch over them
 * exhaustively. Who caused each one travels in the event's metadata.
 */
public sealed interface UpstreamEvent permits UpstreamRegistered, UpstreamChanged, UpstreamRemoved {

    String name();
}
