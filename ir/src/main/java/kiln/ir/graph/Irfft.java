package kiln.ir.graph;

import java.util.List;
import kiln.runtime.DType;

/**
 * Inverse of {@link Rfft}: a c64 tensor whose last {@code lengths.size()} axes hold a Hermitian
 * half-spectrum becomes an f32 tensor with those axes of the given lengths. The last axis uses its first
 * {@code n/2 + 1} bins (zero-padded when shorter); the other transformed axes are cut or zero-padded to
 * their length. The imaginary parts that a real signal cannot have (bin 0, and bin n/2 for even n) are
 * ignored, as numpy does.
 */
public record Irfft(List<Integer> lengths, FftNorm norm) implements Op {
    public Irfft {
        lengths = List.copyOf(lengths);
        if (lengths.isEmpty()) {
            throw new IrException("irfft: needs at least one transform length");
        }
        Infer.positive("irfft", "lengths", lengths);
    }

    @Override
    public String name() {
        return "irfft";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        if (x.dtype() != DType.C64) {
            throw new IrException(name() + ": expects a c64 tensor, got " + x);
        }
        return Infer.one(new TensorType(DType.F32, Shape.of(Fft.transformedDims(name(), x, lengths))));
    }
}
