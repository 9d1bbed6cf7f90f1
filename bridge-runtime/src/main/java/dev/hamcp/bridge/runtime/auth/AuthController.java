package dev.hamcp.bridge.runtime.auth;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.user.ChangePassword;
import dev.hamcp.bridge.api.user.EndSession;
import dev.hamcp.bridge.api.user.FindSessionsOfUser;
import dev.hamcp.bridge.api.user.LogIn;
import dev.hamcp.bridge.api.user.LoginOutcome;
import dev.hamcp.bridge.api.user.Password;
import dev.hamcp.bridge.api.user.PasswordChangeOutcome;
import dev.hamcp.bridge.api.user.RefreshOutcome;
import dev.hamcp.bridge.api.user.RefreshSession;
import dev.hamcp.bridge.api.user.RegisterUser;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.api.user.SessionEndReason;
import dev.hamcp.bridge.api.user.SessionSummary;
import dev.hamcp.bridge.command.user.PasswordHasher;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.access.CatchUp;
import dev.hamcp.bridge.runtime.axon.Commands;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimitScope;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimiter;
import dev.hamcp.bridge.runtime.security.AccessTokens;
import dev.hamcp.bridge.runtime.security.AuthProperties;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.ApiException;
import dev.hamcp.bridge.runtime.web.RequestContext;
import jakarta.validation.Valid;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Registration, login, token refresh, sessions and password changes. */
@RestController
@RequestMapping("/auth")
class AuthController {

    private static final String BAD_CREDENTIALS = "Invalid username or password.";

    private final Commands commands;
    private final QueryGateway queries;
    private final AccessView view;
    private final AccessTokens accessTokens;
    private final PasswordHasher hasher;
    private final AuthProperties properties;
    private final CatchUp catchUp;
    private final RateLimiter rateLimiter;
    private final UnknownUsernames unknownUsers;
    private final RefreshCookie refreshCookie;
    private final AccountHistory history;

