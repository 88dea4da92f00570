package kiln.codegen.cpu;

import com.palantir.javapoet.TypeName;
import java.util.Map;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Stmt;

/**
 * The Java locals and parameters a parallel loop's body uses from its enclosing scope — what its chunk method
 * takes as parameters — in the order the body first uses them.
 */
final class Captures {
    private Captures() {
    }

    static void of(Stmt s, Env env, Map<String, TypeName> out) {
        switch (s) {
            case Stmt.For f -> {
                expr(f.extent(), env, out);
                of(f.body(), env, out);
            }
            case Stmt.Store st -> {
                buffer(st.buffer(), env, out);
                expr(st.index(), env, out);
                expr(st.value(), env, out);
            }
            case Stmt.Seq seq -> seq.stmts().forEach(x -> of(x, env, out));
            case Stmt.If i -> {
                expr(i.cond(), env, out);
                of(i.then(), env, out);
                of(i.otherwise(), env, out);
            }
            case Stmt.Let l -> {
                expr(l.value(), env, out);
                of(l.body(), env, out);
            }
            case Stmt.Allocate a -> of(a.body(), env, out);
        }
    }

    private static void expr(Expr e, Env env, Map<String, TypeName> out) {
        switch (e) {
            case Expr.Var v -> {
                // Variables bound inside the body are not in env; constants need no parameter.
                if (env.find(v) instanceof Env.Binding.Local l) {
                    out.putIfAbsent(l.name(), ClassFields.scalar(l.type()));
                }
            }
            case Expr.Load l -> {
                buffer(l.buffer(), env, out);
                expr(l.index(), env, out);
            }
            case Expr.Bin b -> {
                expr(b.a(), env, out);
                expr(b.b(), env, out);
            }
            case Expr.Un u -> expr(u.a(), env, out);
            case Expr.Fma f -> {
                expr(f.a(), env, out);
                expr(f.b(), env, out);
                expr(f.c(), env, out);
            }
            case Expr.Select sel -> {
                expr(sel.cond(), env, out);
                expr(sel.a(), env, out);
                expr(sel.b(), env, out);
            }
            case Expr.Convert c -> expr(c.a(), env, out);
            case Expr.IntImm i -> {
            }
            case Expr.FloatImm f -> {
            }
            case Expr.Lanes l -> {
            }
        }
    }

    private static void buffer(Buffer b, Env env, Map<String, TypeName> out) {
        switch (env.find(b)) {
            case null -> {
                // allocated inside the body
            }
            case Env.BufferRef.Array a -> {
                out.putIfAbsent(a.array(), ClassFields.array(b.type()));
                if (a.offset() != null) {
                    out.putIfAbsent(a.offset(), TypeName.INT);
                }
            }
            case Env.BufferRef.Scalars t -> throw new IllegalStateException("tile " + b.name() + " crosses a parallel loop");
            case Env.BufferRef.Vectors t -> throw new IllegalStateException("tile " + b.name() + " crosses a parallel loop");
        }
    }
}
