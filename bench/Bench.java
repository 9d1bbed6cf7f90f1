import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The load generator of {@code bench/run}: the same {@code tools/call} sent to the simulator's
 * {@code /api/mcp} directly, through a bare pass-through proxy ({@code bench/NettyProxy.java}: the
 * least any HTTP proxy does), and through the bridge's {@code /mcp}, in alternating rounds so that
 * noise on the machine hits all three. Only the JDK: run it as a source program
 * ({@code java bench/Bench.java --help}).
 *
 * <p>Two kinds of round. <b>Closed loop</b>, for throughput: each client is a virtual thread that
 * sends, waits for the answer and sends again, so the number of clients is the number of calls in
 * flight. <b>Open loop</b>, for latency: calls fall due at a fixed rate from the round's start,
 * whatever the answers do, and each latency runs from its call's due time, so a stall counts
 * against every call it holds up instead of hiding them (no coordinated omission, as wrk2
 * measures). Every answer is checked: anything but a 200 with a JSON-RPC result that is not
 * {@code isError} counts as an error, is left out of the latencies, and makes the run fail.
 */
public final class Bench {

    static final String ACCEPT = "application/json, text/event-stream";
    static final String PROTOCOL_VERSION = "2025-06-18";
    static final String TOOL = "HassTurnOn";
    static final String ARGUMENTS = "{\"name\":\"Kitchen Light\"}";

    /** Closed loop: the bridge's calls per second over the bare proxy's, at each of {@link #JUDGED_LEVELS}. */
    static final double TARGET_THROUGHPUT_VERSUS_PROXY = 0.6;
    /** Closed loop: the bridge's CPU per call (its JVM and its PostgreSQL) over the bare proxy's, at most. */
    static final double TARGET_CPU_VERSUS_PROXY = 2.5;
    /** Open loop, at every rate: the bridge's p50 and p99 minus direct's at the same rate, at most. */
    static final double TARGET_ADDED_P50_MS = 0.5;

    static final double TARGET_ADDED_P99_MS = 2.0;
    /** The p99 that the capacity search holds each rate to. */
    static final double CAPACITY_P99_MS = 5.0;

    static final List<Integer> JUDGED_LEVELS = List.of(16, 64);

    static final Duration WARM_UP_STEP = Duration.ofSeconds(5);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** An open-loop call not answered by then has failed; far above any latency worth measuring. */
    static final Duration OPEN_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** How long a round waits, after its last send, for the calls still out. */
    static final Duration OPEN_DRAIN = OPEN_CALL_TIMEOUT.plusSeconds(5);

    static final String BEGIN = "<!-- bench:results:begin -->";
    static final String END = "<!-- bench:results:end -->";
    static final String PINNED_BEGIN = "<!-- bench:pinned:begin -->";
    static final String PINNED_END = "<!-- bench:pinned:end -->";

