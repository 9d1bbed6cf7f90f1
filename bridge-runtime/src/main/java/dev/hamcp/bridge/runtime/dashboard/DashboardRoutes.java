package dev.hamcp.bridge.runtime.dashboard;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The dashboard's pages as links: a page's address ({@code /tokens}, a bookmark, a reload)
 * answers the app, which then shows that page. Only the pages listed here, so every other path
 * stays the API's, or a 404.
 */
@Configuration(proxyBeanMethods = false)
public class DashboardRoutes {

    /** The dashboard's own pages, each with whatever its address adds after it. */
    private static final List<String> PAGES = List.of(
            "/sign-in",
            "/register",
            "/change-password",
            "/tools",
            "/connections",
            "/tokens",
            "/connect",
            "/profile",
            "/calls",
            "/manage");

    /** What anyone may load without signing in: the app itself and its pages' addresses (the data behind them is not). */
    public static String[] publicPaths() {
        return Stream.concat(
                        Stream.of("/", "/index.html", "/assets/**", "/favicon.ico", "/favicon.svg"),
                        PAGES.stream().flatMap(page -> Stream.of(page, page + "/**")))
                .toArray(String[]::new);
    }

    /** The app's entry page from where static resources are served ({@code spring.web.resources.static-locations}). */
    @Bean
    RouterFunction<ServerResponse> dashboardPages(WebProperties web, ResourceLoader resources) {
        Resource app = Arrays.stream(web.getResources().getStaticLocations())
                .map(location -> resources.getResource(
                        location.endsWith("/") ? location + "index.html" : location + "/index.html"))
                .filter(Resource::exists)
                .findFirst()
                .orElseGet(() -> resources.getResource("classpath:/static/index.html"));
        RequestPredicate pages = PAGES.stream()
                .map(page -> GET(page).or(GET(page + "/**")))
                .reduce(RequestPredicate::or)
                .orElseThrow();
        return route(
                pages,
                request -> app.exists()
                        ? ServerResponse.ok()
                                .contentType(MediaType.TEXT_HTML)
                                // The app's entry must be fetched again after an upgrade; its assets have hashed names.
                                .cacheControl(CacheControl.noCache())
                                .bodyValue(app)
                        : Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND)));
    }
}
