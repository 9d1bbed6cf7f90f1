package dev.hamcp.bridge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link AuthorizationBenchmark} and writes its figures into {@code docs/performance.md}
 * between the markers, as {@code bench/Bench.java} does for the gateway. Any JMH option
 * ({@code -f 1 -wi 1 -i 2}) passes through; {@code java -cp bench-jmh.jar org.openjdk.jmh.Main}
 * is plain JMH.
 */
public final class AuthorizationBench {

    static final String BEGIN = "<!-- bench:auth:begin -->";
    static final String END = "<!-- bench:auth:end -->";
    static final double TARGET_MEDIAN_MICROS = 20.0;
    /** Other processes using this much CPU on average make a run disturbed. */
    static final double BUSY_CPUS = 0.2;

    private AuthorizationBench() {}

    public static void main(String[] args) throws IOException, RunnerException {
        Path docs = null;
        Path json = null;
        String commit = "unknown";
        String command = "java -jar bench/jmh/target/bench-jmh.jar";
        var jmhArgs = new ArrayList<String>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--docs" -> docs = Path.of(value(args, ++i));
                case "--json" -> json = Path.of(value(args, ++i));
                case "--commit" -> commit = value(args, ++i);
                case "--command" -> command = value(args, ++i);
                case "--help" -> {
                    System.out.println("""
                            bench-jmh: the authorization benchmark (authenticate an mcp_ token, decide one tool call)
                              --docs PATH      the Markdown file whose section between %s and %s is replaced
                              --json PATH      JMH's own results, as JSON
                              --commit TEXT    the commit the jar was built from, for the report
                              --command TEXT   the command to show in the report
                              anything else    a JMH option, such as -f 1 -wi 1 -i 2 -r 1s (java -cp bench-jmh.jar org.openjdk.jmh.Main -h lists them)
                            """.formatted(BEGIN, END));
                    return;
                }
                default -> jmhArgs.add(args[i]);
            }
        }
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            System.err.println("bench-jmh: " + e.getMessage());
            System.exit(2);
            return;
        }

        String installation =
                AuthorizationWorld.build(AuthorizationBenchmark.SEED).describe();
        System.out.println("bench-jmh: " + installation);
        var builder = new OptionsBuilder()
                .parent(cli)
                .include(Pattern.quote(AuthorizationBenchmark.class.getName()) + "\\..*");
        if (json != null) {
            Files.createDirectories(json.toAbsolutePath().getParent());
            builder.result(json.toString()).resultFormat(ResultFormatType.JSON);
        }
        Options options = builder.build();

        String loadBefore = loadAverage();
        CpuTicks cpuBefore = CpuTicks.now();
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        Collection<RunResult> results = new Runner(options).run();
        double othersCpus = CpuTicks.now().othersCpusSince(cpuBefore);
        String loadAfter = loadAverage();

        var report = new Report(results, installation, started, commit, command, loadBefore, loadAfter, othersCpus);
        String section = report.markdown();
        System.out.println();
        System.out.println(section);
        if (docs != null) {
            writeInto(docs, section);
            System.out.println("bench-jmh: figures written into " + docs);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println("bench-jmh: " + args[i - 1] + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    /** The figures of one run, and the section of the docs that shows them. */
    record Report(
            Collection<RunResult> results,
            String installation,
            ZonedDateTime started,
            String commit,
            String command,
            String loadBefore,
            String loadAfter,
            double othersCpus) {

        RunResult of(org.openjdk.jmh.annotations.Mode mode) {
            return results.stream()
                    .filter(result -> result.getParams().getMode() == mode)
                    .findFirst()
                    .orElse(null);
        }

        String markdown() {
            RunResult sample = of(org.openjdk.jmh.annotations.Mode.SampleTime);
            RunResult average = of(org.openjdk.jmh.annotations.Mode.AverageTime);
            var md = new StringBuilder();
            md.append(BEGIN).append('\n');
            md.append(
                    "<!-- Written by bench/run (bench/run auth for this part alone); edit outside the markers. -->\n\n");
            md.append("### Latest JMH run\n\n");
            md.append("Run ")
                    .append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                    .append(", jar built from commit `")
                    .append(commit)
                    .append("`, command `")
                    .append(command)
                    .append("`.\n\n");
            md.append("| | |\n|---|---|\n");
            Double median = null;
            if (sample != null) {
                Statistics stats = sample.getPrimaryResult().getStatistics();
                median = stats.getPercentile(50);
                md.append("| **median (p50)** | **")
                        .append(micros(median))
                        .append("** (target: under ")
                        .append(micros(TARGET_MEDIAN_MICROS))
                        .append(": ")
                        .append(median < TARGET_MEDIAN_MICROS ? "met" : "**MISSED**")
                        .append(") |\n");
                md.append("| p90 | ").append(micros(stats.getPercentile(90))).append(" |\n");
                md.append("| p99 | ").append(micros(stats.getPercentile(99))).append(" |\n");
                md.append("| p99.9 | ")
                        .append(micros(stats.getPercentile(99.9)))
                        .append(" |\n");
                md.append("| p99.99 | ")
                        .append(micros(stats.getPercentile(99.99)))
                        .append(" |\n");
                md.append("| max | ").append(micros(stats.getMax())).append(" |\n");
                md.append("| samples (SampleTime) | ")
                        .append(String.format(Locale.ROOT, "%,d", stats.getN()))
                        .append(" |\n");
            }
            if (average != null) {
                var primary = average.getPrimaryResult();
                md.append("| mean (AverageTime) | ")
                        .append(micros(primary.getScore()))
                        .append(" ± ")
                        .append(micros(primary.getScoreError()))
                        .append(" (99.9 % confidence) |\n");
                md.append("| iteration means (AverageTime), lowest / highest | ")
                        .append(iterationSpread(average))
                        .append(" |\n");
            }
            RunResult any = sample != null ? sample : average;
            if (any != null) {
                BenchmarkParams params = any.getParams();
                md.append("| run | JMH ")
                        .append(params.getJmhVersion())
                        .append(", for each mode (SampleTime, AverageTime) ")
                        .append(count(params.getForks(), "fork"))
                        .append(", each ")
                        .append(params.getWarmup().getCount())
                        .append(" × ")
                        .append(params.getWarmup().getTime())
                        .append(" warm-up and ")
                        .append(params.getMeasurement().getCount())
                        .append(" × ")
                        .append(params.getMeasurement().getTime())
                        .append(" measured; ")
                        .append(count(params.getThreads(), "thread"))
                        .append("; JVM options `")
                        .append(String.join(" ", params.getJvmArgs()))
                        .append("` |\n");
                md.append("| JDK | ")
                        .append(params.getVmName())
                        .append(' ')
                        .append(params.getVmVersion())
                        .append(" (")
                        .append(params.getJdkVersion())
                        .append(") |\n");
            }
            md.append("| machine | ")
                    .append(Runtime.getRuntime().availableProcessors())
                    .append(" CPUs (")
                    .append(cpuModel())
                    .append("), ")
                    .append(memory())
                    .append(" |\n");
            md.append("| load average (1, 5, 15 min) before / after | ")
                    .append(loadBefore)
                    .append(" / ")
                    .append(loadAfter)
                    .append(" |\n");
            md.append("| CPU used by other processes during the run | ")
                    .append(
                            Double.isNaN(othersCpus)
                                    ? "unknown"
                                    : String.format(Locale.ROOT, "%.2f CPUs on average", othersCpus))
                    .append(" |\n");
            md.append("| installation | ").append(installation).append(" |\n\n");
            String busy = busy();
            if (busy != null) {
                md.append(busy).append("\n\n");
            }
            if (median == null) {
                md.append("**No SampleTime result**: the median could not be checked against the target.\n\n");
            }
            md.append(END);
            return md.toString();
        }

        // The load average lags by a minute and counts the benchmark itself; the CPU time other
        // processes used during the run says directly whether anything competed with it.
        private String busy() {
            if (othersCpus >= BUSY_CPUS) {
                return ("**The machine was busy during the run**: other processes used %.2f of its %d CPUs on average. "
                                + "Their work may have disturbed the figures, the tail percentiles first; "
                                + "compare with a run on a quiet machine.")
                        .formatted(othersCpus, Runtime.getRuntime().availableProcessors());
            }
            if (Double.isNaN(othersCpus)) {
                return "Whether other work competed with the run is unknown (no /proc/stat).";
            }
            return null;
        }

        private static String iterationSpread(RunResult result) {
            var means = new ArrayList<Double>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    means.add(iteration.getPrimaryResult().getScore());
                }
            }
            if (means.isEmpty()) {
                return "-";
            }
            double low = means.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double high = means.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            return micros(low) + " / " + micros(high) + " (" + count(means.size(), "iteration") + ")";
        }
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String micros(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f µs" : "%.1f µs", value);
    }

    static void writeInto(Path docs, String section) throws IOException {
        String text;
        if (Files.exists(docs)) {
            String old = Files.readString(docs, StandardCharsets.UTF_8);
            int begin = old.indexOf(BEGIN);
            int end = old.indexOf(END);
            text = begin >= 0 && end > begin
                    ? old.substring(0, begin) + section + old.substring(end + END.length())
                    : old + "\n## Authorization decision (JMH)\n\n" + section + "\n";
        } else {
            text = "# Performance\n\n## Authorization decision (JMH)\n\n" + section + "\n";
        }
        Files.writeString(docs, text, StandardCharsets.UTF_8);
    }

    static String loadAverage() {
        try {
            List<String> parts =
                    List.of(Files.readString(Path.of("/proc/loadavg")).split(" "));
            return String.join(", ", parts.subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse("unknown model");
        } catch (IOException | RuntimeException e) {
            return "unknown model";
        }
    }

    private static String memory() {
        try (var lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024) + " GiB memory")
                    .findFirst()
                    .orElse("memory unknown");
        } catch (IOException | RuntimeException e) {
            return "memory unknown";
        }
    }

    /**
     * The machine's busy CPU time and this process's own (with its finished children, the JMH forks),
     * from /proc, in clock ticks; NaN-producing when /proc is not there.
     */
    record CpuTicks(long machineBusy, long own, long nanos) {

        // Linux reports /proc times in USER_HZ, 100 on every common configuration.
        private static final double TICKS_PER_SECOND = 100.0;

        static CpuTicks now() {
            try {
                String[] cpu =
                        Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
                long busy = Long.parseLong(cpu[1])
                        + Long.parseLong(cpu[2])
                        + Long.parseLong(cpu[3])
                        + Long.parseLong(cpu[6])
                        + Long.parseLong(cpu[7])
                        + Long.parseLong(cpu[8]);
                String self = Files.readString(Path.of("/proc/self/stat"));
                String[] fields = self.substring(self.lastIndexOf(')') + 2).split(" ");
                // After the name: state is field 3; utime, stime, cutime, cstime are fields 14 to 17.
                long own = Long.parseLong(fields[11])
                        + Long.parseLong(fields[12])
                        + Long.parseLong(fields[13])
                        + Long.parseLong(fields[14]);
                return new CpuTicks(busy, own, System.nanoTime());
            } catch (IOException | RuntimeException e) {
                return new CpuTicks(-1, -1, System.nanoTime());
            }
        }

        /** The CPUs other processes kept busy on average since {@code before}. */
        double othersCpusSince(CpuTicks before) {
            if (machineBusy < 0 || before.machineBusy < 0 || nanos <= before.nanos) {
                return Double.NaN;
            }
            long others = (machineBusy - before.machineBusy) - (own - before.own);
            double seconds = (nanos - before.nanos) / 1e9;
            return Math.max(0, others / TICKS_PER_SECOND / seconds);
        }
    }
}
