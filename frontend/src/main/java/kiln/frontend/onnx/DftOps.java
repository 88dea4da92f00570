package kiln.frontend.onnx;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.ComplexPart;
import kiln.ir.graph.Concat;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.Gather;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Transpose;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Unsqueeze;
import kiln.runtime.DType;

/**
 * DFT, composed from the IR's real FFT. ONNX keeps complex numbers as a trailing axis of size 2 (size 1
 * for real input). The transform runs over the last axis after a transpose:
 * <ul>
 * <li>the full spectrum of a real signal is its rfft followed by the conjugated mirror of bins
 *     {@code 1 … ⌈n/2⌉ − 1} (Hermitian symmetry);
 * <li>a complex signal {@code a + ib} has spectrum {@code A + iB}, A and B the full spectra of a and b;
 * <li>the inverse is {@code conj(DFT(conj(z))) / n}.
 * </ul>
 */
final class DftOps {
    private DftOps() {
    }

    private record Parts(Term re, Term im) {
    }

    static List<Term> dft(NodeContext n) {
        Term x = n.in(0);
        int r = x.rank();
        long axisValue;
        if (n.opset() >= 20) {
            axisValue = n.opt(2) == null ? -2 : n.knownInts(2, "axis")[0];
        } else {
            axisValue = n.attrs().getInt("axis", 1);
        }
        boolean inverse = n.attrs().getInt("inverse", 0) != 0;
        boolean onesided = n.attrs().getInt("onesided", 0) != 0;
        if (x.dtype() != DType.F32) {
            throw NodeError.unsupportedType("DFT of " + x.type() + "; Kiln's FFT is f32");
        }
        if (r < 2 || x.shape().isBatch(r - 1) || (x.dim(r - 1) != 1 && x.dim(r - 1) != 2)) {
            throw NodeError.invalid("expects a trailing axis of size 1 (real) or 2 (complex), got " + x.type());
        }
        int axis = NodeContext.axis(axisValue, r);
        if (axis == r - 1) {
            throw NodeError.invalid("axis " + axisValue + " is the real/imaginary axis");
        }
        if (x.shape().isBatch(axis)) {
            throw NodeError.unsupported("a DFT along the symbolic batch axis");
        }
        if (inverse && onesided) {
            throw NodeError.unsupported("an inverse one-sided DFT");
        }
        int length = x.dim(axis);
        if (n.opt(1) != null) {
            long[] given = n.knownInts(1, "dft_length");
            if (given.length != 1 || given[0] < 1) {
                throw NodeError.invalid("dft_length must be one positive integer");
            }
            length = NodeContext.toInt(given[0], "dft_length");
        }
        boolean complex = x.dim(r - 1) == 2;
        Term re = n.apply(new Gather(r - 1), x, NodeContext.scalar(DType.I64, 0));
        Term im = complex ? n.apply(new Gather(r - 1), x, NodeContext.scalar(DType.I64, 1)) : null;
        // Move the transformed axis last, where the IR's FFT works.
        int lr = r - 1;
        List<Integer> perm = new ArrayList<>();
        for (int a = 0; a < lr; a++) {
            if (a != axis) {
                perm.add(a);
            }
        }
        perm.add(axis);
        boolean moved = axis != lr - 1;
        if (moved) {
            re = n.apply(new Transpose(perm), re);
            im = im == null ? null : n.apply(new Transpose(perm), im);
        }
        Parts out;
        if (inverse) {
            Term negIm = im == null ? null : n.apply(new Unary(UnaryFn.NEG), im);
            Parts f = full(n, re, negIm, length);
            Term scale = NodeContext.scalar(DType.F32, length);
            out = new Parts(n.apply(new Binary(BinaryFn.DIV), f.re(), scale),
                    n.apply(new Binary(BinaryFn.DIV), n.apply(new Unary(UnaryFn.NEG), f.im()), scale));
        } else if (onesided && !complex) {
            Term spectrum = n.apply(new Rfft(List.of(length), FftNorm.BACKWARD), re);
            out = parts(n, spectrum);
        } else {
            out = full(n, re, im, length);
            if (onesided) {
                Slice half = new Slice(List.of(0), List.of(length / 2 + 1), List.of(lr - 1), List.of(1));
                out = new Parts(n.apply(half, out.re()), n.apply(half, out.im()));
            }
        }
        Unsqueeze last = new Unsqueeze(List.of(lr));
        Term joined = n.apply(new Concat(lr), n.apply(last, out.re()), n.apply(last, out.im()));
        if (!moved) {
            return List.of(joined);
        }
        List<Integer> back = new ArrayList<>();
        for (int a = 0; a <= lr; a++) {
            back.add(0);
        }
        for (int i = 0; i < lr; i++) {
            back.set(perm.get(i), i);
        }
        back.set(lr, lr);
        return List.of(n.apply(new Transpose(back), joined));
    }

    /** The full DFT along the last axis of {@code re + i·im} ({@code im} null for a real signal). */
    private static Parts full(NodeContext n, Term re, Term im, int length) {
        Parts a = parts(n, fullSpectrum(n, re, length));
        if (im == null) {
            return a;
        }
        Parts b = parts(n, fullSpectrum(n, im, length));
        return new Parts(n.apply(new Binary(BinaryFn.SUB), a.re(), b.im()),
                n.apply(new Binary(BinaryFn.ADD), a.im(), b.re()));
    }

    /** All n bins of the DFT of a real signal: the rfft, then the conjugated mirror of its inner bins. */
    private static Term fullSpectrum(NodeContext n, Term signal, int length) {
        Term half = n.apply(new Rfft(List.of(length), FftNorm.BACKWARD), signal);
        int mirrored = (length + 1) / 2 - 1;
        if (mirrored == 0) {
            return half;
        }
        int last = half.rank() - 1;
        Term tail = n.apply(new Slice(List.of(mirrored), List.of(0), List.of(last), List.of(-1)), half);
        return n.apply(new Concat(last), half, n.apply(new Unary(UnaryFn.CONJ), tail));
    }

    private static Parts parts(NodeContext n, Term c) {
        return new Parts(n.apply(new ComplexPart(false), c), n.apply(new ComplexPart(true), c));
    }
}
