package dev.hamcp.bridge.runtime.mcp.queue;

import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.gateway.Priority;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.reactivestreams.Subscription;
import org.springframework.stereotype.Component;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.util.context.Context;

/**
 * The gateway's call queue: at most {@code maxInFlight} calls run at once; the others wait, higher
 * priorities first and users taking turns within a priority, and every call ends within the timeout.
 */
@Component
public class CallQueue {

    /** Until a call has been measured, a call is assumed to take this long (for the retry hint). */
    private static final long ASSUMED_CALL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final QueueProperties properties;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Priority, RoundRobinLane<Call<?>>> lanes = new EnumMap<>(Priority.class);
    private final AtomicInteger drainers = new AtomicInteger();
    private final Map<Priority, Timer> waits = new EnumMap<>(Priority.class);
    private final Map<Priority, Counter> refusals = new EnumMap<>(Priority.class);
    private final Map<Priority, Counter> timeouts = new EnumMap<>(Priority.class);
    private final MeterRegistry meters;

    // Guarded by lock.
    private int depth;
    private int inFlight;
    private double averageCallNanos = ASSUMED_CALL_NANOS;

    public CallQueue(QueueProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
        for (Priority priority : Priority.values()) {
            String tag = priority.name().toLowerCase();
            lanes.put(priority, new RoundRobinLane<>());
            waits.put(
                    priority,
                    Timer.builder("bridge.queue.wait")
                            .description("Time calls waited in the queue before they started")
                            .tag("priority", tag)
                            .register(meters));
            refusals.put(
                    priority,
                    Counter.builder("bridge.queue.refused")
                            .description("Calls refused because the queue was full")
                            .tag("priority", tag)
                            .register(meters));
            timeouts.put(
                    priority,
                    Counter.builder("bridge.queue.timeouts")
                            .description("Calls that did not finish within the timeout")
                            .tag("priority", tag)
                            .register(meters));
        }
        Gauge.builder("bridge.queue.depth", this, CallQueue::depth)
                .description("Calls waiting for a slot")
                .strongReference(true)
                .register(meters);
        Gauge.builder("bridge.queue.in.flight", this, CallQueue::inFlight)
                .description("Calls running upstream")
                .strongReference(true)
                .register(meters);
    }

