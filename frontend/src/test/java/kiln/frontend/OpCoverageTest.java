package kiln.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Node;
import kiln.ir.graph.Op;
import kiln.ir.graph.Pool;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import org.junit.jupiter.api.Test;

/** Every Graph IR operator, with every function of the unary, binary and reduction families, is callable. */
class OpCoverageTest {
    private static final String EVERY_OP = """
            model every_op {
                input x: f32[2, 4, 8, 8]
                input v: f32[2, 6]
                param w: [4, 2, 3, 3]
                param m: [6, 6]
                param s: [1]
                param c4: [4]
                let h = conv2d(x, w, padding=1, groups=2)
                let u = neg(h) + abs(h) + sign(h) + exp(h) + log(abs(h) + 1.0) + sqrt(abs(h)) + reciprocal(h + 9.0)
                u = u + floor(h) + ceil(h) + round(h) + sin(h) + cos(h) + erf(h) + tanh(h) + sigmoid(h) + relu(h)
                u = u + gelu(h) + gelu(h, approximate="tanh") + silu(h) + hardswish(h) + softplus(h)
                u = sub(mul(add(u, 1.0), 2.0), div(pow(u, 2.0), 3.0)) + maximum(u, 0.0) + minimum(u, 0.0)
                u = leaky_relu(u) + hardsigmoid(u) + clamp(u, min=-1) + softshrink(u) + star_relu(u, s, s)
                u = batch_norm(u, c4, c4) + layer_norm(u, dim=[2, 3]) + instance_norm(u) + group_norm(u, 2)
                let p = avg_pool2d(u, 2) + max_pool2d(u, 2)
                let g = global_avg_pool(u) + global_max_pool(u)
                let r = sum(p, dim=1) + mean(p, dim=1) + amax(p, dim=1) + amin(p, dim=1)
                let q = softmax(v) @ m + linear(v, m) + gemm(v, m)
                let f = flatten(g) + reshape(squeeze(g), [2, 4]) + transpose(unsqueeze(squeeze(g), 0)[0], 1, 1)
                let a, b = split(r, 2, dim=2)
                let c = cat([a, b], dim=2)[:, 1:3] + pad(a, [0, 2])[:, 0:2]
                let t = take(q, tensor([0, 2], dtype=i64), dim=1) + cast(cast(q, f64), f32)[:, 0:2]
                let z = rfft(p)
                let back = irfft(complex(real(z), imag(conj(z))), n=4)
                let sel = where(h > 0.0, h, 0.0) + where(h != 1.0, 1.0, interpolate(h, size=8, mode="bicubic"))
                let picked = gather(v, 1, tensor([[0, 5], [1, 2]], dtype=i64))
                output o1 = u
                output o2 = c
                output o3 = t
                output o4 = f
                output o5 = back
                output o6 = sel
                output o7 = picked
            }
            """;

    @Test
    void everyOperatorIsReachable() {
        Graph g = Kiln.compile(EVERY_OP);
        Set<String> used = g.nodes().stream().map(n -> n.op().getClass().getSimpleName())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> all = Arrays.stream(Op.class.getPermittedSubclasses()).map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, used);
        Set<UnaryFn> unary = g.nodes().stream().map(Node::op).filter(o -> o instanceof Unary)
                .map(o -> ((Unary) o).fn()).collect(Collectors.toSet());
        assertEquals(Set.of(UnaryFn.values()), unary);
        Set<BinaryFn> binary = g.nodes().stream().map(Node::op).filter(o -> o instanceof Binary)
                .map(o -> ((Binary) o).fn()).collect(Collectors.toSet());
        assertEquals(Set.of(BinaryFn.values()), binary);
        Set<ReduceKind> reduce = g.nodes().stream().map(Node::op).filter(o -> o instanceof Reduce)
                .map(o -> ((Reduce) o).kind()).collect(Collectors.toSet());
        assertEquals(Set.of(ReduceKind.values()), reduce);
        assertEquals(2, g.nodes().stream().map(Node::op).filter(o -> o instanceof Pool).count());
    }
}
