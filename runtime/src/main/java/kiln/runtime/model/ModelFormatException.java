package kiln.runtime.model;

import java.io.IOException;

/** A model jar (or its metadata) that is not what this runtime reads: damaged, or from another Kiln version. */
public final class ModelFormatException extends IOException {
    public ModelFormatException(String message) {
        super(message);
    }
}
