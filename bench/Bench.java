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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The load generator of {@code bench/run}: the same {@code tools/call} sent to the simulator's
 * {@code /api/mcp} directly, through a bare pass-through proxy ({@code bench/NettyProxy.java}: the
 * least any HTTP proxy does), and through the bridge's
 * {@code /mcp}, at several numbers of concurrent clients, in alternating rounds so that noise on
 * the machine hits all three. Only the JDK: run it as a source program
 * ({@code java bench/Bench.java --help}).
 *
 * <p>Each client is a virtual thread in a closed loop (send, wait for the answer, send again), so
 * the number of clients is the number of calls in flight. Every answer is checked: anything but a
 * 200 with a JSON-RPC result that is not {@code isError} counts as an error, is left out of the
 * latencies, and makes the run fail.
 */
public final class Bench {

    static final String ACCEPT = "application/json, text/event-stream";
    static final String PROTOCOL_VERSION = "2025-06-18";
    static final String TOOL = "HassTurnOn";
    static final String ARGUMENTS = "{\"name\":\"Kitchen Light\"}";

    static final double TARGET_ADDED_P50_MS = 1.0;
    static final double TARGET_ADDED_P99_MS = 5.0;
    static final double TARGET_THROUGHPUT_RATIO = 0.5;

    static final Duration WARM_UP_STEP = Duration.ofSeconds(5);

    static final String BEGIN = "<!-- bench:results:begin -->";
    static final String END = "<!-- bench:results:end -->";

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
        if (busy(loadBefore)) {
            System.out.println("bench: WARNING: the load average (" + loadBefore + ") is above the number of CPUs;"
                    + " something else is running and the figures will be noisy");
        }
        long simulatorCallsBefore = simulatorToolCalls();
        String accessToken = logIn();
        int most = options.levels().stream().max(Integer::compare).orElseThrow();
        var direct = new Direct(options.direct(), options.simulatorToken());
        var proxy = new Proxy(options.proxy());
        var bridge = new Bridge(options.bridge(), accessToken, openSessions(accessToken, most));
        List<Side> sides = List.of(direct, proxy, bridge);

        var warmUps = new ArrayList<String>();
        for (Side side : sides) {
            warmUps.add(warmUp(side, Math.min(16, most)));
        }

        var rows = new ArrayList<Row>();
        for (int level : options.levels()) {
            rows.add(measureLevel(level, direct, proxy, bridge));
        }
        // The request log writes in batches after the calls; give its last batch time to land.
        Thread.sleep(1000);

        long simulatorCalls = simulatorToolCalls() - simulatorCallsBefore;
        var report = new Report(
                options,
                String.join(", ", warmUps),
                rows,
                errors,
                loadBefore,
                loadAverage(),
                simulatorCalls,
                direct.succeeded.get() + proxy.succeeded.get() + bridge.succeeded.get(),
                direct.succeeded.get(),
                proxy.succeeded.get(),
                bridge.succeeded.get(),
                BridgeMetrics.scrape(control, options.bridge()));
        String table = report.console();
        System.out.println();
        System.out.println(table);
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

