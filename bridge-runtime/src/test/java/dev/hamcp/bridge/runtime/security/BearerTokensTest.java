package dev.hamcp.bridge.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import reactor.core.publisher.Mono;

class BearerTokensTest {

    private static final String JWT =
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIiwiaXNzIjoiaGEtbWNwLWJyaWRnZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";

    @Test
    void readsEveryHeaderAsSpringSecuritysConverterDoes() {
        List<String> headers = List.of(
                "Bearer " + JWT,
                "bearer " + JWT,
                "BEARER " + JWT,
                "BeArEr mcp_abc-DEF.ghi_jkl~mno+pqr/stu",
                "Bearer abc==",
                "Bearer abc=",
                "Bearer ==",
                "Bearer =abc",
                "Bearer abc=def",
                "Bearer ",
                "Bearer",
                "Bearer  abc",
                "Bearer abc ",
                "Bearer abc\n",
                "Bearer ab c",
                "Bearer abc%",
                "Bearer abcé",
                "Bearer\tabc",
                "Bearerabc",
                "bearerx",
                "Basic dXNlcjpwYXNz",
                "Token abc",
                "",
                " Bearer abc");
        for (String header : headers) {
            assertThat(outcome(new BearerTokens(), header))
                    .as("Authorization: [%s]", header)
                    .isEqualTo(outcome(new ServerBearerTokenAuthenticationConverter(), header));
        }
        assertThat(outcome(new BearerTokens(), null))
                .isEqualTo(outcome(new ServerBearerTokenAuthenticationConverter(), null));
    }

    @Test
    void aWellFormedHeaderGivesItsToken() {
        assertThat(BearerTokens.token("Bearer " + JWT)).isEqualTo(JWT);
        assertThat(BearerTokens.token("Bearer abc def")).isNull();
    }

    /** The token found, the refusal's words, or "none". */
    private static String outcome(ServerAuthenticationConverter converter, String header) {
        var request = MockServerHttpRequest.post("/mcp");
        if (header != null) {
            request.header("Authorization", header);
        }
        Mono<Authentication> converted = converter.convert(MockServerWebExchange.from(request));
        try {
            return Optional.ofNullable(converted.block())
                    .map(authentication -> "token " + authentication.getCredentials())
                    .orElse("none");
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
