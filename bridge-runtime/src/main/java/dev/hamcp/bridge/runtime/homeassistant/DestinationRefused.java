package dev.hamcp.bridge.runtime.homeassistant;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.web.ApiException;

/** A destination the bridge never connects to; a {@code 400 destination-refused} at the web edge. */
public final class DestinationRefused extends ApiException {

    DestinationRefused(String message) {
        super(ErrorCode.DESTINATION_REFUSED, message);
    }
}
