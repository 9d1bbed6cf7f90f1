package dev.hamcp.bridge.bench;

import dev.hamcp.bridge.query.permission.Decision;
import dev.hamcp.bridge.query.token.TokenView;
import java.util.Optional;
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
 * Where {@link AuthorizationBenchmark}'s time goes: the token's SHA-256 alone, the whole
 * authentication, and the decision alone. For analysis, not run by bench/run:
 * {@code java -cp bench/jmh/target/bench-jmh.jar org.openjdk.jmh.Main AuthorizationParts}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class AuthorizationParts {

    private AuthorizationWorld world;
    private TokenView.Holder[] holders;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        world = AuthorizationWorld.build(AuthorizationBenchmark.SEED);
        holders = new TokenView.Holder[AuthorizationWorld.CALLS];
        for (int i = 0; i < holders.length; i++) {
            holders[i] = world.tokens.authenticate(world.callToken[i]).orElseThrow();
        }
    }

    private int nextCall() {
        return next++ & (AuthorizationWorld.CALLS - 1);
    }

    @Benchmark
    public String sha256() {
        return TokenView.hash(world.callToken[nextCall()]);
    }

    @Benchmark
    public Optional<TokenView.Holder> authenticate() {
        return world.tokens.authenticate(world.callToken[nextCall()]);
    }

    @Benchmark
    public Decision decide() {
        int i = nextCall();
        String tool = world.callTool[i];
        return world.permissions.decide(
                holders[i].owner(),
                holders[i].token(),
                tool,
                world.callExposedName[i],
                world.permissions.requiredLevel(tool, null));
    }
}
