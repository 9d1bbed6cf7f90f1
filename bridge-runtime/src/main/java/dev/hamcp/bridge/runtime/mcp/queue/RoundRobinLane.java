package dev.hamcp.bridge.runtime.mcp.queue;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The waiting calls of one priority: one first-in-first-out line per user, served in turns so that
 * a user with fifty waiting calls gets one turn, like a user with one. Not thread-safe.
 */
final class RoundRobinLane<E> {

    private final Map<String, ArrayDeque<E>> lines = new HashMap<>();
    /** The users with a waiting call, whose turn comes first at the head. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();

    void add(String user, E element) {
        lines.computeIfAbsent(user, u -> {
                    turns.addLast(u);
                    return new ArrayDeque<>();
                })
                .addLast(element);
    }

    /** The oldest call of the user whose turn it is, or null; that user then goes to the back. */
    E poll() {
        String user = turns.pollFirst();
        if (user == null) {
            return null;
        }
        ArrayDeque<E> line = lines.get(user);
        E next = line.pollFirst();
        if (line.isEmpty()) {
            lines.remove(user);
        } else {
            turns.addLast(user);
        }
        return next;
    }

    /** Takes a call out of its line wherever it stands; false if it was not waiting here. */
    boolean remove(String user, E element) {
        ArrayDeque<E> line = lines.get(user);
        if (line == null || !line.remove(element)) {
            return false;
        }
        if (line.isEmpty()) {
            lines.remove(user);
            turns.remove(user);
        }
        return true;
    }

    boolean isEmpty() {
        return turns.isEmpty();
    }
}
