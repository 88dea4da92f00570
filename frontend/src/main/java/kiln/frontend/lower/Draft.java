package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Span;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.Op;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.runtime.Tensor;

/**
 * The graph being built while a model is lowered. Types are inferred as each node is added (an op that
 * rejects its inputs throws {@link kiln.ir.graph.IrException} right there), but values get their Graph IR
 * names only in {@link #build}: parameters are named first, so a let-bound name can never take a
 * parameter's name. Results named by a let carry that name as a hint.
 */
final class Draft {
    /** More operations than any real model has; the bound keeps runaway loops from exhausting memory. */
    static final int MAX_NODES = 200_000;

    private record Named(String name, Sym sym) {
    }

    private record Pending(Op op, List<Sym> in, List<Sym> out) {
    }

    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> params = new ArrayList<>();
    private final List<Pending> nodes = new ArrayList<>();
    private final List<Named> outputs = new ArrayList<>();
    private final Map<Integer, String> hints = new HashMap<>();
    private final java.util.Set<Integer> produced = new java.util.HashSet<>();
    private final Map<Integer, List<Sym>> shared = new HashMap<>();
    private final Map<Integer, Constant> constants = new HashMap<>();
    private int next;

    Sym input(String name, TensorType type) {
        Sym s = new Sym(next++, type);
        inputs.add(new Named(name, s));
        return s;
    }

    Sym param(String name, TensorType type) {
        Sym s = new Sym(next++, type);
        params.add(new Named(name, s));
        return s;
    }

    void output(String name, Sym s) {
        outputs.add(new Named(name, s));
    }

    /** Adds a node; throws IrException when the op rejects its inputs. */
    List<Sym> add(Op op, List<Sym> in, Span at) {
        if (nodes.size() >= MAX_NODES) {
            throw new Abort(new Failure(Code.TOO_LARGE, at, "the model has more than " + MAX_NODES
                    + " operations; Kiln stops here"));
        }
        List<TensorType> types = op.inferTypes(in.stream().map(Sym::type).toList());
        List<Sym> out = new ArrayList<>();
        for (TensorType t : types) {
            Sym s = new Sym(next++, t);
            produced.add(s.id());
            out.add(s);
        }
        nodes.add(new Pending(op, in, out));
        return out;
    }

    /** A constant node, shared by every use of an equal constant (same dtype, shape and bits). */
    Sym constant(Tensor value, Span at) {
        int hash = java.util.Arrays.hashCode(value.shape()) * 31 + value.dtype().hashCode();
        hash = hash * 31 + java.util.Arrays.hashCode(value.data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        List<Sym> same = shared.computeIfAbsent(hash, k -> new ArrayList<>());
        for (Sym s : same) {
            if (constants.get(s.id()).value().contentEquals(value)) {
                return s;
            }
        }
        Constant c = new Constant(value);
        Sym s = add(c, List.of(), at).getFirst();
        constants.put(s.id(), c);
        same.add(s);
        return s;
    }

    /** Names a node result after a let, unless it is an input, a parameter, a constant or already named. */
    void hint(Sym s, String name) {
        if (produced.contains(s.id()) && !hints.containsKey(s.id()) && !constants.containsKey(s.id())) {
            hints.put(s.id(), name);
        }
    }

    int nodeCount() {
        return nodes.size();
    }

    Graph build(String name) {
        GraphBuilder b = new GraphBuilder(name);
        Map<Integer, Value> values = new HashMap<>();
        for (Named n : inputs) {
            values.put(n.sym().id(), b.input(n.name(), n.sym().type()));
        }
        for (Named n : params) {
            values.put(n.sym().id(), b.param(n.name(), n.sym().type()));
        }
        for (Pending p : nodes) {
            List<Value> in = p.in().stream().map(s -> values.get(s.id())).toList();
            // A let names the results of a multi-result node separately, which a builder hint cannot say.
            String hint = p.out().size() == 1 ? hints.get(p.out().getFirst().id()) : null;
            List<Value> out = b.addMulti(hint, p.op(), in);
            for (int i = 0; i < out.size(); i++) {
                values.put(p.out().get(i).id(), out.get(i));
            }
        }
        for (Named n : outputs) {
            b.output(n.name(), values.get(n.sym().id()));
        }
        return b.build();
    }
}
