package kiln.passes.loop;

import kiln.ir.loop.BinOp;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.Mutator;
import kiln.ir.loop.UnOp;

/**
 * Contracts a floating-point product feeding an addition or subtraction into one fused multiply-add:
 * {@code a*b + c}, {@code c + a*b} to {@code fma(a, b, c)}; {@code a*b - c} to {@code fma(a, b, -c)};
 * {@code c - a*b} to {@code fma(-a, b, c)}. The result is rounded once instead of twice, so it can differ
 * in the last bit from the uncontracted form (it is the more accurate of the two).
 */
public final class ContractFma implements LoopPass {
    public static final ContractFma INSTANCE = new ContractFma();

    private ContractFma() {
    }

    @Override
    public String name() {
        return "contract-fma";
    }

    @Override
    public Kernel run(Kernel k) {
        return new Mutator() {
            @Override
            protected Expr visit(Expr.Bin e) {
                Expr m = super.visit(e);
                if (!(m instanceof Expr.Bin b) || !b.type().isFloat()) {
                    return m;
                }
                if (b.op() == BinOp.ADD) {
                    if (isMul(b.a())) {
                        Expr.Bin p = (Expr.Bin) b.a();
                        return new Expr.Fma(p.a(), p.b(), b.b());
                    }
                    if (isMul(b.b())) {
                        Expr.Bin p = (Expr.Bin) b.b();
                        return new Expr.Fma(p.a(), p.b(), b.a());
                    }
                }
                if (b.op() == BinOp.SUB) {
                    if (isMul(b.a())) {
                        Expr.Bin p = (Expr.Bin) b.a();
                        return new Expr.Fma(p.a(), p.b(), new Expr.Un(UnOp.NEG, b.b()));
                    }
                    if (isMul(b.b())) {
                        Expr.Bin p = (Expr.Bin) b.b();
                        return new Expr.Fma(new Expr.Un(UnOp.NEG, p.a()), p.b(), b.a());
                    }
                }
                return m;
            }
        }.mutate(k);
    }

    private static boolean isMul(Expr e) {
        return e instanceof Expr.Bin b && b.op() == BinOp.MUL;
    }
}
