import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hamcp.bridge.api.audit.AuditMetadata;
import dev.hamcp.bridge.api.homeassistant.ConnectionTestResult;
import dev.hamcp.bridge.api.homeassistant.DefaultHaConnectionChosen;
import dev.hamcp.bridge.api.homeassistant.HaConnectionAdded;
import dev.hamcp.bridge.api.homeassistant.HaConnectionChanged;
import dev.hamcp.bridge.api.homeassistant.HaConnectionIds;
import dev.hamcp.bridge.api.homeassistant.HaConnectionRemoved;
import dev.hamcp.bridge.api.homeassistant.HaConnectionTested;
import dev.hamcp.bridge.api.limits.SecurityLimits;
import dev.hamcp.bridge.api.limits.SecurityLimitsChanged;
import dev.hamcp.bridge.api.permission.DefaultPolicyChanged;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.HomeAssistantCatalog;
import dev.hamcp.bridge.api.permission.InstallationPolicy;
import dev.hamcp.bridge.api.permission.PermissionChanged;
import dev.hamcp.bridge.api.permission.PermissionGranted;
import dev.hamcp.bridge.api.permission.PermissionPolicyIds;
import dev.hamcp.bridge.api.permission.PermissionRevoked;
import dev.hamcp.bridge.api.permission.PermissionsChangedInBulk;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.api.permission.ToolLevelOverridden;
import dev.hamcp.bridge.api.permission.ToolLevelOverrideCleared;
import dev.hamcp.bridge.api.secret.EncryptedSecret;
import dev.hamcp.bridge.api.token.ApiTokenIssued;
import dev.hamcp.bridge.api.token.ApiTokenPermissionsChanged;
import dev.hamcp.bridge.api.token.ApiTokenRevoked;
import dev.hamcp.bridge.api.user.AccountLocked;
import dev.hamcp.bridge.api.user.AdminSeatTaken;
import dev.hamcp.bridge.api.user.LoginFailed;
import dev.hamcp.bridge.api.user.Password;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.api.user.SessionEndReason;
import dev.hamcp.bridge.api.user.SessionEnded;
import dev.hamcp.bridge.api.user.SessionRefreshed;
import dev.hamcp.bridge.api.user.SessionStarted;
import dev.hamcp.bridge.api.user.UserDisabled;
import dev.hamcp.bridge.api.user.UserEnabled;
import dev.hamcp.bridge.api.user.UserRegistered;
import dev.hamcp.bridge.api.user.UsernameClaimed;
import dev.hamcp.bridge.command.secret.DataKeyStore;
import dev.hamcp.bridge.command.secret.MasterKeyring;
import dev.hamcp.bridge.command.secret.SecretCipher;
import dev.hamcp.bridge.command.secret.WrappedDataKey;
import dev.hamcp.bridge.command.user.PasswordHasher;
import dev.hamcp.bridge.query.history.AccessModel;
import dev.hamcp.bridge.runtime.database.EmbeddedDatabaseServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The audit history benchmark (issue 16), in two steps that bench/run drives around one bridge:
 * {@code generate} writes a realistic history through Axon's JDBC event store into the embedded
 * PostgreSQL of a fresh data directory (the bridge's own classes, serializer settings and tables);
 * {@code measure}, once a bridge runs on that directory, times its catch-up and asks it, over HTTP
 * as an administrator would, the history's questions, then writes the figures into
 * docs/performance.md. Run it with the bridge's class path (bench/run extracts it from the jar).
 */
public class AuditBench {

    static final String BEGIN = "<!-- bench:audit:begin -->";
    static final String END = "<!-- bench:audit:end -->";
    static final String ADMIN = "bench-admin";

    public static void main(String[] args) throws Exception {
        quietLogging();
        if (args.length == 0 || Arrays.asList(args).contains("--help")) {
            System.out.println(HELP);
            return;
        }
        var options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "generate" -> new Generator(options).run();
            case "measure" -> new Measurement(options).run();
            default -> throw new IllegalArgumentException("generate or measure, not " + args[0]);
        }
    }

    static final String HELP = """
            bench/AuditBench.java generate|measure [options]   (bench/run audit drives both)
              --events N              events in the generated history (default 1000000); users are
                                      N / 1000 and tokens N / 100 unless given (the issue's 1,000 and 10,000)
              --users N, --tokens N   override those
              --days N                how far back the history starts (default 365)
              --seed N                the generator's random seed (default 16)
              --questions N           point-in-time and audit-list questions of each kind (default 200)
              --load-seconds N        the command load while the chain's lag is sampled (default 30)
              --load-rate N           its commands per second, grants and revocations alternating (default 10)
            """;

    // ------------------------------------------------------------------------------------------------
    // Options: --name value pairs; the secrets come from the environment, never from arguments.

    record Options(Map<String, String> values) {

        /** A person's options (both steps get them all, each reads its own), then bench/run's. */
        static final List<String> KNOWN = List.of(
                "events", "users", "tokens", "days", "seed", "questions", "load-seconds", "load-rate",
                "data", "history", "simulator-url", "bridge", "bridge-pid", "bridge-started-ms", "docs", "commit",
                "command", "memory", "bridge-settings", "catch-up-minutes", "read-model-minutes", "clock-ticks");

        static Options parse(String[] args) {
            var values = new LinkedHashMap<String, String>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value, got " + args[i]);
                }
                String name = args[i].substring(2);
                if (!KNOWN.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name + "\n" + HELP);
                }
                values.put(name, args[++i]);
            }
            return new Options(values);
        }

        String text(String name) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return value;
        }

        String text(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        long number(String name, long fallback) {
            return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
        }

        static String env(String name) {
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must be set");
            }
            return value;
        }
    }

    static void quietLogging() {
        var root = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(ch.qos.logback.classic.Level.WARN);
    }

    // ================================================================================================
    // The generator

    /** One account of the generated installation and everything the generator tracks about it. */
    static final class Person {
        final String id;
        final String username;
        final String ip;
        final String agent;
        Role role;
        boolean enabled = true;
        Instant registeredAt;
        long userSeq = -1;
        long policySeq = -1;
        long connectionsSeq = -1;
        final Map<String, Grant> grants = new TreeMap<>();
        final List<String> sessions = new ArrayList<>();
        int failures;
        final List<Link> connections = new ArrayList<>();
        String defaultConnection;
        final List<Token> tokens = new ArrayList<>();

        Person(String id, String username, String ip, String agent, Role role) {
            this.id = id;
            this.username = username;
            this.ip = ip;
            this.agent = agent;
            this.role = role;
        }
    }

    static final class Token {
        final String id;
        final Person owner;
        final Instant issuedAt;
        long seq = -1;
        boolean revoked;
        List<Grant> permissions;

        Token(String id, Person owner, Instant issuedAt) {
            this.id = id;
            this.owner = owner;
            this.issuedAt = issuedAt;
        }
    }

    /** One Home Assistant connection as its events define it. */
    record Link(String id, String name, Duration timeout, EncryptedSecret token, boolean exposed) {}

    /**
     * Writes the history: users join over the first half of it, tokens are issued over the first
     * four fifths, and in between and after, the everyday traffic of an installation: sessions
     * started, refreshed and ended, failed logins and a lockout now and then, administrators
     * granting, changing and revoking permissions (with reasons), tokens revoked or narrowed,
     * Home Assistant connections tested, changed, added and removed, accounts disabled and enabled,
     * and rarely the defaults, a tool's level or the security limits. Every event carries the
     * metadata the web edge gives a command (actor, client address, user agent, correlation id, and
     * the reason an administrator typed), per-aggregate sequence numbers follow on, and times rise
     * with the global order.
     */
    static final class Generator {

        static final int BATCH = 1_000;
        static final List<String> PATTERNS = List.of(
                "*", "Hass*", "HassTurn*", "HassLight*", "HassMedia*", "*Timer", "HassClimate*", "todo_*",
                "calendar_*", "HassVacuum*");
        static final List<String> REASONS = List.of(
                "kitchen tablet", "new phone", "offboarding", "ticket #4711", "holiday house",
                "contractor, until Friday", "security review", "requested by the owner", "guest access",
                "clean-up after audit");
        static final List<String> AGENTS = List.of(
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/147.0", "Mozilla/5.0 (Macintosh) Safari/19.2",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 19_1) Mobile", "Mozilla/5.0 (Windows NT 10.0) Chrome/142.0",
                "curl/8.11.1", "n8n/1.92");

        final Options options;
        final Random random;
        final long events;
        final int userTarget;
        final int tokenTarget;
        final Instant first;
        final Instant last;
        final List<String> tools = List.copyOf(new TreeMap<>(HomeAssistantCatalog.tools()).keySet());
        final List<Person> people = new ArrayList<>();
        final List<Person> admins = new ArrayList<>();
        final List<Token> tokens = new ArrayList<>();
        final List<Token> liveTokens = new ArrayList<>();
        final Map<String, Long> counts = new TreeMap<>();
        final List<DomainEventMessage<?>> batch = new ArrayList<>();
        final String simulatorUrl;
        final String simulatorToken;
        JdbcEventStorageEngine engine;
        SecretCipher cipher;
        String passwordHash;
        long written;
        long installationSeq = -1;
        long limitsSeq = -1;
        long rosterSeq = -1;
        List<Grant> defaults = InstallationPolicy.OUT_OF_THE_BOX_DEFAULTS;
        final Map<String, ToolLevel> overrides = new TreeMap<>();
        Long requestsPerMinute;
        Long invalidTokensPerMinute;
        Instant now;

        Generator(Options options) {
            this.options = options;
            this.random = new Random(options.number("seed", 16));
            this.events = options.number("events", 1_000_000);
            this.userTarget = (int) options.number("users", Math.max(20, events / 1_000));
            this.tokenTarget = (int) options.number("tokens", Math.max(100, events / 100));
            this.last = Instant.now().minus(Duration.ofMinutes(5));
            this.first = last.minus(Duration.ofDays(options.number("days", 365)));
            this.simulatorUrl = options.text("simulator-url");
            this.simulatorToken = Options.env("BENCH_SIMULATOR_TOKEN");
        }

        void run() throws Exception {
            Path data = Path.of(options.text("data"));
            long started = System.nanoTime();
            try (var server = EmbeddedDatabaseServer.start(data)) {
                Flyway.configure()
                        .dataSource(server.jdbcUrl(), server.user(), server.password())
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
                var pool = new HikariConfig();
                pool.setJdbcUrl(server.jdbcUrl());
                pool.setUsername(server.user());
                pool.setPassword(server.password());
                pool.setMaximumPoolSize(2);
                // As the bridge's own pool: a batch of inserts goes as multi-row INSERTs.
                pool.addDataSourceProperty("reWriteBatchedInserts", "true");
                try (var dataSource = new HikariDataSource(pool)) {
                prepare(dataSource);
                long generating = System.nanoTime();
                generate();
                double seconds = (System.nanoTime() - generating) / 1e9;
                var jdbc = new JdbcTemplate(dataSource);
                // As a year-old installation's autovacuum would have: planner statistics on the store.
                jdbc.execute("VACUUM ANALYZE domain_event_entry");
                long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
                String[] accessTypes =
                        AccessModel.EVENT_TYPES.stream().map(Class::getName).toArray(String[]::new);
                long lastAccess = jdbc.query(
                        "SELECT max(global_index) FROM domain_event_entry WHERE payload_type = ANY(?)",
                        ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", accessTypes)),
                        rs -> {
                            rs.next();
                            return rs.getLong(1);
                        });
                long accessEvents = jdbc.query(
                        "SELECT count(*) FROM domain_event_entry WHERE payload_type = ANY(?)",
                        ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", accessTypes)),
                        rs -> {
                            rs.next();
                            return rs.getLong(1);
                        });
                String size = jdbc.queryForObject(
                        "SELECT pg_size_pretty(pg_total_relation_size('domain_event_entry'))", String.class);
                writeManifest(Path.of(options.text("history")), head, lastAccess, accessEvents, seconds, size);
                System.out.printf(
                        "bench: wrote %,d events (%,d users, %,d tokens) in %.1f s (%,.0f events/s), store %s;"
                                + " %,.1f s in all with the database's start and migration%n",
                        written, people.size(), tokens.size(), seconds, written / seconds, size,
                        (System.nanoTime() - started) / 1e9);
                }
            }
        }

        void prepare(DataSource dataSource) {
            var serializer = JacksonSerializer.builder()
                    // What Axon's Spring Boot auto-configuration builds for axon.serializer.*=jackson.
                    .objectMapper(new ObjectMapper().findAndRegisterModules())
                    .revisionResolver(new AnnotationRevisionResolver())
                    .build();
            engine = JdbcEventStorageEngine.builder()
                    .snapshotSerializer(serializer)
                    .eventSerializer(serializer)
                    .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                    .transactionManager(new SpringTransactionManager(new DataSourceTransactionManager(dataSource)))
                    .schema(EventSchema.builder()
                            .eventTable("domain_event_entry")
                            .snapshotTable("snapshot_event_entry")
                            .globalIndexColumn("global_index")
                            .timestampColumn("time_stamp")
                            .eventIdentifierColumn("event_identifier")
                            .aggregateIdentifierColumn("aggregate_identifier")
                            .sequenceNumberColumn("sequence_number")
                            .typeColumn("type")
                            .payloadTypeColumn("payload_type")
                            .payloadRevisionColumn("payload_revision")
                            .payloadColumn("payload")
                            .metaDataColumn("meta_data")
                            .build())
                    .build();
            byte[] masterKey = Base64.getDecoder().decode(Options.env("BRIDGE_MASTER_KEY"));
            var ring = new MasterKeyring(masterKey, List.of());
            cipher = new SecretCipher(() -> ring, new JdbcKeys(new JdbcTemplate(dataSource)));
            // One slow hash for everyone, with the bridge's own hasher and iterations: every generated
            // account signs in with the bench's password, and a million events need not cost a day.
            passwordHash = new PasswordHasher(310_000).hash(new Password(Options.env("BENCH_ADMIN_PASSWORD")));
        }

        // --- the plan ---------------------------------------------------------------------------------

        void generate() {
            now = first;
            setUpInstallation();
            while (written < events) {
                double progress = (double) written / events;
                now = timeAt(written);
                if (people.size() < Math.min(userTarget, Math.ceil(userTarget * (0.05 + progress / 0.5)))) {
                    register(people.size() % 50 == 0 ? Role.ADMIN : Role.USER);
                } else if (tokens.size() < Math.min(tokenTarget, Math.ceil(tokenTarget * (0.02 + progress / 0.8)))) {
                    issueToken();
                } else {
                    everyday();
                }
            }
            flush();
        }

        Instant timeAt(long position) {
            long span = Duration.between(first, last).toMillis();
            return first.plusMillis(span * position / events);
        }

        void setUpInstallation() {
            Person admin = register(ADMIN, Role.ADMIN, "system", "first start: no user exists");
            String correlation = uuid();
            emitInstallation(
                    new DefaultPolicyChanged(
                            List.of(grant("*", ToolLevel.READ), grant("HassLight*", ToolLevel.READ, ToolLevel.WRITE)),
                            defaults),
                    meta(admin.id, admin, correlation, "initial defaults"));
            defaults = List.of(grant("*", ToolLevel.READ), grant("HassLight*", ToolLevel.READ, ToolLevel.WRITE));
        }

        /** The everyday traffic, weighted as an installation of this size sees it. */
        void everyday() {
            double dice = random.nextDouble();
            if (dice < 0.55) {
                session(pickPerson());
            } else if (dice < 0.79) {
                permission(pickAdmin(), pickUser());
            } else if (dice < 0.80) {
                bulk(pickAdmin(), pickUser());
            } else if (dice < 0.945) {
                connection(pickPerson());
            } else if (dice < 0.95) {
                tokenChange();
            } else if (dice < 0.9985) {
                failedLogin(pickPerson());
            } else if (dice < 0.9995) {
                account(pickAdmin(), pickUser());
            } else {
                installation(pickAdmin());
            }
        }

        // --- users ------------------------------------------------------------------------------------

        Person register(Role role) {
            String username = String.format(Locale.ROOT, "user%04d", people.size());
            return register(username, role, "anonymous", null);
        }

        Person register(String username, Role role, String actor, String reason) {
            var person = new Person(uuid(), username, address(), pick(AGENTS), role);
            person.registeredAt = now;
            people.add(person);
            String correlation = uuid();
            var meta = meta(actor, person, correlation, reason);
            emit("UsernameClaim", "username:" + username, 0,
                    new UsernameClaimed("username:" + username, username, person.id), meta);
            emit("User", person.id, ++person.userSeq,
                    new UserRegistered(person.id, username, null,
                            cipher.seal(person.id, username + "@example.org"), passwordHash, role, false),
                    meta);
            if (role == Role.ADMIN) {
                admins.add(person);
                emit("AdminRoster", "admin-roster", ++rosterSeq, new AdminSeatTaken("admin-roster", person.id), meta);
            }
            return person;
        }

        void session(Person person) {
            if (!person.enabled) {
                return;
            }
            double dice = random.nextDouble();
            if (!person.sessions.isEmpty() && dice < 0.55) {
                String session = pick(person.sessions);
                emitUser(person, new SessionRefreshed(person.id, session, hash(), now.plus(Duration.ofDays(30))),
                        meta("anonymous", person, uuid(), null));
            } else if (!person.sessions.isEmpty() && dice < 0.8) {
                String session = person.sessions.remove(random.nextInt(person.sessions.size()));
                emitUser(person, new SessionEnded(person.id, session, SessionEndReason.LOGGED_OUT),
                        meta(person.id, person, uuid(), null));
            } else {
                if (person.sessions.size() >= 5) {
                    String session = person.sessions.removeFirst();
                    emitUser(person, new SessionEnded(person.id, session, SessionEndReason.REVOKED),
                            meta(person.id, person, uuid(), null));
                }
                String session = uuid();
                person.sessions.add(session);
                person.failures = 0;
                emitUser(person, new SessionStarted(person.id, session, hash(), now.plus(Duration.ofDays(30))),
                        meta("anonymous", person, uuid(), null));
            }
        }

        void failedLogin(Person person) {
            String correlation = uuid();
            emitUser(person, new LoginFailed(person.id), meta("anonymous", person, correlation, null));
            if (++person.failures >= 5) {
                person.failures = 0;
                emitUser(person, new AccountLocked(person.id, now.plus(Duration.ofMinutes(15)), 5),
                        meta("anonymous", person, correlation, null));
            }
        }

        void account(Person admin, Person person) {
            var meta = meta(admin.id, admin, uuid(), pick(REASONS));
            if (person.enabled) {
                emitUser(person, new UserDisabled(person.id), meta);
                for (String session : person.sessions) {
                    emitUser(person, new SessionEnded(person.id, session, SessionEndReason.USER_DISABLED), meta);
                }
                person.sessions.clear();
            } else {
                emitUser(person, new UserEnabled(person.id), meta);
            }
            person.enabled = !person.enabled;
        }

        // --- permissions ------------------------------------------------------------------------------

        void permission(Person admin, Person person) {
            var meta = meta(admin.id, admin, uuid(), random.nextDouble() < 0.6 ? pick(REASONS) : null);
            String aggregate = PermissionPolicyIds.of(person.id);
            double dice = random.nextDouble();
            if (person.grants.isEmpty() || (dice < 0.4 && person.grants.size() < 8)) {
                String tool = random.nextDouble() < 0.6 ? pick(tools) : pick(PATTERNS);
                Grant grant = randomGrant(tool);
                Grant previous = person.grants.put(tool, grant);
                emit("PermissionPolicy", aggregate, ++person.policySeq,
                        previous == null
                                ? new PermissionGranted(person.id, grant)
                                : new PermissionChanged(person.id, grant, previous),
                        meta);
            } else if (dice < 0.75) {
                String tool = pick(new ArrayList<>(person.grants.keySet()));
                Grant previous = person.grants.get(tool);
                Grant grant = random.nextDouble() < 0.2
                        ? new Grant(tool, previous.levels(), !previous.enabled())
                        : randomGrant(tool);
                if (grant.equals(previous)) {
                    grant = new Grant(tool, previous.levels(), !previous.enabled());
                }
                person.grants.put(tool, grant);
                emit("PermissionPolicy", aggregate, ++person.policySeq,
                        new PermissionChanged(person.id, grant, previous), meta);
            } else {
                String tool = pick(new ArrayList<>(person.grants.keySet()));
                person.grants.remove(tool);
                emit("PermissionPolicy", aggregate, ++person.policySeq, new PermissionRevoked(person.id, tool), meta);
            }
        }

        void bulk(Person admin, Person person) {
            var changed = new ArrayList<Grant>();
            for (int i = 0, n = 2 + random.nextInt(4); i < n; i++) {
                String tool = random.nextBoolean() ? pick(tools) : pick(PATTERNS);
                if (changed.stream().noneMatch(g -> g.tool().equals(tool))) {
                    changed.add(randomGrant(tool));
                }
            }
            var revoked = new ArrayList<String>();
            if (random.nextBoolean()) {
                for (String tool : person.grants.keySet()) {
                    if (changed.stream().noneMatch(g -> g.tool().equals(tool))) {
                        revoked.add(tool);
                    }
                }
            }
            changed.forEach(g -> person.grants.put(g.tool(), g));
            revoked.forEach(person.grants::remove);
            emit("PermissionPolicy", PermissionPolicyIds.of(person.id), ++person.policySeq,
                    new PermissionsChangedInBulk(person.id, changed, revoked),
                    meta(admin.id, admin, uuid(), pick(REASONS)));
        }

        void installation(Person admin) {
            var meta = meta(admin.id, admin, uuid(), pick(REASONS));
            double dice = random.nextDouble();
            if (dice < 0.3) {
                var next = new ArrayList<Grant>();
                next.add(grant("*", ToolLevel.READ));
                for (int i = 0, n = random.nextInt(3); i < n; i++) {
                    String pattern = pick(PATTERNS);
                    if (next.stream().noneMatch(g -> g.tool().equals(pattern))) {
                        next.add(randomGrant(pattern));
                    }
                }
                emitInstallation(new DefaultPolicyChanged(next, defaults), meta);
                defaults = List.copyOf(next);
            } else if (dice < 0.8) {
                String tool = pick(tools);
                if (overrides.containsKey(tool)) {
                    overrides.remove(tool);
                    emitInstallation(new ToolLevelOverrideCleared(tool), meta);
                } else {
                    ToolLevel level = pick(List.of(ToolLevel.values()));
                    overrides.put(tool, level);
                    emitInstallation(new ToolLevelOverridden(tool, level), meta);
                }
            } else {
                long rpm = 60 + 20L * random.nextInt(10);
                long invalid = 5 + random.nextInt(20);
                emit("InstallationLimits", SecurityLimits.ID, ++limitsSeq,
                        new SecurityLimitsChanged(rpm, invalid, requestsPerMinute, invalidTokensPerMinute), meta);
                requestsPerMinute = rpm;
                invalidTokensPerMinute = invalid;
            }
        }

        Grant randomGrant(String tool) {
            return switch (random.nextInt(5)) {
                case 0, 1 -> grant(tool, ToolLevel.READ);
                case 2 -> grant(tool, ToolLevel.READ, ToolLevel.WRITE);
                case 3 -> grant(tool, ToolLevel.WRITE);
                default -> grant(tool, ToolLevel.READ, ToolLevel.WRITE, ToolLevel.EXECUTE);
            };
        }

        static Grant grant(String tool, ToolLevel... levels) {
            return new Grant(tool, EnumSet.copyOf(List.of(levels)), true);
        }

        // --- tokens -----------------------------------------------------------------------------------

        void issueToken() {
            Person owner = pickPerson();
            var token = new Token(uuid(), owner, now);
            List<Grant> permissions = null;
            if (random.nextDouble() < 0.4) {
                permissions = new ArrayList<>();
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    String tool = pick(tools);
                    if (permissions.stream().noneMatch(g -> g.tool().equals(tool))) {
                        permissions.add(grant(tool, ToolLevel.READ));
                    }
                }
            }
            token.permissions = permissions;
            Instant expires = random.nextDouble() < 0.3 ? null : now.plus(Duration.ofDays(pick(List.of(30, 90, 365))));
            tokens.add(token);
            liveTokens.add(token);
            owner.tokens.add(token);
            emit("ApiToken", token.id, ++token.seq,
                    new ApiTokenIssued(
                            token.id,
                            owner.id,
                            pick(List.of("tablet", "n8n", "LM Studio", "Claude Desktop", "kitchen", "script", "phone"))
                                    + " " + (owner.tokens.size()),
                            hash(),
                            "mcp_" + hash().substring(0, 8),
                            now,
                            expires,
                            permissions,
                            random.nextDouble() < 0.2 ? List.of("192.168.1.0/24") : List.of(),
                            random.nextDouble() < 0.1 ? 60 : null),
                    meta(owner.id, owner, uuid(), null));
        }

        void tokenChange() {
            if (liveTokens.isEmpty()) {
                issueToken();
                return;
            }
            Token token = liveTokens.get(random.nextInt(liveTokens.size()));
            Person owner = token.owner;
            if (random.nextDouble() < 0.6) {
                liveTokens.remove(token);
                token.revoked = true;
                boolean byAdmin = random.nextDouble() < 0.3;
                Person actor = byAdmin ? pickAdmin() : owner;
                emit("ApiToken", token.id, ++token.seq, new ApiTokenRevoked(token.id, owner.id, now),
                        meta(actor.id, actor, uuid(), byAdmin ? pick(REASONS) : null));
            } else {
                List<Grant> next = token.permissions == null
                        ? List.of(grant(pick(tools), ToolLevel.READ))
                        : random.nextBoolean() ? null : List.of(grant(pick(tools), ToolLevel.READ));
                token.permissions = next;
                emit("ApiToken", token.id, ++token.seq, new ApiTokenPermissionsChanged(token.id, owner.id, next),
                        meta(owner.id, owner, uuid(), null));
            }
        }

        // --- Home Assistant connections --------------------------------------------------------------

        void connection(Person person) {
            String aggregate = HaConnectionIds.of(person.id);
            var meta = meta(person.id, person, uuid(), null);
            double dice = random.nextDouble();
            if (person.connections.isEmpty() || (dice < 0.04 && person.connections.size() < 3)) {
                var connection = new Link(
                        uuid(),
                        person.connections.isEmpty() ? "home" : "house " + (person.connections.size() + 1),
                        Duration.ofSeconds(10),
                        cipher.encrypt(person.id, simulatorToken),
                        random.nextDouble() < 0.2);
                person.connections.add(connection);
                emit("HaConnections", aggregate, ++person.connectionsSeq,
                        new HaConnectionAdded(person.id, connection.id(), connection.name(), simulatorUrl,
                                connection.timeout(), connection.token(), connection.exposed()),
                        meta);
                if (person.defaultConnection == null) {
                    person.defaultConnection = connection.id();
                    emit("HaConnections", aggregate, ++person.connectionsSeq,
                            new DefaultHaConnectionChosen(person.id, connection.id()), meta);
                }
            } else if (dice < 0.72) {
                Link connection = pick(person.connections);
                boolean ok = random.nextDouble() < 0.9;
                emit("HaConnections", aggregate, ++person.connectionsSeq,
                        new HaConnectionTested(person.id, connection.id(), testResult(ok)), meta);
            } else if (dice < 0.97 || person.connections.size() == 1) {
                int index = random.nextInt(person.connections.size());
                Link current = person.connections.get(index);
                boolean replaced = random.nextDouble() < 0.3;
                var next = new Link(
                        current.id(),
                        current.name(),
                        Duration.ofSeconds(pick(List.of(5, 10, 15, 30))),
                        replaced ? cipher.encrypt(person.id, simulatorToken) : current.token(),
                        random.nextDouble() < 0.3);
                person.connections.set(index, next);
                emit("HaConnections", aggregate, ++person.connectionsSeq,
                        new HaConnectionChanged(person.id, next.id(), next.name(), simulatorUrl, next.timeout(),
                                next.token(), replaced, next.exposed()),
                        meta);
            } else {
                Link removed = person.connections.remove(person.connections.size() - 1);
                emit("HaConnections", aggregate, ++person.connectionsSeq,
                        new HaConnectionRemoved(person.id, removed.id()), meta);
                if (removed.id().equals(person.defaultConnection)) {
                    person.defaultConnection = person.connections.getFirst().id();
                    emit("HaConnections", aggregate, ++person.connectionsSeq,
                            new DefaultHaConnectionChosen(person.id, person.defaultConnection), meta);
                }
            }
        }

        ConnectionTestResult testResult(boolean ok) {
            if (ok) {
                return new ConnectionTestResult(true, true, null,
                        List.of(new ConnectionTestResult.Step("api", true, 200, 4 + random.nextInt(40)),
                                new ConnectionTestResult.Step("config", true, 200, 3 + random.nextInt(20)),
                                new ConnectionTestResult.Step("states", true, 200, 5 + random.nextInt(60)),
                                new ConnectionTestResult.Step("mcp", true, 200, 6 + random.nextInt(80))),
                        "2026.11.3", "Home", 120 + random.nextInt(300), true, 43, null, null, List.of(), now);
            }
            return new ConnectionTestResult(false, false, null,
                    List.of(new ConnectionTestResult.Step("api", false, null, 10_000)),
                    null, null, null, null, null, ConnectionTestResult.Failure.TIMEOUT,
                    "Home Assistant did not answer in time: check that it runs and that the bridge can reach it.",
                    List.of(), now);
        }

        // --- writing ------------------------------------------------------------------------------------

        void emitUser(Person person, Object event, Map<String, Object> meta) {
            emit("User", person.id, ++person.userSeq, event, meta);
        }

        void emitInstallation(Object event, Map<String, Object> meta) {
            emit("InstallationPermissions", InstallationPolicy.ID, ++installationSeq, event, meta);
        }

        /** One event of one command: its time is the command's, plus a millisecond per event before it. */
        void emit(String type, String aggregate, long sequence, Object event, Map<String, Object> meta) {
            Instant at = now;
            now = now.plusMillis(1);
            batch.add(new GenericDomainEventMessage<>(type, aggregate, sequence, event, meta, uuid(), at));
            counts.merge(event.getClass().getSimpleName(), 1L, Long::sum);
            written++;
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            engine.appendEvents(batch);
            batch.clear();
            if (written % 100_000 < BATCH) {
                System.out.printf("bench: %,d events written%n", written);
            }
        }

        Map<String, Object> meta(String actor, Person from, String correlation, String reason) {
            var meta = new HashMap<String, Object>();
            meta.put(AuditMetadata.ACTOR, actor);
            meta.put(AuditMetadata.CORRELATION_ID, correlation);
            meta.put(AuditMetadata.CLIENT_IP, from.ip);
            meta.put(AuditMetadata.USER_AGENT, from.agent);
            if (reason != null) {
                meta.put(AuditMetadata.REASON, reason);
            }
            return meta;
        }

        // --- picks --------------------------------------------------------------------------------------

        Person pickPerson() {
            return people.get(random.nextInt(people.size()));
        }

        /** A plain user, or anyone while there are only administrators. */
        Person pickUser() {
            for (int i = 0; i < 10; i++) {
                Person person = pickPerson();
                if (person.role == Role.USER) {
                    return person;
                }
            }
            return pickPerson();
        }

        Person pickAdmin() {
            return admins.get(random.nextInt(admins.size()));
        }

        <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }

        String uuid() {
            long high = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
            long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
            return new UUID(high, low).toString();
        }

        String hash() {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }

        String address() {
            return switch (random.nextInt(3)) {
                case 0 -> "192.168." + random.nextInt(8) + "." + (2 + random.nextInt(250));
                case 1 -> "10.0." + random.nextInt(4) + "." + (2 + random.nextInt(250));
                default -> "203.0.113." + (2 + random.nextInt(250));
            };
        }

        void writeManifest(Path file, long head, long lastAccess, long accessEvents, double seconds, String size)
                throws IOException {
            var lines = new ArrayList<String>();
            lines.add("meta\tevents\t" + written);
            lines.add("meta\thead\t" + head);
            lines.add("meta\tfirstAt\t" + first);
            lines.add("meta\tlastAt\t" + now);
            lines.add("meta\tlastAccessPosition\t" + lastAccess);
            lines.add("meta\taccessEvents\t" + accessEvents);
            lines.add("meta\tgenerateSeconds\t" + seconds);
            lines.add("meta\tstoreSize\t" + size);
            lines.add("meta\tusers\t" + people.size());
            lines.add("meta\tadmins\t" + admins.size());
            lines.add("meta\ttokens\t" + tokens.size());
            lines.add("meta\trevokedTokens\t" + tokens.stream().filter(t -> t.revoked).count());
            lines.add("meta\tconnections\t" + people.stream().mapToInt(p -> p.connections.size()).sum());
            lines.add("meta\tgrants\t" + people.stream().mapToInt(p -> p.grants.size()).sum());
            lines.add("meta\tseed\t" + options.number("seed", 16));
            counts.forEach((type, n) -> lines.add("count\t" + type + "\t" + n));
            for (Person person : people) {
                lines.add("user\t" + person.id + "\t" + person.username + "\t" + person.registeredAt + "\t"
                        + (person.role == Role.ADMIN ? 1 : 0));
            }
            for (Token token : tokens) {
                lines.add("token\t" + token.id + "\t" + token.owner.id + "\t" + token.issuedAt);
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
        }
    }

    /** The data keys in the bridge's {@code data_key} table, as its JdbcDataKeyStore keeps them. */
    record JdbcKeys(JdbcTemplate jdbc) implements DataKeyStore {

        static final String COLUMNS = "owner_id, key_id, master_key_id, nonce, wrapped_key";

        @Override
        public Optional<WrappedDataKey> findByOwner(String ownerId) {
            return jdbc.query("SELECT " + COLUMNS + " FROM data_key WHERE owner_id = ?", JdbcKeys::row, ownerId)
                    .stream()
                    .findFirst();
        }

        @Override
        public Optional<WrappedDataKey> findById(String keyId) {
            return jdbc.query("SELECT " + COLUMNS + " FROM data_key WHERE key_id = ?", JdbcKeys::row, keyId)
                    .stream()
                    .findFirst();
        }

        @Override
        public WrappedDataKey createIfAbsent(WrappedDataKey candidate) {
            jdbc.update(
                    "INSERT INTO data_key (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner_id) DO NOTHING",
                    candidate.ownerId(),
                    candidate.keyId(),
                    candidate.masterKeyId(),
                    candidate.nonce(),
                    candidate.sealedKey());
            return findByOwner(candidate.ownerId()).orElseThrow();
        }

        @Override
        public void destroy(String ownerId) {
            throw new UnsupportedOperationException("the generated history deletes nobody");
        }

        @Override
        public List<WrappedDataKey> keysNotWrappedUnder(String masterKeyId) {
            return List.of();
        }

        @Override
        public boolean rewrap(WrappedDataKey current, WrappedDataKey rewrapped) {
            return false;
        }

        static WrappedDataKey row(ResultSet rs, int n) throws SQLException {
            return new WrappedDataKey(
                    rs.getString("owner_id"),
                    rs.getString("key_id"),
                    rs.getString("master_key_id"),
                    rs.getBytes("nonce"),
                    rs.getBytes("wrapped_key"));
        }
    }

    // ================================================================================================
    // The measurement

    /** What the generator wrote down about the history, for picking questions that make sense. */
    record History(
            Map<String, String> meta,
            Map<String, Long> counts,
            List<String[]> users,
            List<String[]> tokens) {

        static History read(Path file) throws IOException {
            var meta = new LinkedHashMap<String, String>();
            var counts = new TreeMap<String, Long>();
            var users = new ArrayList<String[]>();
            var tokens = new ArrayList<String[]>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                switch (f[0]) {
                    case "meta" -> meta.put(f[1], f[2]);
                    case "count" -> counts.put(f[1], Long.parseLong(f[2]));
                    case "user" -> users.add(Arrays.copyOfRange(f, 1, f.length));
                    case "token" -> tokens.add(Arrays.copyOfRange(f, 1, f.length));
                    default -> throw new IllegalStateException("unknown line " + line);
                }
            }
            return new History(meta, counts, users, tokens);
        }

        long number(String name) {
            return Long.parseLong(meta.get(name));
        }

        Instant instant(String name) {
            return Instant.parse(meta.get(name));
        }
    }

    /** Latencies of one kind of request, in milliseconds, with the answers that were not 2xx. */
    static final class Timings {
        final String name;
        final List<Double> millis = new ArrayList<>();
        final Map<Integer, Integer> failures = new TreeMap<>();
        String firstFailure;

        Timings(String name) {
            this.name = name;
        }

        synchronized void add(double ms, int status, String body) {
            if (status / 100 == 2) {
                millis.add(ms);
            } else {
                failures.merge(status, 1, Integer::sum);
                if (firstFailure == null) {
                    firstFailure = status + " " + (body == null ? "" : body.substring(0, Math.min(200, body.length())));
                }
            }
        }

        double percentile(double p) {
            return AuditBench.percentile(millis, p);
        }

        String failuresText() {
            return failures.isEmpty()
                    ? "none"
                    : failures.entrySet().stream()
                            .map(e -> e.getValue() + " × " + e.getKey())
                            .collect(Collectors.joining(", ")) + " (first: " + firstFailure + ")";
        }
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        var sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static final class Measurement {

        static final int MOST_IN_FLIGHT = 64;

        final Options options;
        final History history;
        final String bridge;
        final Path data;
        final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        final ObjectMapper json = new ObjectMapper();
        final Random random;
        final int questions;
        final List<String> tools = List.copyOf(new TreeMap<>(HomeAssistantCatalog.tools()).keySet());
        final Map<String, String> figures = new LinkedHashMap<>();
        final List<String[]> targets = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        String jwt;

        Measurement(Options options) throws IOException {
            this.options = options;
            this.history = History.read(Path.of(options.text("history")));
            this.bridge = options.text("bridge");
            this.data = Path.of(options.text("data"));
            this.random = new Random(options.number("seed", 16) + 1);
            this.questions = (int) options.number("questions", 200);
        }

        void run() throws Exception {
            String loadBefore = loadAverage();
            catchUp();
            jwt = login();
            pointInTime();
            auditLists();
            verify();
            chainLag();
            try {
                write(loadBefore);
            } finally {
                // Kept whatever happens to the Markdown: every figure of the run, one per line.
                figures.forEach((name, value) -> System.out.println("figure\t" + name + "\t" + value));
            }
        }

        // --- catch-up of a fresh node -------------------------------------------------------------

        Connection database() throws IOException, SQLException {
            var pid = Files.readAllLines(data.resolve("postgres/postmaster.pid"));
            String port = pid.get(3).trim();
            String password = Files.readString(data.resolve("postgres-password")).trim();
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password);
        }

        /**
         * From the bridge's start: when it answered UP (its in-memory views had read the whole store),
         * when the read-model processors, the chain and the access snapshots had all of it.
         */
        void catchUp() throws Exception {
            long startedAt = options.number("bridge-started-ms", System.currentTimeMillis());
            long head = history.number("head");
            long lastAccess = history.number("lastAccessPosition");
            long every = options.number("snapshot-every", 20_000);
            long deadline = System.currentTimeMillis() + Duration.ofMinutes(options.number("catch-up-minutes", 40)).toMillis();
            Long answering = null, up = null, directory = null, index = null, chain = null, snapshots = null;
            var cpu = new LinkedHashMap<String, Double>();
            var positions = new LinkedHashMap<String, Long>();
            long snapshotCount = 0, snapshotHead = 0;
            Connection db = null;
            var bridgeProcess = ProcessHandle.of(options.number("bridge-pid", ProcessHandle.current().pid()));
            while (System.currentTimeMillis() < deadline) {
                long at = System.currentTimeMillis();
                if (bridgeProcess.map(p -> !p.isAlive()).orElse(true)) {
                    throw new IllegalStateException("the bridge stopped while catching up");
                }
                int health = health();
                if (answering == null && health > 0) {
                    answering = at;
                    cpu.put("answering", cpuSeconds());
                }
                if (up == null && health == 200) {
                    up = at;
                    cpu.put("up", cpuSeconds());
                    System.out.printf("bench: bridge UP after %.1f s%n", (at - startedAt) / 1e3);
                }
                if (db == null && Files.exists(data.resolve("postgres/postmaster.pid"))) {
                    try {
                        db = database();
                    } catch (SQLException | IOException | IndexOutOfBoundsException notYet) {
                        db = null;
                    }
                }
                if (db != null) {
                    try {
                        positions.put("directory", tokenAt(db, "user-directory"));
                        positions.put("index", tokenAt(db, "audit-index"));
                        positions.put("chain", single(db, "SELECT coalesce(max(last_position), 0) FROM audit_chain_entry"));
                        if (directory == null && tokenAt(db, "user-directory") >= head) {
                            directory = at;
                            cpu.put("directory", cpuSeconds());
                        }
                        if (index == null && tokenAt(db, "audit-index") >= head) {
                            index = at;
                            cpu.put("index", cpuSeconds());
                        }
                        if (chain == null && single(db, "SELECT coalesce(max(last_position), 0) FROM audit_chain_entry") >= head) {
                            chain = at;
                            cpu.put("chain", cpuSeconds());
                        }
                        snapshotCount = single(db, "SELECT count(*) FROM access_snapshot");
                        snapshotHead = single(db, "SELECT coalesce(max(position), 0) FROM access_snapshot");
                        if (snapshots == null && snapshotCount > 0 && snapshotHead + every > lastAccess) {
                            snapshots = at;
                            cpu.put("snapshots", cpuSeconds());
                        }
                    } catch (SQLException e) {
                        db.close();
                        db = null;
                    }
                }
                if (up != null && directory != null && index != null && chain != null
                        && (snapshots != null || lastAccess < every)) {
                    break;
                }
                // Once the answers' own parts are there, the read models get a bounded wait of their own.
                if (up != null && chain != null && (snapshots != null || lastAccess < every)
                        && System.currentTimeMillis() - startedAt > Duration.ofMinutes(options.number("read-model-minutes", 20)).toMillis()) {
                    break;
                }
                Thread.sleep(500);
            }
            if (db != null) {
                db.close();
            }
            figures.put("catch-up.answering", seconds(answering, startedAt));
            cpu.forEach((name, seconds) -> figures.put("cpu." + name, String.format(Locale.ROOT, "%.1f", seconds)));
            figures.put("catch-up.up", seconds(up, startedAt));
            long waited = System.currentTimeMillis();
            figures.put("catch-up.directory", seconds(directory, startedAt));
            figures.put("catch-up.index", seconds(index, startedAt));
            figures.put("catch-up.chain", seconds(chain, startedAt));
            for (var name : List.of("directory", "index", "chain")) {
                if (figures.get("catch-up." + name).equals("n/a")) {
                    long at = positions.getOrDefault(name, -1L);
                    notes.add(String.format(Locale.ROOT,
                            "%s was not at the head when the catch-up wait ended, %.0f s after the start: at position %,d of %,d (%,.0f events/s on average)",
                            Map.of("directory", "the `user-directory` processor", "index", "the `audit-index` processor",
                                            "chain", "the audit chain").get(name),
                            (waited - startedAt) / 1e3, at, head, at / ((waited - startedAt) / 1e3)));
                }
            }
            figures.put("catch-up.snapshots", seconds(snapshots, startedAt));
            figures.put("catch-up.snapshot-count", Long.toString(snapshotCount));
            figures.put("catch-up.snapshot-head", Long.toString(snapshotHead));
            Long all = up == null || directory == null || index == null || chain == null || snapshots == null
                    ? null
                    : Math.max(Math.max(Math.max(up, directory), Math.max(index, chain)), snapshots);
            figures.put("catch-up.all", seconds(all, startedAt));
            if (up == null) {
                throw new IllegalStateException("the bridge never answered UP");
            }
            System.out.printf(
                    "bench: caught up: UP %s s, user directory %s s, audit index %s s, chain %s s, snapshots %s s (%d, last at %d)%n",
                    figures.get("catch-up.up"), figures.get("catch-up.directory"), figures.get("catch-up.index"),
                    figures.get("catch-up.chain"), figures.get("catch-up.snapshots"), snapshotCount, snapshotHead);
        }

        static String seconds(Long at, long start) {
            return at == null ? "n/a" : String.format(Locale.ROOT, "%.1f", (at - start) / 1e3);
        }

        static long tokenAt(Connection db, String processor) throws SQLException {
            long lowest = Long.MAX_VALUE;
            int segments = 0;
            try (var statement = db.prepareStatement(
                    "SELECT convert_from(token, 'UTF8') FROM token_entry WHERE processor_name = ?")) {
                statement.setString(1, processor);
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        segments++;
                        String token = rs.getString(1);
                        lowest = Math.min(lowest, position(token));
                    }
                }
            }
            return segments == 0 ? -1 : lowest;
        }

        static final java.util.regex.Pattern INDEX = java.util.regex.Pattern.compile("\"index\":(\\d+)");

        /**
         * Where a tracking token stands. A processor's first token is Axon's replay token (replay from
         * the tail, reset at the head), whose {@code currentToken} is where it is; {@code tokenAtReset}
         * is only where the replay ends.
         */
        static long position(String token) {
            if (token == null) {
                return -1;
            }
            int current = token.indexOf("\"currentToken\"");
            var matcher = INDEX.matcher(current >= 0 ? token.substring(current) : token);
            return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
        }

        static long single(Connection db, String sql) throws SQLException {
            try (var statement = db.createStatement(); var rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        /** The status /health answers (200 once UP, 503 while starting), or 0 while nothing answers. */
        int health() {
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create(bridge + "/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 && !response.body().contains("UP") ? 503 : response.statusCode();
            } catch (IOException e) {
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }

        /**
         * CPU seconds used so far by the bridge's JVM and its descendants (the embedded PostgreSQL's
         * postmaster and backends), from /proc: a figure the other work on a shared machine leaves alone.
         */
        double cpuSeconds() {
            var bridgeProcess = ProcessHandle.of(options.number("bridge-pid", -1));
            if (bridgeProcess.isEmpty()) {
                return Double.NaN;
            }
            double ticks = ticks(bridgeProcess.get().pid());
            for (var child : bridgeProcess.get().descendants().toList()) {
                ticks += ticks(child.pid());
            }
            return ticks / options.number("clock-ticks", 100);
        }

        static double ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // After the command name in parentheses: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Double.parseDouble(fields[11]) + Double.parseDouble(fields[12])
                        + Double.parseDouble(fields[13]) + Double.parseDouble(fields[14]);
            } catch (IOException | RuntimeException gone) {
                return 0;
            }
        }

        // --- HTTP --------------------------------------------------------------------------------------

        record Answer(int status, String body, double millis) {}

        Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (jwt != null) {
                request.header("Authorization", "Bearer " + jwt);
            }
            long start = System.nanoTime();
            var built = request.build();
            if (built.timeout().isEmpty()) {
                built = request.timeout(Duration.ofSeconds(120)).build();
            }
            var response = http.send(built, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), (System.nanoTime() - start) / 1e6);
        }

        Answer get(String pathAndQuery) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(bridge + pathAndQuery)).GET());
        }

        String login() throws Exception {
            var answer = send(HttpRequest.newBuilder(URI.create(bridge + "/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of(
                            "username", ADMIN, "password", Options.env("BENCH_ADMIN_PASSWORD"))))));
            if (answer.status() != 200) {
                throw new IllegalStateException("login failed: " + answer.status() + " " + answer.body());
            }
            return json.readTree(answer.body()).get("accessToken").asText();
        }

        static String q(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        Instant between(Instant from, Instant to) {
            long span = Math.max(1, Duration.between(from, to).toMillis());
            return from.plusMillis((long) (random.nextDouble() * span));
        }

        // --- point in time ----------------------------------------------------------------------------

        void pointInTime() throws Exception {
            Instant first = history.instant("firstAt");
            Instant last = history.instant("lastAt");
            // The first question after a start also fetches every upstream's tool list (each user's
            // default Home Assistant connection, all pointing at the simulator): timed on its own.
            var warm = send(HttpRequest.newBuilder(URI.create(bridge + "/admin/security/access/who-could?tool=HassTurnOn&at="
                                    + q(last.toString())))
                    .timeout(Duration.ofMinutes(10))
                    .GET());
            figures.put("first-question", String.format(Locale.ROOT, "%.0f", warm.millis()));
            System.out.printf("bench: first who-could after the start: %.0f ms (%d)%n", warm.millis(), warm.status());
            for (int i = 0; i < 10; i++) {
                get("/admin/security/access/who-could?tool=" + q(pick(tools)) + "&at=" + q(between(first, last).toString()));
            }
            var who = new Timings("who-could");
            var what = new Timings("what-could");
            var changes = new Timings("changes");
            var replayed = new ArrayList<Double>();
            for (int i = 0; i < questions; i++) {
                Instant at = between(first, last);
                var answer = get("/admin/security/access/who-could?tool=" + q(pick(tools)) + "&at=" + q(at.toString()));
                who.add(answer.millis(), answer.status(), answer.body());
                replayed(answer, replayed);
                String query;
                if (i % 2 == 0) {
                    String[] user = history.users().get(random.nextInt(history.users().size()));
                    query = "user=" + q(user[0]) + "&at=" + q(between(Instant.parse(user[2]), last).toString());
                } else {
                    String[] token = history.tokens().get(random.nextInt(history.tokens().size()));
                    query = "token=" + q(token[0]) + "&at=" + q(between(Instant.parse(token[2]), last).toString());
                }
                answer = get("/admin/security/access/what-could?" + query);
                what.add(answer.millis(), answer.status(), answer.body());
                replayed(answer, replayed);
                if (i % 2 == 0) {
                    Duration window = pick(List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30)));
                    Instant from = between(first, last.minus(window));
                    answer = get("/admin/security/access/changes?from=" + q(from.toString()) + "&to="
                            + q(from.plus(window).toString()));
                    changes.add(answer.millis(), answer.status(), answer.body());
                }
            }
            record("who-could", who);
            record("what-could", what);
            record("changes", changes);
            figures.put("replayed.mean", String.format(Locale.ROOT, "%.0f", replayed.stream().mapToDouble(d -> d).average().orElse(0)));
            figures.put("replayed.max", String.format(Locale.ROOT, "%.0f", replayed.stream().mapToDouble(d -> d).max().orElse(0)));
            var all = new Timings("all");
            for (var t : List.of(who, what, changes)) {
                all.millis.addAll(t.millis);
            }
            target("point-in-time answers (who-could, what-could, changes), p50", "under 1000 ms", all.percentile(50), 1000);
            target("point-in-time answers (who-could, what-could, changes), p99", "under 1000 ms", all.percentile(99), 1000);
        }

        void replayed(Answer answer, List<Double> into) {
            if (answer.status() != 200) {
                return;
            }
            try {
                JsonNode asOf = json.readTree(answer.body()).get("asOf");
                if (asOf != null && asOf.has("eventsReplayed")) {
                    into.add(asOf.get("eventsReplayed").asDouble());
                }
            } catch (IOException ignored) {
                // not a figure this run can report, then
            }
        }

        void record(String name, Timings timings) {
            figures.put(name + ".n", Integer.toString(timings.millis.size()));
            figures.put(name + ".p50", ms(timings.percentile(50)));
            figures.put(name + ".p99", ms(timings.percentile(99)));
            figures.put(name + ".max", ms(timings.percentile(100)));
            figures.put(name + ".failures", timings.failuresText());
            System.out.printf("bench: %s: p50 %s ms, p99 %s ms, max %s ms over %d; failures %s%n", name,
                    figures.get(name + ".p50"), figures.get(name + ".p99"), figures.get(name + ".max"),
                    timings.millis.size(), timings.failuresText());
        }

        void target(String what, String target, double measured, double limit) {
            targets.add(new String[] {what, target, ms(measured) + " ms", measured < limit ? "met" : "**MISSED**"});
        }

        static String ms(double value) {
            return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.0f", value);
        }

        <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }

        // --- audit list with two filters -------------------------------------------------------------

        void auditLists() throws Exception {
            try (var db = database()) {
                figures.put("audit.indexed", String.format(Locale.ROOT, "%,d", single(db, "SELECT count(*) FROM audit_event")));
            }
            Instant first = history.instant("firstAt");
            Instant last = history.instant("lastAt");
            List<String[]> admins = history.users().stream().filter(u -> u[3].equals("1")).toList();
            for (int i = 0; i < 10; i++) {
                get("/admin/security/audit?actor=" + q(pick(admins)[1]) + "&type=PermissionGranted");
            }
            var byActor = new Timings("actor-type");
            var byUser = new Timings("user-range");
            var items = new ArrayList<Double>();
            for (int i = 0; i < questions; i++) {
                String[] admin = pick(admins);
                var answer = get("/admin/security/audit?actor=" + q(i % 2 == 0 ? admin[1] : admin[0]) + "&type="
                        + pick(List.of("PermissionGranted", "PermissionRevoked", "PermissionChanged", "ApiTokenRevoked")));
                byActor.add(answer.millis(), answer.status(), answer.body());
                items(answer, items);
                String[] user = pick(history.users());
                Instant from = between(first, last.minus(Duration.ofDays(30)));
                answer = get("/admin/security/audit?user=" + q(user[0]) + "&from=" + q(from.toString()) + "&to="
                        + q(from.plus(Duration.ofDays(30)).toString()));
                byUser.add(answer.millis(), answer.status(), answer.body());
                items(answer, items);
            }
            record("audit.actor-type", byActor);
            record("audit.user-range", byUser);
            figures.put("audit.items", String.format(Locale.ROOT, "%.1f", items.stream().mapToDouble(d -> d).average().orElse(0)));
            var all = new Timings("audit");
            all.millis.addAll(byActor.millis);
            all.millis.addAll(byUser.millis);
            target("audit list with two filters (actor + type, user + time range), p50", "under 100 ms", all.percentile(50), 100);
            target("audit list with two filters (actor + type, user + time range), p99", "under 100 ms", all.percentile(99), 100);
        }

        void items(Answer answer, List<Double> into) {
            if (answer.status() == 200) {
                try {
                    into.add((double) json.readTree(answer.body()).get("items").size());
                } catch (IOException ignored) {
                    // counted as a failure already if it was one
                }
            }
        }

        // --- chain verification ----------------------------------------------------------------------

        void verify() throws Exception {
            var answer = send(HttpRequest.newBuilder(URI.create(bridge + "/admin/security/audit/verify"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            if (answer.status() != 200) {
                throw new IllegalStateException("verify answered " + answer.status() + " " + answer.body());
            }
            JsonNode report = json.readTree(answer.body());
            figures.put("verify.ms", ms(answer.millis()));
            figures.put("verify.report", String.format(Locale.ROOT,
                    "intact %s, %,d entries (%,d events, %,d gaps), head position %,d, %d unchained, %d checkpoint(s); its own tookMillis %,d",
                    report.get("intact").asText(), report.get("entries").asLong(), report.get("events").asLong(),
                    report.get("gaps").asLong(), report.get("headPosition").asLong(), report.get("unchained").asLong(),
                    report.get("checkpoints").asLong(), report.get("tookMillis").asLong()));
            System.out.printf("bench: verify: %.0f ms, %s%n", answer.millis(), figures.get("verify.report"));
            targets.add(new String[] {
                "chain verification of the whole history (one POST)", "under 30 s",
                String.format(Locale.ROOT, "%.1f s (%,d entries, intact: %s)", answer.millis() / 1e3,
                        report.get("entries").asLong(), report.get("intact").asText()),
                answer.millis() < 30_000 && report.get("intact").asBoolean() ? "met" : "**MISSED**"});
        }

        // --- chaining lag under a command load -----------------------------------------------------

        /**
         * Grants and revocations over HTTP at a fixed rate, each sent when it is due whatever the
         * earlier ones do (sendAsync), while the chain's two lag gauges are read from
         * /actuator/prometheus every 100 ms; then, from the tables, each new event's time from its
         * timestamp to its chain entry.
         */
        void chainLag() throws Exception {
            int seconds = (int) options.number("load-seconds", 30);
            int rate = (int) options.number("load-rate", 10);
            long headBefore;
            try (var db = database()) {
                headBefore = single(db, "SELECT max(global_index) FROM domain_event_entry");
            }
            List<String[]> plain = history.users().stream().filter(u -> u[3].equals("0")).toList();
            var commands = new Timings("commands");
            var lagEvents = new ArrayList<Double>();
            var lagSeconds = new ArrayList<Double>();
            var running = new AtomicBoolean(true);
            var sampler = Thread.ofPlatform().name("lag-sampler").start(() -> {
                while (running.get()) {
                    sampleLag(lagEvents, lagSeconds);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            var pending = new ConcurrentLinkedQueue<CompletableFuture<?>>();
            // Grants answered and not revoked yet: a revocation takes the oldest, so it always has one.
            var granted = new ConcurrentLinkedQueue<String[]>();
            var inFlight = new java.util.concurrent.atomic.AtomicInteger();
            int skipped = 0;
            long start = System.nanoTime();
            int total = seconds * rate;
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (inFlight.get() >= MOST_IN_FLIGHT) {
                    skipped++;
                    continue;
                }
                HttpRequest.Builder request;
                String[] revoke = i % 2 == 1 ? granted.poll() : null;
                String[] grant = null;
                if (revoke != null) {
                    request = HttpRequest.newBuilder(URI.create(bridge + "/permissions/user/" + q(revoke[0]) + "/tool/"
                                    + q(revoke[1]).replace("*", "%2A")))
                            .DELETE();
                } else {
                    grant = new String[] {plain.get(i % plain.size())[0], "bench-load-" + i + "*"};
                    request = HttpRequest.newBuilder(URI.create(bridge + "/permissions/user/" + q(grant[0])))
                            .header("Content-Type", "application/json")
                            .header("X-Audit-Reason", "bench load " + i)
                            .PUT(HttpRequest.BodyPublishers.ofString(
                                    "{\"tool\":\"" + grant[1] + "\",\"levels\":[\"read\"]}"));
                }
                request.header("Authorization", "Bearer " + jwt).timeout(Duration.ofSeconds(30));
                String[] made = grant;
                inFlight.incrementAndGet();
                pending.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, error) -> {
                            inFlight.decrementAndGet();
                            int status = error == null ? response.statusCode() : 599;
                            commands.add((System.nanoTime() - due) / 1e6, status,
                                    error == null ? response.body() : error.toString());
                            if (made != null && status == 200) {
                                granted.add(made);
                            }
                        }));
            }
            if (skipped > 0) {
                notes.add(skipped + " commands of the load were not sent: " + MOST_IN_FLIGHT
                        + " were in flight when they were due");
            }
            for (var future : pending) {
                try {
                    future.join();
                } catch (RuntimeException ignored) {
                    // recorded as a failure by whenComplete
                }
            }
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            // Until the chain has caught up with what the load appended, at most a minute.
            long drainStart = System.nanoTime();
            double drained = Double.NaN;
            long headAfter;
            try (var db = database()) {
                headAfter = single(db, "SELECT max(global_index) FROM domain_event_entry");
                while (System.nanoTime() - drainStart < 60e9) {
                    if (single(db, "SELECT coalesce(max(last_position), 0) FROM audit_chain_entry") >= headAfter) {
                        drained = (System.nanoTime() - drainStart) / 1e9;
                        break;
                    }
                    Thread.sleep(50);
                }
                Thread.sleep(1_000);
                running.set(false);
                sampler.join();
                chainedAfter(db, headBefore, headAfter);
            }
            record("load.commands", commands);
            figures.put("load.rate", Integer.toString(rate));
            figures.put("load.seconds", String.format(Locale.ROOT, "%.1f", loadSeconds));
            figures.put("load.sent", Integer.toString(commands.millis.size() + commands.failures.values().stream().mapToInt(n -> n).sum()));
            figures.put("load.events", Long.toString(headAfter - headBefore));
            figures.put("lag.samples", Integer.toString(lagEvents.size()));
            figures.put("lag.events.p50", fmt(percentile(lagEvents, 50)));
            figures.put("lag.events.p99", fmt(percentile(lagEvents, 99)));
            figures.put("lag.events.max", fmt(percentile(lagEvents, 100)));
            figures.put("lag.seconds.p50", fmt3(percentile(lagSeconds, 50)));
            figures.put("lag.seconds.p99", fmt3(percentile(lagSeconds, 99)));
            figures.put("lag.seconds.max", fmt3(percentile(lagSeconds, 100)));
            figures.put("lag.drained", Double.isNaN(drained) ? "not within 60 s" : String.format(Locale.ROOT, "%.2f s", drained));
            System.out.printf("bench: chain lag under %d commands/s: gauge events p50 %s max %s, seconds p50 %s max %s;"
                            + " per event p50 %s ms p99 %s ms max %s ms%n",
                    rate, figures.get("lag.events.p50"), figures.get("lag.events.max"), figures.get("lag.seconds.p50"),
                    figures.get("lag.seconds.max"), figures.get("lag.event.p50"), figures.get("lag.event.p99"),
                    figures.get("lag.event.max"));
        }

        void sampleLag(List<Double> events, List<Double> seconds) {
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create(bridge + "/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                for (String line : response.body().split("\n")) {
                    if (line.startsWith("bridge_audit_chain_lag_events ")) {
                        events.add(Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim()));
                    } else if (line.startsWith("bridge_audit_chain_lag_seconds ")) {
                        seconds.add(Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a missed sample
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Each event the load appended: from its timestamp (set before its transaction commits) to its chain entry's. */
        void chainedAfter(Connection db, long after, long upTo) throws SQLException {
            var lags = new ArrayList<Double>();
            try (var statement = db.prepareStatement("""
                    SELECT e.time_stamp, c.chained_at FROM audit_chain_entry c
                    JOIN domain_event_entry e ON e.global_index = c.first_position
                    WHERE c.kind = 'E' AND c.first_position > ? AND c.first_position <= ?
                    """)) {
                statement.setLong(1, after);
                statement.setLong(2, upTo);
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        Instant at = Instant.parse(rs.getString(1));
                        Instant chained = rs.getTimestamp(2).toInstant();
                        lags.add(Duration.between(at, chained).toNanos() / 1e6);
                    }
                }
            }
            figures.put("lag.event.n", Integer.toString(lags.size()));
            figures.put("lag.event.p50", ms(percentile(lags, 50)));
            figures.put("lag.event.p99", ms(percentile(lags, 99)));
            figures.put("lag.event.max", ms(percentile(lags, 100)));
        }

        static String fmt(double value) {
            return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f", value);
        }

        static String fmt3(double value) {
            return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
        }

        // --- the report -------------------------------------------------------------------------------

        static String loadAverage() {
            try {
                String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
                return parts[0] + ", " + parts[1] + ", " + parts[2];
            } catch (IOException | RuntimeException e) {
                return "unknown";
            }
        }

        static String cpuModel() {
            try {
                return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst()
                        .orElse("unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }

        static String rate(long events, String seconds) {
            try {
                return String.format(Locale.ROOT, "%,.0f events/s", events / Double.parseDouble(seconds));
            } catch (NumberFormatException e) {
                return "n/a";
            }
        }

        void write(String loadBefore) throws IOException {
            long events = history.number("events");
            long head = history.number("head");
            String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
            var md = new StringBuilder();
            md.append(BEGIN).append("\n");
            md.append("<!-- Written by bench/run audit; edit outside the markers, or run it again. -->\n\n");
            md.append("### Latest audit run\n\n");
            md.append("Run ").append(when).append(", jars built from commit `").append(options.text("commit", "unknown"))
                    .append("`, command `").append(options.text("command", "bench/run audit")).append("`.\n\n");
            md.append("| | |\n|---|---|\n");
            md.append("| CPUs (`nproc`) | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n");
            md.append("| CPU model | ").append(cpuModel()).append(" |\n");
            md.append("| memory | ").append(options.text("memory", "unknown")).append(" |\n");
            md.append("| JDK | ").append(System.getProperty("java.vm.vendor")).append(' ')
                    .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.vm.version"))
                    .append(" |\n");
            md.append("| load average (1, 5, 15 min) before / after | ").append(loadBefore).append(" / ")
                    .append(loadAverage()).append(" |\n");
            md.append(String.format(Locale.ROOT,
                    "| history | %,d events (store head %,d), %s users (%s administrators), %s API tokens (%s revoked), %s Home Assistant connections, %s grants standing at the end; %,d of the events change access (read by the access history); from %s to %s; seed %s |\n",
                    events, head, history.meta().get("users"), history.meta().get("admins"), history.meta().get("tokens"),
                    history.meta().get("revokedTokens"), history.meta().get("connections"), history.meta().get("grants"),
                    history.number("accessEvents"), history.meta().get("firstAt").substring(0, 10),
                    history.meta().get("lastAt").substring(0, 16), history.meta().get("seed")));
            md.append("| event types | ").append(history.counts().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "))).append(" |\n");
            md.append(String.format(Locale.ROOT, "| generation | %,.1f s through `JdbcEventStorageEngine.appendEvents` (%s), batches of 1,000 events per transaction; store %s after `VACUUM ANALYZE` |\n",
                    Double.parseDouble(history.meta().get("generateSeconds")),
                    rate(events, history.meta().get("generateSeconds")), history.meta().get("storeSize")));
            md.append("| bridge settings | ").append(options.text("bridge-settings", "")).append(" |\n\n");

            md.append("#### Targets\n\n| | target | measured | |\n|---|---|---|---|\n");
            for (String[] row : targets) {
                md.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            md.append(String.format(Locale.ROOT,
                    "| rebuild rate of a fresh node (catch-up: every processor, the chain and the snapshots from position 0) | at least 20,000 events/s (the target is for the admin rebuild) | %s (all caught up after %s s) | reported; the admin rebuild is below |\n",
                    rate(head, figures.get("catch-up.all")), figures.get("catch-up.all")));
            md.append("| rebuild rate (administrator command on a running installation) | at least 20,000 events/s | not measured yet: the bench does not call `POST /admin/maintenance/rebuild` (in main since the merge of branch `audit-backup`, 35db24c) yet | not measured |\n");
            md.append("| backup time, restore time | reported | not measured yet: the bench does not call `POST /admin/security/backup` and `java -jar bridge.jar restore` (in main since 35db24c) yet | not measured |\n\n");

            md.append("#### Catch-up of a fresh node on this history\n\n");
            md.append("Seconds from the bridge's start (JVM launch) on the generated data directory, its processors' tokens at zero; ")
                    .append("its HTTP port first answered (Spring context and embedded PostgreSQL started, processors already running) after ")
                    .append(figures.get("catch-up.answering")).append(" s, having used ")
                    .append(figures.getOrDefault("cpu.answering", "n/a"))
                    .append(" CPU seconds by then (start-up and the first part of the catch-up). The rate is the store's events over the time from launch; the CPU is the bridge's JVM and its PostgreSQL's")
                    .append(" from launch to that moment (from `/proc`), which the other work on a shared machine does not inflate:\n\n");
            md.append("| | after | rate over the whole store | CPU seconds by then | events per CPU second |\n|---|---|---|---|---|\n");
            catchUpRow(md, "UP: the in-memory views (access view, upstream registry) read the whole store", "up", head);
            catchUpRow(md, "`user-directory` read model (pooled, 2 segments) at the head", "directory", head);
            catchUpRow(md, "`audit-index` (audit_event, 1 segment, batches of 200) at the head", "index", head);
            catchUpRow(md, "audit chain covers the head", "chain", head);
            catchUpRow(md, "access snapshots up to the last access event (" + figures.get("catch-up.snapshot-count")
                    + " snapshots, the last at position " + figures.get("catch-up.snapshot-head") + ")", "snapshots", head);
            md.append("\n");

            md.append("#### Questions, one at a time, as an administrator over HTTP\n\n");
            md.append("Times at random moments of the history; who-could on a random catalog tool; what-could for a random user (or token) that existed then; changes over a window of 1 h, 1 day, 7 days or 30 days. ")
                    .append("Ten unmeasured questions of each kind first. The first question after the start, which also fetched every upstream's tool list, took ")
                    .append(figures.get("first-question")).append(" ms.\n\n");
            md.append("| question | answers | p50 | p99 | max | not 2xx |\n|---|---|---|---|---|---|\n");
            for (String name : List.of("who-could", "what-could", "changes", "audit.actor-type", "audit.user-range")) {
                String label = switch (name) {
                    case "audit.actor-type" -> "audit list: actor + type";
                    case "audit.user-range" -> "audit list: user + 30-day range";
                    default -> name;
                };
                md.append("| ").append(label).append(" | ").append(figures.get(name + ".n")).append(" | ")
                        .append(figures.get(name + ".p50")).append(" ms | ").append(figures.get(name + ".p99")).append(" ms | ")
                        .append(figures.get(name + ".max")).append(" ms | ").append(figures.get(name + ".failures")).append(" |\n");
            }
            md.append("\nEvents replayed after the nearest snapshot, per who-could or what-could answer: ")
                    .append(figures.get("replayed.mean")).append(" on average, ").append(figures.get("replayed.max"))
                    .append(" at most. Audit list pages held ").append(figures.get("audit.items"))
                    .append(" items on average (limit 50); the audit index (`audit_event`) held ").append(figures.get("audit.indexed"))
                    .append(" of the store's events when the lists were asked.\n\n");

            md.append("#### Chain verification\n\n");
            md.append("`POST /admin/security/audit/verify`, once: ").append(figures.get("verify.ms")).append(" ms; ")
                    .append(figures.get("verify.report")).append(".\n\n");

            md.append("#### Chaining lag under a command load\n\n");
            md.append(String.format(Locale.ROOT,
                    "%s commands sent at %s/s for %s s (grants of a pattern with a reason, and, every other one, the revocation of the oldest grant answered and not yet revoked), over HTTP, each sent when due whatever the earlier ones did; %s events appended. ",
                    figures.get("load.sent"), figures.get("load.rate"), figures.get("load.seconds"), figures.get("load.events")));
            md.append("Command latency, from when it was due: p50 ").append(figures.get("load.commands.p50")).append(" ms, p99 ")
                    .append(figures.get("load.commands.p99")).append(" ms, max ").append(figures.get("load.commands.max"))
                    .append(" ms; not 2xx: ").append(figures.get("load.commands.failures")).append(".\n\n");
            md.append("| | p50 | p99 | max |\n|---|---|---|---|\n");
            md.append("| `bridge_audit_chain_lag_events` (").append(figures.get("lag.samples")).append(" samples, every 100 ms) | ")
                    .append(figures.get("lag.events.p50")).append(" | ").append(figures.get("lag.events.p99")).append(" | ")
                    .append(figures.get("lag.events.max")).append(" |\n");
            md.append("| `bridge_audit_chain_lag_seconds` | ").append(figures.get("lag.seconds.p50")).append(" s | ")
                    .append(figures.get("lag.seconds.p99")).append(" s | ").append(figures.get("lag.seconds.max")).append(" s |\n");
            md.append("| each appended event, its `time_stamp` to its chain entry's `chained_at` (").append(figures.get("lag.event.n"))
                    .append(" events) | ").append(figures.get("lag.event.p50")).append(" ms | ").append(figures.get("lag.event.p99"))
                    .append(" ms | ").append(figures.get("lag.event.max")).append(" ms |\n\n");
            md.append("After the last command was answered, the chain covered the head within ").append(figures.get("lag.drained")).append(".\n");
            for (String note : notes.stream().distinct().toList()) {
                md.append("\nNote: ").append(note).append(".\n");
            }
            md.append("\n").append(END);
            writeInto(Path.of(options.text("docs")), md.toString());
            System.out.println("bench: figures written into " + options.text("docs"));
            System.out.println();
            targets.forEach(row -> System.out.println("bench: " + String.join(" | ", row)));
        }

        void catchUpRow(StringBuilder md, String label, String name, long head) {
            String cpu = figures.getOrDefault("cpu." + name, "n/a");
            md.append("| ").append(label).append(" | ").append(figures.get("catch-up." + name)).append(" s | ")
                    .append(rate(head, figures.get("catch-up." + name))).append(" | ").append(cpu).append(" | ")
                    .append(rate(head, cpu).replace(" events/s", "")).append(" |\n");
        }

        static void writeInto(Path docs, String section) throws IOException {
            String old = Files.exists(docs) ? Files.readString(docs, StandardCharsets.UTF_8) : "# Performance\n";
            int from = old.indexOf(BEGIN);
            int to = old.indexOf(END);
            String text = from >= 0 && to > from
                    ? old.substring(0, from) + section + old.substring(to + END.length())
                    : old + "\n" + section + "\n";
            Files.writeString(docs, text, StandardCharsets.UTF_8);
        }
    }
}
