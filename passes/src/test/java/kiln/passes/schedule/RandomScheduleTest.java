package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.LoopVerifier;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import org.junit.jupiter.api.Test;

/**
 * Every primitive keeps what a kernel computes, bit for bit, at every vector width: random naive kernels
 * get random sequences of primitives (those that do not apply throw {@link ScheduleException} and are
 * skipped), and after each step the kernel verifies and computes what the naive kernel did.
 */
class RandomScheduleTest {
    private static final long SEED = 60601;
    private static final int KERNELS = 150;
    private static final int STEPS = 8;

    @Test
    void primitivesPreserveResults() {
        int applied = 0;
        int[] byKind = new int[7];
        for (int c = 0; c < KERNELS; c++) {
            long seed = SEED + c;
            Random rnd = new Random(seed);
            Kernel naive = new NaiveKernels(seed).any();
            Kernel k = naive;
            List<String> history = new ArrayList<>();
            for (int s = 0; s < STEPS; s++) {
                Step step = randomStep(k, rnd);
                if (step == null) {
                    continue;
                }
                Kernel next;
                try {
                    next = step.apply(k);
                } catch (ScheduleException e) {
                    continue;
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + seed + ": " + step.text() + " failed after " + history + " on\n"
                            + LoopPrinter.print(k), e);
                }
                history.add(step.text());
                try {
                    LoopVerifier.verify(next);
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + seed + ": " + history + " gives an ill-formed kernel\n"
                            + LoopPrinter.print(next), e);
                }
                Runs.assertSame(naive, next, seed, "schedule " + history);
                applied++;
                byKind[kindIndex(step)]++;
                k = next;
            }
        }
        // The generator must exercise every primitive, or the test proves little.
        for (int i = 0; i < byKind.length; i++) {
            if (byKind[i] < 5) {
                throw new AssertionError("primitive #" + i + " applied only " + byKind[i] + " times of " + applied);
            }
        }
    }

    private static int kindIndex(Step s) {
        return switch (s) {
            case Split x -> 0;
            case Reorder x -> 1;
            case Fuse x -> 2;
            case Vectorize x -> 3;
            case Unroll x -> 4;
            case Parallel x -> 5;
            case TileAccumulator x -> 6;
            case Inline x -> throw new AssertionError();
            case ComputeAt x -> throw new AssertionError();
            case Pack x -> throw new AssertionError();
            case ReorderReduction x -> throw new AssertionError();
            case IndexSplit x -> throw new AssertionError();
            case ZeroPad x -> throw new AssertionError();
            case WidenTile x -> throw new AssertionError();
            case ZeroFill x -> throw new AssertionError();
            case Stage x -> throw new AssertionError();
        };
    }

    /** A random step on a random loop of k (or null when k has no loop). */
    static Step randomStep(Kernel k, Random rnd) {
        List<LoopSites.Site> sites = LoopSites.all(k);
        if (sites.isEmpty()) {
            return null;
        }
        LoopSites.Site site = sites.get(rnd.nextInt(sites.size()));
        String name = site.loop().var().name();
        return switch (rnd.nextInt(9)) {
            case 0, 1 -> {
                Expr lanes = new Expr.Lanes(ScalarType.F32);
                Expr factor = switch (rnd.nextInt(4)) {
                    case 0 -> lanes;
                    case 1 -> new Expr.Bin(kiln.ir.loop.BinOp.MUL, lanes, new Expr.IntImm(ScalarType.I32, 2));
                    default -> new Expr.IntImm(ScalarType.I32, 2 + rnd.nextInt(4));
                };
                yield new Split(name, factor);
            }
            case 2 -> {
                Band band = Band.from(site.loop());
                List<String> names = new ArrayList<>();
                band.loops().forEach(f -> names.add(f.var().name()));
                if (names.size() < 2) {
                    yield null;
                }
                java.util.Collections.shuffle(names, rnd);
                yield new Reorder(names.subList(0, 2 + rnd.nextInt(names.size() - 1)));
            }
            case 3 -> site.loop().body() instanceof Stmt.For inner ? new Fuse(name, inner.var().name()) : null;
            case 4 -> new Vectorize(name);
            case 5 -> new Unroll(name);
            case 6 -> new Parallel(name);
            default -> site.loop().kind() == LoopKind.SERIAL ? new TileAccumulator(name) : new Vectorize(name);
        };
    }
}
