package kiln.frontend.lower;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Diagnostic;
import kiln.frontend.diag.Diagnostics;
import kiln.frontend.diag.Span;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Op;
import kiln.ir.graph.TensorType;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/** The state of one lowering: the draft graph, the diagnostics, the parameters declared so far, the limits. */
final class Context {
    /** Statements and loop iterations executed; far more than any real model needs. */
    static final long MAX_STEPS = 5_000_000;
    /** Block instances nested inside each other. */
    static final int MAX_DEPTH = 64;
    /** Elements of a list or of a constant tensor made by the model. */
    static final int MAX_ELEMENTS = 1 << 24;

    /**
     * Where a parameter or input name was declared, the block instantiation that declared it (null at model
     * level), and its tensor.
     */
    record Declared(String kind, Span at, Span instance, Sym sym) {
    }

    final Draft draft = new Draft();
    final Diagnostics diagnostics;
    final Builtins builtins;
    final Map<String, Declared> names = new LinkedHashMap<>();
    /** Statements and calls the resolver found wrong (by identity): skipped, what they define poisoned. */
    final java.util.Set<Object> broken;
    private long steps;

    Context(Diagnostics diagnostics, Builtins builtins, java.util.Set<Object> broken) {
        this.diagnostics = diagnostics;
        this.builtins = builtins;
        this.broken = broken;
    }

    void step(Span at) {
        if (++steps > MAX_STEPS) {
            throw new Abort(new Failure(Code.TOO_MANY_STEPS, at, "lowering the model takes more than " + MAX_STEPS
                    + " steps; a loop probably runs far longer than intended"));
        }
    }

    void report(Frame frame, Failure f) {
        report(frame, f.code(), f.span(), f.getMessage());
    }

    void report(Frame frame, Code code, Span span, String message) {
        diagnostics.report(new Diagnostic(code, span, message, frame.trace));
    }

    /**
     * Adds an operator node for a call of {@code callee} at {@code at}; an op that rejects its inputs (or
     * its attributes) is a located K0501 naming the call and every input type.
     */
    List<Sym> node(Op op, List<Sym> in, Span at, String callee) {
        try {
            return draft.add(op, in, at);
        } catch (IrException e) {
            throw rejected(e, op.name(), in.stream().map(Sym::type).toList(), at, callee);
        }
    }

    Sym node1(Op op, List<Sym> in, Span at, String callee) {
        return node(op, in, at, callee).getFirst();
    }

    static Failure rejected(IrException e, String irName, List<TensorType> inputs, Span at, String callee) {
        String message = e.getMessage();
        if (message.startsWith(irName + ": ")) {
            message = message.substring(irName.length() + 2);
        }
        String types = inputs.isEmpty() ? "" : " (input" + (inputs.size() == 1 ? " " : "s ")
                + inputs.stream().map(TensorType::toString).collect(Collectors.joining(", ")) + ")";
        return new Failure(Code.OP_REJECTS_INPUTS, at, callee + ": " + message + types);
    }

    /** A constant scalar of the given dtype. */
    Sym scalar(DType dtype, double value, Span at) {
        return draft.constant(Tensor.of(dtype, new int[0], dtype.isComplex() ? new double[] {value, 0}
                : new double[] {value}), at);
    }

    Sym constant(Tensor t, Span at) {
        return draft.constant(t, at);
    }
}
