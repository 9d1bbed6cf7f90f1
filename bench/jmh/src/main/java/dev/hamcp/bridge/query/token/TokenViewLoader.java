package dev.hamcp.bridge.query.token;

import dev.hamcp.bridge.api.token.ApiTokenEvent;

/** Feeds the token view its events as its processors do, for the benchmarks (see AccessViewLoader). */
public final class TokenViewLoader {

    private TokenViewLoader() {}

    public static void apply(TokenView view, ApiTokenEvent event, long sequence) {
        view.apply(event, sequence);
    }
}
