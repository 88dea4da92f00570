package kiln.cli.compile;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopVerifier;
import kiln.ir.loop.Program;
import kiln.passes.loop.LoopPipeline;
import kiln.passes.schedule.ProgramScheduler;
import kiln.passes.schedule.Target;

/**
 * Schedules every kernel of a program for a target ({@link ProgramScheduler}: {@code DefaultScheduler} per
 * kernel, with constant weights packed at compile time into the layouts the schedules read), then runs the
 * loop passes ({@link LoopPipeline#STANDARD}) on each kernel.
 *
 * <p>Requires: a lowered program. Establishes: the same outputs, every kernel scheduled, through the loop
 * passes and verified; with {@code verify}, each loop pass is verified too.
 */
final class KernelScheduling {
    private KernelScheduling() {
    }

    static Program run(Program p, Target target, boolean verify) {
        Program scheduled = ProgramScheduler.run(p, target);
        if (verify) {
            verify(scheduled, "scheduling");
        }
        Map<Kernel, Kernel> done = new IdentityHashMap<>();
        List<Program.Call> calls = new ArrayList<>();
        for (Program.Call c : scheduled.calls()) {
            Kernel k = done.computeIfAbsent(c.kernel(),
                    x -> verify ? LoopPipeline.STANDARD.runVerified(x) : LoopPipeline.STANDARD.run(x));
            calls.add(new Program.Call(k, c.args()));
        }
        return new Program(scheduled.name(), scheduled.storage(), calls, scheduled.inputs(), scheduled.outputs());
    }

    /** Verifies every kernel of {@code p}; a failure names the stage that made the kernel. */
    static void verify(Program p, String stage) {
        Set<Kernel> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Program.Call c : p.calls()) {
            if (seen.add(c.kernel())) {
                try {
                    LoopVerifier.verify(c.kernel());
                } catch (RuntimeException e) {
                    throw new IllegalStateException("after " + stage + ", kernel " + c.kernel().name() + " is ill-formed: "
                            + e.getMessage(), e);
                }
            }
        }
    }
}
