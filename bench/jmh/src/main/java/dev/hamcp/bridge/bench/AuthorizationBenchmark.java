package dev.hamcp.bridge.bench;

import dev.hamcp.bridge.query.permission.Decision;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The authorization of one MCP call made with an API token, as the bridge does it on every call:
 * authenticate the presented {@code mcp_} token (SHA-256, lookup by hash, status, owner), then
 * decide the tool call from the owner's grants, the defaults, the token's subset and the level the
 * tool needs. Each invocation takes the next of {@link AuthorizationWorld#CALLS} pre-drawn
 * token/tool pairs, so lookups spread over the whole installation.
 */
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 3,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class AuthorizationBenchmark {

    static final long SEED = 20261123L;

    private AuthorizationWorld world;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        world = AuthorizationWorld.build(SEED);
        if (world.activeTokens.isEmpty() || world.call(0) == null) {
            throw new IllegalStateException("the benchmark's installation has no token that authenticates");
        }
    }

    @Benchmark
    public Decision authenticateAndDecide() {
        return world.call(next++ & (AuthorizationWorld.CALLS - 1));
    }
}
