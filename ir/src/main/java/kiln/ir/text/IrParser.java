package kiln.ir.text;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.ir.graph.Graph;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Node;
import kiln.ir.graph.Op;
import kiln.ir.graph.Output;
import kiln.ir.graph.Spelling;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.ir.text.IrSyntaxException.Kind;
import kiln.ir.text.OpCatalog.OpForm;

/**
 * Reads the Graph IR text form ({@code .kir}) that {@link IrPrinter} writes, and hand-written files that
 * leave out result types and defaulted attributes. Every problem is an {@link IrSyntaxException} at its
 * line and column. The grammar has no nesting, and the parser no recursion, so input size is bounded only
 * by memory.
 *
 * <pre>
 * graph residual {
 *   input %x: f32[N, 1, 6, 6]
 *   param %conv1.weight: f32[2, 1, 3, 3]
 *   %0 = conv(%x, %conv1.weight) {pads_begin=[1, 1], pads_end=[1, 1]}
 *   %1 = relu(%0) : f32[N, 2, 6, 6]
 *   output y = %1
 * }
 * </pre>
 *
 * Statements may come in any order as long as every value is defined before it is used; the printer
 * writes inputs, parameters, nodes, then outputs.
 */
public final class IrParser {
    private record Definition(Value value, Token at) {
    }

    private final SourceText source;
    private final TokenStream in;
    private final LiteralParser literals;
    private final OpParser ops;
    private final Map<String, Definition> values = new LinkedHashMap<>();
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> params = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final Set<String> outputNames = new HashSet<>();

    private IrParser(SourceText source) {
        this.source = source;
        this.in = new TokenStream(source);
        this.literals = new LiteralParser(in);
        this.ops = new OpParser(in, literals);
    }

    /**
     * Parses one graph.
     *
     * @param fileName the name diagnostics show; {@code <input>} when null
     * @throws IrSyntaxException at the first problem
     */
    public static Graph parse(String source, String fileName) {
        String text = source.startsWith("\uFEFF") ? source.substring(1) : source;
        return new IrParser(new SourceText(fileName == null ? "<input>" : fileName, text)).graph();
    }