    AuthController(
            Commands commands,
            QueryGateway queries,
            AccessView view,
            AccessTokens accessTokens,
            PasswordHasher hasher,
            AuthProperties properties,
            CatchUp catchUp,
            RateLimiter rateLimiter,
            UnknownUsernames unknownUsers,
            RefreshCookie refreshCookie,
            AccountHistory history) {
        this.refreshCookie = refreshCookie;
        this.history = history;
        this.catchUp = catchUp;
        this.rateLimiter = rateLimiter;
        this.unknownUsers = unknownUsers;
        this.commands = commands;
        this.queries = queries;
        this.view = view;
        this.accessTokens = accessTokens;
        this.hasher = hasher;
        this.properties = properties;
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AuthResponses.Registered> register(
            @Valid @RequestBody AuthRequests.Register body, ServerWebExchange exchange) {
        var command = new RegisterUser(
                UUID.randomUUID().toString(),
                body.username(),
                body.email(),
                new Password(body.password()),
                Role.USER,
                false);
        return commands.<String>send(command, null, exchange)
                // Two nodes registering the same name at once collide in the event store.
                .onErrorMap(
                        ConcurrencyException.class,
                        e -> new ApiException(ErrorCode.USERNAME_TAKEN, "That username is already taken."))
                .map(userId -> new AuthResponses.Registered(userId, body.username()));
    }

    /**
     * A sign-in. Failures from one client address are throttled over all usernames (password
     * spraying), before any password is hashed; an unknown username is answered as a wrong
     * password is, lockout included.
     */
    @PostMapping("/login")
    Mono<AuthResponses.Tokens> login(@Valid @RequestBody AuthRequests.Login body, ServerWebExchange exchange) {
        String address = RequestContext.of(exchange).clientIp();
        var budget = rateLimiter.peek(RateLimitScope.SIGN_IN, address, properties.failedSignInsPerMinute());
        if (!budget.allowed()) {
            return Mono.error(ApiException.rateLimited(
                    "Too many failed sign-ins from your address; try again in " + budget.retryAfterSeconds() + " s.",
                    budget.retryAfterSeconds()));
        }
        var password = new Password(body.password());
        var known = view.userIdForUsername(body.username());
        // Someone registered on another node a moment ago may not have reached this one yet.
        return (known.isPresent()
                        ? Mono.just(known.get())
                        : catchUp.lookAgain(null, () -> view.userIdForUsername(body.username())))
                .flatMap(userId -> login(userId, password, exchange))
                .map(tokens -> body.inCookie() ? inCookie(tokens, exchange) : tokens)
                .switchIfEmpty(Mono.defer(() -> Mono.fromRunnable(() -> hasher.verifyDummy(password))
                        // Spend the time a real check costs, so response times do not tell which usernames exist.
                        .subscribeOn(Schedulers.boundedElastic())
                        .then(Mono.error(() -> unknownUsers
                                .failed(body.username())
                                .map(AuthController::locked)
                                .orElseGet(() -> new ApiException(ErrorCode.INVALID_CREDENTIALS, BAD_CREDENTIALS))))))
                .doOnError(ApiException.class, refused -> {
                    if (refused.code() == ErrorCode.INVALID_CREDENTIALS || refused.code() == ErrorCode.ACCOUNT_LOCKED) {
                        rateLimiter.tryAcquire(RateLimitScope.SIGN_IN, address, properties.failedSignInsPerMinute());
                    }
                });
    }

    private Mono<AuthResponses.Tokens> login(String userId, Password password, ServerWebExchange exchange) {
        String sessionId = UUID.randomUUID().toString();
        String refreshToken = RefreshTokens.issue(sessionId);
        Instant refreshExpiresAt = Instant.now().plus(properties.refreshTokenLifetime());
        var command = new LogIn(userId, password, sessionId, RefreshTokens.hash(refreshToken), refreshExpiresAt);
        return commands.<LoginOutcome>send(command, null, exchange).map(outcome -> switch (outcome.status()) {
            case SESSION_STARTED -> tokens(userId, sessionId, refreshToken, refreshExpiresAt);
            case REJECTED -> throw new ApiException(ErrorCode.INVALID_CREDENTIALS, BAD_CREDENTIALS);
            case LOCKED -> throw locked(outcome.lockedUntil());
        });
    }

    /**
     * A new access token for a session, with the next refresh token of its rotation: the one in
     * the body, or, for the dashboard, the one in its {@link RefreshCookie} when the request asks
     * for that with the cookie's header (and then the next one goes back in the cookie). Such a
     * request without the cookie is answered {@code 204}: there is no session to resume.
     */
    @PostMapping("/refresh")
    Mono<ResponseEntity<AuthResponses.Tokens>> refresh(
            @Valid @RequestBody(required = false) AuthRequests.Refresh body, ServerWebExchange exchange) {
        var invalid = new ApiException(
                ErrorCode.INVALID_REFRESH_TOKEN,
                "The refresh token is invalid, expired or already used; log in again.");
        boolean cookie = body == null && RefreshCookie.asked(exchange);
        if (cookie && RefreshCookie.read(exchange).isEmpty()) {
            // A dashboard opened without a session to resume: nothing failed, there is just no one signed in.
            return Mono.just(ResponseEntity.noContent().build());
        }
        var presented = body != null
                ? Optional.of(body.refreshToken())
                : cookie ? RefreshCookie.read(exchange) : Optional.<String>empty();
        var sessionId = presented.flatMap(RefreshTokens::sessionOf);
        if (sessionId.isEmpty()) {
            if (cookie) {
                refreshCookie.clear(exchange);
            }
            return Mono.error(invalid);
        }
        var known = view.ownerOfSession(sessionId.get());
        return (known.isPresent()
                        ? Mono.just(known.get())
                        : catchUp.lookAgain("session:" + sessionId.get(), () -> view.ownerOfSession(sessionId.get())))
                .flatMap(userId -> refresh(userId, sessionId.get(), presented.get(), invalid, exchange))
                .switchIfEmpty(Mono.error(invalid))
                .map(tokens -> ResponseEntity.ok(cookie ? inCookie(tokens, exchange) : tokens))
                .doOnError(ApiException.class, refused -> {
                    if (cookie) {
                        refreshCookie.clear(exchange);
                    }
                });
    }

    /** The answer for the dashboard: the refresh token set in its cookie, and left out of the body. */
    private AuthResponses.Tokens inCookie(AuthResponses.Tokens tokens, ServerWebExchange exchange) {
        refreshCookie.set(exchange, tokens.refreshToken(), tokens.refreshTokenExpiresAt());
        return tokens.withoutRefreshToken();
    }

    private Mono<AuthResponses.Tokens> refresh(
            String userId, String sessionId, String presented, ApiException invalid, ServerWebExchange exchange) {
        String next = RefreshTokens.issue(sessionId);
        Instant refreshExpiresAt = Instant.now().plus(properties.refreshTokenLifetime());
        var command = new RefreshSession(
                userId, sessionId, RefreshTokens.hash(presented), RefreshTokens.hash(next), refreshExpiresAt);
        return commands.<RefreshOutcome>send(command, null, exchange).map(outcome -> {
            if (outcome != RefreshOutcome.ROTATED) {
                throw invalid;
            }
            return tokens(userId, sessionId, next, refreshExpiresAt);
        });
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logout(@AuthenticationPrincipal BridgePrincipal principal, ServerWebExchange exchange) {
        refreshCookie.clear(exchange);
        if (principal.sessionId() == null) {
            return Mono.error(new ApiException(
                    ErrorCode.VALIDATION_FAILED,
                    "An API token has no session to end; revoke it with DELETE /api/tokens/{id}."));
        }
        return commands.send(
                        new EndSession(principal.userId(), principal.sessionId(), SessionEndReason.LOGGED_OUT),
                        principal,
                        exchange)
                .then();
    }

    @GetMapping("/me")
    Mono<AuthResponses.Me> me(@AuthenticationPrincipal BridgePrincipal principal) {
        return Mono.justOrEmpty(view.user(principal.userId()))
                .map(user -> new AuthResponses.Me(
                        user.userId(),
                        user.username(),
                        user.email(),
                        user.role(),
                        user.mustChangePassword(),
                        principal.sessionId()));
    }

    /** My own account history from the event store: sign-ins, lockouts, password, tokens, connections. */
    @GetMapping("/history")
    Mono<AuthResponses.History> history(
            @RequestParam(name = "cursor", required = false) String cursor,
            @RequestParam(name = "limit", defaultValue = "50") String limit,
            @AuthenticationPrincipal BridgePrincipal principal) {
        int most;
        Long before;
        try {
            most = Integer.parseInt(limit);
            before = cursor == null || cursor.isBlank() ? null : Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            most = 0;
            before = null;
        }
        if (most < 1 || most > 200) {
            return Mono.error(new ApiException(
                    ErrorCode.VALIDATION_FAILED,
                    "limit is a number from 1 to 200, and cursor a previous page's nextCursor."));
        }
        int pageSize = most;
        return history.page(principal.userId(), before, pageSize + 1)
                .map(entries -> new AuthResponses.History(
                        entries.stream()
                                .limit(pageSize)
                                .map(e -> new AuthResponses.HistoryEntry(e.at(), e.type(), e.summary(), e.clientIp()))
                                .toList(),
                        entries.size() > pageSize
                                ? Long.toString(entries.get(pageSize - 1).position())
                                : null));
    }

    @GetMapping("/sessions")
    Mono<List<AuthResponses.Session>> sessions(@AuthenticationPrincipal BridgePrincipal principal) {
        return Mono.fromFuture(() -> queries.query(
                        new FindSessionsOfUser(principal.userId()),
                        ResponseTypes.multipleInstancesOf(SessionSummary.class)))
                .map(sessions -> sessions.stream()
                        .map(s -> new AuthResponses.Session(
                                s.sessionId(),
                                s.startedAt(),
                                s.lastRefreshedAt(),
                                s.expiresAt(),
                                s.clientIp(),
                                s.userAgent(),
                                s.sessionId().equals(principal.sessionId())))
                        .toList());
    }

    @DeleteMapping("/sessions/{sessionId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> endSession(
            @PathVariable String sessionId,
            @AuthenticationPrincipal BridgePrincipal principal,
            ServerWebExchange exchange) {
        principal.assertMayManageCredentials();
        boolean own = view.ownerOfSession(sessionId)
                .filter(principal.userId()::equals)
                .isPresent();
        if (!own) {
            return Mono.error(
                    new ApiException(ErrorCode.SESSION_NOT_FOUND, "You have no active session with this id."));
        }
        return commands.send(
                        new EndSession(principal.userId(), sessionId, SessionEndReason.REVOKED), principal, exchange)
                .then();
    }

    @PostMapping("/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> changePassword(
            @Valid @RequestBody AuthRequests.ChangePassword body,
            @AuthenticationPrincipal BridgePrincipal principal,
            ServerWebExchange exchange) {
        principal.assertMayManageCredentials();
        var command = new ChangePassword(
                principal.userId(),
                principal.sessionId(),
                new Password(body.currentPassword()),
                new Password(body.newPassword()));
        return commands.<PasswordChangeOutcome>send(command, principal, exchange)
                .handle((outcome, sink) -> {
                    switch (outcome.status()) {
                        case CHANGED -> sink.complete();
                        case WRONG_CURRENT_PASSWORD ->
                            sink.error(new ApiException(
                                    ErrorCode.WRONG_CURRENT_PASSWORD, "The current password is wrong."));
                        case LOCKED -> sink.error(locked(outcome.lockedUntil()));
                    }
                })
                .then();
    }

    private AuthResponses.Tokens tokens(
            String userId, String sessionId, String refreshToken, Instant refreshExpiresAt) {
        var access = accessTokens.issue(userId, sessionId);
        boolean mustChange =
                view.user(userId).map(user -> user.mustChangePassword()).orElse(false);
        return new AuthResponses.Tokens(
                access.value(),
                "Bearer",
                properties.accessTokenLifetime().toSeconds(),
                access.expiresAt(),
                refreshToken,
                refreshExpiresAt,
                sessionId,
                mustChange);
    }

    private static ApiException locked(Instant until) {
        long seconds = Math.max(1, Duration.between(Instant.now(), until).toSeconds());
        return new ApiException(
                ErrorCode.ACCOUNT_LOCKED,
                "Too many failed logins: this account is locked for now. Try again later.",
                Map.of("Retry-After", Long.toString(seconds)),
                Map.of("lockedUntil", until.toString()));
    }
}
