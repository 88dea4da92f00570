package kiln.frontend.onnx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import kiln.frontend.onnx.proto.OnnxProtos.AttributeProto;
import kiln.frontend.onnx.proto.OnnxProtos.AttributeProto.AttributeType;
import kiln.runtime.Tensor;

/**
 * A node's attributes, read by name and type. It remembers which attributes were read: whatever a
 * converter never asked for is an attribute Kiln does not handle, and is reported as unsupported. So a
 * converter must read every attribute it supports, including those it only checks against their defaults.
 */
final class Attributes {
    private final Map<String, AttributeProto> byName = new LinkedHashMap<>();
    private final Set<String> read = new TreeSet<>();
    private final ExternalData external;
    private final String source;

    Attributes(List<AttributeProto> attributes, ExternalData external, String source) {
        for (AttributeProto a : attributes) {
            if (byName.put(a.getName(), a) != null) {
                throw NodeError.invalid("attribute '" + a.getName() + "' is given twice");
            }
            if (!a.getRefAttrName().isEmpty()) {
                throw NodeError.unsupported("attribute '" + a.getName() + "' refers to a function attribute");
            }
        }
        this.external = external;
        this.source = source;
    }

    boolean has(String name) {
        read.add(name);
        return byName.containsKey(name);
    }

    long getInt(String name, long absent) {
        AttributeProto a = get(name, AttributeType.INT);
        return a == null ? absent : a.getI();
    }

    /** An int attribute that must be present. */
    long requireInt(String name) {
        AttributeProto a = get(name, AttributeType.INT);
        if (a == null) {
            throw NodeError.invalid("the required attribute '" + name + "' is missing");
        }
        return a.getI();
    }

    double getFloat(String name, double absent) {
        AttributeProto a = get(name, AttributeType.FLOAT);
        return a == null ? absent : a.getF();
    }

    String getString(String name, String absent) {
        AttributeProto a = get(name, AttributeType.STRING);
        return a == null ? absent : a.getS().toString(StandardCharsets.UTF_8);
    }

    /** An ints attribute, or null when absent. */
    long[] getInts(String name) {
        AttributeProto a = get(name, AttributeType.INTS);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** A floats attribute, or null when absent. */
    float[] getFloats(String name) {
        AttributeProto a = get(name, AttributeType.FLOATS);
        if (a == null) {
            return null;
        }
        float[] out = new float[a.getFloatsCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getFloats(i);
        }
        return out;
    }

    /** A tensor attribute, or null when absent. */
    Tensor getTensor(String name) {
        AttributeProto a = get(name, AttributeType.TENSOR);
        return a == null ? null : TensorProtos.toTensor(a.getT(), external, source);
    }

    /** The names of the attributes no converter code asked for, in the node's order. */
    List<String> unread() {
        List<String> out = new ArrayList<>();
        for (String name : byName.keySet()) {
            if (!read.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    private AttributeProto get(String name, AttributeType type) {
        read.add(name);
        AttributeProto a = byName.get(name);
        if (a == null) {
            return null;
        }
        AttributeType actual = a.getType();
        if (actual == AttributeType.UNDEFINED) {
            actual = guessType(a);
        }
        if (actual != type) {
            throw NodeError.invalid("attribute '" + name + "' should be " + type + ", got " + actual);
        }
        return a;
    }

    /** Files written before IR version 2 may leave {@code type} unset; the filled field tells it. */
    private static AttributeType guessType(AttributeProto a) {
        if (a.hasT()) {
            return AttributeType.TENSOR;
        }
        if (a.getIntsCount() > 0) {
            return AttributeType.INTS;
        }
        if (a.getFloatsCount() > 0) {
            return AttributeType.FLOATS;
        }
        if (!a.getS().isEmpty()) {
            return AttributeType.STRING;
        }
        if (a.getF() != 0) {
            return AttributeType.FLOAT;
        }
        return AttributeType.INT;
    }
}
