package kiln.codegen.cpu;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Modifier;
import kiln.ir.loop.ScalarType;

/**
 * The static fields a generated class needs, collected while its kernels are emitted: the vector species
 * ({@code static final} fields so the JIT sees constants), the index maps of strided vector accesses and the
 * shuffles and masks of stride-2 loads, and the constant lane masks of guards and partial vectors. Also the
 * Java types generated code names.
 *
 * <p>The species have the width the class is generated for, fixed in its source: schedules may have tiled and
 * packed weights for that width (a vector loop over a constant number of elements that is one vector of it),
 * so the code must not take another one at run time. The Vector API computes the same at any width on any
 * machine; a width wider than the hardware's is correct but slow.
 */
final class ClassFields {
    static final ClassName FLOAT_VECTOR = ClassName.get("jdk.incubator.vector", "FloatVector");
    static final ClassName INT_VECTOR = ClassName.get("jdk.incubator.vector", "IntVector");
    static final ClassName VECTOR_MASK = ClassName.get("jdk.incubator.vector", "VectorMask");
    static final ClassName VECTOR_SHUFFLE = ClassName.get("jdk.incubator.vector", "VectorShuffle");
    static final ClassName VECTOR_SPECIES = ClassName.get("jdk.incubator.vector", "VectorSpecies");
    static final ClassName VECTOR_OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");
    static final ClassName VECTOR_WIDTH = ClassName.get("kiln.runtime.exec", "VectorWidth");
    static final ClassName VECTOR_FUNCTIONS = ClassName.get("kiln.runtime.exec", "VectorFunctions");
    static final ClassName FLOAT_ERF = ClassName.get("kiln.runtime.exec", "FloatErf");
    static final ClassName INT_MATH = ClassName.get("kiln.runtime.exec", "IntMath");
    static final ClassName PARALLEL = ClassName.get("kiln.runtime.exec", "Parallel");
    static final ClassName KERNEL_LIBRARY = ClassName.get("kiln.runtime.exec", "KernelLibrary");
    static final TypeName FLOAT_MASK = ParameterizedTypeName.get(VECTOR_MASK, ClassName.get(Float.class));

    /**
     * Names locals must not take: the class's fields, and the simple names of the types generated code refers
     * to (a local named {@code Math} would obscure {@code Math.min}). Stride maps and the constants of
     * stride-2 loads are {@code STRIDE_*}, constant lane masks {@code LANES_*}.
     */
    static final Set<String> RESERVED = Set.of("F", "I", "Math", "Float", "Double", "String", "Object", "Override",
            "IllegalArgumentException", "FloatVector", "IntVector", "VectorMask", "VectorShuffle", "VectorSpecies", "VectorOperators",
            "VectorWidth", "VectorFunctions", "FloatErf", "IntMath", "Parallel", "KernelLibrary");
    static final String RESERVED_PREFIX = "STRIDE_";
    /** Constant lane masks are {@code LANES_*}. */
    static final String RESERVED_MASK_PREFIX = "LANES_";

    private final int vectorBits;
    private boolean floatSpecies;
    private boolean intSpecies;

