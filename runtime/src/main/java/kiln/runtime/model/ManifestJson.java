package kiln.runtime.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.runtime.DType;
import kiln.runtime.exec.ExecutionPlan;
import kiln.runtime.io.Json;

/**
 * A {@link ModelManifest} as JSON, with the runtime's own JSON support: snake_case members in a fixed order
 * (so the same manifest is the same text), types in Kiln's notation ({@code "f32"}). Reading checks every
 * member it needs and names the first that is missing or of the wrong kind.
 */
final class ManifestJson {
    private ManifestJson() {
    }

    static String write(ModelManifest m) {
        Map<String, Json.Value> root = new LinkedHashMap<>();
        root.put("format", str(ModelManifest.FORMAT));
        root.put("name", str(m.name()));
        root.put("compiler", str(m.compiler()));
        root.put("target", str(m.target()));
        root.put("vector_bits", Json.Num.of(m.vectorBits()));
        root.put("source", obj("file", str(m.source().file()), "sha256", str(m.source().sha256())));
        ModelManifest.Weights w = m.weights();
        root.put("weights", obj("origin", str(w.origin()), "file", str(w.file()), "file_sha256", str(w.fileSha256()),
                "sha256", str(w.sha256()), "bytes", Json.Num.of(w.bytes())));
        root.put("batch", Json.Num.of(m.batch()));
        root.put("threads", Json.Num.of(m.threads()));
        root.put("arena_bytes", Json.Num.of(m.arenaBytes()));
        root.put("inputs", ports(m.inputs()));
        root.put("outputs", ports(m.outputs()));
        root.put("kernel_class", str(m.kernelClass()));
        List<Json.Value> kernels = new ArrayList<>();
        for (KernelInfo k : m.kernels()) {
            List<Json.Value> origins = new ArrayList<>();
            for (KernelInfo.Origin o : k.origins()) {
                origins.add(obj("op", str(o.op()), "value", str(o.value()), "inputs", strings(o.inputs()),
                        "outputs", strings(o.outputs())));
            }
            kernels.add(obj("name", str(k.name()), "from", new Json.Arr(origins)));
        }
        root.put("kernels", new Json.Arr(kernels));
        List<Json.Value> slots = new ArrayList<>();
        for (ModelManifest.SlotSpec s : m.slots()) {
            slots.add(obj("name", str(s.name()), "elem", str(s.elem().text()), "size", Json.Num.of(s.size()),
                    "arena_offset", Json.Num.of(s.arenaOffset()), "weights_offset", Json.Num.of(s.weightsOffset())));
        }
        root.put("slots", new Json.Arr(slots));
        List<Json.Value> calls = new ArrayList<>();
        for (ExecutionPlan.Invocation c : m.calls()) {
            calls.add(obj("kernel", Json.Num.of(c.kernel()), "name", str(c.kernelName()), "slots", ints(c.slots())));
        }
        root.put("calls", new Json.Arr(calls));
        return Json.writeIndented(new Json.Obj(root));
    }

