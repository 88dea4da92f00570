package kiln.ir.graph;

/** A named graph result. */
public record Output(String name, Value value) {
}
