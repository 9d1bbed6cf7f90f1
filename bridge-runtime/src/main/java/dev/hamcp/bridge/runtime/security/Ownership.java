package dev.hamcp.bridge.runtime.security;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.web.ApiException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Who may see and touch a resource that belongs to one person (an API token, a Home Assistant
 * connection), decided here and nowhere else. The path rules of the security configuration decide
 * who may reach an endpoint at all; this decides which of its resources they reach:
 *
 * <ul>
 *   <li>a person reaches their own resources;
 *   <li>an administrator (not through a narrowed token) also reaches everyone's where the use is
 *       {@link Use#OWNER_OR_ADMINISTRATOR}, and may list everyone's ({@code ?all=true});
 *   <li>anyone else's resource is as absent as an id that never existed: 404, so ids cannot be
 *       probed.
 * </ul>
 */
public final class Ownership {

    /** Whose resource a use reaches. */
    public enum Use {
        /** Only the owner: changing a connection, which acts with the owner's Home Assistant token. */
        OWNER,
        /** The owner or an administrator: reading, revoking. */
        OWNER_OR_ADMINISTRATOR
    }

    private Ownership() {}

    /**
     * {@code found}, when {@code principal} may reach it for {@code use}; otherwise the 404 that
     * {@code notFound} makes, the same as for an unknown id.
     */
    public static <T> T reachable(
            Optional<T> found,
            Function<T, String> ownerOf,
            BridgePrincipal principal,
            Use use,
            Supplier<ApiException> notFound) {
        return found.filter(resource -> ownerOf.apply(resource).equals(principal.userId())
                        || (use == Use.OWNER_OR_ADMINISTRATOR && principal.isAdmin()))
                .orElseThrow(notFound);
    }

    /**
     * Whose resources a listing shows: the caller's own, or everyone's ({@code all}) for an
     * administrator; {@code all} from anyone else is refused with 403, as it names no resource.
     *
     * @return the owner whose resources to list, or empty for everyone's
     */
    public static Optional<String> listedOwner(BridgePrincipal principal, boolean all, String what) {
        if (!all) {
            return Optional.of(principal.userId());
        }
        if (!principal.isAdmin()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only administrators may list everyone's " + what + ".");
        }
        return Optional.empty();
    }
}
