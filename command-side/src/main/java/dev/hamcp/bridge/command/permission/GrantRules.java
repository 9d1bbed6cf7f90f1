package dev.hamcp.bridge.command.permission;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.ToolPatterns;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks a grant passes wherever it is held: a user's policy, the installation's defaults, a token. */
public final class GrantRules {

    private GrantRules() {}

    /** Refuses a missing grant and a malformed tool pattern. */
    public static Grant requireValid(Grant grant) {
        if (grant == null) {
            throw BusinessError.reject(ErrorCode.VALIDATION_FAILED, "A grant is required.");
        }
        ToolPatterns.requireValid(grant.tool());
        return grant;
    }

    /** Refuses more than {@code most} grants, any malformed one, and a tool or pattern given twice. */
    public static List<Grant> requireValid(List<Grant> grants, int most) {
        if (grants.size() > most) {
            throw BusinessError.reject(ErrorCode.VALIDATION_FAILED, "At most " + most + " grants at once.");
        }
        Set<String> seen = new HashSet<>();
        for (Grant grant : grants) {
            requireValid(grant);
            // Two grants on one pattern would leave which one holds to chance.
            if (!seen.add(grant.tool())) {
                throw BusinessError.reject(
                        ErrorCode.VALIDATION_FAILED, "Give each tool or pattern once; " + grant.tool() + " is twice.");
            }
        }
        return grants;
    }
}
