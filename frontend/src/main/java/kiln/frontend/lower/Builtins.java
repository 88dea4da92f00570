package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.frontend.check.Signature;
import kiln.runtime.DType;

/**
 * The built-in operators of the language, by name: each with its signature (argument names in positional
 * order, defaults) and how a call lowers to Graph IR. Signatures are written as they read in the language
 * reference: {@code "x, weight, bias=none, stride=1"}.
 */
public final class Builtins {
    /** How a call of a built-in lowers; its arguments are bound and free of poison. */
    @FunctionalInterface
    interface Impl {
        Val call(Args a);
    }

    /** One built-in: its signature, the default of each optional argument (null where required), its lowering. */
    record Builtin(Signature signature, List<Val> defaults, Impl impl) {
    }

    private final Map<String, Builtin> all = new LinkedHashMap<>();

    private Builtins() {
    }

    /** Every built-in operator of the language. */
    public static Builtins standard() {
        Builtins b = new Builtins();
        ElementwiseBuiltins.register(b);
        LinearBuiltins.register(b);
        NormBuiltins.register(b);
        PoolBuiltins.register(b);
        LayoutBuiltins.register(b);
        SelectBuiltins.register(b);
        ResizeBuiltins.register(b);
        FftBuiltins.register(b);
        CreationBuiltins.register(b);
        ScalarBuiltins.register(b);
        return b;
    }

    /** The signature of every built-in, for the resolver. */
    public Map<String, Signature> signatures() {
        Map<String, Signature> out = new LinkedHashMap<>();
        all.forEach((k, v) -> out.put(k, v.signature()));
        return Collections.unmodifiableMap(out);
    }

    Builtin get(String name) {
        return all.get(name);
    }

    void add(String name, String params, Impl impl) {
        List<Signature.Param> ps = new ArrayList<>();
        List<Val> defaults = new ArrayList<>();
        if (!params.isBlank()) {
            for (String p : params.split(",\\s*")) {
                int eq = p.indexOf('=');
                String pname = eq < 0 ? p.trim() : p.substring(0, eq).trim();
                ps.add(new Signature.Param(pname, eq < 0));
                defaults.add(eq < 0 ? null : literal(p.substring(eq + 1).trim()));
            }
        }
        if (all.put(name, new Builtin(new Signature(name, ps), defaults, impl)) != null) {
            throw new IllegalStateException("built-in " + name + " registered twice");
        }
    }

    /** An alias: the same signature and lowering under another name. */
    void alias(String name, String of) {
        Builtin b = all.get(of);
        all.put(name, new Builtin(new Signature(name, b.signature().params()), b.defaults(), b.impl()));
    }

    private static Val literal(String text) {
        DType dtype = DType.fromText(text);
        if (dtype != null) {
            return new Val.DTypeVal(dtype);
        }
        return switch (text) {
            case "none" -> Val.NONE;
            case "true" -> new Val.BoolVal(true);
            case "false" -> new Val.BoolVal(false);
            case "inf" -> new Val.FloatVal(Double.POSITIVE_INFINITY);
            case "-inf" -> new Val.FloatVal(Double.NEGATIVE_INFINITY);
            default -> {
                if (text.startsWith("\"")) {
                    yield new Val.StrVal(text.substring(1, text.length() - 1));
                }
                if (text.contains(".") || text.contains("e")) {
                    yield new Val.FloatVal(Double.parseDouble(text));
                }
                yield new Val.IntVal(Long.parseLong(text));
            }
        };
    }
}
