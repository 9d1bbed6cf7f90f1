package dev.hamcp.bridge.runtime.mcp.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.gateway.Priority;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.util.context.Context;

class CallQueueTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> started = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void resetVirtualTime() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void nothingIsQueuedOrRunUntilTheResultIsSubscribed() {
        var queue = queue(256, 1);

        Mono<String> call = queue.submit(caller("alice", Priority.INTERACTIVE), record("alice"));

        assertThat(started).isEmpty();
        assertThat(queue.depth()).isZero();
        StepVerifier.create(call).expectNext("alice").verifyComplete();
        assertThat(started).containsExactly("alice");
    }

    @Test
    void whenASlotFreesHigherPrioritiesRunFirstWhateverTheOrderTheyCameIn() {
        var queue = queue(256, 1);
        var blocker = occupy(queue);
        queue.submit(caller("bob", Priority.BACKGROUND), record("background")).subscribe();
        queue.submit(caller("carol", Priority.INTERACTIVE), record("interactive"))
                .subscribe();
        queue.submit(caller("dave", Priority.ADMIN), record("admin")).subscribe();
        assertThat(queue.depth()).isEqualTo(3);

        blocker.tryEmitEmpty();

        assertThat(started).containsExactly("admin", "interactive", "background");
        assertThat(queue.depth()).isZero();
        assertThat(queue.inFlight()).isZero();
    }

    @Test
    void aUserWithOneCallRunsBeforeMostOfTheFiftyAnotherUserQueuedFirst() {
        var queue = queue(256, 1);
        var blocker = occupy(queue);
        for (int i = 0; i < 50; i++) {
            queue.submit(caller("alice", Priority.INTERACTIVE), record("alice-" + i))
                    .subscribe();
        }
        queue.submit(caller("bob", Priority.INTERACTIVE), record("bob")).subscribe();

        blocker.tryEmitEmpty();

        assertThat(started).hasSize(51);
        assertThat(started.indexOf("bob")).isEqualTo(1);
        assertThat(started.stream().filter(name -> name.startsWith("alice")))
                .as("each user's own calls keep their order")
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50)
                        .mapToObj(i -> "alice-" + i)
                        .toList());
    }

    @Test
    void aFullQueueRefusesTheNextCallAtOnceAsOverloadedWithARetryHint() {
        var queue = queue(2, 1);
        occupy(queue);
        queue.submit(caller("bob", Priority.INTERACTIVE), record("bob-1")).subscribe();
        queue.submit(caller("bob", Priority.INTERACTIVE), record("bob-2")).subscribe();

        StepVerifier.create(queue.submit(caller("carol", Priority.ADMIN), record("carol")))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(GatewayError.class);
                    var refusal = (GatewayError) error;
                    assertThat(refusal.code()).isEqualTo(JsonRpc.OVERLOADED);
                    assertThat((Long) refusal.data().get("retryAfterSeconds")).isBetween(1L, 30L);
                })
                .verify(Duration.ofSeconds(1));

        assertThat(started).doesNotContain("carol");
        assertThat(queue.depth()).isEqualTo(2);
        assertThat(meters.get("bridge.queue.refused")
                        .tag("priority", "admin")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aRunningCallThatOverrunsTheTimeoutFailsWithTimeoutAndItsWorkIsCancelled() {
        var queue = queue(256, 1);
        var cancelled = new AtomicBoolean();

        StepVerifier.withVirtualTime(
                        () -> queue.submit(caller("alice", Priority.INTERACTIVE), () -> Mono.<String>never()
                                .doOnCancel(() -> cancelled.set(true))))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(29))
                .thenAwait(Duration.ofSeconds(1))
                .expectErrorSatisfies(
                        error -> assertThat(((GatewayError) error).code()).isEqualTo(JsonRpc.TIMEOUT))
                .verify(Duration.ofSeconds(5));

        assertThat(cancelled).isTrue();
        assertThat(queue.inFlight()).isZero();
        assertThat(meters.get("bridge.queue.timeouts")
                        .tag("priority", "interactive")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    /**
     * The upstream's own timeout can fire at the very moment the queue's does: the work then fails
     * after the queue has given it up. That late error is expected, and must not reach Reactor's
     * dropped-error hook (which logs it at ERROR as "Operator called default onErrorDropped").
     */
    @Test
    void workThatFailsAfterItsCallTimedOutLeavesNoDroppedError() {
        var queue = queue(256, 1);
        var dropped = new AtomicReference<Throwable>();
        Hooks.onErrorDropped(dropped::set);
        try {
            var late = new AtomicReference<Subscriber<? super String>>();
            // Work that, like an operator racing its own cancellation, signals after being cancelled.
            Publisher<String> heedless = subscriber -> {
                late.set(subscriber);
                subscriber.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
            };

            StepVerifier.withVirtualTime(
                            () -> queue.submit(caller("alice", Priority.INTERACTIVE), () -> Mono.from(heedless)))
                    .expectSubscription()
                    .thenAwait(Duration.ofSeconds(30))
                    .expectErrorSatisfies(
                            error -> assertThat(((GatewayError) error).code()).isEqualTo(JsonRpc.TIMEOUT))
                    .verify(Duration.ofSeconds(5));
            late.get().onError(new IllegalStateException("the upstream's own timeout, a moment too late"));

            assertThat(dropped.get()).isNull();
            assertThat(queue.inFlight()).isZero();
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    @Test
    void theTimeoutCountsFromSubmissionSoWaitingUsesUpPartOfIt() {
        var time = VirtualTimeScheduler.getOrSet();
        var queue = queue(256, 1);
        queue.submit(caller("alice", Priority.INTERACTIVE), Mono::never).subscribe(v -> {}, e -> {});
        time.advanceTimeBy(Duration.ofSeconds(10));
        var outcome = new AtomicReference<Throwable>();
        queue.submit(caller("bob", Priority.INTERACTIVE), () -> {
                    started.add("bob");
                    return Mono.never();
                })
                .subscribe(v -> {}, outcome::set);

        time.advanceTimeBy(Duration.ofSeconds(20));
        assertThat(started).as("bob starts when alice's call times out").containsExactly("bob");
        time.advanceTimeBy(Duration.ofSeconds(9));
        assertThat(outcome.get()).isNull();
        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(outcome.get()).isInstanceOfSatisfying(GatewayError.class, error -> assertThat(error.code())
                .isEqualTo(JsonRpc.TIMEOUT));
        assertThat(queue.inFlight()).isZero();
    }

    @Test
    void aCallStillWaitingWhenItsTimeIsUpFailsWithTimeoutLeavesTheQueueAndNeverRuns() {
        var time = VirtualTimeScheduler.getOrSet();
        var queue = queue(256, 1);
        queue.submit(caller("alice", Priority.INTERACTIVE), Mono::never).subscribe(v -> {}, e -> {});
        time.advanceTimeBy(Duration.ofSeconds(1));
        var outcome = new AtomicReference<Throwable>();
        queue.submit(caller("bob", Priority.BACKGROUND), record("bob")).subscribe(v -> {}, outcome::set);
        time.advanceTimeBy(Duration.ofSeconds(28));
        queue.submit(caller("admin", Priority.ADMIN), () -> {
                    started.add("admin");
                    return Mono.never();
                })
                .subscribe(v -> {}, e -> {});

        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(started).as("the administrator overtakes bob").containsExactly("admin");
        assertThat(queue.depth()).isEqualTo(1);
        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(outcome.get()).isInstanceOfSatisfying(GatewayError.class, error -> assertThat(error.code())
                .isEqualTo(JsonRpc.TIMEOUT));
        assertThat(queue.depth()).isZero();
        time.advanceTimeBy(Duration.ofSeconds(60));
        assertThat(started).containsExactly("admin");
        assertThat(queue.inFlight()).isZero();
    }

    @Test
    void cancellingAWaitingCallTakesItOutOfTheQueueAndItNeverRuns() {
        var queue = queue(256, 1);
        var blocker = occupy(queue);
        Disposable bob =
                queue.submit(caller("bob", Priority.INTERACTIVE), record("bob")).subscribe();
        queue.submit(caller("carol", Priority.INTERACTIVE), record("carol")).subscribe();
        assertThat(queue.depth()).isEqualTo(2);

        bob.dispose();
        assertThat(queue.depth()).isEqualTo(1);
        blocker.tryEmitEmpty();

        assertThat(started).containsExactly("carol");
        assertThat(queue.inFlight()).isZero();
    }

    @Test
    void cancellingARunningCallCancelsItsWorkAndTheNextCallTakesTheSlot() {
        var queue = queue(256, 1);
        var cancelled = new AtomicBoolean();
        Disposable alice = queue.submit(caller("alice", Priority.INTERACTIVE), () -> Mono.<String>never()
                        .doOnCancel(() -> cancelled.set(true)))
                .subscribe();
        queue.submit(caller("bob", Priority.INTERACTIVE), record("bob")).subscribe();
        assertThat(queue.inFlight()).isEqualTo(1);
        assertThat(started).isEmpty();

        alice.dispose();

        assertThat(cancelled).isTrue();
        assertThat(started).containsExactly("bob");
        assertThat(queue.inFlight()).isZero();
        assertThat(queue.depth()).isZero();
    }

    @Test
    void noMoreThanTheConcurrencyLimitRunAtOnceAndEveryCallFinishes() {
        var time = VirtualTimeScheduler.getOrSet();
        var queue = queue(256, 16);
        var running = new AtomicInteger();
        var mostAtOnce = new AtomicInteger();
        var finished = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            queue.submit(
                            caller("user-" + i % 7, Priority.INTERACTIVE),
                            () -> counted(running, mostAtOnce, Mono.delay(Duration.ofSeconds(1))))
                    .subscribe(v -> finished.incrementAndGet());
        }
        assertThat(queue.inFlight()).isEqualTo(16);
        assertThat(queue.depth()).isEqualTo(84);

        time.advanceTimeBy(Duration.ofSeconds(7));

        assertThat(finished).hasValue(100);
        assertThat(mostAtOnce).hasValue(16);
        assertThat(queue.inFlight()).isZero();
        assertThat(meters.get("bridge.queue.wait")
                        .tag("priority", "interactive")
                        .timer()
                        .count())
                .isEqualTo(100);
    }

    @Test
    void workThatFailsInAnyWayGivesItsSlotBack() {
        var queue = queue(256, 1);

        StepVerifier.create(queue.submit(caller("alice", Priority.INTERACTIVE), () -> {
                    throw new IllegalStateException("supplier failed");
                }))
                .verifyErrorMessage("supplier failed");
        StepVerifier.create(queue.submit(caller("alice", Priority.INTERACTIVE), () -> null))
                .verifyError(NullPointerException.class);
        StepVerifier.create(queue.submit(
                        caller("alice", Priority.INTERACTIVE),
                        () -> Mono.error(new GatewayError(JsonRpc.UPSTREAM_UNAVAILABLE, "down"))))
                .verifyErrorMessage("down");
        StepVerifier.create(queue.submit(caller("alice", Priority.INTERACTIVE), Mono::empty))
                .verifyComplete();

        assertThat(queue.inFlight()).isZero();
        StepVerifier.create(queue.submit(caller("alice", Priority.INTERACTIVE), record("after")))
                .expectNext("after")
                .verifyComplete();
    }

    @Test
    void underConcurrentSubmissionsErrorsAndCancellationsTheLimitHoldsAndNoSlotIsLost() {
        var queue = queue(256, 16);
        var running = new AtomicInteger();
        var mostAtOnce = new AtomicInteger();

        Flux.range(0, 2_000)
                .parallel(8)
                .runOn(Schedulers.parallel())
                .flatMap(i -> {
                    Supplier<Mono<Integer>> work = () -> counted(
                            running,
                            mostAtOnce,
                            switch (i % 4) {
                                case 0 -> Mono.error(new IllegalStateException("failed"));
                                case 1 -> Mono.delay(Duration.ofMillis(i % 3)).thenReturn(i);
                                case 2 -> Mono.never();
                                default -> Mono.just(i);
                            });
                    return queue.submit(caller("user-" + i % 13, Priority.values()[i % 3]), work)
                            .timeout(Duration.ofMillis(i % 2 == 0 ? 5 : 50))
                            .onErrorResume(e -> Mono.empty());
                })
                .sequential()
                .then()
                .block(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(queue.inFlight()).isZero();
            assertThat(queue.depth()).isZero();
            assertThat(running).hasValue(0);
        });
        assertThat(mostAtOnce.get()).isBetween(1, 16);
    }

    @Test
    void theWorkSeesTheSubscribersReactorContextEvenWhenItStartsOnAnotherCallsThread() {
        var queue = queue(256, 1);
        var blocker = occupy(queue);
        var seen = new AtomicReference<String>();
        queue.submit(
                        caller("bob", Priority.INTERACTIVE),
                        () -> Mono.deferContextual(context -> Mono.just(context.<String>get("correlationId"))))
                .contextWrite(Context.of("correlationId", "corr-0001"))
                .subscribe(seen::set);

        blocker.tryEmitEmpty();

        assertThat(seen).hasValue("corr-0001");
    }

    @Test
    void depthAndCallsInFlightAreGauges() {
        var queue = queue(256, 1);
        occupy(queue);
        queue.submit(caller("bob", Priority.INTERACTIVE), record("bob")).subscribe();

        assertThat(meters.get("bridge.queue.depth").gauge().value()).isEqualTo(1);
        assertThat(meters.get("bridge.queue.in.flight").gauge().value()).isEqualTo(1);
    }

    private CallQueue queue(int capacity, int maxInFlight) {
        return new CallQueue(new QueueProperties(capacity, maxInFlight, Duration.ofSeconds(30)), meters);
    }

    /** Takes a slot with a call that runs until the returned sink is completed. */
    private static Sinks.Empty<Void> occupy(CallQueue queue) {
        Sinks.Empty<Void> blocker = Sinks.empty();
        queue.submit(caller("blocker", Priority.ADMIN), blocker::asMono).subscribe();
        assertThat(queue.inFlight()).isPositive();
        return blocker;
    }

    /** Work that notes it started and finishes at once. */
    private Supplier<Mono<String>> record(String name) {
        return () -> {
            started.add(name);
            return Mono.just(name);
        };
    }

    /**
     * Counts work as running from its subscription until its terminal signal or cancellation. Not
     * until doFinally: that runs after the signal has reached the queue, which by then has freed the
     * slot, so the next call may already have started.
     */
    private static <T> Mono<T> counted(AtomicInteger running, AtomicInteger mostAtOnce, Mono<T> work) {
        return work.doOnSubscribe(s -> mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max))
                .doOnTerminate(running::decrementAndGet)
                .doOnCancel(running::decrementAndGet);
    }

    private static Caller caller(String userId, Priority priority) {
        return new Caller(userId, userId, Role.USER, "session-" + userId, null, "127.0.0.1", priority);
    }
}
