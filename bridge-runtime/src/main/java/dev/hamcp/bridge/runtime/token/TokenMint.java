package dev.hamcp.bridge.runtime.token;

import dev.hamcp.bridge.query.token.TokenView;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Makes new API tokens: {@code mcp_} and 43 URL-safe characters encoding 256 random bits from the
 * system's secure source. The display prefix shows 8 of them, leaving 210 bits unknown.
 */
@Component
class TokenMint {

    /** A new token, its hash and its display prefix; the token itself is shown once and kept nowhere. */
    record Minted(String token, String hash, String displayPrefix) {}

    static final int RANDOM_BYTES = 32;
    static final int PREFIX_LENGTH = TokenView.PREFIX.length() + 8;

    private final SecureRandom random = new SecureRandom();

    Minted mint() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String token =
                TokenView.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Minted(token, TokenView.hash(token), token.substring(0, PREFIX_LENGTH));
    }
}
