package kiln.ir.graph;

import java.util.List;
import kiln.runtime.DType;

/**
 * Real-input discrete Fourier transform over the last {@code lengths.size()} axes of an f32 tensor (1-D:
 * {@code torch.fft.rfft}; 2-D: {@code rfft2}). Each transformed axis is first cut or zero-padded to its
 * length {@code n}; the result is c64 with the same lengths, except that the last axis keeps only the
 * {@code n/2 + 1} non-redundant bins. {@code X[k] = scale · Σ x[t]·exp(-2πi·k·t/n)}.
 */
public record Rfft(List<Integer> lengths, FftNorm norm) implements Op {
    public Rfft {
        lengths = List.copyOf(lengths);
        if (lengths.isEmpty()) {
            throw new IrException("rfft: needs at least one transform length");
        }
        Infer.positive("rfft", "lengths", lengths);
    }

    @Override
    public String name() {
        return "rfft";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        if (x.dtype() != DType.F32) {
            throw new IrException(name() + ": expects an f32 tensor, got " + x);
        }
        int[] dims = Fft.transformedDims(name(), x, lengths);
        dims[dims.length - 1] = lengths.getLast() / 2 + 1;
        return Infer.one(new TensorType(DType.C64, Shape.of(dims)));
    }
}
