package dev.hamcp.bridge.api.homeassistant;

/** What happened to one user's Home Assistant connections; views switch over these exhaustively. */
public sealed interface HaConnectionEvent
        permits HaConnectionDefined, HaConnectionRemoved, DefaultHaConnectionChosen, HaConnectionTested {

    String userId();

    String connectionId();
}
