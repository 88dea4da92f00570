package kiln.frontend.check;

import java.util.List;

/**
 * The arguments an operator or block takes, in positional order, and which of them must be given. The
 * resolver checks calls against it (arity, keyword names, duplicates); what each argument's value must
 * be is checked when the call is lowered.
 */
public record Signature(String name, List<Param> params) {
    public Signature {
        params = List.copyOf(params);
    }

    public record Param(String name, boolean required) {
    }

    /** The signature of a block: its arguments, required where they have no default. */
    public static Signature of(kiln.frontend.syntax.Decl.Block b) {
        return new Signature(b.name(), b.params().stream().map(p -> new Param(p.name(), p.defaultValue() == null))
                .toList());
    }

    /** The position of the parameter of that name, or −1. */
    public int indexOf(String paramName) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).name().equals(paramName)) {
                return i;
            }
        }
        return -1;
    }

    public List<String> names() {
        return params.stream().map(Param::name).toList();
    }
}