    /** Parses a UTF-8 {@code .kir} file; diagnostics name it as given. */
    public static Graph parse(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not valid UTF-8 text", e);
        }
        return parse(text, file.toString());
    }

    private Graph graph() {
        Token keyword = in.peek();
        if (!keyword.isWord("graph")) {
            throw in.unexpected("'graph'");
        }
        in.next();
        String name = name("a graph name");
        in.expect(Token.Kind.LBRACE, "'{'");
        while (!in.at(Token.Kind.RBRACE)) {
            Token t = in.peek();
            if (t.isWord("input")) {
                in.next();
                inputs.add(declaration());
            } else if (t.isWord("param")) {
                in.next();
                params.add(declaration());
            } else if (t.isWord("output")) {
                in.next();
                output();
            } else if (t.is(Token.Kind.VALUE)) {
                node();
            } else {
                throw in.unexpected("a statement (input, param, output or %name = op(...)) or '}'");
            }
        }
        Token close = in.next();
        if (!in.at(Token.Kind.EOF)) {
            throw in.error(Kind.TRAILING_INPUT, in.peek(), "unexpected " + in.peek().describe()
                    + " after the end of graph " + NameSyntax.name(name));
        }
        if (outputs.isEmpty()) {
            throw in.error(Kind.NO_OUTPUTS, close, "graph " + NameSyntax.name(name)
                    + " has no outputs; add one like: output y = %value");
        }
        try {
            return Graph.of(name, inputs, params, nodes, outputs);
        } catch (IrException e) {
            throw in.error(Kind.INVALID_GRAPH, keyword, OpParser.oneLine(e.getMessage()));
        }
    }

    /** A graph or output name: an identifier or a non-empty quoted string. */
    private String name(String what) {
        Token t = in.peek();
        if (!t.is(Token.Kind.IDENT) && !t.is(Token.Kind.STRING)) {
            throw in.unexpected(what);
        }
        if (t.text().isEmpty()) {
            throw in.error(Kind.EMPTY_NAME, t, "a name must not be empty");
        }
        return in.next().text();
    }

    /** {@code %x: f32[N, 3]} after {@code input} or {@code param}. */
    private Value declaration() {
        Token name = newValueName();
        in.expect(Token.Kind.COLON, "':' and a type");
        Value v = new Value(name.text(), literals.type());
        define(v, name);
        return v;
    }

    /** {@code output y = %v}. */
    private void output() {
        Token at = in.peek();
        String name = name("an output name");
        if (!outputNames.add(name)) {
            throw in.error(Kind.DUPLICATE_OUTPUT, at, "output " + NameSyntax.name(name) + " is already defined");
        }
        in.expect(Token.Kind.EQUALS, "'='");
        outputs.add(new Output(name, use()));
    }

    /** {@code %a, %b = op(%x, ...) {attributes} : type, type}. */
    private void node() {
        List<Token> results = new ArrayList<>();
        Set<String> names = new HashSet<>();
        do {
            Token r = newValueName();
            if (!names.add(r.text())) {
                throw in.error(Kind.REDEFINED_VALUE, r, NameSyntax.valueName(r.text()) + " is named twice");
            }
            results.add(r);
        } while (in.accept(Token.Kind.COMMA));
        in.expect(Token.Kind.EQUALS, "',' or '='");
        Token opName = in.peek();
        OpForm form = ops.form(opName);
        List<Value> args = new ArrayList<>();
        if (in.accept(Token.Kind.LPAREN) && !in.accept(Token.Kind.RPAREN)) {
            do {
                args.add(use());
            } while (in.accept(Token.Kind.COMMA));
            in.expect(Token.Kind.RPAREN, "',' or ')'");
        }
        List<TensorType> argTypes = args.stream().map(Value::type).toList();
        Op op = ops.op(form, opName, argTypes);
        List<TensorType> types = ops.infer(op, opName, argTypes);
        if (types.size() != results.size()) {
            throw in.error(Kind.RESULT_COUNT, results.getFirst(), op.name() + " gives " + count(types.size())
                    + ", but " + results.size() + " names are given");
        }
        if (in.at(Token.Kind.COLON)) {
            declaredTypes(op, types, in.next());
        }
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Value v = new Value(results.get(i).text(), types.get(i));
            define(v, results.get(i));
            out.add(v);
        }
        nodes.add(new Node(op, args, out));
    }

    /** Reads the declared result types after {@code :} and checks them against the inferred ones. */
    private void declaredTypes(Op op, List<TensorType> inferred, Token colon) {
        int i = 0;
        do {
            Token at = in.peek();
            TensorType declared = literals.type();
            if (i >= inferred.size()) {
                throw in.error(Kind.RESULT_COUNT, at, op.name() + " gives " + count(inferred.size())
                        + ", but more types are declared");
            }
            if (!declared.equals(inferred.get(i))) {
                throw in.error(Kind.TYPE_MISMATCH, at, "declared type " + declared + " but " + op.name()
                        + " gives " + inferred.get(i) + (inferred.size() > 1 ? " for result " + (i + 1) : ""));
            }
            i++;
        } while (in.accept(Token.Kind.COMMA));
        if (i < inferred.size()) {
            throw in.error(Kind.RESULT_COUNT, colon, op.name() + " gives " + count(inferred.size()) + ", but only "
                    + i + (i == 1 ? " type is" : " types are") + " declared");
        }
    }

    private static String count(int results) {
        return results + (results == 1 ? " result" : " results");
    }

    /** A value name about to be defined: present, non-empty and not yet taken. */
    private Token newValueName() {
        Token t = in.expect(Token.Kind.VALUE, "a value name like %x");
        if (t.text().isEmpty()) {
            throw in.error(Kind.EMPTY_NAME, t, "a value name must not be empty");
        }
        Definition earlier = values.get(t.text());
        if (earlier != null) {
            throw in.error(Kind.REDEFINED_VALUE, t, NameSyntax.valueName(t.text()) + " is already defined at "
                    + source.lineColumn(earlier.at().offset()));
        }
        return t;
    }

    private void define(Value v, Token at) {
        values.put(v.name(), new Definition(v, at));
    }

    /** A use of a defined value. */
    private Value use() {
        Token t = in.expect(Token.Kind.VALUE, "a value like %x");
        Definition d = values.get(t.text());
        if (d == null) {
            String near = Spelling.nearest(t.text(), values.keySet());
            throw in.error(Kind.UNDEFINED_VALUE, t, "undefined value " + Token.clip(NameSyntax.valueName(t.text()))
                    + (near == null ? "" : "; did you mean " + NameSyntax.valueName(near) + "?"));
        }
        return d.value();
    }
}
