package dev.nl2sql.engine.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * A precision change that autograd follows. DJL's {@code toType} hands PyTorch's result back detached from the graph,
 * so a mixed-precision model (fp16 base, fp32 adapters) trained through it would get no gradients. A cumulative
 * product over a new axis of length one, computed in the asked-for type, is the array itself in that type, and
 * PyTorch differentiates it. Only training models use it; answering keeps the plain conversion.
 */
final class DifferentiableCast {

    private DifferentiableCast() {
    }

    static NDArray to(NDArray x, DataType type) {
        if (x.getDataType() == type) {
            return x;
        }
        return x.expandDims(-1).cumProd(-1, type).squeeze(-1);
    }
}