    static ModelManifest read(String text) throws ModelFormatException {
        Json.Value parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new ModelFormatException("the model metadata is not valid JSON: " + e.getMessage());
        }
        Reader r = new Reader(parsed, "");
        String format = r.string("format");
        if (!ModelManifest.FORMAT.equals(format)) {
            throw new ModelFormatException("the model is in the format '" + format + "', this runtime reads '"
                    + ModelManifest.FORMAT + "': compile it again with this version of Kiln");
        }
        Reader source = r.object("source");
        Reader w = r.object("weights");
        List<KernelInfo> kernels = new ArrayList<>();
        for (Reader k : r.objects("kernels")) {
            List<KernelInfo.Origin> origins = new ArrayList<>();
            for (Reader o : k.objects("from")) {
                origins.add(new KernelInfo.Origin(o.string("op"), o.string("value"), o.strings("inputs"),
                        o.strings("outputs")));
            }
            kernels.add(new KernelInfo(k.string("name"), origins));
        }
        List<ModelManifest.SlotSpec> slots = new ArrayList<>();
        for (Reader s : r.objects("slots")) {
            slots.add(r.check(() -> new ModelManifest.SlotSpec(s.string("name"), s.dtype("elem"), s.number("size"),
                    s.number("arena_offset"), s.number("weights_offset"))));
        }
        List<ExecutionPlan.Invocation> calls = new ArrayList<>();
        for (Reader c : r.objects("calls")) {
            calls.add(new ExecutionPlan.Invocation(c.integer("kernel"), c.string("name"), c.ints("slots")));
        }
        return r.check(() -> new ModelManifest(r.string("name"), r.string("compiler"), r.string("target"),
                r.integer("vector_bits"),
                new ModelManifest.Source(source.nullableString("file"), source.nullableString("sha256")),
                new ModelManifest.Weights(w.string("origin"), w.nullableString("file"), w.nullableString("file_sha256"),
                        w.string("sha256"), w.number("bytes")),
                r.integer("batch"), r.integer("threads"), r.number("arena_bytes"), r.string("kernel_class"),
                readPorts(r.objects("inputs")), readPorts(r.objects("outputs")), kernels, slots, calls));
    }

    private static Json.Value ports(List<ExecutionPlan.Port> ports) {
        List<Json.Value> out = new ArrayList<>();
        for (ExecutionPlan.Port p : ports) {
            out.add(obj("name", str(p.name()), "dtype", str(p.dtype().text()), "shape", ints(p.shape()),
                    "slot", Json.Num.of(p.slot())));
        }
        return new Json.Arr(out);
    }

    private static List<ExecutionPlan.Port> readPorts(List<Reader> readers) throws ModelFormatException {
        List<ExecutionPlan.Port> out = new ArrayList<>();
        for (Reader p : readers) {
            out.add(new ExecutionPlan.Port(p.string("name"), p.dtype("dtype"), p.ints("shape"), p.integer("slot")));
        }
        return out;
    }

    private static Json.Value str(String s) {
        return s == null ? Json.Null.INSTANCE : new Json.Str(s);
    }

    private static Json.Value strings(List<String> values) {
        return new Json.Arr(values.stream().map(ManifestJson::str).toList());
    }

    private static Json.Value ints(int[] values) {
        List<Json.Value> out = new ArrayList<>();
        for (int v : values) {
            out.add(Json.Num.of(v));
        }
        return new Json.Arr(out);
    }

    /** An object of alternating names and values, in that order. */
    private static Json.Value obj(Object... namesAndValues) {
        Map<String, Json.Value> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], (Json.Value) namesAndValues[i + 1]);
        }
        return new Json.Obj(m);
    }

    /** Typed access to the members of one JSON object; {@code path} names it in messages. */
    private record Reader(Json.Value value, String path) {
        @FunctionalInterface
        interface Build<T> {
            T get() throws ModelFormatException;
        }

        /** {@code build}'s result; a record that rejects what it is given is a malformed manifest. */
        <T> T check(Build<T> build) throws ModelFormatException {
            try {
                return build.get();
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("the model metadata is inconsistent: " + e.getMessage());
            }
        }

        private Json.Value member(String name) throws ModelFormatException {
            if (!(value instanceof Json.Obj o)) {
                throw bad(path.isEmpty() ? "the top level" : path, "an object");
            }
            Json.Value v = o.members().get(name);
            if (v == null) {
                throw new ModelFormatException("the model metadata has no member " + where(name));
            }
            return v;
        }

        private String where(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        private static ModelFormatException bad(String where, String expected) {
            return new ModelFormatException("the model metadata's " + where + " is not " + expected);
        }

        String string(String name) throws ModelFormatException {
            if (member(name) instanceof Json.Str(String s)) {
                return s;
            }
            throw bad(where(name), "a string");
        }

        String nullableString(String name) throws ModelFormatException {
            Json.Value v = member(name);
            return v == Json.Null.INSTANCE ? null : string(name);
        }

        long number(String name) throws ModelFormatException {
            if (member(name) instanceof Json.Num(String text)) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw bad(where(name), "an integer");
        }

        int integer(String name) throws ModelFormatException {
            long v = number(name);
            if (v != (int) v) {
                throw bad(where(name), "a 32-bit integer");
            }
            return (int) v;
        }

        DType dtype(String name) throws ModelFormatException {
            DType t = DType.fromText(string(name));
            if (t == null) {
                throw bad(where(name), "a dtype");
            }
            return t;
        }

        Reader object(String name) throws ModelFormatException {
            Json.Value v = member(name);
            if (!(v instanceof Json.Obj)) {
                throw bad(where(name), "an object");
            }
            return new Reader(v, where(name));
        }

        List<Reader> objects(String name) throws ModelFormatException {
            List<Reader> out = new ArrayList<>();
            List<Json.Value> elements = array(name);
            for (int i = 0; i < elements.size(); i++) {
                if (!(elements.get(i) instanceof Json.Obj)) {
                    throw bad(where(name) + "[" + i + "]", "an object");
                }
                out.add(new Reader(elements.get(i), where(name) + "[" + i + "]"));
            }
            return out;
        }

        List<String> strings(String name) throws ModelFormatException {
            List<String> out = new ArrayList<>();
            for (Json.Value v : array(name)) {
                if (!(v instanceof Json.Str(String s))) {
                    throw bad(where(name), "an array of strings");
                }
                out.add(s);
            }
            return out;
        }

        int[] ints(String name) throws ModelFormatException {
            List<Json.Value> elements = array(name);
            int[] out = new int[elements.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(elements.get(i) instanceof Json.Num(String text)) || !text.matches("-?[0-9]{1,10}")) {
                    throw bad(where(name), "an array of integers");
                }
                long v = Long.parseLong(text);
                if (v != (int) v) {
                    throw bad(where(name), "an array of 32-bit integers");
                }
                out[i] = (int) v;
            }
            return out;
        }

        private List<Json.Value> array(String name) throws ModelFormatException {
            if (member(name) instanceof Json.Arr(List<Json.Value> elements)) {
                return elements;
            }
            throw bad(where(name), "an array");
        }
    }
}
