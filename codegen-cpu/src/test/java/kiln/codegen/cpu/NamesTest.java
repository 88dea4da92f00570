package kiln.codegen.cpu;

import java.util.List;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import org.junit.jupiter.api.Test;

/**
 * Loop IR names that are not Java names, or that are the names of what generated code uses (fields, types,
 * the temporaries the emitter makes), still give code that compiles and computes the right thing.
 */
class NamesTest {
    private static Expr.Var i32(String name) {
        return new Expr.Var(name, ScalarType.I32);
    }

    private static Expr bin(BinOp op, Expr a, Expr b) {
        return new Expr.Bin(op, a, b);
    }

    private static Expr c(long v) {
        return new Expr.IntImm(ScalarType.I32, v);
    }

    @Test
    void awkwardNamesCompile() {
        Buffer math = new Buffer("Math", ScalarType.F32, 2 * 13, Buffer.Scope.GLOBAL);
        Buffer f = new Buffer("F", ScalarType.F32, 13, Buffer.Scope.GLOBAL);
        Buffer dotted = new Buffer("x.y", ScalarType.F32, 5 * 13, Buffer.Scope.GLOBAL);
        Buffer stride = new Buffer("STRIDE_2", ScalarType.F32, 13, Buffer.Scope.LOCAL);
        Expr.Var lo = i32("lo");
        Expr.Var cls = i32("class");
        Expr.Var tail = i32("tail");
        Expr.Var vectorVar = i32("FloatVector");
        // for lo in 0..5 parallel { allocate STRIDE_2 { for class vectorized { STRIDE_2[class] = Math[2*class] }
        //   for tail vectorized { x.y[lo*13 + tail] = STRIDE_2[tail] * F[tail] + min(Math[2*tail + 1], 0) } } }
        Stmt fill = new Stmt.For(cls, c(13), LoopKind.VECTORIZED, new Stmt.Store(stride, cls,
                new Expr.Load(math, bin(BinOp.MUL, c(2), cls))));
        Expr value = bin(BinOp.ADD, bin(BinOp.MUL, new Expr.Load(stride, tail), new Expr.Load(f, tail)),
                bin(BinOp.MIN, new Expr.Load(math, bin(BinOp.ADD, bin(BinOp.MUL, c(2), tail), c(1))),
                        new Expr.FloatImm(ScalarType.F32, 0)));
        Stmt use = new Stmt.For(tail, c(13), LoopKind.VECTORIZED, new Stmt.Let(vectorVar,
                bin(BinOp.ADD, bin(BinOp.MUL, lo, c(13)), tail),
                new Stmt.Store(dotted, vectorVar, value)));
        Stmt body = new Stmt.For(lo, c(5), LoopKind.PARALLEL, new Stmt.Allocate(stride, Stmt.seq(fill, use)));
        Kernel k = new Kernel("class", List.of(math, f, dotted), body);
        Differential.check(k, 3, true, 0);
    }
}
