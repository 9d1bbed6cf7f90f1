package dev.hamcp.bridge.runtime.web;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where a failure becomes a response: business errors from commands, refusals from
 * the edge, bad input and unknown routes all leave as problem documents. Ordered before Spring
 * Boot's own handler so no other error shape (or stack trace) ever reaches a client.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9_$-]{1,64}");

    private final Problems problems;

    ProblemExceptionHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        Throwable error = unwrap(failure);
        return switch (error) {
            case ApiException e -> {
                e.headers().forEach(exchange.getResponse().getHeaders()::set);
                yield problems.write(exchange, e.code(), e.getMessage(), e.members());
            }
            case CommandExecutionException e
            when e.getDetails().orElse(null) instanceof BusinessError b ->
                problems.write(exchange, b.code(), b.message(), Map.of());
            case WebExchangeBindException e ->
                problems.write(
                        exchange,
                        ErrorCode.VALIDATION_FAILED,
                        "Some fields are missing or invalid.",
                        Map.of("errors", fieldErrors(e)));
            case ServerWebInputException e when causedBy(e, DataBufferLimitException.class) -> tooLarge(exchange);
            case DataBufferLimitException e -> tooLarge(exchange);
            case ServerWebInputException e
            when cause(e, UnrecognizedPropertyException.class) != null ->
                unknownField(exchange, cause(e, UnrecognizedPropertyException.class));
            case ServerWebInputException e
            when memberOf(cause(e, DatabindException.class)) != null ->
                problems.write(
                        exchange,
                        ErrorCode.VALIDATION_FAILED,
                        "Some fields are missing or invalid.",
                        Map.of(
                                "errors",
                                List.of(Map.of(
                                        "field",
                                        memberOf(cause(e, DatabindException.class)),
                                        "message",
                                        "has the wrong type or an invalid value"))));
            case ServerWebInputException e ->
                problems.write(
                        exchange,
                        ErrorCode.MALFORMED_REQUEST,
                        "The request body is missing, is not valid JSON, or has a field of the wrong type.",
                        Map.of());
            case ResponseStatusException e
            when e.getStatusCode().is4xxClientError() ->
                clientError(exchange, HttpStatus.valueOf(e.getStatusCode().value()));
            case AggregateNotFoundException e ->
                problems.write(exchange, ErrorCode.NOT_FOUND, "There is nothing here.", Map.of());
            case ConcurrencyException e ->
                problems.write(
                        exchange, ErrorCode.CONFLICT, "Someone changed this at the same moment; try again.", Map.of());
            default -> unexpected(exchange, error);
        };
    }

    /**
     * A member the endpoint does not know, refused rather than ignored: a misspelt restriction
     * ({@code ipAllowList} for {@code allowedNetworks}) must never pass as no restriction.
     */
    private Mono<Void> unknownField(ServerWebExchange exchange, UnrecognizedPropertyException e) {
        String member = memberOf(e);
        List<String> known = e.getKnownPropertyIds() == null
                ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        return problems.write(
                exchange,
                ErrorCode.UNKNOWN_FIELD,
                "This request has a member the endpoint does not know: " + member + ".",
                Map.of("field", member, "knownFields", known));
    }

    /**
     * Where in the body a decoding failure lies, as {@code permissions[0].levels}; null when the
     * failure is not about one member. Names longer than a member could reasonably be, or with
     * characters no member has, are cut short rather than echoed.
     */
    private static String memberOf(JacksonException e) {
        if (e == null || e.getPath().isEmpty()) {
            return null;
        }
        var path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                String name = reference.getPropertyName();
                path.append(MEMBER.matcher(name).matches() ? name : "(unreadable member)");
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        return problems.write(exchange, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large.", Map.of());
    }

    /** What Spring itself refuses (no route, wrong method, media types, size), by status. */
    private Mono<Void> clientError(ServerWebExchange exchange, HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> problems.write(exchange, ErrorCode.NOT_FOUND, "There is nothing here.", Map.of());
            case METHOD_NOT_ALLOWED ->
                problems.write(exchange, ErrorCode.METHOD_NOT_ALLOWED, "This method is not allowed here.", Map.of());
            case UNSUPPORTED_MEDIA_TYPE ->
                problems.write(
                        exchange,
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "Send the request body as application/json.",
                        Map.of());
            case CONTENT_TOO_LARGE -> tooLarge(exchange);
            default ->
                problems.write(
                        exchange, ErrorCode.MALFORMED_REQUEST, status, "The request was not accepted.", Map.of());
        };
    }

    private Mono<Void> unexpected(ServerWebExchange exchange, Throwable error) {
        if (DisconnectedClientHelper.isClientDisconnectedException(error)) {
            // The client hung up (gave up waiting, closed the tab): nobody to answer, nothing broke.
            log.debug(
                    "Client went away during {} {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath());
            return Mono.empty();
        }
        // Outside the filters' Reactor context: the correlation id comes from the exchange.
        try (var ignored = MDC.putCloseable(
                RequestContext.MDC_CORRELATION_ID, RequestContext.of(exchange).correlationId())) {
            log.error(
                    "Request {} {} failed unexpectedly",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    error);
        }
        return problems.write(
                exchange,
                ErrorCode.UNAVAILABLE,
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; quote the correlation id when reporting it.",
                Map.of());
    }

    private static List<Map<String, String>> fieldErrors(WebExchangeBindException e) {
        return e.getFieldErrors().stream()
                .map(FieldError.class::cast)
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .toList();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
