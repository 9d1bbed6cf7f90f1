package dev.hamcp.bridge.api.permission;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tool names and the patterns grants are written in: letters, digits and {@code _ . : / -}, with
 * {@code *} matching any run of characters. When several grants match one tool, the most specific
 * wins: an exact name before any pattern, the longer of two exact names (a tool is matched by its
 * own name and by the {@code <upstream>_<tool>} name a caller sees), then the pattern with more
 * literal characters.
 */
public final class ToolPatterns {

    public static final int MAX_LENGTH = 128;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:/*-]{1," + MAX_LENGTH + "}");
    private static final Comparator<Grant> MOST_SPECIFIC_FIRST = Comparator.comparingInt(
                    (Grant grant) -> specificity(grant.tool()))
            .reversed()
            .thenComparing(Grant::tool);

    private ToolPatterns() {}

    public static boolean isValid(String pattern) {
        return pattern != null && VALID.matcher(pattern).matches() && !pattern.contains("**");
    }

    /** Refuses a malformed pattern with {@link ErrorCode#INVALID_TOOL_PATTERN}. */
    public static String requireValid(String pattern) {
        if (!isValid(pattern)) {
            throw BusinessError.reject(
                    ErrorCode.INVALID_TOOL_PATTERN,
                    "A tool name or pattern is 1 to " + MAX_LENGTH
                            + " letters, digits, '_', '.', ':', '/' or '-', with '*' as a wildcard.");
        }
        return pattern;
    }

    public static boolean isLiteral(String pattern) {
        return pattern.indexOf('*') < 0;
    }

    /** Whether {@code pattern} matches the whole of {@code name}. */
    public static boolean matches(String pattern, String name) {
        if (isLiteral(pattern)) {
            return pattern.equals(name);
        }
        return matchesFrom(pattern, 0, name, 0);
    }

    /**
     * Higher is more specific: an exact name beats every pattern, and a longer exact name a shorter
     * one, so a grant on one upstream's {@code house_HassTurnOn} beats one on every upstream's
     * {@code HassTurnOn} whatever the names' alphabetical order.
     */
    public static int specificity(String pattern) {
        if (isLiteral(pattern)) {
            return Integer.MAX_VALUE - MAX_LENGTH + pattern.length();
        }
        int literal = 0;
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) != '*') {
                literal++;
            }
        }
        return literal;
    }

    /** {@code grants} in the order a lookup should try them: the most specific first. */
    public static List<Grant> mostSpecificFirst(Collection<Grant> grants) {
        return grants.stream().sorted(MOST_SPECIFIC_FIRST).toList();
    }

    /**
     * The first of {@code sortedGrants} (see {@link #mostSpecificFirst}) matching any of
     * {@code names}, which is the most specific one; null when none matches.
     */
    public static Grant firstMatch(List<Grant> sortedGrants, String... names) {
        for (int i = 0; i < sortedGrants.size(); i++) {
            Grant grant = sortedGrants.get(i);
            if (matchesAny(grant.tool(), names)) {
                return grant;
            }
        }
        return null;
    }

    private static boolean matchesAny(String pattern, String... names) {
        for (String name : names) {
            if (name != null && matches(pattern, name)) {
                return true;
            }
        }
        return false;
    }

    // Glob matching with backtracking to the last star: linear in practice for the short names here.
    private static boolean matchesFrom(String pattern, int p, String name, int n) {
        int star = -1;
        int resume = 0;
        while (n < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = n;
            } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
                p++;
                n++;
            } else if (star >= 0) {
                p = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
