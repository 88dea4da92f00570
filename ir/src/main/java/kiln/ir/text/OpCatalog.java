package kiln.ir.text;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kiln.ir.graph.Binary;
import kiln.ir.graph.Compare;
import kiln.ir.graph.ComplexPart;
import kiln.ir.graph.GlobalPool;
import kiln.ir.graph.Op;
import kiln.ir.graph.Pool;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Unary;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * The text form of every op, derived from the op records themselves: each record component is an
 * attribute named in snake_case, in component order, except the one component that the op's name implies
 * ({@code relu} is {@code Unary(RELU)}, {@code max_pool} is {@code Pool(MAX, ...)}). A new op record
 * therefore needs no printer or parser code, unless it has an attribute of a new Java type or a
 * name-implied component.
 *
 * <p>{@link Op#name()} is an instance method, so the name of each op (and of each value of a name-implied
 * component) is learnt by building a sample instance with simple attribute values.
 */
final class OpCatalog {
    /** The component each name-implying op takes from its name. */
    private static final Map<Class<?>, String> IMPLIED = Map.of(
            Unary.class, "fn",
            Binary.class, "fn",
            Compare.class, "fn",
            Pool.class, "kind",
            GlobalPool.class, "kind",
            Reduce.class, "kind",
            ComplexPart.class, "imaginary");

    /** The Java types attribute values can have, one text syntax each. */
    enum AttrKind { INT, DOUBLE, BOOLEAN, INT_LIST, DOUBLE_LIST, ENUM, DTYPE, SHAPE, TENSOR }

    /** One attribute of an op: its text name, kind, Java type, and position among the record components. */
    record Attribute(String name, AttrKind kind, Class<?> type, RecordComponent component, int index) {
        Object get(Op op) {
            try {
                return component.getAccessor().invoke(op);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }

        /** The constants of an enum attribute, in declaration order. */
        List<Enum<?>> choices() {
            return Arrays.asList((Enum<?>[]) type.getEnumConstants());
        }
    }

    /**
     * How one op name reads: the record it builds, its attributes and, for a name-implying op, the value
     * of the implied component.
     */
    record OpForm(String name, Class<? extends Op> type, List<Attribute> attributes, int impliedIndex,
            Object impliedValue, Constructor<? extends Op> constructor) {

        /** The attribute of that text name, or null. */
        Attribute attribute(String attributeName) {
            for (Attribute a : attributes) {
                if (a.name().equals(attributeName)) {
                    return a;
                }
            }
            return null;
        }

        /**
         * The op with these attribute values (by text name, all present). Rethrows what the record's
         * constructor throws.
         */
        Op create(Map<String, Object> values) {
            Object[] args = new Object[type.getRecordComponents().length];
            if (impliedIndex >= 0) {
                args[impliedIndex] = impliedValue;
            }
            for (Attribute a : attributes) {
                args[a.index()] = values.get(a.name());
            }
            return construct(constructor, args);
        }
    }

    private record Catalog(Map<String, OpForm> byName, Map<Class<?>, List<Attribute>> byType) {
    }

    private static final class Holder {
        static final Catalog CATALOG = build();
    }

    private OpCatalog() {
    }

    /** The form of the op named {@code name}, or null when there is none. */
    static OpForm byName(String name) {
        return Holder.CATALOG.byName().get(name);
    }

    /** Every op name, sorted. */
    static List<String> names() {
        return List.copyOf(Holder.CATALOG.byName().keySet());
    }

    /** The attributes {@code op} prints, in component order. */
    static List<Attribute> attributes(Op op) {
        return Holder.CATALOG.byType().get(op.getClass());
    }

    /** Every op record, in the order the sealed hierarchy lists them. */
    static List<Class<? extends Op>> opTypes() {
        List<Class<? extends Op>> out = new ArrayList<>();
        Deque<Class<?>> todo = new ArrayDeque<>(Arrays.asList(Op.class.getPermittedSubclasses()));
        while (!todo.isEmpty()) {
            Class<?> c = todo.removeFirst();
            if (c.isRecord()) {
                out.add(c.asSubclass(Op.class));
            } else if (c.isSealed()) {
                List<Class<?>> subs = Arrays.asList(c.getPermittedSubclasses());
                for (int i = subs.size() - 1; i >= 0; i--) {
                    todo.addFirst(subs.get(i));
                }
            } else {
                throw new IllegalStateException(c + " is neither an op record nor a sealed interface of ops");
            }
        }
        return out;
    }

