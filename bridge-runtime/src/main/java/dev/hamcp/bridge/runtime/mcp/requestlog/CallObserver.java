package dev.hamcp.bridge.runtime.mcp.requestlog;

/**
 * Told of every call the request log records, on the caller's thread, before the entry is queued
 * (so a call counts even when the log must drop its entry). Must return at once: O(1), no lock
 * held for long, no I/O.
 */
@FunctionalInterface
public interface CallObserver {

    void recorded(RequestLogEntry entry);
}
