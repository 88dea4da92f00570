package kiln.ir.loop;

import java.util.List;

/** A Loop IR statement. */
public sealed interface Stmt {

    /** {@code for var in [0, extent)}, run as {@code kind} says. */
    record For(Expr.Var var, Expr extent, LoopKind kind, Stmt body) implements Stmt {
        public For {
            if (var.type() != ScalarType.I32 || extent.type() != ScalarType.I32) {
                throw new IllegalArgumentException("loop " + var.name() + " must have i32 variable and extent");
            }
        }
    }

    /** {@code buffer[index] = value}. */
    record Store(Buffer buffer, Expr index, Expr value) implements Stmt {
        public Store {
            if (value.type() != buffer.type()) {
                throw new IllegalArgumentException("store of " + value.type() + " into " + buffer.type() + " buffer "
                        + buffer.name());
            }
        }
    }

    /** Statements in order. */
    record Seq(List<Stmt> stmts) implements Stmt {
        public Seq {
            stmts = List.copyOf(stmts);
        }
    }

    /** {@code if (cond) then else otherwise}; {@code otherwise} may be an empty {@link Seq}. */
    record If(Expr cond, Stmt then, Stmt otherwise) implements Stmt {
        public If {
            if (cond.type() != ScalarType.BOOL) {
                throw new IllegalArgumentException("if condition of type " + cond.type());
            }
        }
    }

    /** Binds {@code var} to {@code value} within {@code body}. */
    record Let(Expr.Var var, Expr value, Stmt body) implements Stmt {
        public Let {
            if (var.type() != value.type()) {
                throw new IllegalArgumentException("let " + var.name() + " of " + var.type() + " = " + value.type());
            }
        }
    }

    /** A {@code LOCAL} buffer that exists within {@code body}; its contents start undefined. */
    record Allocate(Buffer buffer, Stmt body) implements Stmt {
        public Allocate {
            if (buffer.scope() != Buffer.Scope.LOCAL) {
                throw new IllegalArgumentException("allocate of non-local buffer " + buffer.name());
            }
        }
    }

    static Stmt seq(Stmt... stmts) {
        return new Seq(List.of(stmts));
    }
}
