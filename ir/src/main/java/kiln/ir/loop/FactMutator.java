package kiln.ir.loop;

/**
 * A {@link Mutator} that knows what holds at each node: {@link #facts} grows with the loops, lets and guards
 * around the node being visited (the condition in a guard's then-branch, its negation in the else-branch).
 * Subclasses read {@code facts} in their visits; a subclass that overrides {@code visit(Stmt.For)} extends the
 * facts with the loop itself around what it mutates inside ({@link #inLoop}).
 */
public abstract class FactMutator extends Mutator {
    protected Facts facts;

    protected FactMutator(Facts facts) {
        this.facts = facts;
    }

    protected FactMutator() {
        this(Facts.EMPTY);
    }

    /** Mutates the loop's children with the loop's variable and extent among the facts. */
    protected final Stmt inLoop(Stmt.For s) {
        Facts outer = facts;
        facts = facts.withLoop(s.var(), s.extent());
        Stmt r = super.visit(s);
        facts = outer;
        return r;
    }

    @Override
    protected Stmt visit(Stmt.For s) {
        return inLoop(s);
    }

    @Override
    protected Stmt visit(Stmt.Let s) {
        Facts outer = facts;
        facts = facts.withLet(s.var(), s.value());
        Stmt r = super.visit(s);
        facts = outer;
        return r;
    }

    @Override
    protected Stmt visit(Stmt.If s) {
        Facts outer = facts;
        facts = outer.withCondition(s.cond());
        Stmt then = mutate(s.then());
        facts = outer.withCondition(Simplify.expr(new Expr.Un(UnOp.NOT, s.cond()), outer));
        Stmt otherwise = mutate(s.otherwise());
        facts = outer;
        return then == s.then() && otherwise == s.otherwise() ? s : new Stmt.If(s.cond(), then, otherwise);
    }
}
