package kiln.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import kiln.runtime.exec.Parallel;

/**
 * Kiln's CPU benchmark suite ({@code bench/run [--quick] [--threads N] [FILTER]}): measures this machine's FMA
 * peak and DRAM bandwidth, then times Kiln against ONNX Runtime on single layers and whole models, checks that
 * they agree, times a model jar's start-up, and prints the findings as Markdown (also written to
 * {@code bench/target/bench.md}).
 */
public final class Bench {
    private Bench() {
    }

    /**
     * How much to measure.
     *
     * @param filter       a regular expression: only workloads whose name contains a match (empty: all), so
     *                     {@code dw} and {@code conv3x3|bottleneck} both work
     * @param quick        a short run: fewer rounds, shorter warm-up caps
     * @param threads      threads for both engines and the ceilings
     * @param rounds       alternating rounds (one window of each engine per round); fewer when a workload's
     *                     rounds have taken {@code roundsCap} seconds (a whole model still in slow code)
     * @param layerCap     warm-up cap of a single layer, seconds
     * @param modelCap     warm-up cap of a whole model, seconds
     * @param roundsCap    time after which no further round starts, seconds
     */
    record Options(String filter, boolean quick, int threads, int rounds, double layerCap, double modelCap,
            double roundsCap) {
        static Options parse(String... args) {
            String filter = "";
            boolean quick = false;
            int threads = 2;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--threads" -> {
                        threads = i + 1 < args.length && args[i + 1].matches("[1-9][0-9]{0,3}")
                                ? Integer.parseInt(args[++i]) : 0;
                        if (threads == 0) {
                            throw new IllegalArgumentException("--threads needs a positive number; " + USAGE);
                        }
                    }
                    case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                    default -> {
                        if (args[i].startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
                        }
                        filter = args[i];
                        try {
                            Pattern.compile(filter);
                        } catch (PatternSyntaxException e) {
                            throw new IllegalArgumentException("FILTER is not a regular expression: "
                                    + e.getDescription() + "; " + USAGE);
                        }
                    }
                }
            }
            return quick ? new Options(filter, true, threads, 3, 8, 20, 10)
                    : new Options(filter, false, threads, 5, 20, 75, 30);
        }

        boolean wants(String name) {
            return Pattern.compile(filter).matcher(name).find();
        }
    }

    /** Warm-up windows: short in runs, since a whole model's first runs take seconds each in barely compiled code. */
    private static final Sampler WARM_UP = new Sampler(3, 0.5, 5);
    /** Timed windows: one per engine per round. */
    private static final Sampler SAMPLER = new Sampler(3, 0.25, 3);
    private static final String JAR_MODEL = "convnext_block";
    static final String USAGE = "usage: bench/run [--quick] [--threads N] [FILTER]";

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        long start = System.nanoTime();
        Path root = Path.of(System.getProperty("kiln.root", ".")).toAbsolutePath().normalize();
        Parallel.setThreads(o.threads());
        System.out.printf(Locale.ROOT, "Kiln benchmark suite%s: %s, %d cores, %d threads, Java %s%n",
                o.quick() ? " (quick)" : "", Machine.cpu(), Runtime.getRuntime().availableProcessors(), o.threads(),
                Runtime.version());

        Ceilings ceilings = ceilings(o);
        System.out.print(Report.ceilings(ceilings, o.threads()));

        List<Planned> planned = new ArrayList<>();
        for (Workload w : Layers.all()) {
            planned.add(new Planned(w.name(), false, () -> w));
        }
        planned.addAll(Models.all(root));
        List<Result> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Planned p : planned) {
            if (!o.wants(p.name())) {
                continue;
            }
            try {
                Result r = run(p.build().call(), o, p.wholeModel() ? o.modelCap() : o.layerCap());
                results.add(r);
            } catch (Exception | LinkageError e) {
                failures.add(p.name() + ": " + e);
                System.out.println(p.name() + ": FAILED: " + e);
            }
        }

        JarStartup.Result startup = null;
        String jarName = JAR_MODEL + ".jar";
        if (o.wants(jarName)) {
            try {
                startup = startup(root, o);
            } catch (Exception e) {
                failures.add(jarName + ": " + e);
                System.out.println(jarName + ": FAILED: " + e);
            }
        }

        ceilings = ceilings.max(ceilings(o));
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Machine: %s, %d cores, %d threads for each engine; Java %s.%n%n",
                Machine.cpu(), Runtime.getRuntime().availableProcessors(), o.threads(), Runtime.version()));
        md.append(Report.ceilings(ceilings, o.threads())).append('\n');
        if (!results.isEmpty()) {
            md.append(Report.workloads(results, ceilings)).append('\n').append(Report.LEGEND).append('\n');
        }
        if (startup != null) {
            md.append(Report.startup(startup)).append('\n');
        }
        for (String f : failures) {
            md.append("- FAILED ").append(f).append('\n');
        }
        md.append(String.format(Locale.ROOT, "Whole run: %.0f s%s.%n", (System.nanoTime() - start) / 1e9,
                o.quick() ? " (--quick)" : ""));
        System.out.println();
        System.out.print(md);
        Path out = root.resolve("bench").resolve("target").resolve("bench.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.out.println("written to " + root.relativize(out));
        System.exit(failures.isEmpty() && results.stream().allMatch(Result::agrees) ? 0 : 3);
    }

    private static Ceilings ceilings(Options o) {
        int windows = o.quick() ? 3 : 5;
        return new Ceilings(FmaPeak.measure(1, windows), FmaPeak.measure(o.threads(), windows),
                Bandwidth.measure(o.threads(), windows));
    }

    /** Compiles and checks both engines on {@code w}, warms each up, then times them in alternating rounds. */
    static Result run(Workload w, Options o, double warmUpCap) throws Exception {
        KilnEngine kiln = new KilnEngine(w, o.threads());
        try (OrtEngine ort = new OrtEngine(w, o.threads())) {
            Sampler.WarmUp kilnWarm = WARM_UP.warmUp(kiln::run, Stability.DEFAULT, warmUpCap);
            WARM_UP.warmUp(ort::run, Stability.DEFAULT, warmUpCap);
            List<Double> kilnMs = new ArrayList<>();
            List<Double> ortMs = new ArrayList<>();
            long roundsStart = System.nanoTime();
            for (int r = 0; r < o.rounds() && (r == 0 || (System.nanoTime() - roundsStart) / 1e9 < o.roundsCap()); r++) {
                SAMPLER.window(ort::run, ortMs);
                SAMPLER.window(kiln::run, kilnMs);
            }
            double error = Agreement.worst(ort.outputs(), kiln.outputs());
            long allocated = kiln.allocatedPerRun(Samples.of(kilnMs).median() < 100 ? 5 : 1);
            Result result = new Result(w.name(), w.cost(), Samples.of(kilnMs), Samples.of(ortMs), error, kilnWarm,
                    kiln.compileSeconds);
            System.out.printf(Locale.ROOT, "%-20s Kiln %s ms (best %s), ONNX Runtime %s ms: %.2f×, error %.1e%s; "
                    + "Kiln compiled in %.1f s, warm-up %.1f s (%d runs, first %s ms)%s, %d timed runs, %d bytes allocated per "
                    + "run%n", w.name(),
                    MarkdownTable.ms(result.kiln().median()), MarkdownTable.ms(result.kiln().best()),
                    MarkdownTable.ms(result.ort().median()), result.ratio(), error, result.agrees() ? "" : " DISAGREE",
                    kiln.compileSeconds, kilnWarm.seconds(), kilnWarm.runs(), MarkdownTable.ms(kilnWarm.firstMs()),
                    kilnWarm.stable() ? "" : ", not settled at the cap", kilnMs.size(), allocated);
            return result;
        }
    }

    private static JarStartup.Result startup(Path root, Options o) throws Exception {
        Workload w = Models.onnx(JAR_MODEL, root.resolveSibling("shared").resolve("models").resolve(JAR_MODEL));
        Map<String, float[]> expected;
        try (OrtEngine ort = new OrtEngine(w, o.threads())) {
            expected = ort.outputs();
        }
        JarStartup.Result s = JarStartup.measure(w, expected, root.resolve("bench").resolve("target").resolve("jar"),
                3, WARM_UP, SAMPLER, o.modelCap(), o.rounds());
        System.out.printf(Locale.ROOT, "%-20s java -jar to first output %s ms (best of 3, output error %.1e); steady "
                + "state %s ms (best %s) after %.1f s of warm-up%n", s.name(), MarkdownTable.ms(s.coldMs()), s.error(),
                MarkdownTable.ms(s.steady().median()), MarkdownTable.ms(s.steady().best()), s.warmUp().seconds());
        return s;
    }
}
