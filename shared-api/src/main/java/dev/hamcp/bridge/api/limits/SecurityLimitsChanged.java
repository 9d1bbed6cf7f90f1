package dev.hamcp.bridge.api.limits;

/**
 * The run-time security limits were set; they hold on every node from this event on, in place of
 * the configured defaults.
 *
 * @param previousRequestsPerMinute the budget set before, or null when the configured default held
 * @param previousInvalidTokensPerMinute the allowance set before, or null when the configured default held
 */
public record SecurityLimitsChanged(
        long requestsPerMinute,
        long invalidTokensPerMinute,
        Long previousRequestsPerMinute,
        Long previousInvalidTokensPerMinute)
        implements SecurityLimitsEvent {}
