package dev.hamcp.bridge.query.access;

import dev.hamcp.bridge.api.user.UserEvent;

/** Lets tests of other views feed the access view its events, as its package-private processors do. */
public final class AccessViewFeed {

    private AccessViewFeed() {}

    public static void apply(AccessView view, UserEvent event, long sequence) {
        view.apply(event, sequence);
    }
}
