package dev.hamcp.bridge.runtime.mcp.requestlog;

import java.time.Instant;

/**
 * Which calls of the request log a question is about: always one person's (an administrator's
 * view of everyone's is a later page), within a time range, optionally one tool, upstream,
 * credential or outcome.
 *
 * @param userId whose calls
 * @param from from this instant on, inclusive; null for no bound
 * @param to before this instant; null for no bound
 * @param credentialId the API token (or session) the calls were made with; null for any
 */
public record CallFilter(
        String userId,
        Instant from,
        Instant to,
        String tool,
        String upstream,
        String credentialId,
        RequestOutcome outcome) {}
