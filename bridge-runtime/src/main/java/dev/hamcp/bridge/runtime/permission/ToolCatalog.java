package dev.hamcp.bridge.runtime.permission;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.HomeAssistantCatalog;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.api.permission.ToolPatterns;
import dev.hamcp.bridge.query.permission.PermissionView;
import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.gateway.RoutedTool;
import dev.hamcp.bridge.runtime.mcp.gateway.Upstreams;
import dev.hamcp.bridge.runtime.web.ApiException;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The tools the bridge knows of: Home Assistant's Assist tools from the built-in catalog, every
 * tool an upstream offers (from the tool-list cache), and the tools administrators set a level on.
 * A grant written for one literal name must name one of them; patterns may match any.
 */
@Component
public class ToolCatalog {

    /** One tool of the catalog: the level it needs and why. */
    public record Entry(String name, List<String> upstreams, ToolLevel level, String source) {}

    private final Upstreams upstreams;
    private final PermissionView permissions;
    private final ToolAuthority authority;

    ToolCatalog(Upstreams upstreams, PermissionView permissions, ToolAuthority authority) {
        this.upstreams = upstreams;
        this.permissions = permissions;
        this.authority = authority;
    }

    /** Every known tool, by name. */
    Mono<List<Entry>> entries() {
        return upstreams.allTools().map(offered -> {
            var byName = new TreeMap<String, List<RoutedTool>>();
            offered.forEach(tool -> byName.computeIfAbsent(tool.definition().name(), name -> new ArrayList<>())
                    .add(tool));
            var names = new TreeSet<>(byName.keySet());
            names.addAll(HomeAssistantCatalog.tools().keySet());
            names.addAll(permissions.overrides().keySet());
            return names.stream()
                    .map(name -> entry(name, byName.getOrDefault(name, List.of())))
                    .toList();
        });
    }

    /**
     * Every known tool with the level its upstreams declare (the highest, when several offer it;
     * null where none declares one), for questions about other times than now, when overrides
     * may have differed.
     */
    public Mono<Map<String, ToolLevel>> declaredLevels() {
        return upstreams.allTools().map(offered -> {
            var levels = new TreeMap<String, ToolLevel>();
            HomeAssistantCatalog.tools().keySet().forEach(name -> levels.put(name, null));
            for (RoutedTool tool : offered) {
                ToolLevel declared = ToolAuthority.declaredLevel(tool.definition());
                ToolLevel known = levels.get(tool.definition().name());
                levels.put(
                        tool.definition().name(),
                        known == null || (declared != null && declared.compareTo(known) > 0) ? declared : known);
            }
            return levels;
        });
    }

    private Entry entry(String name, List<RoutedTool> offered) {
        var upstreamNames =
                offered.stream().map(RoutedTool::upstream).distinct().toList();
        ToolLevel declared = offered.stream()
                .map(tool -> ToolAuthority.declaredLevel(tool.definition()))
                .filter(level -> level != null)
                .max(Enum::compareTo)
                .orElse(null);
        ToolLevel level = permissions.requiredLevel(name, declared);
        String source;
        if (permissions.overrides().containsKey(name)) {
            source = "override";
        } else if (HomeAssistantCatalog.knows(name)) {
            source = "catalog";
        } else if (declared != null) {
            source = "annotations";
        } else {
            source = "unknown";
        }
        return new Entry(name, upstreamNames, level, source);
    }

    /** Refuses grants whose literal tool name the bridge does not know; patterns pass. */
    public Mono<List<Grant>> requireKnown(Collection<Grant> grants) {
        List<String> literals = grants.stream()
                .map(Grant::tool)
                .filter(ToolPatterns::isValid)
                .filter(ToolPatterns::isLiteral)
                .toList();
        if (literals.isEmpty()) {
            return Mono.just(List.copyOf(grants));
        }
        return knownNames().map(known -> {
            requireKnown(literals, known);
            return List.copyOf(grants);
        });
    }

    /**
     * Refuses an API token's permission {@code subset} unless the caller ({@code userId}, through
     * {@code tokenId} when not null) holds every level it names on every known tool it covers: a
     * token may narrow its owner's rights, never claim more. Unknown literal names are refused too.
     */
    public Mono<List<Grant>> requireWithinRights(String userId, String tokenId, List<Grant> subset) {
        return requireKnown(subset).flatMap(known -> upstreams.allTools().map(offered -> {
            var tools = new TreeMap<String, RoutedTool>();
            offered.forEach(tool -> tools.putIfAbsent(tool.definition().name(), tool));
            HomeAssistantCatalog.tools().keySet().forEach(name -> tools.putIfAbsent(name, catalogTool(name)));
            for (Grant grant : known) {
                for (RoutedTool tool : tools.values()) {
                    if (ToolPatterns.matches(grant.tool(), tool.definition().name())) {
                        var held = authority.levelsOf(userId, tokenId, tool);
                        if (!held.containsAll(grant.effectiveLevels())) {
                            throw new ApiException(
                                    ErrorCode.EXCEEDS_OWN_RIGHTS,
                                    "A token can only narrow your rights: on "
                                            + tool.definition().name()
                                            + " you hold " + ToolAuthority.describe(held) + ", but "
                                            + grant.tool() + " asks for "
                                            + ToolAuthority.describe(grant.effectiveLevels()) + ".");
                        }
                    }
                }
            }
            return known;
        }));
    }

    /** Refuses {@code tool} unless it is a literal name the bridge knows. */
    Mono<String> requireKnownName(String tool) {
        ToolPatterns.requireValid(tool);
        if (!ToolPatterns.isLiteral(tool)) {
            throw new ApiException(ErrorCode.INVALID_TOOL_PATTERN, "Name one tool here, not a pattern.");
        }
        return knownNames().map(known -> {
            requireKnown(List.of(tool), known);
            return tool;
        });
    }

    /**
     * {@code name} among the tools {@code caller} can reach (by the name they see it under, or its
     * upstream's name), else the catalog's tool of that name; empty when the bridge knows no such tool.
     */
    Mono<Optional<RoutedTool>> find(Caller caller, String name) {
        return upstreams.tools(caller).map(tools -> tools.stream()
                .filter(tool -> tool.exposedName().equals(name))
                .findFirst()
                .or(() -> tools.stream()
                        .filter(tool -> tool.definition().name().equals(name))
                        .findFirst())
                .or(() -> HomeAssistantCatalog.knows(name) ? Optional.of(catalogTool(name)) : Optional.empty()));
    }

    private static RoutedTool catalogTool(String name) {
        var definition = McpSchema.Tool.builder()
                .name(name)
                .inputSchema(new McpSchema.JsonSchema("object", Map.of(), List.of(), null, null, null))
                .build();
        return new RoutedTool(name, null, definition, HomeAssistantCatalog.levelOf(name) == ToolLevel.READ);
    }

    private Mono<Set<String>> knownNames() {
        return upstreams.allTools().map(offered -> {
            var known = new TreeSet<>(HomeAssistantCatalog.tools().keySet());
            known.addAll(permissions.overrides().keySet());
            offered.forEach(tool -> {
                known.add(tool.definition().name());
                known.add(tool.upstream() + "_" + tool.definition().name());
            });
            return known;
        });
    }

    private static void requireKnown(List<String> names, Set<String> known) {
        var unknown = names.stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiException(
                    ErrorCode.UNKNOWN_TOOL,
                    "No upstream offers, and the catalog does not know, a tool named " + String.join(", ", unknown)
                            + ". Use a pattern such as Hass* to cover tools that do not exist yet.");
        }
    }
}
