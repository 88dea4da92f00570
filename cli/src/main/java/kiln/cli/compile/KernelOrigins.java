package kiln.cli.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kiln.ir.graph.Node;
import kiln.ir.graph.Value;
import kiln.runtime.model.KernelInfo;

/**
 * What each kernel computes, for a model's metadata: the Graph IR nodes (of the optimised graph) that lowering
 * made its parts from, in order — one node, several once fusion has combined kernels, none for a kernel the
 * compiler added (a copy into an output).
 */
final class KernelOrigins {
    private KernelOrigins() {
    }

    static List<KernelInfo> describe(List<String> kernelNames, Map<String, List<Node>> nodes) {
        List<KernelInfo> out = new ArrayList<>();
        for (String name : kernelNames) {
            out.add(new KernelInfo(name, nodes.getOrDefault(name, List.of()).stream().map(KernelOrigins::origin).toList()));
        }
        return out;
    }

    private static KernelInfo.Origin origin(Node n) {
        return new KernelInfo.Origin(n.op().name(), String.join(", ", n.outputs().stream().map(Value::name).toList()),
                n.inputs().stream().map(v -> v.type().toString()).toList(),
                n.outputs().stream().map(v -> v.type().toString()).toList());
    }
}
