package kiln.passes.lower;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Stmt;

/**
 * The loop nest shared by every op that maps elements to elements: a result written in C order, each
 * operand read at an affine position of the same loop indices. Broadcasting (stride 0), transposition
 * (permuted strides) and strided slices are all such positions.
 *
 * <p>Axes of size 1 are dropped and neighbouring axes that every access walks contiguously are merged, so
 * a same-shape elementwise op is one flat loop and a per-channel broadcast is two loops, whatever the rank.
 */
final class Elementwise {
    private Elementwise() {
    }

    /** A buffer read or written at {@code offset + Σ index[d]·strides[d]}. */
    record Access(Buffer buffer, long[] strides, long offset) {
        Access(Buffer buffer, long[] strides) {
            this(buffer, strides, 0);
        }
    }

    /** What each element of the result is, from the loaded operands (let-bound, in the order given). */
    @FunctionalInterface
    interface Body {
        Expr value(Lets lets, List<Expr> operands);
    }

    /**
     * {@code out[i] = body(in_0[i], in_1[i], ...)} for every index {@code i} of {@code dims}. The loaded
     * operands are bound to variables named after their buffers.
     */
    static Stmt map(Names names, long[] dims, Access out, List<Access> ins, Body body) {
        List<Access> all = new ArrayList<>();
        all.add(out);
        all.addAll(ins);
        Coalesced c = coalesce(dims, all);
        Nest nest = Nest.over(names, "i", c.dims);
        Lets lets = new Lets(names);
        List<Expr> operands = new ArrayList<>();
        for (int k = 0; k < ins.size(); k++) {
            Access a = ins.get(k);
            operands.add(lets.let(a.buffer().name() + "_v", Exprs.load(a.buffer(),
                    Exprs.affine(nest.index(), c.strides.get(k + 1), a.offset()))));
        }
        Expr value = body.value(lets, operands);
        Expr at = Exprs.affine(nest.index(), c.strides.getFirst(), out.offset());
        return nest.wrap(lets.wrap(Exprs.store(out.buffer(), at, value)));
    }

    /** Axes after dropping size-1 axes and merging axes that all accesses traverse contiguously. */
    record Coalesced(long[] dims, List<long[]> strides) {
    }

    static Coalesced coalesce(long[] dims, List<Access> accesses) {
        List<Long> d = new ArrayList<>();
        List<List<Long>> s = new ArrayList<>();
        accesses.forEach(a -> s.add(new ArrayList<>()));
        for (int axis = 0; axis < dims.length; axis++) {
            if (dims[axis] == 1) {
                continue;
            }
            int last = d.size() - 1;
            boolean merge = last >= 0;
            for (int k = 0; k < accesses.size() && merge; k++) {
                merge = s.get(k).get(last) == accesses.get(k).strides()[axis] * dims[axis];
            }
            if (merge) {
                d.set(last, d.get(last) * dims[axis]);
                for (int k = 0; k < accesses.size(); k++) {
                    s.get(k).set(last, accesses.get(k).strides()[axis]);
                }
            } else {
                d.add(dims[axis]);
                for (int k = 0; k < accesses.size(); k++) {
                    s.get(k).add(accesses.get(k).strides()[axis]);
                }
            }
        }
        List<long[]> strides = new ArrayList<>();
        for (List<Long> list : s) {
            strides.add(list.stream().mapToLong(Long::longValue).toArray());
        }
        return new Coalesced(d.stream().mapToLong(Long::longValue).toArray(), strides);
    }

    /** C-order strides, in elements, of a tensor of shape {@code dims}. */
    static long[] strides(int[] dims) {
        long[] s = new long[dims.length];
        long stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= dims[i];
        }
        return s;
    }

    /**
     * The strides with which a tensor of shape {@code in} is read when numpy-broadcast to {@code out}:
     * aligned to the right, 0 where {@code in} has size 1 or no axis at all.
     */
    static long[] broadcastStrides(int[] in, int[] out) {
        long[] own = strides(in);
        long[] b = new long[out.length];
        int shift = out.length - in.length;
        for (int i = 0; i < in.length; i++) {
            b[i + shift] = in[i] == 1 && out[i + shift] != 1 ? 0 : own[i];
        }
        return b;
    }

    /** {@code strides} with every stride doubled and a trailing axis of stride 1: a c64 tensor as f32 pairs. */
    static long[] pairs(long[] strides) {
        long[] out = new long[strides.length + 1];
        for (int i = 0; i < strides.length; i++) {
            out[i] = 2 * strides[i];
        }
        out[strides.length] = 1;
        return out;
    }

    /** {@code dims} with a trailing axis of 2: the shape of a c64 tensor's f32 pairs. */
    static long[] pairs(int[] dims) {
        long[] out = new long[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i];
        }
        out[dims.length] = 2;
        return out;
    }
}
