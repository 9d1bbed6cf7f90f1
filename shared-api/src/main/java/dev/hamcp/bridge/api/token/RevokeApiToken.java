package dev.hamcp.bridge.api.token;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The owner or an administrator revokes a token; it is refused from the next request on. */
public record RevokeApiToken(@TargetAggregateIdentifier String tokenId) {}
