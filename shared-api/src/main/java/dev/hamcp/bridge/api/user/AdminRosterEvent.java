package dev.hamcp.bridge.api.user;

/**
 * Events of the installation-wide roster of enabled administrators, which keeps at least one of
 * them; every change of an administrator's standing passes through it, so concurrent changes on
 * several nodes collide in the event store instead of leaving nobody in charge.
 */
public sealed interface AdminRosterEvent permits AdminSeatTaken, AdminSeatReleased {

    String rosterId();

    String userId();
}
