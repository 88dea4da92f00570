package kiln.ir.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random Loop IR for fuzz tests: integer index expressions over loop variables, and kernels that store
 * such expressions into an i32 output with a distinct element per iteration, under loops whose extents
 * may depend on lanes, with guards and lets. Values stay small, so i32 arithmetic does not wrap.
 */
final class RandomLoopIr {
    static final ScalarType I32 = ScalarType.I32;
    static final Buffer IN = new Buffer("in", I32, 16, Buffer.Scope.GLOBAL);

    private final Random rnd;

    RandomLoopIr(long seed) {
        this.rnd = new Random(seed);
    }

    static Expr.IntImm i32(long v) {
        return new Expr.IntImm(I32, v);
    }

    static Expr lanes() {
        return new Expr.Lanes(ScalarType.F32);
    }

    /** A random extent: a small constant, lanes, a multiple of lanes, or a ceiling division by lanes. */
    Expr extent() {
        return switch (rnd.nextInt(6)) {
            case 0 -> lanes();
            case 1 -> new Expr.Bin(BinOp.FLOORDIV, new Expr.Bin(BinOp.ADD, i32(rnd.nextInt(40) + 1),
                    new Expr.Bin(BinOp.SUB, lanes(), i32(1))), lanes());
            default -> i32(rnd.nextInt(7) + 1);
        };
    }

    /** The largest value of an extent made by {@link #extent()} at 16 lanes. */
    static int maxExtent(Expr e) {
        return switch (e) {
            case Expr.IntImm n -> (int) n.value();
            case Expr.Lanes l -> 16;
            default -> 40;
        };
    }

    Expr intExpr(List<Expr.Var> vars, int depth) {
        if (depth <= 0 || rnd.nextInt(4) == 0) {
            return switch (rnd.nextInt(vars.isEmpty() ? 2 : 6)) {
                case 0 -> i32(rnd.nextInt(21) - 10);
                case 1 -> lanes();
                default -> vars.get(rnd.nextInt(vars.size()));
            };
        }
        Expr a = intExpr(vars, depth - 1);
        return switch (rnd.nextInt(12)) {
            case 0, 1, 2 -> new Expr.Bin(BinOp.ADD, a, intExpr(vars, depth - 1));
            case 3 -> new Expr.Bin(BinOp.SUB, a, intExpr(vars, depth - 1));
            case 4 -> new Expr.Bin(BinOp.MUL, a, rnd.nextBoolean() ? i32(rnd.nextInt(9) - 4) : intExpr(vars, 0));
            case 5 -> new Expr.Bin(BinOp.FLOORDIV, a, divisor());
            case 6 -> new Expr.Bin(BinOp.MOD, a, divisor());
            case 7 -> new Expr.Bin(rnd.nextBoolean() ? BinOp.MIN : BinOp.MAX, a, intExpr(vars, depth - 1));
            case 8 -> new Expr.Select(cond(vars, depth - 1), a, intExpr(vars, depth - 1));
            case 9 -> new Expr.Load(IN, new Expr.Bin(BinOp.MOD, a, i32(16)));
            case 10 -> new Expr.Un(UnOp.NEG, a);
            default -> new Expr.Bin(BinOp.DIV, a, rnd.nextBoolean() ? divisor() : i32(-(rnd.nextInt(4) + 1)));
        };
    }

    private Expr divisor() {
        return switch (rnd.nextInt(4)) {
            case 0 -> lanes();
            case 1 -> new Expr.Bin(BinOp.MUL, lanes(), i32(rnd.nextInt(3) + 1));
            default -> i32(rnd.nextInt(8) + 1);
        };
    }

    Expr cond(List<Expr.Var> vars, int depth) {
        if (depth > 0 && rnd.nextInt(4) == 0) {
            BinOp op = rnd.nextBoolean() ? BinOp.AND : BinOp.OR;
            return new Expr.Bin(op, cond(vars, depth - 1), cond(vars, depth - 1));
        }
        if (depth > 0 && rnd.nextInt(6) == 0) {
            return new Expr.Un(UnOp.NOT, cond(vars, depth - 1));
        }
        BinOp op = List.of(BinOp.LT, BinOp.LE, BinOp.EQ, BinOp.NE).get(rnd.nextInt(4));
        return new Expr.Bin(op, intExpr(vars, depth), intExpr(vars, depth));
    }

    /**
     * A kernel {@code (in: i32[16], out: i32[size])}: nested loops, each iteration storing into its own
     * element of out, with random guards and lets on the way.
     */
    Kernel kernel(String name) {
        int depth = 1 + rnd.nextInt(3);
        List<Expr.Var> vars = new ArrayList<>();
        List<Expr> extents = new ArrayList<>();
        for (int d = 0; d < depth; d++) {
            vars.add(new Expr.Var("v" + d, I32));
            extents.add(extent());
        }
        long size = 1;
        Expr index = i32(0);
        for (int d = depth - 1; d >= 0; d--) {
            Expr term = new Expr.Bin(BinOp.MUL, vars.get(d), i32(size));
            index = d == depth - 1 ? vars.get(d) : new Expr.Bin(BinOp.ADD, term, index);
            size *= maxExtent(extents.get(d));
        }
        Buffer out = new Buffer("out", I32, size, Buffer.Scope.GLOBAL);
        List<Expr.Var> scope = new ArrayList<>(vars);
        Stmt body = new Stmt.Store(out, index, intExpr(scope, 4));
        if (rnd.nextBoolean()) {
            body = new Stmt.If(cond(scope, 2), body, new Stmt.Store(out, index, intExpr(scope, 3)));
        }
        if (rnd.nextInt(3) == 0) {
            Expr.Var t = new Expr.Var("t", I32);
            Expr value = intExpr(vars, 3);
            scope.add(t);
            body = new Stmt.Let(t, value, new Stmt.Store(out, index, new Expr.Bin(BinOp.ADD, t, intExpr(scope, 2))));
        }
        for (int d = depth - 1; d >= 0; d--) {
            body = new Stmt.For(vars.get(d), extents.get(d), LoopKind.SERIAL, body);
            if (rnd.nextInt(4) == 0) {
                body = new Stmt.If(cond(vars.subList(0, d), 1), body, new Stmt.Seq(List.of()));
            }
        }
        return new Kernel(name, List.of(IN, out), body);
    }
}
