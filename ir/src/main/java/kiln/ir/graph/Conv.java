package kiln.ir.graph;

import java.util.Collections;
import java.util.List;

/**
 * N-d convolution (cross-correlation, as in PyTorch and ONNX): inputs {@code x[N, C, spatial...]},
 * {@code w[O, C/groups, kernel...]} and an optional {@code bias[O]}; output {@code [N, O, out...]} with
 * {@code out = floor((in + padBegin + padEnd - dilation*(k-1) - 1) / stride) + 1}. Depthwise and long 1-D
 * convolutions are cases of it. The spatial rank is the length of the attribute lists.
 */
public record Conv(List<Integer> strides, List<Integer> padsBegin, List<Integer> padsEnd, List<Integer> dilations,
        int groups) implements Op {
    public Conv {
        strides = List.copyOf(strides);
        padsBegin = List.copyOf(padsBegin);
        padsEnd = List.copyOf(padsEnd);
        dilations = List.copyOf(dilations);
        int s = strides.size();
        Infer.length("conv", "pads_begin", padsBegin, s);
        Infer.length("conv", "pads_end", padsEnd, s);
        Infer.length("conv", "dilations", dilations, s);
        Infer.positive("conv", "strides", strides);
        Infer.positive("conv", "dilations", dilations);
        Infer.nonNegative("conv", "pads", padsBegin);
        Infer.nonNegative("conv", "pads", padsEnd);
        if (groups < 1) {
            throw new IrException("conv: groups must be positive, got " + groups);
        }
    }

    /** Stride 1, no padding, no dilation, one group. */
    public static Conv plain(int spatialRank) {
        List<Integer> ones = Collections.nCopies(spatialRank, 1);
        List<Integer> zeros = Collections.nCopies(spatialRank, 0);
        return new Conv(ones, zeros, zeros, ones, 1);
    }

    public int spatialRank() {
        return strides.size();
    }

    @Override
    public String name() {
        return "conv";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 2, 3);
        TensorType x = inputs.get(0);
        TensorType w = inputs.get(1);
        int s = spatialRank();
        Infer.requireFloat(op, x);
        Infer.sameDtype(op, x, w);
        if (x.rank() != s + 2 || w.rank() != s + 2) {
            throw new IrException(op + ": a " + s + "-d convolution needs input and weight of rank " + (s + 2)
                    + ", got " + x + " and " + w);
        }
        int channels = x.dim(1);
        int out = w.dim(0);
        if (channels == Shape.BATCH || (long) w.dim(1) * groups != channels) {
            throw new IrException(op + ": input has " + channels + " channels but weight " + w + " with groups="
                    + groups + " expects " + ((long) w.dim(1) * groups));
        }
        if (out % groups != 0) {
            throw new IrException(op + ": " + out + " output channels are not divisible by groups=" + groups);
        }
        if (inputs.size() == 3) {
            Infer.sameDtype(op, x, inputs.get(2));
            Infer.channelVector(op, "bias", inputs.get(2), out);
        }
        for (int i = 0; i < s; i++) {
            if (w.dim(i + 2) < 1) {
                throw new IrException(op + ": kernel " + w + " has an empty spatial axis");
            }
        }
        int[] dims = new int[s + 2];
        dims[0] = x.dim(0);
        dims[1] = out;
        for (int i = 0; i < s; i++) {
            dims[i + 2] = Infer.windowOutput(op, x.dim(i + 2), w.dim(i + 2), strides.get(i), padsBegin.get(i),
                    padsEnd.get(i), dilations.get(i), false);
        }
        return Infer.one(new TensorType(x.dtype(), Shape.of(dims)));
    }
}
