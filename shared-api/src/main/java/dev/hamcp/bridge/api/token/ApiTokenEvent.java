package dev.hamcp.bridge.api.token;

/** Every event of the ApiToken aggregate; who caused each travels in its metadata. */
public sealed interface ApiTokenEvent permits ApiTokenIssued, ApiTokenRevoked, ApiTokenPermissionsChanged {

    String tokenId();

    String userId();
}
