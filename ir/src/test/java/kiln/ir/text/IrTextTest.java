package kiln.ir.text;

import static kiln.ir.text.GraphAssertions.assertSameGraph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Value;
import kiln.runtime.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names, the symbolic batch, layout freedom, files and scale. */
class IrTextTest {

    @Test
    void symbolicBatchPrintsAsNAndBindsAfterParsing() {
        GraphBuilder b = new GraphBuilder("batch");
        Value x = b.input("x", TensorType.of(DType.F32, Shape.BATCH, 3, 4));
        Value r = b.add(new Reshape(Shape.of(Shape.BATCH, 12)), x);
        b.output("y", b.add(new Unary(UnaryFn.TANH), r));
        Graph g = b.build();
        String text = IrPrinter.print(g);
        assertEquals("""
                graph batch {
                  input %x: f32[N, 3, 4]
                  %0 = reshape(%x) {shape=[N, 12]} : f32[N, 12]
                  %1 = tanh(%0) : f32[N, 12]
                  output y = %1
                }
                """, text);
        Graph back = IrParser.parse(text, "batch.kir");
        assertSameGraph(g, back);
        assertEquals(IrPrinter.print(g.bindBatch(5)), IrPrinter.print(back.bindBatch(5)));
        assertTrue(IrPrinter.print(back.bindBatch(5)).contains("{shape=[5, 12]} : f32[5, 12]"));
    }

    @Test
    void namesAreQuotedOnlyWhenNeeded() {
        assertEquals("%stage2.block0.conv1.weight", NameSyntax.valueName("stage2.block0.conv1.weight"));
        assertEquals("%0", NameSyntax.valueName("0"));
        assertEquals("%\"odd name\"", NameSyntax.valueName("odd name"));
        assertEquals("\"0start\"", NameSyntax.name("0start"));
        assertEquals("_ok.name", NameSyntax.name("_ok.name"));
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\\ud800\"", NameSyntax.quote("a\"b\\c\nd\u0001\uD800"));
        assertEquals("\"\uD835\uDC9C\"", NameSyntax.quote("\uD835\uDC9C"));
    }

    @Test
    void layoutIsFree() {
        Graph compact = IrParser.parse("graph g{input %x:f32[2]%y=relu(%x):f32[2]output y=%y}", "a.kir");
        Graph spread = IrParser.parse("""
                # leading comment
                graph
                  g   # the name
                {
                  input %x :
                    f32 [ 2 ]
                  %y
                    = relu ( %x )   # trailing comment
                  output y = %y
                }
                # after the end
                """, "b.kir");
        assertSameGraph(compact, spread);
        assertEquals(IrPrinter.print(compact), IrPrinter.print(spread));
        Graph crlf = IrParser.parse(IrPrinter.print(compact).replace("\n", "\r\n"), "c.kir");
        assertSameGraph(compact, crlf);
    }

    @Test
    void statementsMayComeInAnyOrderAfterTheirDefinitions() {
        Graph g = IrParser.parse("""
                graph g {
                  input %x: f32[2]
                  %y = relu(%x)
                  output y = %y
                  param %p: f32[2]
                  %z = add(%y, %p)
                  output z = %z
                }
                """, "t.kir");
        assertEquals(List.of("y", "z"), g.outputs().stream().map(o -> o.name()).toList());
        assertEquals("p", g.params().getFirst().name());
        assertTrue(IrPrinter.print(g).indexOf("param %p") < IrPrinter.print(g).indexOf("%y = relu"));
    }

    @Test
    void zeroInputOpsMayHaveEmptyParentheses() {
        Graph a = IrParser.parse("graph g {\n  %c = constant() {value=f32[] 1.0}\n  output c = %c\n}\n", "t.kir");
        Graph b = IrParser.parse("graph g {\n  %c = constant {value=f32[] 1.0}\n  output c = %c\n}\n", "t.kir");
        assertSameGraph(a, b);
    }

    @Test
    void parsesFilesAndNamesThemInDiagnostics(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.kir");
        Files.writeString(file, "\uFEFFgraph g {\n  input %x: f32[2]\n  output y = %x\n}\n");
        assertEquals("g", IrParser.parse(file).name());
        Path bad = dir.resolve("bad.kir");
        Files.writeString(bad, "graph g {\n  output y = %x\n}\n");
        IrSyntaxException e = assertThrows(IrSyntaxException.class,
                () -> IrParser.parse(bad));
        assertTrue(e.getMessage().startsWith(bad + ":2:14: undefined value %x"), e.getMessage());
        Path binary = dir.resolve("binary.kir");
        Files.write(binary, new byte[] {'g', (byte) 0xff, (byte) 0xfe});
        IOException io = assertThrows(IOException.class, () -> IrParser.parse(binary));
        assertTrue(io.getMessage().contains("not valid UTF-8"), io.getMessage());
    }

    /** A long chain and a huge constant: linear time, no recursion. */
    @Test
    void largeInputs() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            GraphBuilder b = new GraphBuilder("chain");
            Value v = b.input("x", TensorType.of(DType.F32, Shape.BATCH, 8));
            for (int i = 0; i < 100_000; i++) {
                v = b.add(new Unary(i % 2 == 0 ? UnaryFn.RELU : UnaryFn.NEG), v);
            }
            b.output("y", v);
            Graph g = b.build();
            String text = IrPrinter.print(g);
            assertEquals(text, IrPrinter.print(IrParser.parse(text, "chain.kir")));

            StringBuilder big = new StringBuilder("graph big {\n  %c = constant {value=f32[1000, 1000] [");
            for (int i = 0; i < 1_000_000; i++) {
                big.append(i == 0 ? "" : ", ").append(i * 0.5f);
            }
            big.append("]}\n  output c = %c\n}\n");
            Graph c = IrParser.parse(big.toString(), "big.kir");
            assertEquals(big.toString().replace("]}\n", "]} : f32[1000, 1000]\n"), IrPrinter.print(c));
        });
    }
}
