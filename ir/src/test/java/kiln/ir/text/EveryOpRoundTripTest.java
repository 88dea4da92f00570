package kiln.ir.text;

import static kiln.ir.text.GraphAssertions.assertSameGraph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Op;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every op, and every op name, prints and parses back to an equal op. */
class EveryOpRoundTripTest {

    /** Walks the sealed hierarchy itself, so a new op fails here until it has a sample. */
    @Test
    void everyOpRecordHasASample() {
        Set<Class<?>> sampled = OpSamples.all().stream().map(s -> s.op().getClass()).collect(Collectors.toSet());
        List<Class<?>> missing = new ArrayList<>();
        Deque<Class<?>> todo = new ArrayDeque<>(Arrays.asList(Op.class.getPermittedSubclasses()));
        int records = 0;
        while (!todo.isEmpty()) {
            Class<?> c = todo.removeFirst();
            if (c.isRecord()) {
                records++;
                if (!sampled.contains(c)) {
                    missing.add(c);
                }
            } else {
                todo.addAll(Arrays.asList(c.getPermittedSubclasses()));
            }
        }
        assertTrue(missing.isEmpty(), "ops without a sample in OpSamples: " + missing);
        assertEquals(records, OpCatalog.opTypes().size());
    }

    /** Covers the name-implied kinds too: every UnaryFn, BinaryFn, PoolKind, ReduceKind, real and imag. */
    @Test
    void everyOpNameHasASample() {
        Set<String> sampled = OpSamples.all().stream().map(s -> s.op().name()).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(OpCatalog.names());
        missing.removeAll(sampled);
        assertTrue(missing.isEmpty(), "op names without a sample: " + missing);
    }

    @TestFactory
    Stream<DynamicTest> eachSampleRoundTrips() {
        return OpSamples.all().stream().map(s -> DynamicTest.dynamicTest(s.op().toString(), () -> {
            Graph g = OpSamples.graphOf(s);
            String text = IrPrinter.print(g);
            Graph back = IrParser.parse(text, "sample.kir");
            assertSameGraph(g, back, text);
            assertEquals(text, IrPrinter.print(back));
        }));
    }

    @Test
    void graphWithEveryOpRoundTrips() {
        Graph g = OpSamples.everyOpGraph();
        String text = IrPrinter.print(g);
        Graph back = IrParser.parse(text, "every_op.kir");
        assertSameGraph(g, back, text);
        assertEquals(text, IrPrinter.print(back));
        assertEquals(text, IrPrinter.print(g), "printing is deterministic");
    }

    @Test
    void resultTypesMayBeLeftOut() {
        Graph g = OpSamples.everyOpGraph();
        String text = IrPrinter.print(g);
        String untyped = text.lines().map(l -> l.replaceFirst(" : [^:]*$", "")).collect(Collectors.joining("\n"));
        assertTrue(!untyped.equals(text));
        assertSameGraph(g, IrParser.parse(untyped, "untyped.kir"));
    }

    @Test
    void attributesAreSnakeCaseInComponentOrder() {
        String text = IrPrinter.print(OpSamples.everyOpGraph());
        assertTrue(text.contains("= avg_pool(%avg_pool"), text);
        assertTrue(text.contains("{kernel=[3, 3], strides=[2, 2], pads_begin=[1, 1], pads_end=[1, 1], "
                + "dilations=[1, 1], ceil_mode=true, count_include_pad=true}"), text);
        assertTrue(text.contains("{alpha=0.5, beta=2.0, trans_a=true, trans_b=false}"), text);
        assertTrue(text.contains("= relu(%relu"), text);
        assertTrue(text.contains("= reduce_max(%reduce_max"), text);
        assertTrue(text.contains("{axes=[1, -1], keep_dims=true}"), text);
        assertTrue(text.contains("{mode=reflect, pads_begin=[0, 0, 1, 2]"), text);
        assertTrue(text.contains("{lengths=[8], norm=ortho}"), text);
        assertTrue(text.contains("= imag(%imag"), text);
        assertTrue(text.contains("= cast(%cast") && text.contains("{to=f64}"), text);
        assertTrue(text.contains("{shape=[N, 12]}"), text);
        assertTrue(text.contains("= less_equal(%less_equal"), text);
        assertTrue(text.contains("= where(%where"), text);
        assertTrue(text.contains("= gather_elements(%gather_elements") && text.contains("{axis=-1}"), text);
        assertTrue(text.contains("{mode=cubic, coordinates=align_corners, nearest=ceil, cubic_a=-0.5, "
                + "exclude_outside=true, sizes=[N, 3, 7, 9], scales=[1.0, 1.0, 1.75, 2.25], roi=[], "
                + "extrapolation=0.0}"), text);
        assertTrue(text.contains("roi=[0.0, 0.25, 1.0, 0.75], extrapolation=-1.5}"), text);
    }

    @Test
    void defaultsNameRealAttributes() {
        for (String name : OpCatalog.names()) {
            OpCatalog.OpForm form = OpCatalog.byName(name);
            var context = new AttributeDefaults.Context(List.of(OpSamples.f32(1, 3, 8, 8)), java.util.Map.of(
                    "starts", List.of(0)));
            for (OpCatalog.Attribute a : form.attributes()) {
                Object d = AttributeDefaults.of(form.type(), a.name(), context);
                if (d != null) {
                    assertTrue(a.type().isInstance(d) || a.type().isPrimitive(), name + "." + a.name());
                }
            }
        }
        assertEquals(Set.of("strides", "pads_begin", "pads_end", "dilations", "groups"), defaulted("conv"));
        assertEquals(Set.of("alpha", "beta", "trans_a", "trans_b"), defaulted("gemm"));
        assertEquals(Set.of("axes", "steps"), defaulted("slice"));
        assertEquals(Set.of("min", "max"), defaulted("clip"));
        assertEquals(Set.of("mode", "value"), defaulted("pad"));
        assertEquals(Set.of("norm"), defaulted("irfft"));
        assertEquals(Set.of("strides", "pads_begin", "pads_end", "dilations", "ceil_mode", "count_include_pad"),
                defaulted("max_pool"));
        assertEquals(Set.of("epsilon"), defaulted("group_norm"));
        assertEquals(Set.of("axes", "keep_dims"), defaulted("reduce_mean"));
        assertEquals(Set.of(), defaulted("split"));
        assertEquals(Set.of("mode", "coordinates", "nearest", "cubic_a", "exclude_outside", "extrapolation"),
                defaulted("resize"));
    }

    private static Set<String> defaulted(String op) {
        OpCatalog.OpForm form = OpCatalog.byName(op);
        var context = new AttributeDefaults.Context(List.of(OpSamples.f32(1, 3, 8, 8)), java.util.Map.of(
                "starts", List.of(0)));
        return form.attributes().stream().map(OpCatalog.Attribute::name)
                .filter(a -> AttributeDefaults.of(form.type(), a, context) != null)
                .collect(Collectors.toSet());
    }
}
