package dev.hamcp.bridge.runtime.audit.trail;

import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * What of an event's stored payload or metadata an administrator may see: everything but the
 * members that hold a hash, a secret or ciphertext (a password's or token's hash, a refresh
 * token's hash, a Home Assistant token's ciphertext, a wrapped key), whose values become
 * {@value #REDACTED} wherever they sit. Judged by the member's name, so a new event that names
 * its secret as every event does is covered without a change here.
 */
final class Redaction {

    static final String REDACTED = "[redacted]";

    private static final List<String> SECRET_NAMES = List.of("hash", "secret", "ciphertext", "wrappedkey");

    private Redaction() {}

    /** {@code node} with every secret member's value replaced; the node is changed in place. */
    static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                if (isSecret(name)) {
                    object.set(name, StringNode.valueOf(REDACTED));
                } else {
                    redact(object.get(name));
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(Redaction::redact);
        }
        return node;
    }

    static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("password") || SECRET_NAMES.stream().anyMatch(lower::contains);
    }
}