    /**
     * Warm-up of the three sides, then the measured rounds in the order direct, proxy, bridge,
     * bridge, proxy, direct, ...: each side's rounds sit at the same mean position in time.
     */
    private Row measureLevel(int clients, Side direct, Side proxy, Side bridge) throws Exception {
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
            List<Side> order = r % 2 == 0 ? List.of(direct, proxy, bridge) : List.of(bridge, proxy, direct);
            for (Side side : order) {
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
        return new Row(
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

    static HttpResponse<String> post(HttpClient http, URI uri, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", ACCEPT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // --- the three sides ---------------------------------------------------------------------------------------

    /** Where the calls go. {@link #call} answers null for a good answer, else what was wrong with it. */
    abstract static class Side {
        final AtomicLong succeeded = new AtomicLong();
        private final AtomicLong ids = new AtomicLong();

        abstract String name();

        abstract String call(HttpClient http, int client) throws IOException, InterruptedException;

        static String toolsCall(long id) {
            return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + TOOL
                    + "\",\"arguments\":" + ARGUMENTS + "}}";
        }

        long nextId() {
            return ids.incrementAndGet();
        }

        /** Null when the answer is a 200 carrying the JSON-RPC result of request {@code id} and not {@code isError}. */
        static String problem(long id, HttpResponse<String> answer) {
            String body = answer.body();
            if (answer.statusCode() != 200) {
                return "HTTP " + answer.statusCode() + ": " + abbreviate(body);
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
        private final String authorization;

        Direct(URI uri, String token) {
            this.uri = uri;
            this.authorization = "Bearer " + token;
        }

        @Override
        String name() {
            return "direct";
        }

        @Override
        String call(HttpClient http, int client) throws IOException, InterruptedException {
            long id = nextId();
            return problem(id, post(http, uri, toolsCall(id), Map.of("Authorization", authorization)));
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
        String call(HttpClient http, int client) throws IOException, InterruptedException {
            long id = nextId();
            return problem(id, post(http, uri, toolsCall(id), Map.of()));
        }
    }

    /** The bridge's {@code /mcp}: the user's access token and the client's own session. */
    static final class Bridge extends Side {
        private final URI uri;
        private final String authorization;
        private final List<String> sessions;

        Bridge(URI base, String accessToken, List<String> sessions) {
            this.uri = base.resolve("/mcp");
            this.authorization = "Bearer " + accessToken;
            this.sessions = sessions;
        }

        @Override
        String name() {
            return "bridge";
        }

        @Override
        String call(HttpClient http, int client) throws IOException, InterruptedException {
            long id = nextId();
            var headers = Map.of(
                    "Authorization", authorization,
                    "Mcp-Session-Id", sessions.get(client),
                    "MCP-Protocol-Version", PROTOCOL_VERSION);
            return problem(id, post(http, uri, toolsCall(id), headers));
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

    /** One measured stretch of one side: every good call's latency, the failures, and the wall-clock time. */
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

    /** A side's figures at one level: calls per second over the measured time, and latency percentiles. */
    record Stats(
            long calls, long errors, double seconds, long p50Micros, long p99Micros, long maxMicros, long[] cpuNanos) {

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
            long[] cpu = new long[rounds.getFirst().cpuNanos().length];
            for (Round round : rounds) {
                for (int i = 0; i < cpu.length; i++) {
                    cpu[i] += round.cpuNanos()[i];
                }
            }
            return of(all, errors, elapsed, cpu);
        }

        /** Nearest rank: the smallest value with at least {@code p} percent of the values at or below it. */
        static long percentile(long[] sorted, int p) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
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

        /** Milliseconds of CPU that process {@code index} of the {@link CpuMeter} spent per good call, or -1. */
        double cpuMillisPerCall(int index) {
            return calls == 0 || cpuNanos[index] < 0 ? -1 : cpuNanos[index] / 1e6 / calls;
        }
    }

    /**
     * CPU time of the processes on the machine's cores, read from {@code /proc}: the load generator
     * itself, and (when their pids are given) the bridge, the bare proxy, the simulator and the
     * embedded PostgreSQL with its backends. A process that cannot be read counts -1, and the figure is left out.
     */
    static final class CpuMeter {
        static final List<String> NAMES = List.of("generator", "bridge", "proxy", "simulator", "postgres");

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

    /** One level: the three sides' figures. */
    record Row(int clients, Stats direct, Stats proxy, Stats bridge) {
        Versus bridgeVersusDirect() {
            return new Versus(bridge, direct);
        }

        Versus proxyVersusDirect() {
            return new Versus(proxy, direct);
        }
    }

    /** A side in front of the simulator against the direct calls at the same level, and the verdict on each target. */
    record Versus(Stats side, Stats direct) {
        double ratio() {
            return direct.throughput() == 0 ? 0 : side.throughput() / direct.throughput();
        }

        double addedP50() {
            return side.p50Millis() - direct.p50Millis();
        }

        double addedP99() {
            return side.p99Millis() - direct.p99Millis();
        }

        int missed() {
            return (p50Met() ? 0 : 1) + (p99Met() ? 0 : 1) + (throughputMet() ? 0 : 1);
        }

        boolean p50Met() {
            return addedP50() <= TARGET_ADDED_P50_MS;
        }

        boolean p99Met() {
            return addedP99() <= TARGET_ADDED_P99_MS;
        }

        boolean throughputMet() {
            return ratio() >= TARGET_THROUGHPUT_RATIO;
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

    /** The table for the console and the section of {@code docs/performance.md} between the markers. */
    record Report(
            Options options,
            String warmUps,
            List<Row> rows,
            ErrorLog errors,
            String loadBefore,
            String loadAfter,
            long simulatorToolCalls,
            long goodCalls,
            long goodDirect,
            long goodProxy,
            long goodBridge,
            BridgeMetrics metrics) {

        /** One line per level and side; the proxy's and the bridge's against the direct line above them. */
        String console() {
            var out = new StringBuilder();
            String format = "%7s | %-6s | %10s | %8s | %17s | %17s | %s%n";
            out.append(String.format(
                    Locale.ROOT,
                    format,
                    "clients",
                    "side",
                    "calls/s",
                    "/ direct",
                    "p50/p99 ms",
                    "added p50/p99 ms",
                    "targets (p50<=1ms, p99<=5ms, ratio>=0.5)"));
            for (Row row : rows) {
                out.append(String.format(
                        Locale.ROOT,
                        format,
                        row.clients(),
                        "direct",
                        String.format(Locale.ROOT, "%.0f", row.direct().throughput()),
                        "",
                        String.format(
                                Locale.ROOT, "%7.3f / %7.3f", row.direct().p50Millis(), row.direct().p99Millis()),
                        "",
                        ""));
                for (var side : List.of(
                        Map.entry("proxy", row.proxyVersusDirect()), Map.entry("bridge", row.bridgeVersusDirect()))) {
                    Versus versus = side.getValue();
                    out.append(String.format(
                            Locale.ROOT,
                            format,
                            row.clients(),
                            side.getKey(),
                            String.format(Locale.ROOT, "%.0f", versus.side().throughput()),
                            String.format(Locale.ROOT, "%.2f", versus.ratio()),
                            String.format(
                                    Locale.ROOT,
                                    "%7.3f / %7.3f",
                                    versus.side().p50Millis(),
                                    versus.side().p99Millis()),
                            String.format(Locale.ROOT, "%7.3f / %7.3f", versus.addedP50(), versus.addedP99()),
                            verdict(versus)));
                }
            }
            for (Row row : rows) {
                out.append(String.format(
                        Locale.ROOT,
                        "%7d   CPU ms per call, direct: %s; proxy: %s; bridge: %s%n",
                        row.clients(),
                        cpuLine(row.direct()),
                        cpuLine(row.proxy()),
                        cpuLine(row.bridge())));
            }
            out.append(String.format(
                    Locale.ROOT,
                    "errors: %d; calls measured: %s; simulator counted %d tools/call for %d good answers%n",
                    errors.total(),
                    callsMeasured(),
                    simulatorToolCalls,
                    goodCalls));
            return out.toString();
        }

        private static String cpuLine(Stats stats) {
            var parts = new ArrayList<String>();
            for (int i = 0; i < CpuMeter.NAMES.size(); i++) {
                double value = stats.cpuMillisPerCall(i);
                if (value >= 0) {
                    parts.add(String.format(Locale.ROOT, "%s %.3f", CpuMeter.NAMES.get(i), value));
                }
            }
            return String.join(", ", parts);
        }

        private String callsMeasured() {
            return rows.stream()
                    .map(row -> row.clients() + ": " + row.direct().calls() + " direct + " + row.proxy().calls()
                            + " proxy + " + row.bridge().calls() + " bridge")
                    .reduce((a, b) -> a + ", " + b)
                    .orElse("none");
        }

        private static String verdict(Versus versus) {
            return "p50 " + (versus.p50Met() ? "met" : "MISSED") + ", p99 " + (versus.p99Met() ? "met" : "MISSED")
                    + ", throughput " + (versus.throughputMet() ? "met" : "MISSED");
        }

        /**
         * CPU time per good call of every process involved, and the throughput those figures allow on
         * this machine's CPUs: where the time goes, independent of how the scheduler interleaved it.
         */
        String cpuTable() {
            var md = new StringBuilder();
            md.append("CPU time per good call (ms), from `/proc` during the measured rounds; each side's row also"
                    + " counts what the other processes spent meanwhile (the bridge, the proxy and PostgreSQL idle"
                    + " when they are not the side measured):\n\n");
            md.append("| clients | side | load generator | bridge | proxy | simulator | PostgreSQL | total "
                    + "| calls/s the CPUs allow (CPUs / total) |\n");
            md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
            int cpus = Runtime.getRuntime().availableProcessors();
            for (Row row : rows) {
                for (var side : List.of(
                        Map.entry("direct", row.direct()),
                        Map.entry("proxy", row.proxy()),
                        Map.entry("bridge", row.bridge()))) {
                    Stats stats = side.getValue();
                    md.append("| ").append(row.clients()).append(" | ").append(side.getKey());
                    double total = 0;
                    boolean complete = true;
                    for (int i = 0; i < CpuMeter.NAMES.size(); i++) {
                        double value = stats.cpuMillisPerCall(i);
                        md.append(" | ").append(value < 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", value));
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

        private static String ms(double millis) {
            return String.format(Locale.ROOT, "%.3f", millis);
        }

        String markdown() {
            var md = new StringBuilder();
            String when =
                    ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
            md.append(BEGIN).append("\n");
            md.append("<!-- Written by bench/run; edit outside the markers, or run bench/run again. -->\n\n");
            md.append("## Latest run\n\n");
            md.append("Run ")
                    .append(when)
                    .append(", jars built from commit `")
                    .append(options.commit())
                    .append("`, command `bench/run");
            if (!options.given().isEmpty()) {
                md.append(' ').append(String.join(" ", options.given()));
            }
            md.append("`.\n\n");
            md.append("| | |\n|---|---|\n");
            md.append("| CPUs (`nproc`) | ").append(options.nproc()).append(" |\n");
            md.append("| CPU model | ").append(cpuModel()).append(" |\n");
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
            md.append("| per level and side | ")
                    .append(options.warmup().toSeconds())
                    .append(" s warm-up, then ")
                    .append(options.rounds())
                    .append(" rounds of ")
                    .append(options.measured().dividedBy(options.rounds()).toMillis() / 1000.0)
                    .append(" s (at most ")
                    .append(options.maxCalls() / options.rounds())
                    .append(" calls each), sides alternating. Before the first level, each side ran ")
                    .append(options.jitWarmup().toSeconds())
                    .append(" s at 16 clients for the JIT; its last 5 s steps, in calls/s: ")
                    .append(warmUps)
                    .append(" |\n");
            md.append("| bridge settings | ").append(options.bridgeSettings()).append(" |\n");
            md.append("| bare proxy | ").append(options.proxySettings()).append(" |\n\n");

            md.append("| clients | side | calls/s | / direct | p50 / p99 (ms) | added p50 / p99 (ms) | targets |\n");
            md.append("|---:|---|---:|---:|---:|---:|---|\n");
            for (Row row : rows) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %d | direct | %.0f | | %s / %s | | |%n",
                        row.clients(),
                        row.direct().throughput(),
                        ms(row.direct().p50Millis()),
                        ms(row.direct().p99Millis())));
                for (var side : List.of(
                        Map.entry("bare proxy", row.proxyVersusDirect()),
                        Map.entry("**bridge**", row.bridgeVersusDirect()))) {
                    Versus versus = side.getValue();
                    md.append(String.format(
                            Locale.ROOT,
                            "| %d | %s | %.0f | %.2f | %s / %s | %s / %s | %s |%n",
                            row.clients(),
                            side.getKey(),
                            versus.side().throughput(),
                            versus.ratio(),
                            ms(versus.side().p50Millis()),
                            ms(versus.side().p99Millis()),
                            ms(versus.addedP50()),
                            ms(versus.addedP99()),
                            verdict(versus)));
                }
            }
            md.append("\n");
            md.append(cpuTable());
            long missed = rows.stream().mapToLong(row -> row.bridgeVersusDirect().missed()).sum();
            long proxyMissed = rows.stream().mapToLong(row -> row.proxyVersusDirect().missed()).sum();
            md.append(
                    missed == 0
                            ? "**Every target is met** by the bridge at every level"
                            : "**" + missed + " of " + rows.size() * 3
                                    + " target checks are missed** by the bridge (see the table)");
            md.append(
                    proxyMissed == 0
                            ? "; the bare proxy, held to the same targets, meets every one.\n\n"
                            : "; the bare proxy, held to the same targets, misses " + proxyMissed + " of "
                                    + rows.size() * 3 + ".\n\n");
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
            md.append("Cross-checks: the simulator counted ")
                    .append(simulatorToolCalls)
                    .append(" `tools/call` during the run, against ")
                    .append(goodCalls)
                    .append(" good answers (")
                    .append(goodDirect)
                    .append(" direct, ")
                    .append(goodProxy)
                    .append(" through the proxy, ")
                    .append(goodBridge)
                    .append(" through the bridge, warm-up included)")
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
            md.append(END);
            return md.toString();
        }

        /** Replaces the section between the markers, keeping everything else; creates the file if need be. */
        void writeInto(Path docs) throws IOException {
            String section = markdown();
            String text;
            if (Files.exists(docs)) {
                String old = Files.readString(docs, StandardCharsets.UTF_8);
                int begin = old.indexOf(BEGIN);
                int end = old.indexOf(END);
                text = begin >= 0 && end > begin
                        ? old.substring(0, begin) + section + old.substring(end + END.length())
                        : old + "\n" + section + "\n";
            } else {
                text = "# Performance\n\nMeasured by `bench/run`.\n\n" + section + "\n";
            }
            Files.writeString(docs, text, StandardCharsets.UTF_8);
        }

        private static String cpuModel() {
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
              --levels 1,16,64        concurrent clients, one measured level each
              --seconds 20            measured time per level and side (split into the rounds)
              --rounds 4              alternating rounds per level (direct, proxy, bridge, bridge, proxy, direct, ...)
              --warmup-seconds 3      warm-up per level and side, not measured
              --jit-warmup-seconds 60 warm-up per side at 16 clients before the first level, not measured
              --max-calls 400000      most calls measured per level and side
              --docs PATH             the Markdown file whose results section is replaced
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
            List<Integer> levels = Arrays.stream(
                            values.getOrDefault("levels", "1,16,64").split(","))
                    .map(String::strip)
                    .map(Integer::parseInt)
                    .toList();
            if (levels.isEmpty() || levels.stream().anyMatch(level -> level < 1 || level > 1024)) {
                throw new IllegalArgumentException("--levels must list numbers from 1 to 1024");
            }
            int rounds = positive(values, "rounds", 4);
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
            long longest = Stream.of(options.measured(), options.warmup(), options.jitWarmup())
                    .mapToLong(Duration::toSeconds)
                    .max()
                    .orElse(0);
            if (longest > 600) {
                throw new IllegalArgumentException(
                        "--seconds, --warmup-seconds and --jit-warmup-seconds are at most 600");
            }
            return options;
        }

        private static final List<String> PERSONAL =
                List.of("levels", "seconds", "rounds", "warmup-seconds", "jit-warmup-seconds", "max-calls");

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
            int value = Integer.parseInt(values.getOrDefault(name, String.valueOf(otherwise)));
            if (value < 1) {
                throw new IllegalArgumentException("--" + name + " must be at least 1");
            }
            return value;
        }
    }
}