    private static final Pattern JSON_RPC_ERROR = Pattern.compile("(?<!\\\\)\"error\"\\s*:\\s*\\{");
    private static final Pattern IS_ERROR = Pattern.compile("(?<!\\\\)\"isError\"\\s*:\\s*true");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOOLS_CALL_COUNT = Pattern.compile("\"tools/call\"\\s*:\\s*(\\d+)");

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(Options.USAGE);
            return;
        }
        System.exit(new Bench(options).run() ? 0 : 1);
    }

    private final Options options;
    /** For everything but the measured calls: logging in, opening sessions, reading counters. */
    private final HttpClient control = client();

    private final ErrorLog errors = new ErrorLog();
    private final CpuMeter cpu;

    private Bench(Options options) {
        this.options = options;
        this.cpu = new CpuMeter(options.pids(), options.clockTicks());
    }

    /**
     * An HTTP/1.1 client with its own pool of kept-alive connections. Every round gets a new one, so
     * no connection sits idle between rounds long enough to meet a keep-alive timeout (30 s at both
     * the JDK's client and server). With one client per side for the whole run, about one direct
     * call in 500,000 failed with "header parser received no bytes" after the simulator had counted
     * it, which points at a connection closed under a call; none has failed since.
     */
    private static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private boolean run() throws Exception {
        String loadBefore = loadAverage();
        System.out.println("bench: " + options.nproc() + " CPUs (" + cpuModel() + "), load average " + loadBefore
                + (options.pinning() == null ? "" : "; pinned: " + options.pinning()));
        if (busy(loadBefore)) {
            System.out.println("bench: WARNING: the load average (" + loadBefore + ") is above the number of CPUs;"
                    + " something else is running and the figures will be noisy");
        }
        System.out.printf(
                Locale.ROOT,
                "bench: about %.1f minutes of load from here (the capacity search at its longest)%n",
                options.estimate().toSeconds() / 60.0);
        long simulatorCallsBefore = simulatorToolCalls();
        String accessToken = logIn();
        int most = options.levels().stream().max(Integer::compare).orElse(16);
        var direct = new Direct(options.direct(), options.simulatorToken());
        var proxy = new Proxy(options.proxy());
        // The open loop has no fixed number of clients; it spreads its calls over these sessions.
        var bridge = new Bridge(options.bridge(), accessToken, openSessions(accessToken, Math.max(16, most)));
        List<Side> sides = List.of(direct, proxy, bridge);

        var warmUps = new ArrayList<String>();
        for (Side side : sides) {
            warmUps.add(warmUp(side, Math.min(16, most)));
        }

        var levels = new ArrayList<Level>();
        for (int clients : options.levels()) {
            levels.add(measureLevel(clients, direct, proxy, bridge));
        }
        if (!options.rates().isEmpty() || !options.searchRates().isEmpty()) {
            openWarmUp(sides);
        }
        var rates = new ArrayList<Rate>();
        for (int rate : options.rates()) {
            rates.add(measureRate(rate, direct, proxy, bridge));
        }
        List<SearchStep> search = searchCapacity(rates, proxy, bridge);
        // The request log writes in batches after the calls; give its last batch time to land.
        Thread.sleep(1000);

        long simulatorCalls = simulatorToolCalls() - simulatorCallsBefore;
        var good = new LinkedHashMap<String, Long>();
        sides.forEach(side -> good.put(side.name(), side.succeeded.get()));
        var report = new Report(
                options,
                cpuModel(),
                String.join(", ", warmUps),
                new Results(levels, rates, search),
                errors,
                loadBefore,
                loadAverage(),
                simulatorCalls,
                good,
                BridgeMetrics.scrape(control, options.bridge()));
        System.out.println();
        System.out.println(report.console());
        if (options.docs() != null) {
            report.writeInto(options.docs());
            System.out.println("bench: figures written into " + options.docs());
        }
        if (errors.total() > 0) {
            System.out.println();
            System.out.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
            System.out.println("!! " + errors.total()
                    + " CALLS FAILED (left out of the figures above; the run counts as failed). First ones:");
            errors.samples().forEach(sample -> System.out.println("!!   " + sample));
            System.out.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
            return false;
        }
        return true;
    }

    /**
     * Runs {@code side} for the JIT warm-up time in steps of {@link #WARM_UP_STEP}, printing each
     * step's throughput so the plateau can be seen. A fixed time rather than "until steady": the
     * bridge, a much larger program than the simulator, keeps getting faster in small steps for
     * about a minute, which a steadiness test mistakes for the end of the warm-up.
     */
    private String warmUp(Side side, int clients) throws Exception {
        long started = System.nanoTime();
        long deadline = started + options.jitWarmup().toNanos();
        var steps = new ArrayList<String>();
        while (System.nanoTime() < deadline) {
            Duration step = Duration.ofNanos(Math.min(WARM_UP_STEP.toNanos(), deadline - System.nanoTime()));
            double throughput =
                    runRound(side, clients, step, options.maxCalls()).throughput();
            steps.add(String.format(Locale.ROOT, "%.0f", throughput));
            System.out.printf(
                    Locale.ROOT,
                    "bench: JIT warm-up, %s at %d clients: %.0f calls/s%n",
                    side.name(),
                    clients,
                    throughput);
        }
        return side.name() + " " + String.join(", ", steps.subList(Math.max(0, steps.size() - 3), steps.size()));
    }

    /** Rounds in the order direct, proxy, bridge, bridge, proxy, direct, ...: each side at the same mean time. */
    static List<Side> order(int round, Side direct, Side proxy, Side bridge) {
        return round % 2 == 0 ? List.of(direct, proxy, bridge) : List.of(bridge, proxy, direct);
    }

    /** Warm-up of the three sides at {@code clients}, then the measured closed-loop rounds, sides alternating. */
    private Level measureLevel(int clients, Side direct, Side proxy, Side bridge) throws Exception {
        System.out.printf(Locale.ROOT, "bench: %d client(s): warm-up%n", clients);
        runRound(direct, clients, options.warmup(), options.maxCalls());
        runRound(proxy, clients, options.warmup(), options.maxCalls());
        runRound(bridge, clients, options.warmup(), options.maxCalls());
        var rounds = new LinkedHashMap<Side, List<Round>>();
        for (Side side : List.of(direct, proxy, bridge)) {
            rounds.put(side, new ArrayList<>());
        }
        Duration perRound = options.measured().dividedBy(options.rounds());
        long callsPerRound = Math.max(1, options.maxCalls() / options.rounds());
        for (int r = 0; r < options.rounds(); r++) {
            for (Side side : order(r, direct, proxy, bridge)) {
                Round round = runRound(side, clients, perRound, callsPerRound);
                rounds.get(side).add(round);
                Stats stats = Stats.of(round.micros());
                System.out.printf(
                        Locale.ROOT,
                        "bench: %d client(s), round %d, %-6s %8.0f calls/s  p50 %7.3f ms  p99 %7.3f ms%s%n",
                        clients,
                        r + 1,
                        side.name(),
                        round.throughput(),
                        stats.p50Millis(),
                        stats.p99Millis(),
                        round.errors() == 0 ? "" : "  ERRORS: " + round.errors());
            }
        }
        return new Level(
                clients,
                Stats.merge(rounds.get(direct)),
                Stats.merge(rounds.get(proxy)),
                Stats.merge(rounds.get(bridge)));
    }

    /** {@code clients} virtual threads calling in a closed loop until the time or the count is spent. */
    private Round runRound(Side side, int clients, Duration limit, long maxCalls) throws Exception {
        var ready = new CountDownLatch(clients);
        var go = new CountDownLatch(1);
        var issued = new AtomicLong();
        var startedAt = new AtomicLong();
        List<Future<Recorder>> futures = new ArrayList<>();
        try (HttpClient http = client();
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(threads.submit(() -> {
                    var recorder = new Recorder();
                    ready.countDown();
                    go.await();
                    long deadline = startedAt.get() + limit.toNanos();
                    while (System.nanoTime() < deadline && issued.incrementAndGet() <= maxCalls) {
                        long start = System.nanoTime();
                        String problem;
                        try {
                            problem = side.call(http, client);
                        } catch (IOException e) {
                            problem = e.getClass().getSimpleName() + ": " + e.getMessage();
                        }
                        long micros = (System.nanoTime() - start) / 1000;
                        if (problem == null) {
                            recorder.add(micros);
                        } else {
                            recorder.errors++;
                            errors.add(side.name() + ", " + clients + " client(s): " + problem);
                        }
                    }
                    return recorder;
                }));
            }
            ready.await();
            long[] cpuBefore = cpu.snapshot();
            startedAt.set(System.nanoTime());
            go.countDown();
            var recorders = new ArrayList<Recorder>();
            for (Future<Recorder> future : futures) {
                try {
                    recorders.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a client stopped unexpectedly", e.getCause());
                }
            }
            long elapsed = System.nanoTime() - startedAt.get();
            Round round = Round.of(recorders, elapsed, cpu.since(cpuBefore));
            side.succeeded.addAndGet(round.micros().length);
            return round;
        }
    }

    // --- open loop ---------------------------------------------------------------------------------------------

    /**
     * Each side for {@code --open-warmup-seconds} at the highest open-loop rate, not measured. The
     * closed loop warms the hops but not the generator's own asynchronous path ({@code sendAsync},
     * whose code the closed loop's {@code send} only partly shares); without this, the first open-loop
     * rounds, direct's first of all, would pay for its JIT.
     */
    private void openWarmUp(List<Side> sides) throws Exception {
        int rate = Stream.concat(
                        options.rates().stream(), options.searchRates().stream().limit(1))
                .max(Integer::compare)
                .orElseThrow();
        for (Side side : sides) {
            printOpen(rate, "warm-up", side, OpenStats.merge(List.of(runOpenRound(side, rate, options.openWarmup()))));
        }
    }

    /** The three sides at one arrival rate, in rounds alternating as the closed-loop levels' do. */
    private Rate measureRate(int rate, Side direct, Side proxy, Side bridge) throws Exception {
        var rounds = new LinkedHashMap<Side, List<OpenRound>>();
        for (Side side : List.of(direct, proxy, bridge)) {
            rounds.put(side, new ArrayList<>());
        }
        Duration perRound = options.openMeasured().dividedBy(options.openRounds());
        for (int r = 0; r < options.openRounds(); r++) {
            for (Side side : order(r, direct, proxy, bridge)) {
                OpenRound round = runOpenRound(side, rate, perRound);
                rounds.get(side).add(round);
                printOpen(rate, "round " + (r + 1), side, OpenStats.merge(List.of(round)));
            }
        }
        return new Rate(
                rate,
                OpenStats.merge(rounds.get(direct)),
                OpenStats.merge(rounds.get(proxy)),
                OpenStats.merge(rounds.get(bridge)));
    }

    /**
     * The bounded search for the highest rate at which the bridge still answers 99 % of calls within
     * {@link #CAPACITY_P99_MS}, and the same for the bare proxy as its yardstick: one round per side
     * at each of {@code --search-rates} above the open-loop rates, in turn, a side dropping out at
     * its first rate over the limit (or at once, if it was already over at an open-loop rate). Ends
     * when both have dropped out or the rates run out; every round is bounded in calls and time.
     */
    private List<SearchStep> searchCapacity(List<Rate> measured, Side proxy, Side bridge) throws Exception {
        int above = measured.stream().mapToInt(Rate::rate).max().orElse(0);
        var going = new LinkedHashMap<Side, Boolean>();
        going.put(bridge, measured.stream().allMatch(rate -> rate.bridge().withinCapacityLimit()));
        going.put(proxy, measured.stream().allMatch(rate -> rate.proxy().withinCapacityLimit()));
        var steps = new ArrayList<SearchStep>();
        for (int rate : options.searchRates()) {
            if (rate <= above) {
                continue;
            }
            if (!going.containsValue(true)) {
                break;
            }
            var found = new LinkedHashMap<Side, OpenStats>();
            for (Side side : steps.size() % 2 == 0 ? List.of(bridge, proxy) : List.of(proxy, bridge)) {
                if (going.get(side)) {
                    OpenStats stats = OpenStats.merge(List.of(runOpenRound(side, rate, options.searchMeasured())));
                    found.put(side, stats);
                    going.put(side, stats.withinCapacityLimit());
                    printOpen(rate, "search", side, stats);
                }
            }
            steps.add(new SearchStep(rate, found.get(proxy), found.get(bridge)));
        }
        return steps;
    }

    private static void printOpen(int rate, String what, Side side, OpenStats stats) {
        System.out.printf(
                Locale.ROOT,
                "bench: %d calls/s, %s, %-6s p50 %s ms  p99 %s ms  p99.9 %s ms  (sender lag p99 %s ms)%s%n",
                rate,
                what,
                side.name(),
                ms(stats.millis(50)),
                ms(stats.millis(99)),
                ms(stats.millis(99.9)),
                ms(stats.lagMillis(99)),
                stats.lost() == 0 ? "" : "  NOT SENT: " + stats.unsent() + ", FAILED: " + stats.failed());
    }

    /** One open-loop round of {@code side}: the lead-in, then {@code measured} at {@code rate} ({@link OpenLoad}). */
    private OpenRound runOpenRound(Side side, int rate, Duration measured) throws Exception {
        int leadIn = callsIn(rate, options.openLeadIn());
        int counted = Math.max(1, callsIn(rate, measured));
        try (HttpClient http = client()) {
            var load = new OpenLoad(
                    side,
                    http,
                    rate,
                    leadIn + counted,
                    options.openConnections(),
                    options.openMaxOutstanding(),
                    errors);
            long[] cpuBefore = cpu.snapshot();
            boolean settled = load.run(OPEN_DRAIN);
            long[] cpuSpent = cpu.since(cpuBefore);
            if (!settled) {
                http.shutdownNow();
            }
            OpenRound round = load.round(leadIn, cpuSpent);
            side.succeeded.addAndGet(round.goodInAll());
            return round;
        }
    }

    static int callsIn(int rate, Duration time) {
        return (int) Math.round(rate * (time.toNanos() / 1e9));
    }

    /**
     * One open-loop round: call {@code i} falls due at {@code t0 + i / rate} and is sent then,
     * whatever the earlier calls' answers do; its latency runs from that due time to the moment its
     * answer is complete. At most {@code connections} calls are in flight (the client's pool of
     * kept-alive connections); a call due while all are busy waits in the generator, its clock
     * running, as a wrk2 connection's next request does. Beyond {@code maxOutstanding} calls waiting
     * or in flight a call is not sent at all: it counts as lost, slower than any answer, and the
     * round says so. Sending stops after the given number of calls, and waiting for the last
     * answers after a fixed time: a round is bounded in calls and in time.
     */
    static final class OpenLoad {
        static final long PENDING = -1;
        static final long UNSENT = -2;
        static final long FAILED = -3;

        /** The body and the moment it was complete, taken on the client's own thread before any hand-off. */
        record Timed(String text, long nanos) {}

        private static final HttpResponse.BodyHandler<Timed> TIMED = info -> HttpResponse.BodySubscribers.mapping(
                HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                text -> new Timed(text, System.nanoTime()));

        private final Side side;
        private final HttpClient http;
        private final double intervalNanos;
        private final int connections;
        private final int maxOutstanding;
        private final ErrorLog errors;
        private final String label;
        private final long[] latencyMicros;
        private final long[] lagMicros;
        private final Queue<Integer> waiting = new ConcurrentLinkedQueue<>();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger outstanding = new AtomicInteger();
        private final CountDownLatch settled;
        private long t0;

        OpenLoad(
                Side side, HttpClient http, int rate, int calls, int connections, int maxOutstanding, ErrorLog errors) {
            this.side = side;
            this.http = http;
            this.intervalNanos = 1e9 / rate;
            this.connections = connections;
            this.maxOutstanding = maxOutstanding;
            this.errors = errors;
            this.label = side.name() + " at " + rate + " calls/s";
            this.latencyMicros = new long[calls];
            this.lagMicros = new long[calls];
            Arrays.fill(latencyMicros, PENDING);
            this.settled = new CountDownLatch(calls);
        }

        /** Sends every call when due, then waits up to {@code drain} for the answers; false if some never came. */
        boolean run(Duration drain) throws InterruptedException {
            t0 = System.nanoTime();
            for (int i = 0; i < latencyMicros.length; i++) {
                long due = due(i);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                lagMicros[i] = (System.nanoTime() - due) / 1000;
                offer(i);
            }
            return settled.await(drain.toNanos(), TimeUnit.NANOSECONDS);
        }

        private long due(int call) {
            return t0 + (long) (call * intervalNanos);
        }

        private void offer(int call) {
            if (outstanding.incrementAndGet() > maxOutstanding) {
                outstanding.decrementAndGet();
                latencyMicros[call] = UNSENT;
                settled.countDown();
                return;
            }
            waiting.add(call);
            pump();
        }

        /** Sends waiting calls while a connection is free; run by the sender and after every answer. */
        private void pump() {
            while (!waiting.isEmpty()) {
                int busy = inFlight.get();
                if (busy >= connections) {
                    return;
                }
                if (!inFlight.compareAndSet(busy, busy + 1)) {
                    continue;
                }
                Integer call = waiting.poll();
                if (call == null) {
                    // Another thread took it; give the connection back and look again.
                    inFlight.decrementAndGet();
                    continue;
                }
                send(call);
            }
        }

        private void send(int call) {
            long id = side.nextId();
            try {
                http.sendAsync(side.request(id, call, OPEN_CALL_TIMEOUT), TIMED)
                        .whenComplete((answer, failure) -> settle(call, id, answer, failure));
            } catch (RuntimeException e) {
                settle(call, id, null, e);
            }
        }

        private void settle(int call, long id, HttpResponse<Timed> answer, Throwable failure) {
            String problem = failure != null
                    ? describe(failure)
                    : Side.problem(id, answer.statusCode(), answer.body().text());
            if (problem == null) {
                latencyMicros[call] = (answer.body().nanos() - due(call)) / 1000;
            } else {
                latencyMicros[call] = FAILED;
                errors.add(label + ": " + problem);
            }
            inFlight.decrementAndGet();
            outstanding.decrementAndGet();
            settled.countDown();
            pump();
        }

        private static String describe(Throwable failure) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }

        /** The figures of the calls after the first {@code leadIn}; a call never answered counts as failed. */
        OpenRound round(int leadIn, long[] cpuNanos) {
            long[] good = new long[latencyMicros.length];
            int size = 0;
            long unsent = 0;
            long failed = 0;
            long goodInAll = 0;
            for (int i = 0; i < latencyMicros.length; i++) {
                long latency = latencyMicros[i];
                if (latency == PENDING) {
                    errors.add(label + ": no answer within " + OPEN_DRAIN.toSeconds() + " s of the last send");
                }
                if (latency >= 0) {
                    goodInAll++;
                }
                if (i < leadIn) {
                    continue;
                }
                if (latency >= 0) {
                    good[size++] = latency;
                } else if (latency == UNSENT) {
                    unsent++;
                } else {
                    failed++;
                }
            }
            return new OpenRound(
                    Arrays.copyOf(good, size),
                    unsent,
                    failed,
                    Arrays.copyOfRange(lagMicros, leadIn, lagMicros.length),
                    goodInAll,
                    cpuNanos);
        }
    }

    // --- the bridge's REST API and MCP sessions ---------------------------------------------------------------

    /** Registers a fresh user and logs in; registration reaches the login view asynchronously, hence the retries. */
    private String logIn() throws Exception {
        String suffix = HexFormat.of().formatHex(randomBytes(6));
        String username = "bench-" + suffix;
        String password = "bench-" + HexFormat.of().formatHex(randomBytes(16));
        String registration = "{\"username\":\"" + username + "\",\"email\":\"" + username
                + "@example.invalid\",\"password\":\"" + password + "\"}";
        var registered = post(control, options.bridge().resolve("/auth/register"), registration, Map.of());
        if (registered.statusCode() != 201) {
            throw new IllegalStateException(
                    "registration failed: HTTP " + registered.statusCode() + " " + registered.body());
        }
        String login = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
        HttpResponse<String> answer = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            answer = post(control, options.bridge().resolve("/auth/login"), login, Map.of());
            if (answer.statusCode() == 200) {
                Matcher token = ACCESS_TOKEN.matcher(answer.body());
                if (token.find()) {
                    return token.group(1);
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("login failed: HTTP " + answer.statusCode() + " " + answer.body());
    }

    /** One MCP session per client, each opened with {@code initialize} and {@code notifications/initialized}. */
    private List<String> openSessions(String accessToken, int count) throws Exception {
        URI mcp = options.bridge().resolve("/mcp");
        var sessions = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            String initialize = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                    + "\"protocolVersion\":\"" + PROTOCOL_VERSION + "\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";
            var answer = post(control, mcp, initialize, Map.of("Authorization", "Bearer " + accessToken));
            String session = answer.headers().firstValue("Mcp-Session-Id").orElse(null);
            if (answer.statusCode() != 200 || session == null) {
                throw new IllegalStateException("initialize failed: HTTP " + answer.statusCode() + " " + answer.body());
            }
            var headers = Map.of(
                    "Authorization", "Bearer " + accessToken,
                    "Mcp-Session-Id", session,
                    "MCP-Protocol-Version", PROTOCOL_VERSION);
            var initialized =
                    post(control, mcp, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", headers);
            if (initialized.statusCode() != 202) {
                throw new IllegalStateException("notifications/initialized: HTTP " + initialized.statusCode());
            }
            if (i == 0) {
                var tools = post(control, mcp, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"tools/list\"}", headers);
                if (tools.statusCode() != 200 || !tools.body().contains("\"name\":\"" + TOOL + "\"")) {
                    throw new IllegalStateException("the bridge does not offer " + TOOL + " unprefixed: HTTP "
                            + tools.statusCode() + " " + abbreviate(tools.body()));
                }
            }
            sessions.add(session);
        }
        return sessions;
    }

    private long simulatorToolCalls() throws Exception {
        URI stats = options.direct().resolve("/_simulator/stats");
        var answer = control.send(
                HttpRequest.newBuilder(stats)
                        .header("Authorization", "Bearer " + options.simulatorToken())
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher count = TOOLS_CALL_COUNT.matcher(answer.body());
        return count.find() ? Long.parseLong(count.group(1)) : 0;
    }

    static HttpRequest request(URI uri, String body, Map<String, String> headers, Duration timeout) {
        var request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", ACCEPT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return request.build();
    }

    static HttpResponse<String> post(HttpClient http, URI uri, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        return http.send(request(uri, body, headers, CALL_TIMEOUT), HttpResponse.BodyHandlers.ofString());
    }

    // --- the three sides ---------------------------------------------------------------------------------------

    /** Where the calls go, and how an answer is judged. */
    abstract static class Side {
        final AtomicLong succeeded = new AtomicLong();
        private final AtomicLong ids = new AtomicLong();

        abstract String name();

        /** The {@code tools/call} with JSON-RPC id {@code id} as client number {@code client} sends it. */
        abstract HttpRequest request(long id, int client, Duration timeout);

        /** One call, waited for: null for a good answer, else what was wrong with it. */
        String call(HttpClient http, int client) throws IOException, InterruptedException {
            long id = nextId();
            HttpResponse<String> answer =
                    http.send(request(id, client, CALL_TIMEOUT), HttpResponse.BodyHandlers.ofString());
            return problem(id, answer.statusCode(), answer.body());
        }

        static String toolsCall(long id) {
            return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + TOOL
                    + "\",\"arguments\":" + ARGUMENTS + "}}";
        }

        long nextId() {
            return ids.incrementAndGet();
        }

        /** Null when the answer is a 200 carrying the JSON-RPC result of request {@code id} and not {@code isError}. */
        static String problem(long id, int status, String body) {
            if (status != 200) {
                return "HTTP " + status + ": " + abbreviate(body);
            }
            if (JSON_RPC_ERROR.matcher(body).find()) {
                return "JSON-RPC error: " + abbreviate(body);
            }
            if (IS_ERROR.matcher(body).find()) {
                return "isError result: " + abbreviate(body);
            }
            if (!body.contains("\"result\"") || !answersId(body, id)) {
                return "not the result of request " + id + ": " + abbreviate(body);
            }
            return null;
        }

        private static boolean answersId(String body, long id) {
            String key = "\"id\":" + id;
            int at = body.indexOf(key);
            if (at < 0) {
                return false;
            }
            int after = at + key.length();
            return after >= body.length() || !Character.isDigit(body.charAt(after));
        }
    }

    /** The simulator's stateless {@code /api/mcp}: no session, its own token. */
    static final class Direct extends Side {
        private final URI uri;
        private final Map<String, String> headers;

        Direct(URI uri, String token) {
            this.uri = uri;
            this.headers = Map.of("Authorization", "Bearer " + token);
        }

        @Override
        String name() {
            return "direct";
        }

        @Override
        HttpRequest request(long id, int client, Duration timeout) {
            return Bench.request(uri, toolsCall(id), headers, timeout);
        }
    }

    /**
     * The bare pass-through proxy in front of the simulator's {@code /api/mcp}: no token from the
     * client (the proxy adds the simulator's), no session; the same body, the same checks.
     */
    static final class Proxy extends Side {
        private final URI uri;

        Proxy(URI uri) {
            this.uri = uri;
        }

        @Override
        String name() {
            return "proxy";
        }

        @Override
        HttpRequest request(long id, int client, Duration timeout) {
            return Bench.request(uri, toolsCall(id), Map.of(), timeout);
        }
    }

    /**
     * The bridge's {@code /mcp}: the user's access token and a session of its own for each closed-loop
     * client; the open loop's calls take the sessions in turn, several at once on one session when
     * they overlap, as MCP allows.
     */
    static final class Bridge extends Side {
        private final URI uri;
        private final List<Map<String, String>> headers;

        Bridge(URI base, String accessToken, List<String> sessions) {
            this.uri = base.resolve("/mcp");
            this.headers = sessions.stream()
                    .map(session -> Map.of(
                            "Authorization", "Bearer " + accessToken,
                            "Mcp-Session-Id", session,
                            "MCP-Protocol-Version", PROTOCOL_VERSION))
                    .toList();
        }

        @Override
        String name() {
            return "bridge";
        }

        @Override
        HttpRequest request(long id, int client, Duration timeout) {
            return Bench.request(uri, toolsCall(id), headers.get(client % headers.size()), timeout);
        }
    }

    // --- figures -----------------------------------------------------------------------------------------------

    /** One client's latencies in microseconds, and its failed calls. */
    static final class Recorder {
        long[] micros = new long[4096];
        int size;
        long errors;

        void add(long value) {
            if (size == micros.length) {
                micros = Arrays.copyOf(micros, size * 2);
            }
            micros[size++] = value;
        }
    }

    /** One closed-loop stretch of one side: every good call's latency, the failures, and the wall-clock time. */
    record Round(long[] micros, long errors, long elapsedNanos, long[] cpuNanos) {
        static Round of(List<Recorder> recorders, long elapsedNanos, long[] cpuNanos) {
            int total = recorders.stream().mapToInt(r -> r.size).sum();
            long[] all = new long[total];
            int at = 0;
            long errors = 0;
            for (Recorder r : recorders) {
                System.arraycopy(r.micros, 0, all, at, r.size);
                at += r.size;
                errors += r.errors;
            }
            return new Round(all, errors, elapsedNanos, cpuNanos);
        }

        double throughput() {
            return micros.length / (elapsedNanos / 1e9);
        }
    }

    /** Nearest rank: the smallest value with at least {@code p} percent of the values at or below it. */
    static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[rank(sorted.length, p) - 1];
    }

    /** The 1-based nearest rank of percentile {@code p} among {@code n} values (at least 1). */
    static int rank(long n, double p) {
        // The small allowance keeps 99.9 % of 1,000 at rank 999 despite binary fractions.
        return (int) Math.max(1, Math.ceil(p / 100.0 * n - 1e-9));
    }

    /** Figures that know each process's CPU time per good call. */
    interface CpuPerCall {
        /** Milliseconds of CPU that process {@code index} of the {@link CpuMeter} spent per good call, or -1. */
        double cpuMillisPerCall(int index);

        /**
         * What the hop of {@code side} spent per good call: the bridge's JVM with its embedded
         * PostgreSQL (the request log is part of its work), or the bare proxy's JVM; -1 for direct
         * or when a process could not be read.
         */
        default double hopMillisPerCall(String side) {
            return switch (side) {
                case "bridge" -> {
                    double bridge = cpuMillisPerCall(CpuMeter.BRIDGE);
                    double postgres = cpuMillisPerCall(CpuMeter.POSTGRES);
                    yield bridge < 0 || postgres < 0 ? -1 : bridge + postgres;
                }
                case "proxy" -> cpuMillisPerCall(CpuMeter.PROXY);
                default -> -1;
            };
        }

        static double perCall(long[] cpuNanos, int index, long calls) {
            return calls == 0 || cpuNanos[index] < 0 ? -1 : cpuNanos[index] / 1e6 / calls;
        }
    }

    /** A side's closed-loop figures at one level: calls per second over the measured time, and latency percentiles. */
    record Stats(
            long calls, long errors, double seconds, long p50Micros, long p99Micros, long maxMicros, long[] cpuNanos)
            implements CpuPerCall {

        static Stats of(long[] micros) {
            return of(micros, 0, 0, new long[0]);
        }

        static Stats of(long[] micros, long errors, long elapsedNanos, long[] cpuNanos) {
            long[] sorted = micros.clone();
            Arrays.sort(sorted);
            return new Stats(
                    sorted.length,
                    errors,
                    elapsedNanos / 1e9,
                    percentile(sorted, 50),
                    percentile(sorted, 99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1],
                    cpuNanos);
        }

        static Stats merge(List<Round> rounds) {
            long[] all = rounds.stream()
                    .flatMapToLong(r -> Arrays.stream(r.micros()))
                    .toArray();
            long errors = rounds.stream().mapToLong(Round::errors).sum();
            long elapsed = rounds.stream().mapToLong(Round::elapsedNanos).sum();
            return of(
                    all,
                    errors,
                    elapsed,
                    sum(rounds.stream().map(Round::cpuNanos).toList()));
        }

        double throughput() {
            return seconds == 0 ? 0 : calls / seconds;
        }

        double p50Millis() {
            return p50Micros / 1000.0;
        }

        double p99Millis() {
            return p99Micros / 1000.0;
        }

        @Override
        public double cpuMillisPerCall(int index) {
            return CpuPerCall.perCall(cpuNanos, index, calls);
        }
    }

    /** Adds the CPU figures of several rounds, process by process; unknown (-1) if unknown in any. */
    static long[] sum(List<long[]> cpuNanos) {
        long[] total = new long[CpuMeter.NAMES.size()];
        for (long[] round : cpuNanos) {
            for (int i = 0; i < total.length; i++) {
                total[i] = total[i] < 0 || round[i] < 0 ? -1 : total[i] + round[i];
            }
        }
        return total;
    }

    /**
     * One open-loop round of one side, lead-in left out: the good calls' latencies from their due
     * times, the calls not sent (the cap on outstanding calls) and those that failed, how late the
     * sender was for each call, and the CPU of the whole round with the good calls it bought.
     */
    record OpenRound(long[] micros, long unsent, long failed, long[] lagMicros, long goodInAll, long[] cpuNanos) {}

    /**
     * A side's open-loop figures at one rate. A call not sent or failed counts as slower than any
     * answer: a percentile that lands on one is infinite, so a stall or a give-up cannot make the
     * figures look better.
     */
    record OpenStats(long[] sorted, long unsent, long failed, long[] lagSorted, long goodInAll, long[] cpuNanos)
            implements CpuPerCall {

        static OpenStats merge(List<OpenRound> rounds) {
            long[] all = rounds.stream()
                    .flatMapToLong(r -> Arrays.stream(r.micros()))
                    .sorted()
                    .toArray();
            long[] lag = rounds.stream()
                    .flatMapToLong(r -> Arrays.stream(r.lagMicros()))
                    .sorted()
                    .toArray();
            return new OpenStats(
                    all,
                    rounds.stream().mapToLong(OpenRound::unsent).sum(),
                    rounds.stream().mapToLong(OpenRound::failed).sum(),
                    lag,
                    rounds.stream().mapToLong(OpenRound::goodInAll).sum(),
                    sum(rounds.stream().map(OpenRound::cpuNanos).toList()));
        }

        long lost() {
            return unsent + failed;
        }

        long calls() {
            return sorted.length;
        }

        /** Percentile {@code p} in milliseconds over every call due, the lost ones counted as infinitely slow. */
        double millis(double p) {
            long due = sorted.length + lost();
            if (due == 0) {
                return Double.NaN;
            }
            int rank = rank(due, p);
            return rank > sorted.length ? Double.POSITIVE_INFINITY : sorted[rank - 1] / 1000.0;
        }

        double maxMillis() {
            return lost() > 0
                    ? Double.POSITIVE_INFINITY
                    : sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1000.0;
        }

        /** How late the sender sent its calls: the generator's own share of every latency. */
        double lagMillis(double p) {
            return lagSorted.length == 0 ? Double.NaN : percentile(lagSorted, p) / 1000.0;
        }

        boolean withinCapacityLimit() {
            return millis(99) <= CAPACITY_P99_MS;
        }

        /** CPU per good call over the whole rounds, lead-ins included. */
        @Override
        public double cpuMillisPerCall(int index) {
            return CpuPerCall.perCall(cpuNanos, index, goodInAll);
        }
    }

    /**
     * CPU time of the processes on the machine's cores, read from {@code /proc}: the load generator
     * itself, and (when their pids are given) the bridge, the bare proxy, the simulator and the
     * embedded PostgreSQL with its backends. A process that cannot be read counts -1, and the figure is left out.
     */
    static final class CpuMeter {
        static final List<String> NAMES = List.of("generator", "bridge", "proxy", "simulator", "postgres");
        static final int BRIDGE = 1;
        static final int PROXY = 2;
        static final int POSTGRES = 4;

        private final Map<String, Long> pids;
        private final long nanosPerTick;

        CpuMeter(Map<String, Long> pids, long clockTicks) {
            this.pids = pids;
            this.nanosPerTick = 1_000_000_000L / clockTicks;
        }

        long[] snapshot() {
            long[] now = new long[NAMES.size()];
            now[0] = ticks(ProcessHandle.current().pid(), false);
            for (int i = 1; i < NAMES.size(); i++) {
                Long pid = pids.get(NAMES.get(i));
                now[i] = pid == null ? -1 : ticks(pid, NAMES.get(i).equals("postgres"));
            }
            return now;
        }

        long[] since(long[] before) {
            long[] now = snapshot();
            long[] spent = new long[now.length];
            for (int i = 0; i < now.length; i++) {
                spent[i] = now[i] < 0 || before[i] < 0 ? -1 : (now[i] - before[i]) * nanosPerTick;
            }
            return spent;
        }

        /** User and system ticks of {@code pid}, and of its children when asked (PostgreSQL's backends). */
        private static long ticks(long pid, boolean withChildren) {
            long own = ticksOf(pid);
            if (own < 0 || !withChildren) {
                return own;
            }
            return own
                    + ProcessHandle.of(pid).stream()
                            .flatMap(ProcessHandle::children)
                            .mapToLong(child -> Math.max(0, ticksOf(child.pid())))
                            .sum();
        }

        private static long ticksOf(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // Fields after the command name, which may itself hold spaces and parentheses.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    /** One closed-loop level: the three sides' figures, and the bridge against the bare proxy. */
    record Level(int clients, Stats direct, Stats proxy, Stats bridge) {
        double throughputVersusProxy() {
            return proxy.throughput() == 0 ? Double.NaN : bridge.throughput() / proxy.throughput();
        }

        /** The bridge's own CPU per call over the bare proxy's ({@link CpuPerCall#hopMillisPerCall}); NaN: unknown. */
        double cpuVersusProxy() {
            double ours = bridge.hopMillisPerCall("bridge");
            double yardstick = proxy.hopMillisPerCall("proxy");
            return ours < 0 || yardstick <= 0 ? Double.NaN : ours / yardstick;
        }
    }

    /** One open-loop rate: the three sides' figures. */
    record Rate(int rate, OpenStats direct, OpenStats proxy, OpenStats bridge) {
        Added added(OpenStats side) {
            return new Added(side, direct);
        }
    }

    /** A side in front of the simulator against direct at the same rate: what it adds at each percentile. */
    record Added(OpenStats side, OpenStats direct) {
        /** NaN when direct's own percentile is unknown or infinite: nothing to add to. */
        double at(double p) {
            double base = direct.millis(p);
            return Double.isNaN(base) || Double.isInfinite(base) ? Double.NaN : side.millis(p) - base;
        }

        boolean p50Met() {
            return at(50) <= TARGET_ADDED_P50_MS;
        }

        boolean p99Met() {
            return at(99) <= TARGET_ADDED_P99_MS;
        }
    }

    /** One rate of the capacity search; a side that has dropped out is null. */
    record SearchStep(int rate, OpenStats proxy, OpenStats bridge) {}

    enum Verdict {
        MET("met"),
        MISSED("**MISSED**"),
        REPORTED("reported, no target"),
        NOT_MEASURED("not measured");

        final String text;

        Verdict(String text) {
            this.text = text;
        }

        static Verdict of(boolean met) {
            return met ? MET : MISSED;
        }
    }

    /** One row of the targets table. */
    record Check(String what, String target, String figures, Verdict verdict) {}

    /** Everything measured in a run, and what it means for the targets. */
    record Results(List<Level> levels, List<Rate> rates, List<SearchStep> search) {

        Optional<Level> level(int clients) {
            return levels.stream().filter(level -> level.clients() == clients).findFirst();
        }

        /** Every rate at which a side was measured, the open-loop rates and the search's, lowest first. */
        SortedMap<Integer, OpenStats> byRate(
                Function<Rate, OpenStats> atRate, Function<SearchStep, OpenStats> inSearch) {
            var all = new TreeMap<Integer, OpenStats>();
            rates.forEach(rate -> all.put(rate.rate(), atRate.apply(rate)));
            search.stream()
                    .filter(step -> inSearch.apply(step) != null)
                    .forEach(step -> all.put(step.rate(), inSearch.apply(step)));
            return all;
        }

        SortedMap<Integer, OpenStats> bridgeByRate() {
            return byRate(Rate::bridge, SearchStep::bridge);
        }

        SortedMap<Integer, OpenStats> proxyByRate() {
            return byRate(Rate::proxy, SearchStep::proxy);
        }

        /** The highest rate up to which a side kept its p99 within the limit, from the lowest to its first miss. */
        static String highest(SortedMap<Integer, OpenStats> byRate) {
            Integer highest = null;
            for (var entry : byRate.entrySet()) {
                double p99 = entry.getValue().millis(99);
                if (p99 > CAPACITY_P99_MS || Double.isNaN(p99)) {
                    String miss = "p99 " + ms(p99) + " ms at " + entry.getKey();
                    return highest == null
                            ? "below " + entry.getKey() + " calls/s (" + miss + ")"
                            : highest + " calls/s (p99 "
                                    + ms(byRate.get(highest).millis(99)) + " ms; " + miss + ")";
                }
                highest = entry.getKey();
            }
            return highest == null
                    ? "not measured"
                    : "at least " + highest + " calls/s, the highest rate tried (p99 "
                            + ms(byRate.get(highest).millis(99)) + " ms)";
        }

        List<Check> checks() {
            var checks = new ArrayList<Check>();
            for (int clients : JUDGED_LEVELS) {
                String what = "throughput, bridge ÷ bare proxy, " + clients + " clients (closed loop)";
                String target = String.format(Locale.ROOT, "at least %.2f", TARGET_THROUGHPUT_VERSUS_PROXY);
                checks.add(level(clients)
                        .map(level -> new Check(
                                what,
                                target,
                                String.format(
                                        Locale.ROOT,
                                        "%.2f (%.0f ÷ %.0f calls/s)",
                                        level.throughputVersusProxy(),
                                        level.bridge().throughput(),
                                        level.proxy().throughput()),
                                Verdict.of(level.throughputVersusProxy() >= TARGET_THROUGHPUT_VERSUS_PROXY)))
                        .orElse(new Check(what, target, "", Verdict.NOT_MEASURED)));
            }
            for (int clients : JUDGED_LEVELS) {
                String what = "CPU per call, bridge ÷ bare proxy, " + clients + " clients (closed loop)";
                String target = String.format(Locale.ROOT, "at most %.1f", TARGET_CPU_VERSUS_PROXY);
                checks.add(level(clients)
                        .filter(level -> !Double.isNaN(level.cpuVersusProxy()))
                        .map(level -> new Check(
                                what,
                                target,
                                String.format(
                                        Locale.ROOT,
                                        "%.2f (%.3f ÷ %.3f ms)",
                                        level.cpuVersusProxy(),
                                        level.bridge().hopMillisPerCall("bridge"),
                                        level.proxy().hopMillisPerCall("proxy")),
                                Verdict.of(level.cpuVersusProxy() <= TARGET_CPU_VERSUS_PROXY)))
                        .orElse(new Check(what, target, "", Verdict.NOT_MEASURED)));
            }
            for (Rate rate : rates) {
                Added bridge = rate.added(rate.bridge());
                Added proxy = rate.added(rate.proxy());
                checks.add(new Check(
                        "added p50 vs direct, " + rate.rate() + " calls/s (open loop)",
                        "at most " + TARGET_ADDED_P50_MS + " ms",
                        addedFigures(rate, bridge, proxy, 50),
                        Verdict.of(bridge.p50Met())));
                checks.add(new Check(
                        "added p99 vs direct, " + rate.rate() + " calls/s (open loop)",
                        "at most " + TARGET_ADDED_P99_MS + " ms",
                        addedFigures(rate, bridge, proxy, 99),
                        Verdict.of(bridge.p99Met())));
            }
            if (!rates.isEmpty()) {
                checks.add(new Check(
                        "p99.9 at " + joined(rates, rate -> String.valueOf(rate.rate())) + " calls/s (open loop)",
                        "",
                        "bridge " + joined(rates, rate -> ms(rate.bridge().millis(99.9))) + " ms; bare proxy "
                                + joined(rates, rate -> ms(rate.proxy().millis(99.9))) + " ms; direct "
                                + joined(rates, rate -> ms(rate.direct().millis(99.9))) + " ms",
                        Verdict.REPORTED));
            }
            String what = "highest rate with the bridge's p99 within " + CAPACITY_P99_MS + " ms (open loop)";
            checks.add(
                    bridgeByRate().isEmpty()
                            ? new Check(what, "", "", Verdict.NOT_MEASURED)
                            : new Check(
                                    what,
                                    "",
                                    highest(bridgeByRate()) + "; bare proxy " + highest(proxyByRate()),
                                    Verdict.REPORTED));
            return checks;
        }

        private static String addedFigures(Rate rate, Added bridge, Added proxy, double p) {
            return ms(bridge.at(p)) + " ms (" + ms(rate.bridge().millis(p)) + " − "
                    + ms(rate.direct().millis(p)) + "); bare proxy " + ms(proxy.at(p)) + " ms";
        }

        private static String joined(List<Rate> rates, Function<Rate, String> figure) {
            return rates.stream().map(figure).collect(Collectors.joining(" / "));
        }

        /** The rounds in which the cap on outstanding calls refused to send some, as "side at rate (count)". */
        List<String> capHits() {
            var hits = new ArrayList<String>();
            for (var side : List.of(
                    Map.entry("direct", byRate(Rate::direct, step -> null)),
                    Map.entry("proxy", proxyByRate()),
                    Map.entry("bridge", bridgeByRate()))) {
                side.getValue().forEach((rate, stats) -> {
                    if (stats.unsent() > 0) {
                        hits.add(side.getKey() + " at " + rate + " calls/s (" + stats.unsent() + " not sent)");
                    }
                });
            }
            return hits;
        }
    }

    /** The first failures, kept for the report, and how many there were in all. */
    static final class ErrorLog {
        private final AtomicLong total = new AtomicLong();
        private final List<String> samples = new ArrayList<>();

        void add(String problem) {
            total.incrementAndGet();
            synchronized (samples) {
                if (samples.size() < 10) {
                    samples.add(problem);
                }
            }
        }

        long total() {
            return total.get();
        }

        List<String> samples() {
            synchronized (samples) {
                return List.copyOf(samples);
            }
        }
    }

    /** A few of the bridge's own counters, from {@code /actuator/prometheus}: evidence of what ran on each call. */
    record BridgeMetrics(Map<String, Double> values) {

        static final List<String> NAMES = List.of(
                "bridge_request_log_written_total",
                "bridge_request_log_dropped_total",
                "bridge_rate_limit_refused_total",
                "bridge_queue_refused_total",
                "bridge_queue_timeouts_total",
                "bridge_queue_wait_seconds_count",
                "bridge_queue_wait_seconds_sum",
                "bridge_queue_wait_seconds_max");

        static BridgeMetrics scrape(HttpClient http, URI bridge) {
            var values = new LinkedHashMap<String, Double>();
            try {
                var answer = http.send(
                        HttpRequest.newBuilder(bridge.resolve("/actuator/prometheus"))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                for (String name : NAMES) {
                    boolean max = name.endsWith("_max");
                    double value = 0;
                    boolean seen = false;
                    for (String line : answer.body().split("\n")) {
                        if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                            double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                            value = max ? Math.max(value, v) : value + v;
                            seen = true;
                        }
                    }
                    if (seen) {
                        values.put(name, value);
                    }
                }
            } catch (IOException | InterruptedException | NumberFormatException e) {
                values.clear();
            }
            return new BridgeMetrics(values);
        }

        String meanMillis(String sum, String count) {
            Double total = values.get(sum);
            Double n = values.get(count);
            return total == null || n == null || n == 0
                    ? "not reported"
                    : String.format(Locale.ROOT, "%.2f ms", total * 1000 / n);
        }

        String describe(String name, String format) {
            Double value = values.get(name);
            return value == null ? "not reported" : String.format(Locale.ROOT, format, value);
        }
    }

    /**
     * The figures of a run, for the console and for {@code docs/performance.md}: the section between
     * {@link #BEGIN} and {@link #END}, or for a pinned run, which is reported with no targets, the
     * one between {@link #PINNED_BEGIN} and {@link #PINNED_END}.
     */
    record Report(
            Options options,
            String cpuModel,
            String warmUps,
            Results results,
            ErrorLog errors,
            String loadBefore,
            String loadAfter,
            long simulatorToolCalls,
            Map<String, Long> good,
            BridgeMetrics metrics) {

        boolean judged() {
            return options.pinning() == null;
        }

        String console() {
            return "CPU model: " + cpuModel + "; load average before / after: " + loadBefore + " / " + loadAfter
                    + "\n\n" + body() + "\n" + crossChecks();
        }

        /** The tables: targets first, then the closed loop, the open loop and the capacity search. */
        String body() {
            var md = new StringBuilder();
            md.append(targets());
            if (!results.levels().isEmpty()) {
                md.append("### Throughput (closed loop)\n\n");
                md.append(closedLoopTable()).append("\n");
                md.append(cpuTable());
            }
            if (!results.rates().isEmpty()) {
                md.append("### Latency at a fixed arrival rate (open loop)\n\n");
                md.append("Each latency runs from the call's due time, not from when it was sent; a call not sent or"
                        + " failed counts as slower than any answer (∞ where a percentile lands on one). Sender lag is"
                        + " how late the generator itself sent its calls, a share of every latency on every side."
                        + " Hop CPU is per good call over the whole rounds, idle time included.\n\n");
                md.append(openLoopTable()).append("\n");
            }
            if (!results.bridgeByRate().isEmpty()) {
                md.append("### Highest rate with p99 within ")
                        .append(CAPACITY_P99_MS)
                        .append(" ms\n\n");
                md.append(capacityTable()).append("\n");
            }
            return md.toString();
        }

        private String targets() {
            var md = new StringBuilder();
            List<Check> checks = results.checks();
            if (judged()) {
                md.append("### Targets\n\n");
                md.append("| | target | measured | |\n|---|---|---|---|\n");
                for (Check check : checks) {
                    md.append("| ")
                            .append(check.what())
                            .append(" | ")
                            .append(check.target())
                            .append(" | ")
                            .append(check.figures())
                            .append(" | ")
                            .append(check.verdict().text)
                            .append(" |\n");
                }
                long judgedChecks = checks.stream()
                        .filter(check -> check.verdict() == Verdict.MET || check.verdict() == Verdict.MISSED)
                        .count();
                long met = checks.stream()
                        .filter(check -> check.verdict() == Verdict.MET)
                        .count();
                long unmeasured = checks.stream()
                        .filter(check -> check.verdict() == Verdict.NOT_MEASURED)
                        .count();
                md.append("\n")
                        .append(
                                met == judgedChecks
                                        ? "**The bridge meets every target measured** (" + met + " of " + judgedChecks
                                                + ")"
                                        : "**The bridge meets " + met + " of " + judgedChecks + " targets measured**")
                        .append(unmeasured == 0 ? "." : "; " + unmeasured + " not measured in this run.")
                        .append("\n\n");
            } else {
                md.append("### Figures (pinned view: no targets)\n\n");
                md.append("| | measured |\n|---|---|\n");
                for (Check check : checks) {
                    md.append("| ")
                            .append(check.what())
                            .append(" | ")
                            .append(check.verdict() == Verdict.NOT_MEASURED ? "not measured" : check.figures())
                            .append(" |\n");
                }
                md.append("\n");
            }
            List<String> hits = results.capHits();
            if (!hits.isEmpty()) {
                md.append("**The cap of ")
                        .append(options.openMaxOutstanding())
                        .append(" outstanding calls was hit**: ")
                        .append(String.join(", ", hits))
                        .append(". Those calls count as slower than any answer.\n\n");
            }
            return md.toString();
        }

        private String closedLoopTable() {
            var md = new StringBuilder();
            md.append("| clients | side | calls/s | / direct | / bare proxy | p50 / p99 (ms) | hop CPU per call (ms)"
                    + " |\n");
            md.append("|---:|---|---:|---:|---:|---:|---:|\n");
            for (Level level : results.levels()) {
                for (var side : List.of(
                        Map.entry("direct", level.direct()),
                        Map.entry("proxy", level.proxy()),
                        Map.entry("bridge", level.bridge()))) {
                    Stats stats = side.getValue();
                    boolean direct = side.getKey().equals("direct");
                    md.append(String.format(
                            Locale.ROOT,
                            "| %d | %s | %.0f | %s | %s | %s / %s | %s |%n",
                            level.clients(),
                            label(side.getKey()),
                            stats.throughput(),
                            direct
                                    ? ""
                                    : ratio(stats.throughput() / level.direct().throughput()),
                            side.getKey().equals("bridge") ? ratio(level.throughputVersusProxy()) : "",
                            ms(stats.p50Millis()),
                            ms(stats.p99Millis()),
                            direct ? "" : cpuMs(stats.hopMillisPerCall(side.getKey()))));
                }
            }
            return md.toString();
        }

        private String openLoopTable() {
            var md = new StringBuilder();
            md.append("| calls/s | side | calls | p50 / p99 / p99.9 (ms) | max (ms) | added p50 / p99 / p99.9 (ms) "
                    + "| not sent / failed | hop CPU per call (ms) | sender lag p50 / p99 (ms) |"
                    + (judged() ? " targets |" : "") + "\n");
            md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|" + (judged() ? "---|" : "") + "\n");
            for (Rate rate : results.rates()) {
                for (var side : List.of(
                        Map.entry("direct", rate.direct()),
                        Map.entry("proxy", rate.proxy()),
                        Map.entry("bridge", rate.bridge()))) {
                    OpenStats stats = side.getValue();
                    boolean direct = side.getKey().equals("direct");
                    Added added = rate.added(stats);
                    md.append(String.format(
                            Locale.ROOT,
                            "| %d | %s | %d | %s | %s | %s | %d / %d | %s | %s / %s |%s%n",
                            rate.rate(),
                            label(side.getKey()),
                            stats.calls(),
                            percentiles(stats),
                            ms(stats.maxMillis()),
                            direct ? "" : ms(added.at(50)) + " / " + ms(added.at(99)) + " / " + ms(added.at(99.9)),
                            stats.unsent(),
                            stats.failed(),
                            direct ? "" : cpuMs(stats.hopMillisPerCall(side.getKey())),
                            ms(stats.lagMillis(50)),
                            ms(stats.lagMillis(99)),
                            !judged()
                                    ? ""
                                    : direct
                                            ? " |"
                                            : " p50 " + met(added.p50Met()) + ", p99 " + met(added.p99Met()) + " |"));
                }
            }
            return md.toString();
        }

        private String capacityTable() {
            var md = new StringBuilder();
            var searched = results.search().stream().map(SearchStep::rate).toList();
            md.append("| calls/s | side | calls | p50 / p99 / p99.9 (ms) | not sent / failed | p99 within "
                    + CAPACITY_P99_MS + " ms |\n");
            md.append("|---:|---|---:|---:|---:|---|\n");
            var bridge = results.bridgeByRate();
            var proxy = results.proxyByRate();
            var rates = new TreeMap<Integer, Boolean>();
            bridge.keySet().forEach(rate -> rates.put(rate, searched.contains(rate)));
            proxy.keySet().forEach(rate -> rates.put(rate, searched.contains(rate)));
            rates.forEach((rate, search) -> {
                for (var side : List.of(Map.entry("proxy", proxy), Map.entry("bridge", bridge))) {
                    OpenStats stats = side.getValue().get(rate);
                    if (stats != null) {
                        md.append(String.format(
                                Locale.ROOT,
                                "| %d%s | %s | %d | %s | %d / %d | %s |%n",
                                rate,
                                search ? " (search)" : "",
                                label(side.getKey()),
                                stats.calls(),
                                percentiles(stats),
                                stats.unsent(),
                                stats.failed(),
                                stats.withinCapacityLimit() ? "yes" : "**no**"));
                    }
                }
            });
            md.append("\nHighest rate up to which p99 stayed within ")
                    .append(CAPACITY_P99_MS)
                    .append(" ms, from the lowest rate to the first miss: **bridge ")
                    .append(Results.highest(bridge))
                    .append("**; bare proxy ")
                    .append(Results.highest(proxy))
                    .append(".\n");
            return md.toString();
        }

        private static String percentiles(OpenStats stats) {
            return ms(stats.millis(50)) + " / " + ms(stats.millis(99)) + " / " + ms(stats.millis(99.9));
        }

        private static String label(String side) {
            return switch (side) {
                case "proxy" -> "bare proxy";
                case "bridge" -> "**bridge**";
                default -> side;
            };
        }

        private static String met(boolean met) {
            return met ? "met" : "MISSED";
        }

        private static String ratio(double ratio) {
            return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio);
        }

        private static String cpuMs(double millis) {
            return millis < 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", millis);
        }

        /**
         * CPU time per good call of every process involved, and the throughput those figures allow on
         * this machine's CPUs: where the time goes, independent of how the scheduler interleaved it.
         */
        String cpuTable() {
            var md = new StringBuilder();
            md.append("CPU time per good call (ms), from `/proc` during the measured rounds; each side's row also"
                    + " counts what the other processes spent meanwhile (the bridge, the proxy and PostgreSQL idle"
                    + " when they are not the side measured). The hop CPU above is the bridge's JVM with"
                    + " PostgreSQL, or the proxy's JVM:\n\n");
            md.append("| clients | side | load generator | bridge | proxy | simulator | PostgreSQL | total "
                    + "| calls/s the CPUs allow (CPUs / total) |\n");
            md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
            int cpus = Runtime.getRuntime().availableProcessors();
            for (Level level : results.levels()) {
                for (var side : List.of(
                        Map.entry("direct", level.direct()),
                        Map.entry("proxy", level.proxy()),
                        Map.entry("bridge", level.bridge()))) {
                    Stats stats = side.getValue();
                    md.append("| ").append(level.clients()).append(" | ").append(side.getKey());
                    double total = 0;
                    boolean complete = true;
                    for (int i = 0; i < CpuMeter.NAMES.size(); i++) {
                        double value = stats.cpuMillisPerCall(i);
                        md.append(" | ").append(cpuMs(value));
                        total += Math.max(0, value);
                        complete &= value >= 0;
                    }
                    md.append(String.format(
                            Locale.ROOT,
                            " | %.3f | %s |%n",
                            total,
                            complete && total > 0 ? String.format(Locale.ROOT, "%.0f", cpus * 1000 / total) : "n/a"));
                }
            }
            return md.append("\n").toString();
        }

        private String callsMeasured() {
            var parts = new ArrayList<String>();
            results.levels()
                    .forEach(level -> parts.add(
                            level.clients() + " clients: " + level.direct().calls() + " direct + "
                                    + level.proxy().calls() + " proxy + "
                                    + level.bridge().calls() + " bridge"));
            results.rates()
                    .forEach(rate -> parts.add(rate.rate() + " calls/s: "
                            + rate.direct().calls() + " direct + "
                            + rate.proxy().calls() + " proxy + " + rate.bridge().calls() + " bridge"));
            results.search()
                    .forEach(step -> parts.add(step.rate() + " calls/s (search): "
                            + (step.proxy() == null ? 0 : step.proxy().calls()) + " proxy + "
                            + (step.bridge() == null ? 0 : step.bridge().calls()) + " bridge"));
            return parts.isEmpty() ? "none" : String.join(", ", parts);
        }

        private String crossChecks() {
            var md = new StringBuilder();
            if (errors.total() == 0) {
                md.append("No errors: every call answered 200 with a JSON-RPC result that was not `isError`. ");
            } else {
                md.append("**")
                        .append(errors.total())
                        .append(" CALLS FAILED** (left out of the figures; find out why before trusting them)."
                                + " First: `")
                        .append(errors.samples().getFirst().replace('`', '\''))
                        .append("`. ");
            }
            md.append("Calls measured: ").append(callsMeasured()).append(".\n\n");
            long goodCalls = good.values().stream().mapToLong(Long::longValue).sum();
            md.append("Cross-checks: the simulator counted ")
                    .append(simulatorToolCalls)
                    .append(" `tools/call` during the run, against ")
                    .append(goodCalls)
                    .append(" good answers (")
                    .append(good.getOrDefault("direct", 0L))
                    .append(" direct, ")
                    .append(good.getOrDefault("proxy", 0L))
                    .append(" through the proxy, ")
                    .append(good.getOrDefault("bridge", 0L))
                    .append(" through the bridge, warm-up and lead-ins included)")
                    .append(
                            simulatorToolCalls == goodCalls
                                    ? ": every proxied and bridged call reached the simulator. "
                                    : ": **they differ**, so some calls were not what they seem. ")
                    .append("Bridge counters: request log rows written ")
                    .append(metrics.describe("bridge_request_log_written_total", "%.0f"))
                    .append(", dropped ")
                    .append(metrics.describe("bridge_request_log_dropped_total", "%.0f"))
                    .append("; rate-limit refusals ")
                    .append(metrics.describe("bridge_rate_limit_refused_total", "%.0f"))
                    .append("; queue refusals ")
                    .append(metrics.describe("bridge_queue_refused_total", "%.0f"))
                    .append(", timeouts ")
                    .append(metrics.describe("bridge_queue_timeouts_total", "%.0f"))
                    .append("; calls through the queue ")
                    .append(metrics.describe("bridge_queue_wait_seconds_count", "%.0f"))
                    .append(", mean wait in it ")
                    .append(metrics.meanMillis("bridge_queue_wait_seconds_sum", "bridge_queue_wait_seconds_count"))
                    .append(".\n");
            return md.toString();
        }

        String markdown() {
            var md = new StringBuilder();
            String when =
                    ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
            md.append(judged() ? BEGIN : PINNED_BEGIN).append("\n");
            md.append("<!-- Written by bench/run; edit outside the markers, or run bench/run again. -->\n\n");
            md.append(judged() ? "## Latest run\n\n" : "## Latest pinned run\n\n");
            md.append("Run ")
                    .append(when)
                    .append(", jars built from commit `")
                    .append(options.commit())
                    .append("`, command `bench/run");
            if (!judged()) {
                md.append(" --pinned");
            }
            if (!options.given().isEmpty()) {
                md.append(' ').append(String.join(" ", options.given()));
            }
            md.append("`.\n\n");
            md.append("| | |\n|---|---|\n");
            md.append("| CPUs (`nproc`) | ").append(options.nproc()).append(" |\n");
            md.append("| CPU model | ").append(cpuModel).append(" |\n");
            md.append("| memory (`free -h`) | ").append(options.memory()).append(" |\n");
            md.append("| JDK (bridge, proxy, simulator and load generator) | ")
                    .append(System.getProperty("java.vm.vendor"))
                    .append(' ')
                    .append(System.getProperty("java.runtime.version"))
                    .append(" |\n");
            md.append("| load average (1, 5, 15 min) before / after (after includes the run itself) | ")
                    .append(loadBefore)
                    .append(" / ")
                    .append(loadAfter)
                    .append(busy(loadBefore) ? " (**busy before the run: other work shared the CPUs**)" : "")
                    .append(" |\n");
            if (!judged()) {
                md.append("| pinned | ").append(options.pinning()).append(" |\n");
            }
            md.append("| JIT warm-up | each side ")
                    .append(options.jitWarmup().toSeconds())
                    .append(" s at 16 clients (closed loop) before anything is measured; its last 5 s steps, in"
                            + " calls/s: ")
                    .append(warmUps)
                    .append(" |\n");
            md.append("| closed loop, per level and side | ")
                    .append(
                            options.levels().isEmpty()
                                    ? "none (`--levels none`)"
                                    : options.warmup().toSeconds() + " s warm-up, then " + rounds(options.rounds())
                                            + " of "
                                            + options.measured()
                                                            .dividedBy(options.rounds())
                                                            .toMillis()
                                                    / 1000.0
                                            + " s (at most " + options.maxCalls() / options.rounds()
                                            + " calls each), sides alternating")
                    .append(" |\n");
            md.append("| open loop, per rate and side | ")
                    .append(
                            options.rates().isEmpty()
                                    ? "none (`--rates none`)"
                                    : rounds(options.openRounds()) + " of "
                                            + options.openMeasured()
                                                            .dividedBy(options.openRounds())
                                                            .toMillis()
                                                    / 1000.0
                                            + " s, each after a lead-in of "
                                            + options.openLeadIn().toMillis() / 1000.0
                                            + " s at the same rate, not counted; sides alternating; call i due at t0 +"
                                            + " i / rate, latency from its due time to its answer; JDK HttpClient"
                                            + " sendAsync, at most "
                                            + options.openConnections()
                                            + " calls in flight (kept-alive connections), at most "
                                            + options.openMaxOutstanding()
                                            + " waiting or in flight (more are not sent, and"
                                            + " count as lost); a call times out after " + OPEN_CALL_TIMEOUT.toSeconds()
                                            + " s."
                                            + " Before the first rate, each side ran "
                                            + options.openWarmup().toSeconds()
                                            + " s at the highest rate, not measured")
                    .append(" |\n");
            md.append("| capacity search | ")
                    .append(
                            options.searchRates().isEmpty()
                                    ? "none (`--search-rates none`)"
                                    : "one round of " + options.searchMeasured().toMillis() / 1000.0
                                            + " s (after the lead-in) for the bridge and for the bare proxy at each of "
                                            + options.searchRates().stream()
                                                    .map(String::valueOf)
                                                    .collect(Collectors.joining(", "))
                                            + " calls/s above the open-loop rates, each side until its p99 exceeds "
                                            + CAPACITY_P99_MS + " ms")
                    .append(" |\n");
            md.append("| bridge settings | ").append(options.bridgeSettings()).append(" |\n");
            md.append("| bare proxy | ").append(options.proxySettings()).append(" |\n\n");
            md.append(body());
            md.append(crossChecks());
            md.append(judged() ? END : PINNED_END);
            return md.toString();
        }

        /** Replaces the section between the markers, keeping everything else; creates the file if need be. */
        void writeInto(Path docs) throws IOException {
            String begin = judged() ? BEGIN : PINNED_BEGIN;
            String end = judged() ? END : PINNED_END;
            String section = markdown();
            String text;
            if (Files.exists(docs)) {
                String old = Files.readString(docs, StandardCharsets.UTF_8);
                int from = old.indexOf(begin);
                int to = old.indexOf(end);
                text = from >= 0 && to > from
                        ? old.substring(0, from) + section + old.substring(to + end.length())
                        : old + "\n" + section + "\n";
            } else {
                text = "# Performance\n\nMeasured by `bench/run`.\n\n" + section + "\n";
            }
            Files.writeString(docs, text, StandardCharsets.UTF_8);
        }
    }

    private static String rounds(int count) {
        return count == 1 ? "1 round" : count + " rounds";
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        return Double.isInfinite(millis) ? (millis > 0 ? "∞" : "-∞") : String.format(Locale.ROOT, "%.3f", millis);
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    /** Whether the last minute's load average exceeds the CPUs: other work is competing with the benchmark. */
    static boolean busy(String loadAverage) {
        try {
            return Double.parseDouble(loadAverage.split(",")[0])
                    > Runtime.getRuntime().availableProcessors();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** The command line; the values {@code bench/run} passes, and the ones a person may change. */
    record Options(
            URI direct,
            String simulatorToken,
            URI proxy,
            URI bridge,
            List<Integer> levels,
            Duration jitWarmup,
            Duration warmup,
            Duration measured,
            int rounds,
            long maxCalls,
            List<Integer> rates,
            Duration openMeasured,
            int openRounds,
            Duration openLeadIn,
            Duration openWarmup,
            List<Integer> searchRates,
            Duration searchMeasured,
            int openConnections,
            int openMaxOutstanding,
            String pinning,
            Path docs,
            String commit,
            String nproc,
            String memory,
            String bridgeSettings,
            String proxySettings,
            Map<String, Long> pids,
            long clockTicks,
            List<String> given) {

        static final String USAGE = """
            Usage: java bench/Bench.java --direct URL --simulator-token T --proxy URL --bridge URL [options]
              --direct URL            the simulator's MCP endpoint, http://127.0.0.1:PORT/api/mcp
              --simulator-token T     its token
              --proxy URL             a bare pass-through proxy to it (bench/NettyProxy.java), http://127.0.0.1:PORT/
              --bridge URL            the bridge's base URL, http://127.0.0.1:PORT
            Options a person may give to bench/run:
              Closed loop (throughput; N clients, each sends, waits for the answer, sends again):
              --levels 1,16,64        concurrent clients, one measured level each ("none": no closed loop)
              --seconds 20            measured time per level and side (split into the rounds)
              --rounds 4              alternating rounds per level (direct, proxy, bridge, bridge, proxy, direct, ...)
              --warmup-seconds 3      warm-up per level and side, not measured
              --jit-warmup-seconds 60 warm-up per side at 16 clients before anything is measured
              --max-calls 400000      most calls measured per level and side
              Open loop (latency; calls due at a fixed rate whatever the answers do, latency from the due time):
              --rates 250,500,1000    calls per second, one measured rate each ("none": no open loop)
              --open-seconds 12       measured time per rate and side (split into the rounds)
              --open-rounds 3         alternating rounds per rate, as for the levels
              --open-lead-in-seconds 1  at the start of every open-loop round, sent at the rate but not counted
              --open-warmup-seconds 5 per side at the highest rate before the first open-loop rate, not measured
              --search-rates 1500,2000,3000,4000
                                      the capacity search: the bridge and the bare proxy, one round each per rate
                                      above --rates, until its p99 exceeds 5 ms ("none": no search)
              --search-seconds 5      measured time per search round
              --open-connections 128  most open-loop calls in flight per side (the client's connections)
              --open-max-outstanding 2000
                                      most open-loop calls waiting or in flight; beyond, a call is not sent (lost)
              --docs PATH             the Markdown file whose results section is replaced
            Passed by bench/run --pinned:
              --pinning TEXT          how the processes were pinned to CPUs; the run is reported with no targets,
                                      in its own section of the docs
            """;

        /** Null for --help. */
        static Options parse(String[] args) {
            var values = new LinkedHashMap<String, String>();
            var given = new ArrayList<String>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    return null;
                }
                if (!arg.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value, got " + arg);
                }
                String value = args[++i];
                values.put(arg.substring(2), value);
                if (PERSONAL.contains(arg.substring(2))) {
                    given.add(arg);
                    given.add(value);
                }
            }
            List<Integer> levels = numbers(values, "levels", "1,16,64", 1, 1024);
            List<Integer> rates = numbers(values, "rates", "250,500,1000", 1, 20_000);
            List<Integer> searchRates = numbers(values, "search-rates", "1500,2000,3000,4000", 1, 20_000);
            if (levels.isEmpty() && rates.isEmpty() && searchRates.isEmpty()) {
                throw new IllegalArgumentException(
                        "--levels, --rates and --search-rates are all none: nothing to measure");
            }
            int rounds = positive(values, "rounds", 4);
            int openRounds = positive(values, "open-rounds", 3);
            var options = new Options(
                    URI.create(required(values, "direct")),
                    required(values, "simulator-token"),
                    URI.create(required(values, "proxy")),
                    URI.create(required(values, "bridge")),
                    levels,
                    Duration.ofSeconds(positive(values, "jit-warmup-seconds", 60)),
                    Duration.ofSeconds(positive(values, "warmup-seconds", 3)),
                    Duration.ofSeconds(positive(values, "seconds", 20)),
                    rounds,
                    positive(values, "max-calls", 400_000),
                    rates,
                    Duration.ofSeconds(positive(values, "open-seconds", 12)),
                    openRounds,
                    Duration.ofSeconds(atLeast(values, "open-lead-in-seconds", 1, 0)),
                    Duration.ofSeconds(positive(values, "open-warmup-seconds", 5)),
                    searchRates,
                    Duration.ofSeconds(positive(values, "search-seconds", 5)),
                    positive(values, "open-connections", 128),
                    positive(values, "open-max-outstanding", 2000),
                    values.get("pinning"),
                    values.containsKey("docs") ? Path.of(values.get("docs")) : null,
                    values.getOrDefault("commit", "unknown"),
                    values.getOrDefault(
                            "nproc", String.valueOf(Runtime.getRuntime().availableProcessors())),
                    values.getOrDefault("memory", "unknown"),
                    values.getOrDefault("bridge-settings", "unknown"),
                    values.getOrDefault("proxy-settings", "unknown"),
                    pids(values),
                    Long.parseLong(values.getOrDefault("clock-ticks", "100")),
                    List.copyOf(given));
            long longest = Stream.of(
                            options.measured(),
                            options.warmup(),
                            options.jitWarmup(),
                            options.openMeasured(),
                            options.openLeadIn(),
                            options.openWarmup(),
                            options.searchMeasured())
                    .mapToLong(Duration::toSeconds)
                    .max()
                    .orElse(0);
            if (longest > 600) {
                throw new IllegalArgumentException("no time option may be more than 600 seconds");
            }
            // Every open-loop round keeps two numbers per call: bound the calls, and so the memory.
            Duration longestRound = Stream.of(
                            options.openMeasured().dividedBy(openRounds),
                            options.searchMeasured(),
                            options.openWarmup())
                    .max(Duration::compareTo)
                    .orElseThrow()
                    .plus(options.openLeadIn());
            int mostRate = Stream.concat(rates.stream(), searchRates.stream())
                    .max(Integer::compare)
                    .orElse(0);
            long mostCalls = callsIn(mostRate, longestRound);
            if (mostCalls > 2_000_000) {
                throw new IllegalArgumentException(
                        "an open-loop round would send more than 2,000,000 calls; lower the rates or the seconds");
            }
            if (options.openMaxOutstanding() < options.openConnections()) {
                throw new IllegalArgumentException("--open-max-outstanding must be at least --open-connections");
            }
            return options;
        }

        /** Roughly how long the load takes, the search at its longest (bench/run adds about a minute to start). */
        Duration estimate() {
            int sides = 3;
            Duration closed = warmup.plus(measured).multipliedBy((long) sides * levels.size());
            Duration open =
                    openLeadIn.multipliedBy(openRounds).plus(openMeasured).multipliedBy((long) sides * rates.size());
            int above = rates.stream().max(Integer::compare).orElse(0);
            long steps = searchRates.stream().filter(rate -> rate > above).count();
            Duration search = openLeadIn.plus(searchMeasured).multipliedBy(2 * steps);
            Duration openWarm = rates.isEmpty() && steps == 0
                    ? Duration.ZERO
                    : openLeadIn.plus(openWarmup).multipliedBy(sides);
            return jitWarmup
                    .multipliedBy(sides)
                    .plus(closed)
                    .plus(openWarm)
                    .plus(open)
                    .plus(search);
        }

        private static final List<String> PERSONAL = List.of(
                "levels",
                "seconds",
                "rounds",
                "warmup-seconds",
                "jit-warmup-seconds",
                "max-calls",
                "rates",
                "open-seconds",
                "open-rounds",
                "open-lead-in-seconds",
                "open-warmup-seconds",
                "search-rates",
                "search-seconds",
                "open-connections",
                "open-max-outstanding");

        /** Comma-separated numbers from {@code least} to {@code most}, sorted, without repeats; "none" is empty. */
        private static List<Integer> numbers(
                Map<String, String> values, String name, String otherwise, int least, int most) {
            String text = values.getOrDefault(name, otherwise).strip();
            if (text.equals("none")) {
                return List.of();
            }
            try {
                List<Integer> numbers = Arrays.stream(text.split(","))
                        .map(String::strip)
                        .map(Integer::parseInt)
                        .distinct()
                        .sorted()
                        .toList();
                if (numbers.isEmpty() || numbers.stream().anyMatch(n -> n < least || n > most)) {
                    throw new NumberFormatException();
                }
                return numbers;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--" + name + " must list numbers from " + least + " to " + most + ", or be none");
            }
        }

        private static Map<String, Long> pids(Map<String, String> values) {
            var pids = new LinkedHashMap<String, Long>();
            for (String name : List.of("bridge", "proxy", "simulator", "postgres")) {
                String pid = values.get(name + "-pid");
                if (pid != null && !pid.isBlank()) {
                    pids.put(name, Long.parseLong(pid.strip()));
                }
            }
            return pids;
        }

        private static String required(Map<String, String> values, String name) {
            String value = values.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return value;
        }

        private static int positive(Map<String, String> values, String name, int otherwise) {
            return atLeast(values, name, otherwise, 1);
        }

        private static int atLeast(Map<String, String> values, String name, int otherwise, int least) {
            int value;
            try {
                value = Integer.parseInt(
                        values.getOrDefault(name, String.valueOf(otherwise)).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a whole number");
            }
            if (value < least) {
                throw new IllegalArgumentException("--" + name + " must be at least " + least);
            }
            return value;
        }
    }
}
