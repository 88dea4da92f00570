package kiln.passes.schedule;

import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.Mutator;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;

/**
 * {@code inline(p)}: fuses an elementwise producer kernel p into the consumer by computing the producer's
 * value wherever the consumer reads p's output, instead of reading it from memory (a prologue such as a
 * bias and activation before a convolution, or a reshape-like copy). The producer must be a {@link Producer}:
 * one dense store per element. The fused kernel takes the producer's inputs; the producer's output stays a
 * parameter only if the consumer still touches it. Recomputes the value at every read.
 *
 * <pre>
 * producer: for i in 0..8 { t[i] = max(x[i], 0.0) }      consumer: for i in 0..8 { y[i] = t[i]*2.0 }
 * --inline(producer)--&gt;  for i in 0..8 { y[i] = max(x[i], 0.0)*2.0 }
 * </pre>
 */
public record Inline(Kernel producer) implements Step {

    @Override
    public Kernel apply(Kernel consumer) {
        Producer p = Producer.of(producer);
        p.checkConsumer(consumer);
        Stmt body = new Mutator() {
            @Override
            protected Expr visit(Expr.Load e) {
                Expr.Load m = (Expr.Load) super.visit(e);
                return m.buffer().equals(p.out()) ? p.at(m.index()) : m;
            }
        }.mutate(consumer.body());
        Kernel fused = new Kernel(consumer.name(), p.fusedParams(consumer, body), body);
        return Simplify.kernel(fused);
    }

    @Override
    public String text() {
        return "inline(" + LoopPrinter.name(producer.name()) + ")";
    }
}
