package dev.hamcp.bridge.api.upstream;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An administrator removes a shared upstream; its history stays, its name becomes free. */
public record RemoveUpstream(@TargetAggregateIdentifier String name) {}
