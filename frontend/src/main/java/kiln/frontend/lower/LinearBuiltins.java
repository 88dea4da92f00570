package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import kiln.frontend.diag.Code;
import kiln.ir.graph.Conv;
import kiln.ir.graph.Gemm;
import kiln.ir.graph.Linear;
import kiln.ir.graph.MatMul;

/** Convolutions (PyTorch's conventions: stride, padding, dilation, groups), linear layers and matrix products. */
final class LinearBuiltins {
    private LinearBuiltins() {
    }

    private static final String CONV = "x, weight, bias=none, stride=1, padding=0, dilation=1, groups=1";

    static void register(Builtins b) {
        b.add("conv", CONV, a -> conv(a, 0));
        b.add("conv1d", CONV, a -> conv(a, 1));
        b.add("conv2d", CONV, a -> conv(a, 2));
        b.add("conv3d", CONV, a -> conv(a, 3));
        b.add("linear", "x, weight, bias=none", a -> {
            Sym bias = a.optTensor("bias");
            return Args.tensor(bias == null ? a.op(new Linear(), a.tensor("x"), a.tensor("weight"))
                    : a.op(new Linear(), a.tensor("x"), a.tensor("weight"), bias));
        });
        b.add("matmul", "x, y", a -> Args.tensor(a.op(new MatMul(), a.tensor("x"), a.tensor("y"))));
        b.add("gemm", "a, b, c=none, alpha=1.0, beta=1.0, trans_a=false, trans_b=false", a -> {
            Gemm g = new Gemm(a.number("alpha"), a.number("beta"), a.bool("trans_a"), a.bool("trans_b"));
            Sym c = a.optTensor("c");
            return Args.tensor(c == null ? a.op(g, a.tensor("a"), a.tensor("b")) : a.op(g, a.tensor("a"), a.tensor("b"),
                    c));
        });
    }

    /** A convolution of {@code rank} spatial axes, or as many as the weight has when rank is 0. */
    private static Val conv(Args a, int rank) {
        Sym x = a.tensor("x");
        Sym w = a.tensor("weight");
        Sym bias = a.optTensor("bias");
        int s = rank > 0 ? rank : w.type().rank() - 2;
        if (s < 1) {
            throw a.fail("weight", Code.BAD_VALUE, "a convolution weight is [out, in/groups, kernel...], of rank 3 or"
                    + " more; got " + w.type());
        }
        List<Integer> stride = a.ints("stride", s);
        List<Integer> dilation = a.ints("dilation", s);
        List<List<Integer>> pads = padding(a, s, w, stride, dilation);
        Conv op = new Conv(stride, pads.get(0), pads.get(1), dilation, a.smallInt("groups"));
        return Args.tensor(bias == null ? a.op(op, x, w) : a.op(op, x, w, bias));
    }

    /**
     * Begin and end padding per spatial axis from {@code padding}: an int or one int per axis (both sides),
     * 2·s ints (all begins, then all ends), {@code "valid"} (none) or {@code "same"} (output as large as the
     * input at stride 1; an odd total puts the extra element at the end, as PyTorch does).
     */
    static List<List<Integer>> padding(Args a, int s, Sym w, List<Integer> stride, List<Integer> dilation) {
        if (a.isString("padding")) {
            String mode = a.choice("padding", List.of("same", "valid"));
            List<Integer> begin = new ArrayList<>(Collections.nCopies(s, 0));
            List<Integer> end = new ArrayList<>(Collections.nCopies(s, 0));
            if (mode.equals("same")) {
                if (stride.stream().anyMatch(v -> v != 1)) {
                    throw a.fail("padding", Code.BAD_VALUE, "padding=\"same\" needs stride 1, got stride " + stride);
                }
                if (w.type().rank() != s + 2) {
                    throw a.fail("weight", Code.BAD_VALUE, "a " + s + "-d convolution needs a weight of rank " + (s + 2)
                            + ", got " + w.type());
                }
                for (int i = 0; i < s; i++) {
                    int total = dilation.get(i) * (w.type().dim(i + 2) - 1);
                    begin.set(i, total / 2);
                    end.set(i, total - total / 2);
                }
            }
            return List.of(begin, end);
        }
        List<Integer> p = a.intList("padding");
        if (p.size() == 1) {
            List<Integer> all = Collections.nCopies(s, p.getFirst());
            return List.of(all, all);
        }
        if (p.size() == s) {
            return List.of(p, p);
        }
        if (p.size() == 2 * s) {
            return List.of(p.subList(0, s), p.subList(s, 2 * s));
        }
        throw a.fail("padding", Code.BAD_VALUE, "padding of a " + s + "-d convolution is an int, " + s + " ints, " + 2 * s
                + " ints (begins, then ends), \"same\" or \"valid\"; got " + p.size() + " ints");
    }
}
