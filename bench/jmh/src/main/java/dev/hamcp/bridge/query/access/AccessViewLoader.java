package dev.hamcp.bridge.query.access;

import dev.hamcp.bridge.api.user.UserEvent;

/**
 * Feeds the access view its events as its processors do, for the benchmarks. In the access view's
 * package (a split package on the class path) so the view's feed can stay package-private.
 */
public final class AccessViewLoader {

    private AccessViewLoader() {}

    public static void apply(AccessView view, UserEvent event, long sequence) {
        view.apply(event, sequence);
    }
}
