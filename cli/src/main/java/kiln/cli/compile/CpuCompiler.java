package kiln.cli.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kiln.codegen.cpu.CpuBackend;
import kiln.codegen.cpu.JavaSource;
import kiln.codegen.cpu.StorageLayout;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Node;
import kiln.ir.loop.Program;
import kiln.passes.fusion.ProgramFusion;
import kiln.passes.graph.GraphPipelines;
import kiln.passes.graph.Model;
import kiln.passes.lower.Lowering;
import kiln.passes.memory.MemoryPlan;
import kiln.passes.memory.MemoryPlanner;
import kiln.passes.schedule.Target;
import kiln.runtime.Tensor;
import kiln.runtime.exec.ExecutionPlan;

/**
 * The CPU compile pipeline, from a Graph IR model and its weights to generated Java and the plan that runs it:
 * <ol>
 *   <li>optimise the graph at the options' level ({@link GraphPipelines}: folding, common subexpressions,
 *       dead code);</li>
 *   <li>bind the batch size (static shapes from here on);</li>
 *   <li>lower every node to the naive kernels of its compute definition ({@link Lowering});</li>
 *   <li>fuse pointwise kernels into the kernels that produce their inputs ({@link ProgramFusion});</li>
 *   <li>schedule every kernel for the target machine and run the loop passes, packing constant weights into
 *       the layouts the schedules ask for at compile time ({@link KernelScheduling});</li>
 *   <li>plan the activations' memory: one arena per element type ({@link MemoryPlanner});</li>
 *   <li>generate the Java of the kernels and link the execution plan over the memory plan ({@link CpuBackend}).</li>
 * </ol>
 * The result runs in this process ({@link Compilation#executor}) or goes into a model jar ({@link ModelJar}).
 * Everything is deterministic: the same model, weights and options give the same source and plan.
 */
public final class CpuCompiler {
    private CpuCompiler() {
    }

    public static Compilation compile(Graph graph, Map<String, Tensor> weights, CompileOptions options) {
        Model optimized = GraphPipelines.optimize(new Model(graph, weights), options.level());
        boolean symbolic = !optimized.graph().isStatic();
        Graph bound = symbolic ? optimized.graph().bindBatch(options.batch()) : optimized.graph();
        Map<String, Node> origins = new HashMap<>();
        Program lowered = Lowering.lower(bound, optimized.weights(), (kernel, node) -> origins.put(kernel.name(), node));
        if (options.verify()) {
            KernelScheduling.verify(lowered, "lowering");
        }
        Map<String, List<String>> fusedFrom = new HashMap<>();
        Program fused = ProgramFusion.fuse(lowered, fusedFrom::put);
        if (options.verify()) {
            KernelScheduling.verify(fused, "fusion");
        }
        Target target = Target.host();
        Program scheduled = KernelScheduling.run(fused, target, options.verify());
        MemoryPlan memory = MemoryPlanner.plan(scheduled);
        StorageLayout layout = s -> {
            MemoryPlan.Placement p = memory.placement(s);
            return p == null ? -1 : p.offset();
        };
        JavaSource source = CpuBackend.emit(scheduled, target.vectorBits());
        ExecutionPlan plan = CpuBackend.link(scheduled, layout);
        Map<String, List<Node>> nodes = new HashMap<>();
        for (String kernel : source.kernelNames()) {
            List<Node> from = new ArrayList<>();
            for (String part : fusedFrom.getOrDefault(kernel, List.of(kernel))) {
                Node n = origins.get(part);
                if (n != null) {
                    from.add(n);
                }
            }
            nodes.put(kernel, from);
        }
        return new Compilation(bound, symbolic ? options.batch() : 0, target.vectorBits(), scheduled, memory, source,
                plan, KernelOrigins.describe(source.kernelNames(), nodes));
    }
}