    private static Catalog build() {
        Map<String, OpForm> byName = new TreeMap<>();
        Map<Class<?>, List<Attribute>> byType = new LinkedHashMap<>();
        for (Class<? extends Op> type : opTypes()) {
            RecordComponent[] components = type.getRecordComponents();
            String impliedName = IMPLIED.get(type);
            int impliedIndex = -1;
            List<Attribute> attributes = new ArrayList<>();
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(impliedName)) {
                    impliedIndex = i;
                } else {
                    attributes.add(new Attribute(snakeCase(components[i].getName()), kindOf(components[i]),
                            components[i].getType(), components[i], i));
                }
            }
            if (impliedName != null && impliedIndex < 0) {
                throw new IllegalStateException(type.getSimpleName() + " has no component " + impliedName);
            }
            Constructor<? extends Op> constructor = canonicalConstructor(type, components);
            List<Object> impliedValues = impliedIndex < 0 ? Arrays.asList((Object) null)
                    : impliedValues(components[impliedIndex].getType());
            for (Object implied : impliedValues) {
                String name = sample(constructor, components, impliedIndex, implied).name();
                OpForm form = new OpForm(name, type, List.copyOf(attributes), impliedIndex, implied, constructor);
                OpForm clash = byName.put(name, form);
                if (clash != null) {
                    throw new IllegalStateException("op name " + name + " is used by " + clash.type().getSimpleName()
                            + " and " + type.getSimpleName());
                }
            }
            byType.put(type, List.copyOf(attributes));
        }
        return new Catalog(byName, byType);
    }

    private static List<Object> impliedValues(Class<?> type) {
        if (type == boolean.class) {
            return List.of(false, true);
        }
        if (type.isEnum()) {
            return List.of((Object[]) type.getEnumConstants());
        }
        throw new IllegalStateException("a name-implied component must be an enum or a boolean, not " + type);
    }

    /** How an enum attribute value is written: its constant name in lower case ({@code reflect}). */
    static String enumText(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

    static String snakeCase(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static AttrKind kindOf(RecordComponent c) {
        Class<?> t = c.getType();
        if (t == int.class) {
            return AttrKind.INT;
        } else if (t == double.class) {
            return AttrKind.DOUBLE;
        } else if (t == boolean.class) {
            return AttrKind.BOOLEAN;
        } else if (t == DType.class) {
            return AttrKind.DTYPE;
        } else if (t.isEnum()) {
            return AttrKind.ENUM;
        } else if (t == Shape.class) {
            return AttrKind.SHAPE;
        } else if (t == Tensor.class) {
            return AttrKind.TENSOR;
        } else if (t == List.class && c.getGenericType() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] == Integer.class) {
            return AttrKind.INT_LIST;
        } else if (t == List.class && c.getGenericType() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] == Double.class) {
            return AttrKind.DOUBLE_LIST;
        }
        throw new IllegalStateException("the IR text form has no syntax for attribute "
                + c.getDeclaringRecord().getSimpleName() + "." + c.getName() + " of type " + c.getGenericType());
    }

    private static Constructor<? extends Op> canonicalConstructor(Class<? extends Op> type,
            RecordComponent[] components) {
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
    }

    /**
     * An instance built from simple attribute values, trying a few combinations since constructors validate
     * (a permutation must hold 0, a length must be positive).
     */
    private static Op sample(Constructor<? extends Op> constructor, RecordComponent[] components, int impliedIndex,
            Object implied) {
        int[] ints = {1, 0};
        List<List<Integer>> lists = List.of(List.of(1), List.of(0), List.of());
        RuntimeException last = null;
        for (int intValue : ints) {
            for (List<Integer> listValue : lists) {
                Object[] args = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    args[i] = i == impliedIndex ? implied : sampleValue(kindOf(components[i]),
                            components[i].getType(), intValue, listValue);
                }
                try {
                    return construct(constructor, args);
                } catch (RuntimeException e) {
                    last = e;
                }
            }
        }
        throw new IllegalStateException("cannot build a sample " + constructor.getDeclaringClass().getSimpleName()
                + " to learn its op name", last);
    }

    private static Object sampleValue(AttrKind kind, Class<?> type, int intValue, List<Integer> listValue) {
        return switch (kind) {
            case INT -> intValue;
            case DOUBLE -> 0.0;
            case BOOLEAN -> false;
            case INT_LIST -> listValue;
            case DOUBLE_LIST -> List.of();
            case ENUM, DTYPE -> type.getEnumConstants()[0];
            case SHAPE -> Shape.SCALAR;
            case TENSOR -> Tensor.zeros(DType.F32);
        };
    }

    /** Calls a constructor, rethrowing what it throws as is. */
    private static Op construct(Constructor<? extends Op> constructor, Object[] args) {
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("constructing " + constructor.getDeclaringClass().getSimpleName(),
                    e.getCause());
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot construct " + constructor.getDeclaringClass().getSimpleName(), e);
        }
    }
}
