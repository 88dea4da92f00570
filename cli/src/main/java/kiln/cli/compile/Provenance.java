package kiln.cli.compile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import kiln.runtime.model.ModelManifest;

/**
 * Where a compiled model came from, for its metadata: the compiler's version, the model file's name (never
 * its folder: a jar must not depend on where it was built) and SHA-256, and the weights' origin — a weights
 * file (name and SHA-256), the model's own initializers, or the default initialisation.
 */
public record Provenance(String compiler, String sourceFile, String sourceSha256, String weightsOrigin,
        String weightsFile, String weightsFileSha256) {

    /** The provenance of {@code model} compiled with {@code weights} (null: none given) by {@code compiler}. */
    public static Provenance of(String compiler, Path model, Path weights, boolean defaultWeights) throws IOException {
        String origin = weights != null ? ModelManifest.Weights.FILE
                : defaultWeights ? ModelManifest.Weights.DEFAULT : ModelManifest.Weights.MODEL;
        return new Provenance(compiler, model.getFileName().toString(), sha256(model), origin,
                weights == null ? null : weights.getFileName().toString(), weights == null ? null : sha256(weights));
    }

    /** The SHA-256 of a file's bytes, in hex, read as a stream (weights files can be large). */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
