package kiln.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kiln.frontend.check.ModuleLoader;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Value;
import org.junit.jupiter.api.Test;

/** The standard library: every block instantiates, with PyTorch's parameter names and shapes. */
class StdlibTest {

    @Test
    void everyLayerInstantiatesWithPyTorchNames() {
        Graph g = Kiln.compile("""
                import "std/nn.kiln"
                model m {
                    input x: f32[N, 8, 6, 6]
                    input s: f32[N, 4, 10]
                    let a = Conv2d(x, 16, 3, padding=1, groups=2) as conv
                    a = BatchNorm2d(a) as bn
                    a = LayerNorm2d(a) as ln2d
                    a = GroupNorm(a, 4) as gn
                    a = InstanceNorm2d(a, affine=true) as inorm
                    a = ConvBnAct(a, 8, 3, stride=2, act="silu") as cba
                    a = ConvMlp(a, 32) as cmlp
                    a = SEGate(a, 2) as se
                    a = LayerScale2d(a) as ls2d
                    let t = permute(a, [0, 2, 3, 1])
                    t = LayerNorm(t, bias=false) as ln
                    t = Mlp(t, 32, act="gelu_tanh") as mlp
                    t = LayerScale(t) as ls
                    t = StarReLU(t) as star
                    t = Linear(t, 5, bias=false) as head
                    let q = Conv1d(s, 4, 3, padding=1, groups=4) as c1
                    output y = t
                    output z = BatchNorm1d(q) as bn1
                }
                """);
        List<String> names = Kiln.params(g);
        for (String expected : List.of("conv.weight", "conv.bias", "bn.running_mean", "bn.running_var", "ln2d.weight",
                "gn.bias", "inorm.weight", "cba.conv.weight", "cba.bn.weight", "cmlp.fc1.weight", "cmlp.fc2.bias",
                "se.fc1.weight", "se.fc2.bias", "ls2d.gamma", "ln.weight", "mlp.fc1.weight", "mlp.fc2.bias",
                "ls.gamma", "star.scale", "star.bias", "head.weight", "c1.weight", "bn1.running_var")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
        assertTrue(!names.contains("ln.bias") && !names.contains("head.bias"), names.toString());
        Value conv = g.params().stream().filter(p -> p.name().equals("conv.weight")).findFirst().orElseThrow();
        assertEquals("f32[16, 4, 3, 3]", conv.type().toString());
        assertEquals("f32[N, 3, 3, 5]", g.outputs().get(0).value().type().toString());
    }

    @Test
    void theStandardLibraryIsListed() {
        assertEquals(List.of("std/nn.kiln"), ModuleLoader.STD_FILES);
        for (String f : ModuleLoader.STD_FILES) {
            assertTrue(ModuleLoader.class.getResource("/kiln/frontend/" + f) != null, f);
        }
    }
}
