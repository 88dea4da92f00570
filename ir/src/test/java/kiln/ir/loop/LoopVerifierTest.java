package kiln.ir.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoopVerifierTest {
    private static final ScalarType I32 = ScalarType.I32;
    private static final Buffer X = new Buffer("x", ScalarType.F32, 8, Buffer.Scope.GLOBAL);
    private static final Buffer T = new Buffer("t", ScalarType.F32, 4, Buffer.Scope.LOCAL);
    private static final Expr.Var I = new Expr.Var("i", I32);
    private static final Expr ONE = new Expr.FloatImm(ScalarType.F32, 1);

    private static Expr c(long v) {
        return new Expr.IntImm(I32, v);
    }

    private static Stmt loop(Expr.Var v, long n, LoopKind kind, Stmt body) {
        return new Stmt.For(v, c(n), kind, body);
    }

    private static void rejects(String expected, Stmt body) {
        LoopIrException e = assertThrows(LoopIrException.class, () -> LoopVerifier.verify(new Kernel("k", List.of(X), body)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void acceptsWellFormedKernels() {
        LoopVerifier.verify(LoopParser.parseKernel(LoopTextTest.MATMUL));
        LoopVerifier.verify(new Kernel("k", List.of(X), new Stmt.Allocate(T,
                loop(I, 4, LoopKind.UNROLLED, new Stmt.Seq(List.of(new Stmt.Store(T, I, ONE),
                        new Stmt.Store(X, I, new Expr.Load(T, I))))))));
        // The same name may be bound again once its scope has ended.
        LoopVerifier.verify(new Kernel("k", List.of(X), new Stmt.Seq(List.of(loop(I, 4, LoopKind.SERIAL, new Stmt.Store(X, I, ONE)),
                loop(I, 8, LoopKind.PARALLEL, new Stmt.Store(X, I, ONE))))));
    }

    @Test
    void variablesMustBeBoundOnceInScope() {
        rejects("variable i is not bound", new Stmt.Store(X, I, ONE));
        rejects("bound again", loop(I, 4, LoopKind.SERIAL, loop(I, 2, LoopKind.SERIAL, new Stmt.Store(X, I, ONE))));
        rejects("bound again", loop(I, 4, LoopKind.SERIAL, new Stmt.Let(I, c(1), new Stmt.Store(X, I, ONE))));
        rejects("used as i64", loop(I, 4, LoopKind.SERIAL, new Stmt.Store(X, new Expr.Convert(I32,
                new Expr.Var("i", ScalarType.I64)), ONE)));
    }

    @Test
    void unrolledExtentsAreConstant() {
        rejects("constant extent", new Stmt.For(I, new Expr.Lanes(ScalarType.F32), LoopKind.UNROLLED, new Stmt.Store(X, I, ONE)));
    }

    @Test
    void parallelAndVectorLoopsDoNotNestWrongly() {
        Expr.Var j = new Expr.Var("j", I32);
        rejects("parallel loop j inside", loop(I, 2, LoopKind.PARALLEL, loop(j, 4, LoopKind.PARALLEL, new Stmt.Store(X, j, ONE))));
        rejects("parallel loop j inside", loop(I, 2, LoopKind.VECTORIZED, loop(j, 4, LoopKind.PARALLEL, new Stmt.Store(X, j, ONE))));
        rejects("vectorized loop j inside", loop(I, 2, LoopKind.VECTORIZED, loop(j, 4, LoopKind.VECTORIZED,
                new Stmt.Store(X, j, ONE))));
    }

    @Test
    void buffersAreParametersOrAllocatedAround() {
        rejects("local buffer t used outside its allocate", new Stmt.Store(T, c(0), ONE));
        rejects("buffer y is not a kernel parameter", new Stmt.Store(new Buffer("y", ScalarType.F32, 8, Buffer.Scope.GLOBAL),
                c(0), ONE));
        rejects("declared f32[8] global", new Stmt.Store(new Buffer("x", ScalarType.F32, 9, Buffer.Scope.GLOBAL), c(0), ONE));
        rejects("already declared", new Stmt.Allocate(new Buffer("x", ScalarType.F32, 2, Buffer.Scope.LOCAL),
                new Stmt.Seq(List.of())));
        rejects("outside x[8]", new Stmt.Store(X, c(8), ONE));
        rejects("index of x has type i64", new Stmt.Store(X, new Expr.IntImm(ScalarType.I64, 0), ONE));
    }

    @Test
    void operandsAndConstantsHaveTheirTypes() {
        rejects("does not fit i32", new Stmt.Store(X, new Expr.IntImm(I32, 1L << 40), ONE));
        rejects("does not fit bool", new Stmt.If(new Expr.IntImm(ScalarType.BOOL, 2), new Stmt.Seq(List.of()),
                new Stmt.Seq(List.of())));
        rejects("exp of i32", new Stmt.Store(X, new Expr.Un(UnOp.EXP, c(1)), ONE));
        rejects("floordiv of f32", new Stmt.Store(X, c(0), new Expr.Bin(BinOp.FLOORDIV, ONE, ONE)));
        rejects("and of f32", new Stmt.Store(X, c(0), new Expr.Bin(BinOp.AND, ONE, ONE)));
        rejects("not of f32", new Stmt.If(new Expr.Un(UnOp.NOT, ONE), new Stmt.Seq(List.of()), new Stmt.Seq(List.of())));
    }

    @Test
    void messagesNameTheKernelAndTheStatement() {
        LoopIrException e = assertThrows(LoopIrException.class, () -> LoopVerifier.verify(new Kernel("k", List.of(X),
                loop(I, 4, LoopKind.SERIAL, new Stmt.Store(X, new Expr.Var("j", I32), ONE)))));
        assertEquals("kernel k: variable j is not bound here\n  at: x[j] = 1.0", e.getMessage());
    }
}
