package kiln.ir.text;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Op;
import kiln.ir.graph.Spelling;
import kiln.ir.graph.TensorType;
import kiln.ir.text.IrSyntaxException.Kind;
import kiln.ir.text.OpCatalog.Attribute;
import kiln.ir.text.OpCatalog.OpForm;

/**
 * Reads the op part of a node, {@code name(inputs) {attributes}}, once the inputs are known: looks the
 * name up, reads the attributes, fills in defaults, builds the op and infers its result types. Every
 * failure is reported at the place it belongs to.
 */
final class OpParser {
    private final TokenStream in;
    private final LiteralParser literals;

    OpParser(TokenStream in, LiteralParser literals) {
        this.in = in;
        this.literals = literals;
    }

    /** The form of the op named by {@code name}, which has not been consumed yet. */
    OpForm form(Token name) {
        if (!name.is(Token.Kind.IDENT)) {
            throw in.unexpected("an op name");
        }
        OpForm form = OpCatalog.byName(name.text());
        if (form == null) {
            throw in.error(Kind.UNKNOWN_OP, name, "unknown op '" + Token.clip(name.text()) + "'"
                    + Spelling.didYouMean(name.text(), OpCatalog.names()));
        }
        in.next();
        return form;
    }

    /**
     * Reads the optional {@code {attributes}}, fills in defaults and builds the op.
     *
     * @param name   the op name token, where op-level problems are reported
     * @param inputs the input types, which some defaults depend on
     */
    Op op(OpForm form, Token name, List<TensorType> inputs) {
        Map<String, Object> given = attributes(form);
        Map<String, Object> values = new LinkedHashMap<>();
        AttributeDefaults.Context context = new AttributeDefaults.Context(inputs, values);
        for (Attribute a : form.attributes()) {
            Object v = given.containsKey(a.name()) ? given.get(a.name())
                    : AttributeDefaults.of(form.type(), a.name(), context);
            if (v == null) {
                throw in.error(Kind.MISSING_ATTRIBUTE, name, form.name() + ": missing attribute '" + a.name() + "' ("
                        + describe(a) + ")");
            }
            values.put(a.name(), v);
        }
        try {
            return form.create(values);
        } catch (IrException e) {
            throw in.error(Kind.INVALID_ATTRIBUTES, name, oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            throw in.error(Kind.INVALID_ATTRIBUTES, name, form.name() + ": invalid attributes (" + e + ")");
        }
    }

    /** The op's result types; a rejection is reported at the op name with the op's own message. */
    List<TensorType> infer(Op op, Token name, List<TensorType> inputs) {
        try {
            return op.inferTypes(inputs);
        } catch (IrException e) {
            throw in.error(Kind.TYPE_INFERENCE, name, oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            throw in.error(Kind.TYPE_INFERENCE, name, op.name() + ": cannot infer the result types (" + e + ")");
        }
    }

    private Map<String, Object> attributes(OpForm form) {
        Map<String, Object> given = new HashMap<>();
        if (!in.accept(Token.Kind.LBRACE)) {
            return given;
        }
        if (in.accept(Token.Kind.RBRACE)) {
            return given;
        }
        do {
            Token name = in.peek();
            if (!name.is(Token.Kind.IDENT)) {
                throw in.unexpected("an attribute name");
            }
            Attribute a = form.attribute(name.text());
            if (a == null) {
                throw in.error(Kind.UNKNOWN_ATTRIBUTE, name, unknownAttribute(form, name.text()));
            }
            if (given.containsKey(a.name())) {
                throw in.error(Kind.DUPLICATE_ATTRIBUTE, name, form.name() + ": attribute '" + a.name()
                        + "' is given twice");
            }
            in.next();
            in.expect(Token.Kind.EQUALS, "'=' after attribute " + a.name());
            literals.inAttribute(form.name() + ": attribute '" + a.name() + "'");
            try {
                given.put(a.name(), value(form, a));
            } finally {
                literals.inAttribute(null);
            }
        } while (in.accept(Token.Kind.COMMA));
        in.expect(Token.Kind.RBRACE, "',' or '}'");
        return given;
    }

    private static String unknownAttribute(OpForm form, String name) {
        String message = form.name() + ": unknown attribute '" + Token.clip(name) + "'";
        List<String> names = form.attributes().stream().map(Attribute::name).toList();
        String suggestion = Spelling.didYouMean(name, names);
        if (!suggestion.isEmpty()) {
            return message + suggestion;
        }
        return message + (names.isEmpty() ? "; " + form.name() + " has no attributes"
                : "; the attributes of " + form.name() + " are " + String.join(", ", names));
    }

    private Object value(OpForm form, Attribute a) {
        return switch (a.kind()) {
            case INT -> literals.intValue();
            case DOUBLE -> Double.longBitsToDouble(literals.f64Bits());
            case BOOLEAN -> literals.bool();
            case INT_LIST -> literals.intList();
            case DOUBLE_LIST -> literals.doubleList();
            case ENUM -> enumValue(form, a);
            case DTYPE -> literals.dtype();
            case SHAPE -> literals.shape(true);
            case TENSOR -> literals.tensor();
        };
    }

    private Enum<?> enumValue(OpForm form, Attribute a) {
        List<String> names = a.choices().stream().map(OpCatalog::enumText).toList();
        Token t = in.peek();
        if (t.is(Token.Kind.IDENT)) {
            int i = names.indexOf(t.text());
            if (i >= 0) {
                in.next();
                return a.choices().get(i);
            }
            throw in.error(Kind.BAD_ATTRIBUTE_VALUE, t, form.name() + ": attribute '" + a.name() + "' expects one of "
                    + String.join(", ", names) + ", found '" + Token.clip(t.text()) + "'"
                    + Spelling.didYouMean(t.text(), names));
        }
        throw literals.expected("one of " + String.join(", ", names));
    }

    private static String describe(Attribute a) {
        return switch (a.kind()) {
            case INT -> "an integer";
            case DOUBLE -> "a number";
            case BOOLEAN -> "true or false";
            case INT_LIST -> "a list of integers";
            case DOUBLE_LIST -> "a list of numbers";
            case ENUM -> "one of " + String.join(", ", a.choices().stream().map(OpCatalog::enumText).toList());
            case DTYPE -> "a dtype";
            case SHAPE -> "a shape";
            case TENSOR -> "a tensor literal like f32[2] [1.0, 2.0]";
        };
    }

    /** A diagnostic is one line; the graph package's multi-line messages are joined. */
    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\n\\s*", "; ");
    }
}
