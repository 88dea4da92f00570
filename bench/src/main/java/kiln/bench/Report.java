package kiln.bench;

import java.util.List;
import java.util.Locale;

/** The suite's findings as Markdown: the machine's ceilings, the workload table, the model jar's start-up. */
final class Report {
    private Report() {
    }

    static String ceilings(Ceilings c, int threads) {
        return String.format(Locale.ROOT, "FMA peak (f32, %d lanes): %.1f GFLOP/s on 1 thread, **%.1f GFLOP/s on %d "
                + "threads** (the ceiling); DRAM bandwidth (triad, %d threads): **%.1f GB/s**; ridge point %.1f flop/byte.%n",
                FmaPeak.lanes(), c.fma1(), c.fma(), threads, threads, c.bandwidth(), c.ridge());
    }

    static String workloads(List<Result> results, Ceilings c) {
        MarkdownTable t = new MarkdownTable("workload", ">Kiln ms (median)", ">Kiln ms (best)", ">ORT ms (median)",
                ">ORT ms (best)", ">ORT / Kiln", ">Kiln GFLOP/s", ">% FMA peak", ">% roofline", "bound", ">error", ">Kiln warm-up s");
        for (Result r : results) {
            Ceilings.Roofline floor = c.roofline(r.cost());
            t.row(r.name(), MarkdownTable.ms(r.kiln().median()), MarkdownTable.ms(r.kiln().best()),
                    MarkdownTable.ms(r.ort().median()), MarkdownTable.ms(r.ort().best()),
                    MarkdownTable.fixed(r.ratio(), 2) + "×",
                    MarkdownTable.fixed(r.gflops(), 1), MarkdownTable.percent(r.gflops() / c.fma()),
                    MarkdownTable.percent(floor.ms() / r.kiln().median()), floor.bound().text,
                    String.format(Locale.ROOT, "%.1e", r.error()) + (r.agrees() ? "" : " **DISAGREE**"),
                    MarkdownTable.fixed(r.warmUp().seconds(), 1) + (r.warmUp().stable() ? "" : " (cap)"));
        }
        return t.render();
    }

    static String startup(JarStartup.Result s) {
        MarkdownTable t = new MarkdownTable("model jar", ">java -jar to first output, ms (best of 3)",
                ">steady state ms (median)", ">steady state ms (best)", ">warm-up s");
        t.row(s.name(), MarkdownTable.ms(s.coldMs()), MarkdownTable.ms(s.steady().median()),
                MarkdownTable.ms(s.steady().best()),
                MarkdownTable.fixed(s.warmUp().seconds(), 1) + (s.warmUp().stable() ? "" : " (cap)"));
        return t.render();
    }

    static final String LEGEND = """
            Times are per inference, batch 1, f32, with the same inputs for both engines, in alternating rounds after \
            each engine's warm-up. ORT / Kiln is ONNX Runtime's median over Kiln's: above 1 Kiln is faster. GFLOP/s \
            counts 2 × the multiply-adds of convolutions and matrix products, at Kiln's median. The roofline time is \
            max(flops / FMA peak, least bytes / bandwidth), least bytes being inputs, weights and outputs once; \
            "bound" says which term is larger, and % roofline is that time over Kiln's median. Error is the \
            normwise relative error of Kiln's outputs against ONNX Runtime's (the suite accepts up to 1e-4). \
            "(cap)" marks a warm-up that hit its time cap before the time settled.
            """;
}
