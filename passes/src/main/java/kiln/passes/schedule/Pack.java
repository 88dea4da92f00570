package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.Mutator;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;

/**
 * {@code pack(w, [d0, d1, ...], [p0, p1, ...])} and {@code pack(w, dims, order, axis, block)}: the kernel
 * reads the buffer w in another layout. w is viewed as a row-major array of the given dims; the packed
 * buffer holds the same elements with the dims in the given order, optionally with one axis split into
 * blocks of {@code block} elements whose inner part becomes the innermost dim (blocked channels, NCHW16c;
 * a last partial block is padded with zeros). Every read of w becomes a read of the packed buffer, which
 * replaces w among the parameters; {@link #packer} is the kernel that fills it from w.
 *
 * <p>This is how weight packing is expressed: weights are constants, so the compiler runs the packer once
 * at compile time and stores the packed weights, and the schedule then sees unit-stride reads where the
 * original layout had strided ones ({@code pack(w, [out, in], [1, 0])} makes a linear layer's weight
 * columns contiguous along the output features).
 */
public record Pack(String buffer, List<Long> dims, List<Integer> order, Integer axis, Integer block) implements Step {

    public Pack {
        dims = List.copyOf(dims);
        order = List.copyOf(order);
        List<Integer> sorted = new ArrayList<>(order);
        sorted.sort(null);
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i) != i) {
                throw new ScheduleException("pack(" + buffer + "): " + order + " is not an order of " + dims.size() + " dims");
            }
        }
        if (sorted.size() != dims.size() || dims.stream().anyMatch(d -> d < 1)) {
            throw new ScheduleException("pack(" + buffer + "): dims " + dims + " and order " + order + " do not match");
        }
        if ((axis == null) != (block == null) || (axis != null && (axis < 0 || axis >= dims.size() || block < 1))) {
            throw new ScheduleException("pack(" + buffer + "): a block needs an axis among the dims and a positive size");
        }
    }

    /** The dims in a new order, without blocking. */
    public static Pack permute(String buffer, List<Long> dims, List<Integer> order) {
        return new Pack(buffer, dims, order, null, null);
    }

    /** The packed layout's dims, outermost first. */
    public List<Long> packedDims() {
        List<Long> out = new ArrayList<>();
        for (int p : order) {
            out.add(axis != null && p == axis ? ceilDiv(dims.get(p), block) : dims.get(p));
        }
        if (axis != null) {
            out.add((long) block);
        }
        return out;
    }

    public long packedSize() {
        return packedDims().stream().reduce(1L, Math::multiplyExact);
    }

    @Override
    public Kernel apply(Kernel k) {
        Buffer old = param(k);
        if (Uses.written(k.body()).contains(old)) {
            throw new ScheduleException("pack(" + buffer + ") in kernel " + k.name() + ": the kernel writes " + buffer);
        }
        Buffer packed = packedBuffer(old, k);
        Stmt body = new Mutator() {
            @Override
            protected Expr visit(Expr.Load e) {
                Expr.Load m = (Expr.Load) super.visit(e);
                return m.buffer().equals(old) ? new Expr.Load(packed, packedIndex(coordinates(m.index()))) : m;
            }
        }.mutate(k.body());
        List<Buffer> params = new ArrayList<>();
        for (Buffer b : k.params()) {
            params.add(b.equals(old) ? packed : b);
        }
        return Simplify.kernel(new Kernel(k.name(), params, body));
    }

    /** The kernel {@code pack_w(w, w_packed)} that fills the packed buffer from w (zeros in padding). */
    public Kernel packer(Kernel k) {
        Buffer old = param(k);
        Buffer packed = packedBuffer(old, k);
        List<Long> pd = packedDims();
        List<Expr.Var> vars = new ArrayList<>();
        for (int i = 0; i < pd.size(); i++) {
            vars.add(new Expr.Var("d" + i, ScalarType.I32));
        }
        // The coordinate of each original dim, from the packed loop variables.
        Map<Integer, Expr> coords = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            int p = order.get(i);
            Expr c = vars.get(i);
            if (axis != null && p == axis) {
                c = new Expr.Bin(BinOp.ADD, new Expr.Bin(BinOp.MUL, c, i32(block)), vars.getLast());
            }
            coords.put(p, c);
        }
        Expr oldIndex = i32(0);
        for (int d = 0; d < dims.size(); d++) {
            oldIndex = new Expr.Bin(BinOp.ADD, new Expr.Bin(BinOp.MUL, oldIndex, i32(dims.get(d))), coords.get(d));
        }
        Expr newIndex = i32(0);
        for (int i = 0; i < pd.size(); i++) {
            newIndex = new Expr.Bin(BinOp.ADD, new Expr.Bin(BinOp.MUL, newIndex, i32(pd.get(i))), vars.get(i));
        }
        Stmt body = new Stmt.Store(packed, newIndex, new Expr.Load(old, oldIndex));
        if (axis != null && dims.get(axis) % block != 0) {
            Expr zero = old.type().isFloat() ? new Expr.FloatImm(old.type(), 0) : new Expr.IntImm(old.type(), 0);
            body = new Stmt.If(new Expr.Bin(BinOp.LT, coords.get(axis), i32(dims.get(axis))), body,
                    new Stmt.Store(packed, newIndex, zero));
        }
        for (int i = pd.size() - 1; i >= 0; i--) {
            body = new Stmt.For(vars.get(i), i32(pd.get(i)), LoopKind.SERIAL, body);
        }
        return Simplify.kernel(new Kernel("pack_" + old.name(), List.of(old, packed), body));
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder("pack(").append(LoopPrinter.name(buffer)).append(", ").append(dims)
                .append(", ").append(order);
        if (axis != null) {
            sb.append(", ").append(axis).append(", ").append(block);
        }
        return sb.append(')').toString();
    }

    private Buffer param(Kernel k) {
        for (Buffer b : k.params()) {
            if (b.name().equals(buffer)) {
                long n = dims.stream().reduce(1L, Math::multiplyExact);
                if (n > b.size()) {
                    throw new ScheduleException("pack(" + buffer + "): dims " + dims + " hold " + n + " elements, more than "
                            + b.size());
                }
                return b;
            }
        }
        throw new ScheduleException("pack(" + buffer + "): kernel " + k.name() + " has no parameter " + buffer);
    }

    private Buffer packedBuffer(Buffer old, Kernel k) {
        return new Buffer(Uses.fresh(old.name() + "_packed", Uses.names(k)), old.type(), packedSize(), Buffer.Scope.GLOBAL);
    }

    /** The original coordinates of flat index e: {@code (e // stride) % dim}, outermost without the remainder. */
    private List<Expr> coordinates(Expr e) {
        List<Expr> out = new ArrayList<>();
        long stride = dims.stream().reduce(1L, Math::multiplyExact);
        for (int d = 0; d < dims.size(); d++) {
            stride /= dims.get(d);
            Expr c = new Expr.Bin(BinOp.FLOORDIV, e, i32(stride));
            out.add(d == 0 ? c : new Expr.Bin(BinOp.MOD, c, i32(dims.get(d))));
        }
        return out;
    }

    private Expr packedIndex(List<Expr> coords) {
        List<Long> pd = packedDims();
        Expr idx = i32(0);
        for (int i = 0; i < order.size(); i++) {
            int p = order.get(i);
            Expr c = axis != null && p == axis ? new Expr.Bin(BinOp.FLOORDIV, coords.get(p), i32(block)) : coords.get(p);
            idx = new Expr.Bin(BinOp.ADD, new Expr.Bin(BinOp.MUL, idx, i32(pd.get(i))), c);
        }
        if (axis != null) {
            idx = new Expr.Bin(BinOp.ADD, new Expr.Bin(BinOp.MUL, idx, i32(block)),
                    new Expr.Bin(BinOp.MOD, coords.get(axis), i32(block)));
        }
        return idx;
    }

    private static Expr i32(long v) {
        return new Expr.IntImm(ScalarType.I32, v);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