    /** Fields of a class whose vectors have {@code vectorBits} bits (128, 256 or 512). */
    ClassFields(int vectorBits) {
        if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
            throw new IllegalArgumentException("vector width " + vectorBits + " is not 128, 256 or 512 bits");
        }
        this.vectorBits = vectorBits;
    }

    /** Lanes of a vector of 32-bit elements: {@code lanes(f32)} in this class. */
    int lanes32() {
        return vectorBits / 32;
    }
    private final TreeSet<Long> strides = new TreeSet<>();
    private final EnumSet<Stride2> stride2 = EnumSet.noneOf(Stride2.class);

    /** The constants of a stride-2 load ({@link kiln.runtime.exec.VectorFunctions} says how they are used). */
    enum Stride2 {
        /** The shuffle that puts a vector's even lanes in the lower half. */
        EVEN(true, "everyOther($L, 0)"),
        /** The shuffle that puts a vector's odd lanes in the upper half. */
        ODD(true, "everyOther($L, 1)"),
        /** The lanes of the upper half. */
        UPPER(false, "upperHalf($L)"),
        /** The shuffle whose lane j takes lane j / 2. */
        SPREAD_LO(true, "spread($L, 0)"),
        /** The shuffle whose lane j takes lane (lanes - 1 + j) / 2. */
        SPREAD_HI(true, "spread($L, F.length() - 1)"),
        /** The even lanes. */
        EVEN_LANES(false, "parity($L, 0)"),
        /** The odd lanes. */
        ODD_LANES(false, "parity($L, 1)");

        final boolean shuffle;
        final String init;

        Stride2(boolean shuffle, String init) {
            this.shuffle = shuffle;
            this.init = init;
        }
    }

    /** A constant of stride-2 loads, {@code STRIDE_2_<part>}. */
    CodeBlock stride2(Stride2 part) {
        floatSpecies = true;
        stride2.add(part);
        return CodeBlock.of("$N", "STRIDE_2_" + part.name());
    }
    /** Constant lane masks: n for lanes below n, −n for lanes from n on. */
    private final TreeSet<Integer> masks = new TreeSet<>();

    /** The f32 species; every vector loop uses its lane count. */
    CodeBlock floatSpecies() {
        floatSpecies = true;
        return CodeBlock.of("F");
    }

    /** The i32 species, as many lanes as the f32 one. */
    CodeBlock intSpecies() {
        floatSpecies = true;
        intSpecies = true;
        return CodeBlock.of("I");
    }

    /** The index map {0, s, 2s, …} of a strided vector access. */
    CodeBlock strideMap(long stride) {
        floatSpecies = true;
        strides.add(stride);
        return CodeBlock.of("$N", strideName(stride));
    }

    /** The constant mask of lanes {@code i < n} (0 &lt; n &lt; lanes), or with {@code negate} of lanes {@code i >= n}. */
    CodeBlock laneMask(int n, boolean negate) {
        floatSpecies = true;
        masks.add(negate ? -n : n);
        return CodeBlock.of("$N", maskName(negate ? -n : n));
    }

    /** The n of a constant mask {@code LANES_BELOW_n} of this class, written as is; 0 for any other mask. */
    int lanesBelow(CodeBlock mask) {
        String text = mask == null ? "" : mask.toString();
        for (int m : masks) {
            if (m > 0 && text.equals(maskName(m))) {
                return m;
            }
        }
        return 0;
    }

    /** A constant lane mask of this class (never empty: 0 &lt; n &lt; lanes), written as is. */
    boolean isLaneMask(CodeBlock mask) {
        String text = mask.toString();
        return masks.stream().anyMatch(m -> text.equals(maskName(m)));
    }

    private static String maskName(int signed) {
        return signed < 0 ? "LANES_FROM_" + -signed : "LANES_BELOW_" + signed;
    }

    private static String strideName(long s) {
        return "STRIDE_" + (s < 0 ? "M" + -s : Long.toString(s));
    }

    boolean usesVectors() {
        return floatSpecies;
    }

    List<FieldSpec> fields() {
        List<FieldSpec> fields = new ArrayList<>();
        if (floatSpecies) {
            fields.add(FieldSpec.builder(ParameterizedTypeName.get(VECTOR_SPECIES, ClassName.get(Float.class)), "F",
                    Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer("$T.f32($L)", VECTOR_WIDTH, vectorBits).build());
        }
        if (intSpecies) {
            fields.add(FieldSpec.builder(ParameterizedTypeName.get(VECTOR_SPECIES, ClassName.get(Integer.class)), "I",
                    Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer("$T.i32($L)", VECTOR_WIDTH, vectorBits).build());
        }
        for (long s : strides) {
            fields.add(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), strideName(s), Modifier.PRIVATE,
                    Modifier.STATIC, Modifier.FINAL).initializer("$T.strideMap($L, F.length())", VECTOR_FUNCTIONS, s).build());
        }
        for (Stride2 part : stride2) {
            TypeName type = ParameterizedTypeName.get(part.shuffle ? VECTOR_SHUFFLE : VECTOR_MASK, ClassName.get(Float.class));
            fields.add(FieldSpec.builder(type, "STRIDE_2_" + part.name(), Modifier.PRIVATE, Modifier.STATIC,
                    Modifier.FINAL).initializer(CodeBlock.builder().add("$T.", VECTOR_FUNCTIONS).add(part.init, "F").build())
                    .build());
        }
        for (int m : masks) {
            fields.add(FieldSpec.builder(FLOAT_MASK, maskName(m), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer(m > 0 ? "F.indexInRange(0, $L)" : "F.indexInRange(0, $L).not()", Math.abs(m)).build());
        }
        return fields;
    }

    /** The Java type of a scalar of {@code t}. */
    static TypeName scalar(ScalarType t) {
        return switch (t) {
            case BOOL -> TypeName.BOOLEAN;
            case I8 -> TypeName.BYTE;
            case I32 -> TypeName.INT;
            case I64 -> TypeName.LONG;
            case F32 -> TypeName.FLOAT;
            case F64 -> TypeName.DOUBLE;
        };
    }

    /** The Java array type a buffer of {@code t} is passed as (bool as bytes 0/1). */
    static TypeName array(ScalarType t) {
        return ArrayTypeName.of(t == ScalarType.BOOL ? TypeName.BYTE : scalar(t));
    }

    /** The Java type of a vector of {@code t} (f32, i32, or bool as a mask). */
    static TypeName vector(ScalarType t) {
        return switch (t) {
            case F32 -> FLOAT_VECTOR;
            case I32 -> INT_VECTOR;
            case BOOL -> FLOAT_MASK;
            default -> throw new IllegalArgumentException("no vector of " + t);
        };
    }
}
