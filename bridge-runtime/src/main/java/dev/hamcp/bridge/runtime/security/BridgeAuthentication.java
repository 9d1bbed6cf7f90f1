package dev.hamcp.bridge.runtime.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated request; its authorities come from the access view, never from the token's claims. */
final class BridgeAuthentication extends AbstractAuthenticationToken {

    private final BridgePrincipal principal;

    BridgeAuthentication(BridgePrincipal principal) {
        super(List.of(new SimpleGrantedAuthority(principal.isAdmin() ? "ROLE_ADMIN" : "ROLE_USER")));
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public BridgePrincipal getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.userId();
    }
}