    /**
     * Runs {@code work} once a slot is free and its turn has come. Nothing happens until the result
     * is subscribed; cancelling the subscription takes a waiting call out of the queue or cancels
     * running work. Fails with {@link JsonRpc#OVERLOADED} at once when the queue is full, and with
     * {@link JsonRpc#TIMEOUT} (cancelling the work) when the call has not finished within the timeout.
     * The work is subscribed on whichever thread frees the slot (often the one that ended the previous
     * call), so it must not block; the subscriber's Reactor context reaches it.
     */
    public <T> Mono<T> submit(Caller caller, Supplier<Mono<T>> work) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(work, "work");
        return Mono.<T>create(sink -> admit(new Call<>(caller, work, sink)))
                .timeout(properties.timeout(), Mono.defer(() -> Mono.error(timedOut(caller.priority()))));
    }

    /** Calls waiting for a slot now. */
    public int depth() {
        lock.lock();
        try {
            return depth;
        } finally {
            lock.unlock();
        }
    }

    /** Calls running now. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    private <T> void admit(Call<T> call) {
        call.sink.onCancel(() -> cancel(call));
        boolean startNow = false;
        boolean refused = false;
        long retryAfterSeconds = 0;
        lock.lock();
        try {
            if (call.state == State.CANCELLED) {
                return;
            }
            if (inFlight < properties.maxInFlight() && depth == 0) {
                inFlight++;
                call.state = State.RUNNING;
                startNow = true;
            } else if (depth >= properties.capacity()) {
                call.state = State.CANCELLED;
                refused = true;
                retryAfterSeconds = retryAfterSeconds();
            } else {
                lanes.get(call.caller.priority()).add(call.caller.userId(), call);
                depth++;
                call.state = State.QUEUED;
            }
        } finally {
            lock.unlock();
        }
        if (startNow) {
            start(call);
        } else if (refused) {
            refusals.get(call.caller.priority()).increment();
            call.sink.error(new GatewayError(
                    JsonRpc.OVERLOADED,
                    "The bridge is too busy to take this call; try again in " + retryAfterSeconds + " s",
                    Map.of("retryAfterSeconds", retryAfterSeconds)));
        } else {
            drain();
        }
    }

    /** Starts waiting calls while slots are free; one thread at a time, the others leave it more to do. */
    private void drain() {
        if (drainers.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            for (Call<?> next = takeNext(); next != null; next = takeNext()) {
                start(next);
            }
            missed = drainers.addAndGet(-missed);
        } while (missed != 0);
    }

    private Call<?> takeNext() {
        lock.lock();
        try {
            if (inFlight >= properties.maxInFlight() || depth == 0) {
                return null;
            }
            for (Priority priority : Priority.values()) {
                Call<?> next = lanes.get(priority).poll();
                if (next != null) {
                    depth--;
                    inFlight++;
                    next.state = State.RUNNING;
                    return next;
                }
            }
            throw new IllegalStateException("The queue counts " + depth + " waiting calls but holds none");
        } finally {
            lock.unlock();
        }
    }

    private <T> void start(Call<T> call) {
        call.waited.stop(waits.get(call.caller.priority()));
        call.startedNanos = System.nanoTime();
        if (call.running.given()) {
            release(call);
            return;
        }
        Mono<T> work;
        try {
            work = Objects.requireNonNull(call.work.get(), "the work supplier returned null");
        } catch (RuntimeException | Error e) {
            release(call);
            call.sink.error(e);
            return;
        }
        work.doFinally(signal -> release(call)).subscribe(call.running);
    }

    /** Frees the call's slot exactly once, however the work ended, and lets the next call start. */
    private void release(Call<?> call) {
        if (!call.released.compareAndSet(false, true)) {
            return;
        }
        long took = System.nanoTime() - call.startedNanos;
        lock.lock();
        try {
            inFlight--;
            averageCallNanos = 0.8 * averageCallNanos + 0.2 * took;
        } finally {
            lock.unlock();
        }
        drain();
    }

    private void cancel(Call<?> call) {
        boolean running;
        lock.lock();
        try {
            running = call.state == State.RUNNING;
            if (call.state == State.QUEUED && lanes.get(call.caller.priority()).remove(call.caller.userId(), call)) {
                depth--;
            }
            if (!running) {
                call.state = State.CANCELLED;
            }
        } finally {
            lock.unlock();
        }
        if (running) {
            call.running.giveUp();
        }
    }

    /**
     * A hint for a refused caller: about how long the calls already waiting will take to get going.
     * Guarded by lock.
     */
    private long retryAfterSeconds() {
        double rounds = (double) depth / properties.maxInFlight() + 1;
        long seconds = (long) Math.ceil(rounds * averageCallNanos / 1e9);
        return Math.clamp(seconds, 1, Math.max(1, properties.timeout().toSeconds()));
    }

    private GatewayError timedOut(Priority priority) {
        timeouts.get(priority).increment();
        return new GatewayError(JsonRpc.TIMEOUT, "The call did not finish within " + describe(properties.timeout()));
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private enum State {
        NEW,
        QUEUED,
        RUNNING,
        CANCELLED
    }

    /** One submitted call; compared by identity, so a user's line can find and remove it. */
    private final class Call<T> {

        final Caller caller;
        final Supplier<Mono<T>> work;
        final MonoSink<T> sink;
        final Timer.Sample waited;
        final Running<T> running;
        final AtomicBoolean released = new AtomicBoolean();
        State state = State.NEW; // guarded by lock
        long startedNanos;

        Call(Caller caller, Supplier<Mono<T>> work, MonoSink<T> sink) {
            this.caller = caller;
            this.work = work;
            this.sink = sink;
            this.running = new Running<>(sink, Context.of(sink.contextView()));
            this.waited = Timer.start(meters);
        }
    }
    /**
     * Subscribes a call's work and passes its outcome on, until the caller gives up (cancelled,
     * timed out): then the work is cancelled, and whatever it still signals (an error raced with
     * the cancellation, as when the upstream's own timeout fires at the same moment) is expected
     * and ignored, rather than reaching Reactor's dropped-error hook as an ERROR line.
     */
    private static final class Running<T> implements CoreSubscriber<T> {

        /** In place of the subscription once the work has ended or was cancelled: nothing more to cancel. */
        private static final Subscription DONE = new Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        };

        private final MonoSink<T> result;
        private final Context context;
        private final AtomicReference<Subscription> subscription = new AtomicReference<>();
        private volatile boolean givenUp;

        Running(MonoSink<T> result, Context context) {
            this.result = result;
            this.context = context;
        }

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (!subscription.compareAndSet(null, s)) {
                s.cancel();
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(T value) {
            subscription.set(DONE);
            if (!givenUp) {
                result.success(value);
            }
        }

        @Override
        public void onError(Throwable error) {
            subscription.set(DONE);
            if (!givenUp) {
                result.error(error);
            }
        }

        @Override
        public void onComplete() {
            subscription.set(DONE);
            if (!givenUp) {
                result.success();
            }
        }

        boolean given() {
            return givenUp;
        }

        /** Cancels the work unless it has ended: a work that ended is never cancelled as well. */
        void giveUp() {
            givenUp = true;
            Subscription s = subscription.getAndSet(DONE);
            if (s != null) {
                s.cancel();
            }
        }
    }
}
